"""Comparison arithmetic across organisations: pure functions, no storage.

Values are exact decimals keyed by 団体コード; ``None`` (or no entry) means the
organisation did not report. yes/no answers are 1 and 0, so their mean over those
that reported is the 実施率.

Quartiles use linear interpolation between closest ranks on the sorted values (the
"inclusive" method: Excel QUARTILE.INC, R type 7, NumPy's default): the p-quantile of
x₀ ≤ … ≤ xₙ₋₁ is x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋₊₁ − x_⌊h⌋) with h = (n − 1)p.

Rankings are competition rankings (1, 2, 2, 4): organisations with equal values share
the best rank, and the next rank skips as many places as were shared; the best value
(highest, or lowest when lower is better) ranks first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter

from shinchoku.compare.indicators import Computation
from shinchoku.model.plan import Direction

Values = Mapping[str, Decimal | None]


@dataclass(frozen=True, slots=True)
class Distribution:
    """The figures of a population of organisations for one indicator and year."""

    population: int  # organisations expected to report
    reported: int
    missing: tuple[str, ...]  # 団体コード of those that did not report, sorted
    minimum: Decimal | None = None
    q1: Decimal | None = None
    median: Decimal | None = None
    q3: Decimal | None = None
    maximum: Decimal | None = None
    mean: Decimal | None = None
    yes: int | None = None  # yes/no indicators: how many answered yes
    rate: Decimal | None = None  # yes/no: 実施率 (0–1); ratio: Σ numerator / Σ denominator

    @property
    def response_rate(self) -> Decimal | None:
        return None if self.population == 0 else Decimal(self.reported) / self.population


def quantile(ordered: Sequence[Decimal], p: Decimal) -> Decimal:
    """The p-quantile of sorted values by linear interpolation (see the module's note)."""
    if not ordered:
        raise ValueError("no values")
    h = (len(ordered) - 1) * p
    lo = int(h)  # h ≥ 0, so int() is floor
    frac = h - lo
    if lo + 1 >= len(ordered) or frac == 0:
        return ordered[lo]
    return ordered[lo] + frac * (ordered[lo + 1] - ordered[lo])


def reported(values: Values, population: Iterable[str]) -> dict[str, Decimal]:
    """The values of ``population`` that were reported."""
    return {c: v for c in population if (v := values.get(c)) is not None}


def distribution(
    values: Values, population: Iterable[str], computation: Computation = Computation.NUMBER
) -> Distribution:
    """Min, quartiles, median, mean and max (and 実施率 for yes/no) over ``population``."""
    codes = sorted(set(population))
    got = reported(values, codes)
    missing = tuple(c for c in codes if c not in got)
    if not got:
        return Distribution(len(codes), 0, missing)
    ordered = sorted(got.values())
    mean = sum(ordered, Decimal(0)) / len(ordered)
    yes = rate = None
    if computation is Computation.YES_NO:
        yes = sum(1 for v in ordered if v == 1)
        rate = Decimal(yes) / len(ordered)
    return Distribution(
        population=len(codes),
        reported=len(got),
        missing=missing,
        minimum=ordered[0],
        q1=quantile(ordered, Decimal("0.25")),
        median=quantile(ordered, Decimal("0.5")),
        q3=quantile(ordered, Decimal("0.75")),
        maximum=ordered[-1],
        mean=mean,
        yes=yes,
        rate=rate,
    )


def ratio_values(numerator: Values, denominator: Values, scale: int = 1) -> dict[str, Decimal]:
    """Per organisation numerator / denominator × scale, where both exist and den ≠ 0."""
    out: dict[str, Decimal] = {}
    for code, num in numerator.items():
        den = denominator.get(code)
        if num is not None and den is not None and den != 0:
            out[code] = num / den * scale
    return out


def pooled_ratio(
    numerator: Values, denominator: Values, population: Iterable[str], scale: int = 1
) -> Decimal | None:
    """Σ numerator / Σ denominator × scale over the organisations that reported both."""
    num = den = Decimal(0)
    for code in population:
        n, d = numerator.get(code), denominator.get(code)
        if n is not None and d is not None:
            num += n
            den += d
    return None if den == 0 else num / den * scale


def ranking(values: Values, direction: Direction = Direction.HIGHER) -> dict[str, int]:
    """Competition rank of every organisation that reported (1 = best), in rank order
    (equal ranks by code)."""
    got = [(c, v) for c, v in values.items() if v is not None]
    # by code, then (a stable sort, reversed or not) by value: equal values stay in
    # code order, whichever way is best
    got.sort(key=itemgetter(0))
    got.sort(key=itemgetter(1), reverse=direction is Direction.HIGHER)
    ranks: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (code, value) in enumerate(got, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[code] = rank
    return ranks


@dataclass(frozen=True, slots=True)
class Standing:
    """One organisation within a group: its value, its rank among those that reported."""

    group: str
    value: Decimal | None
    rank: int | None
    of: int  # how many in the group reported
    distribution: Distribution


def standing(
    code: str,
    values: Values,
    group: str,
    members: Iterable[str],
    direction: Direction = Direction.HIGHER,
    computation: Computation = Computation.NUMBER,
) -> Standing:
    """Where ``code`` stands in a group (it is counted in the group whether or not listed)."""
    population = set(members) | {code}
    dist = distribution(values, population, computation)
    ranks = ranking(reported(values, population), direction)
    return Standing(group, values.get(code), ranks.get(code), dist.reported, dist)


def side_by_side(
    codes: Sequence[str], values: Values, direction: Direction = Direction.HIGHER
) -> list[tuple[str, Decimal | None, int | None]]:
    """Several organisations with their values and their rank among all that reported."""
    ranks = ranking(values, direction)
    return [(c, values.get(c), ranks.get(c)) for c in codes]


def trend(series: Mapping[int, Values], code: str) -> list[tuple[int, Decimal | None]]:
    """An organisation's value per year, in year order (``None`` where not reported)."""
    return [(y, series[y].get(code)) for y in sorted(series)]


def aggregate(
    values: Values,
    members: Iterable[str],
    computation: Computation,
    denominator: Values | None = None,
    numerator: Values | None = None,
    scale: int = 1,
) -> Decimal | None:
    """One figure for a group of organisations (a prefecture's municipalities).

    yes/no: the 実施率; ratio: Σ numerator / Σ denominator × scale; number: the median.
    """
    population = list(members)
    if computation is Computation.RATIO:
        if numerator is None or denominator is None:
            raise ValueError("a ratio aggregates its numerator and denominator")
        return pooled_ratio(numerator, denominator, population, scale)
    # what distribution() gives as its rate or median, without the rest of it (an import
    # computes 28,800 of these for a national survey)
    got = list(reported(values, set(population)).values())
    if not got:
        return None
    if computation is Computation.YES_NO:
        return Decimal(sum(1 for v in got if v == 1)) / len(got)
    return quantile(sorted(got), Decimal("0.5"))


def by_prefecture(
    values: Values,
    municipalities: Mapping[str, Sequence[str]],
    computation: Computation,
    numerator: Values | None = None,
    denominator: Values | None = None,
    scale: int = 1,
) -> dict[str, Decimal | None]:
    """Each prefecture's aggregate of its municipalities (see :func:`aggregate`)."""
    return {
        pref: aggregate(values, members, computation, denominator, numerator, scale)
        for pref, members in sorted(municipalities.items())
    }


def group_figures(
    values: Values,
    groups: Mapping[str, Sequence[str]],
    computation: Computation,
    numerator: Values | None = None,
    denominator: Values | None = None,
    scale: int = 1,
) -> dict[str, tuple[int, Decimal | None]]:
    """Per group: how many of its members reported, and their :func:`aggregate`.

    A comparison's trend (its population, year by year) and the prefectures' aggregates
    are these figures; a ratio's ``values`` are its per-organisation ratios.
    """
    return {
        key: (
            sum(1 for c in members if values.get(c) is not None),
            aggregate(values, members, computation, denominator, numerator, scale),
        )
        for key, members in sorted(groups.items())
    }

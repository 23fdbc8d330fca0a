"""One comparison of an indicator and year, read from the store: the service every
surface (CLI, API, web page, open data) renders.

The population is the 1,741 市区町村 nationally, or one prefecture's municipalities.
Nationally, each of the 47 prefectures also gets its municipalities' aggregate
(:func:`~shinchoku.compare.arithmetic.aggregate`), ranked. Organisations asked about
(``focus``) get their standing in each of their peer groups and their trend.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, func, select

from shinchoku.compare import store
from shinchoku.compare.arithmetic import (
    Distribution,
    Standing,
    Values,
    aggregate,
    by_prefecture,
    distribution,
    ranking,
    ratio_values,
    standing,
    trend,
)
from shinchoku.compare.indicators import Computation, Indicator, IndicatorSet
from shinchoku.compare.peers import peer_groups
from shinchoku.compare.problems import COMPARE_NOT_FOUND
from shinchoku.orgs import Organisation, Registry
from shinchoku.problems import Place, ShinchokuError

PLACES = Decimal("0.0001")
T = TypeVar("T")


def number(value: Decimal | None) -> float | None:
    """A figure for JSON: four decimal places (half-even), as a number."""
    return None if value is None else float(value.quantize(PLACES, rounding=ROUND_HALF_EVEN))


@dataclass(frozen=True, slots=True)
class Focus:
    org: Organisation
    value: Decimal | None
    rank: int | None
    standings: tuple[Standing, ...]
    trend: tuple[tuple[int, Decimal | None], ...]


@dataclass(frozen=True)
class Comparison:
    iset: IndicatorSet
    indicator: Indicator
    year: int
    years: tuple[int, ...]
    prefecture: Organisation | None
    distribution: Distribution
    rows: tuple[tuple[Organisation, Decimal | None, int | None], ...]  # by rank, then code
    prefectures: tuple[tuple[Organisation, Decimal | None, int | None], ...] = ()
    focus: tuple[Focus, ...] = field(default_factory=tuple)
    # per year: (year, how many of the population reported, their aggregate: 実施率,
    # pooled ratio or median)
    trend: tuple[tuple[int, int, Decimal | None], ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        d = self.distribution
        i = self.indicator
        return {
            "indicator_set": {
                "id": self.iset.id,
                "name": self.iset.name,
                "source": self.iset.source,
            },
            "indicator": {
                "id": i.id,
                "name": i.name,
                "unit": i.unit,
                "direction": i.direction.value,
                "computation": i.computation.value,
                "definition": i.definition,
            },
            "year": self.year,
            "years": list(self.years),
            "scope": None if self.prefecture is None else self.prefecture.code,
            "distribution": {
                "population": d.population,
                "reported": d.reported,
                "minimum": number(d.minimum),
                "q1": number(d.q1),
                "median": number(d.median),
                "q3": number(d.q3),
                "maximum": number(d.maximum),
                "mean": number(d.mean),
                "yes": d.yes,
                "rate": number(d.rate),
                "quartile_method": "linear interpolation (R type 7)",
            },
            "missing": list(d.missing),
            "trend": [{"year": y, "reported": n, "value": number(v)} for y, n, v in self.trend],
            "organisations": [_row(o, v, r) for o, v, r in self.rows],
            "prefectures": [_row(o, v, r) for o, v, r in self.prefectures],
            "focus": [
                {
                    **_row(f.org, f.value, f.rank),
                    "groups": [
                        {
                            "id": s.group,
                            "rank": s.rank,
                            "of": s.of,
                            "median": number(s.distribution.median),
                            "mean": number(s.distribution.mean),
                            "rate": number(s.distribution.rate),
                        }
                        for s in f.standings
                    ],
                    "trend": [{"year": y, "value": number(v)} for y, v in f.trend],
                }
                for f in self.focus
            ],
        }


def _row(o: Organisation, value: Decimal | None, rank: int | None) -> dict[str, Any]:
    return {
        "code": o.code,
        "name": o.name,
        "kind": o.kind.value,
        "prefecture": o.prefecture,
        "value": number(value),
        "rank": rank,
    }


def _not_found(what: str, text: str) -> ShinchokuError:
    return ShinchokuError(COMPARE_NOT_FOUND(Place(), f"no {what} {text!r}", found=text))


FiguresOf = Callable[[str, int | None], Mapping[int, Values]]


class ComparisonCache:
    """Comparisons and figure series kept in memory while the figures stay the same.

    Figures change only by an import, which records a row in ``survey_imports`` whether
    it changes anything or not, and an indicator set only by a new definition (its
    content hash): the *revision* is the last import's id and the sets' hashes, read by
    one small query per request. Everything kept is keyed by the revision, so a new
    import makes it unreachable (and, least recently used first, dropped). Peer groups
    are read on every request, never kept. Safe to share between threads.
    """

    def __init__(self, comparisons: int = 256, series: int = 16, pages: int = 256) -> None:
        self._lock = threading.Lock()
        self._limits = {"comparison": comparisons, "series": series, "years": 64, "page": pages}
        self._kept: dict[str, OrderedDict[tuple[object, ...], Any]] = {
            kind: OrderedDict() for kind in self._limits
        }

    def revision(self, conn: Connection) -> tuple[object, ...]:
        last = conn.execute(select(func.max(store.IMPORTS.c.id))).scalar()
        sets = conn.execute(select(store.SETS.c.id, store.SETS.c.content_hash).order_by("id"))
        return (last, *(tuple(r) for r in sets))

    def get(self, kind: str, key: tuple[object, ...]) -> Any:
        """What is kept under ``key`` (``None`` when nothing is)."""
        kept = self._kept[kind]
        with self._lock:
            if key not in kept:
                return None
            kept.move_to_end(key)
            return kept[key]

    def put(self, kind: str, key: tuple[object, ...], value: object) -> None:
        kept = self._kept[kind]
        with self._lock:
            kept[key] = value
            kept.move_to_end(key)
            while len(kept) > self._limits[kind]:
                kept.popitem(last=False)

    def remember(self, kind: str, key: tuple[object, ...], make: Callable[[], T]) -> T:
        """The value kept under ``key``, or ``make()`` kept (two threads may both make it)."""
        value = self.get(kind, key)
        if value is None:
            value = make()
            self.put(kind, key, value)
        return cast(T, value)


def figures_of(
    conn: Connection, set_id: str, cache: ComparisonCache | None = None, revision: Any = None
) -> FiguresOf:
    """Read one indicator's figures (all years, or one): from the store, or kept by
    ``cache`` at ``revision`` (a series is read whole, once, and kept)."""

    def read(indicator_id: str, year: int | None = None) -> Mapping[int, Values]:
        if cache is None:
            return store.figures(conn, set_id, indicator_id, year)
        series = cache.remember(
            "series",
            (revision, set_id, indicator_id),
            lambda: store.figures(conn, set_id, indicator_id),
        )
        if year is None:
            return series
        return {year: series[year]} if year in series else {}

    return read


def indicator_values(
    conn: Connection, iset: IndicatorSet, indicator: Indicator, figures: FiguresOf | None = None
) -> Mapping[int, Values]:
    """Values by year and 団体コード; a ratio computed from its two indicators."""
    read = figures or figures_of(conn, iset.id)
    if indicator.computation is not Computation.RATIO:
        return read(indicator.id, None)
    assert indicator.numerator is not None and indicator.denominator is not None
    num = read(indicator.numerator, None)
    den = read(indicator.denominator, None)
    return {
        y: ratio_values(num.get(y, {}), den.get(y, {}), indicator.scale)
        for y in sorted(set(num) | set(den))
    }


def set_years(conn: Connection, set_id: str, cache: ComparisonCache | None = None) -> list[int]:
    """The fiscal years the set has figures for."""
    if cache is None:
        return store.years(conn, set_id)
    key = (cache.revision(conn), set_id)
    return cache.remember("years", key, lambda: store.years(conn, set_id))


def compare(
    conn: Connection,
    registry: Registry,
    set_id: str,
    indicator_id: str,
    year: int | None = None,
    prefecture: str | None = None,
    focus: Sequence[str] = (),
    cache: ComparisonCache | None = None,
) -> Comparison:
    """The comparison of one indicator in one year (default: the latest with figures).

    With a ``cache``, the comparison without ``focus`` and the figure series are kept
    while the figures stay the same; the focus (peer groups) is worked out every time.
    """
    revision = cache.revision(conn) if cache is not None else None
    figures = figures_of(conn, set_id, cache, revision)
    if cache is None:
        base = _compare(conn, registry, set_id, indicator_id, year, prefecture, figures)
    else:
        key = (revision, set_id, indicator_id, year, prefecture)
        base = cache.remember(
            "comparison",
            key,
            lambda: _compare(conn, registry, set_id, indicator_id, year, prefecture, figures),
        )
    if not focus:
        return base
    series = indicator_values(conn, base.iset, base.indicator, figures)
    values = series.get(base.year, {})
    ranks = {o.code: r for o, _, r in base.rows}
    indicator = base.indicator
    user_groups = store.user_peer_groups(conn)
    focused = []
    for text in focus:
        org = registry.find(text, Place(field="org"))
        standings = tuple(
            standing(org.code, values, g.id, g.members, indicator.direction, indicator.computation)
            for g in peer_groups(org, registry, user_groups)
        )
        focused.append(
            Focus(
                org,
                values.get(org.code),
                ranks.get(org.code),
                standings,
                tuple(trend(series, org.code)),
            )
        )
    return replace(base, focus=tuple(focused))


def _compare(
    conn: Connection,
    registry: Registry,
    set_id: str,
    indicator_id: str,
    year: int | None,
    prefecture: str | None,
    figures: FiguresOf,
) -> Comparison:
    iset = store.load_indicator_set(conn, set_id)
    indicator = iset.get(indicator_id)
    if indicator is None:
        raise _not_found(f"indicator in {set_id}", indicator_id)
    series = indicator_values(conn, iset, indicator, figures)
    years = tuple(sorted(series))
    if year is None:
        if not years:
            raise _not_found("figures for", f"{set_id}/{indicator_id}")
        year = years[-1]
    values = series.get(year, {})
    pref = None
    if prefecture is not None:
        pref = registry.find(prefecture, Place(field="prefecture"))
        if pref.kind.value != "prefecture":
            raise _not_found("prefecture", prefecture)
    population = registry.municipalities(None if pref is None else pref.code)
    codes = [o.code for o in population]
    pop_values = {c: values.get(c) for c in codes}
    dist = distribution(pop_values, codes, indicator.computation)
    ranks = ranking(pop_values, indicator.direction)
    rows = tuple(
        sorted(
            ((o, values.get(o.code), ranks.get(o.code)) for o in population),
            key=lambda t: (t[2] is None, t[2] or 0, t[0].code),
        )
    )
    prefs: tuple[tuple[Organisation, Decimal | None, int | None], ...] = ()
    if pref is None:
        prefs = _prefecture_rows(registry, indicator, values, year, figures)
    overall = _population_trend(indicator, series, codes, figures)
    return Comparison(iset, indicator, year, years, pref, dist, rows, prefs, (), overall)


def _population_trend(
    indicator: Indicator,
    series: Mapping[int, Values],
    codes: Sequence[str],
    figures: FiguresOf,
) -> tuple[tuple[int, int, Decimal | None], ...]:
    """Per year: how many of the population reported, and their aggregate."""
    num: Mapping[int, Values] = {}
    den: Mapping[int, Values] = {}
    if indicator.computation is Computation.RATIO:
        assert indicator.numerator is not None and indicator.denominator is not None
        num = figures(indicator.numerator, None)
        den = figures(indicator.denominator, None)
    out = []
    for y in sorted(series):
        values = series[y]
        reported = sum(1 for c in codes if values.get(c) is not None)
        central = aggregate(
            values, codes, indicator.computation, den.get(y, {}), num.get(y, {}), indicator.scale
        )
        out.append((y, reported, central))
    return tuple(out)


def _prefecture_rows(
    registry: Registry,
    indicator: Indicator,
    values: Values,
    year: int,
    figures: FiguresOf,
) -> tuple[tuple[Organisation, Decimal | None, int | None], ...]:
    members = {
        p.code: [m.code for m in registry.municipalities(p.code)] for p in registry.prefectures()
    }
    if indicator.computation is Computation.RATIO:
        assert indicator.numerator is not None and indicator.denominator is not None
        num = figures(indicator.numerator, year).get(year, {})
        den = figures(indicator.denominator, year).get(year, {})
        aggregates = by_prefecture({}, members, indicator.computation, num, den, indicator.scale)
    else:
        aggregates = by_prefecture(values, members, indicator.computation)
    ranks = ranking(aggregates, indicator.direction)
    out = []
    for p in registry.prefectures():
        out.append((p, aggregates.get(p.code), ranks.get(p.code)))
    return tuple(out)

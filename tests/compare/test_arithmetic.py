"""Comparison arithmetic against hand-computed examples."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shinchoku.compare.arithmetic import (
    aggregate,
    by_prefecture,
    distribution,
    group_figures,
    pooled_ratio,
    quantile,
    ranking,
    ratio_values,
    side_by_side,
    standing,
    trend,
)
from shinchoku.compare.indicators import Computation
from shinchoku.model.plan import Direction

# Five municipalities of 宮城県 and one that did not report.
SENDAI, ISHINOMAKI, SHIOGAMA, KESENNUMA, SHIROISHI, NATORI = (
    "041009",
    "042021",
    "042030",
    "042056",
    "042064",
    "042072",
)
VALUES = {SENDAI: D(40), ISHINOMAKI: D(10), SHIOGAMA: D(20), KESENNUMA: D(20), SHIROISHI: D(35)}
POPULATION = [*VALUES, NATORI]


def test_distribution_of_numbers() -> None:
    d = distribution(VALUES, POPULATION)
    # sorted 10, 20, 20, 35, 40 (n = 5)
    # q1: h = 4 × 0.25 = 1 → 20; median: h = 2 → 20; q3: h = 3 → 35
    assert (d.minimum, d.q1, d.median, d.q3, d.maximum) == (D(10), D(20), D(20), D(35), D(40))
    assert d.mean == D(25)  # 125 / 5
    assert (d.population, d.reported, d.missing) == (6, 5, (NATORI,))
    assert d.response_rate == D(5) / 6
    assert d.rate is None


def test_quartiles_interpolate() -> None:
    ordered = [D(1), D(2), D(4), D(8)]
    # h = 3 × 0.25 = 0.75 → 1 + 0.75 × (2 − 1) = 1.75
    assert quantile(ordered, D("0.25")) == D("1.75")
    # h = 1.5 → 2 + 0.5 × 2 = 3
    assert quantile(ordered, D("0.5")) == D(3)
    # h = 2.25 → 4 + 0.25 × 4 = 5
    assert quantile(ordered, D("0.75")) == D(5)
    assert quantile([D(7)], D("0.75")) == D(7)
    with pytest.raises(ValueError):
        quantile([], D("0.5"))


def test_yes_no_rate() -> None:
    answers = {SENDAI: D(1), ISHINOMAKI: D(0), SHIOGAMA: D(1), KESENNUMA: D(1), SHIROISHI: None}
    d = distribution(answers, POPULATION, Computation.YES_NO)
    assert (d.yes, d.reported, d.rate) == (3, 4, D("0.75"))
    assert d.missing == (SHIROISHI, NATORI)


def test_nobody_reported() -> None:
    d = distribution({}, [SENDAI])
    assert (d.reported, d.median, d.missing) == (0, None, (SENDAI,))


def test_competition_ranking_both_directions() -> None:
    assert ranking(VALUES) == {SENDAI: 1, SHIROISHI: 2, SHIOGAMA: 3, KESENNUMA: 3, ISHINOMAKI: 5}
    assert ranking(VALUES, Direction.LOWER) == {
        ISHINOMAKI: 1,
        SHIOGAMA: 2,
        KESENNUMA: 2,
        SHIROISHI: 4,
        SENDAI: 5,
    }
    assert ranking({"a": D(1), "b": D(1), "c": D(1), "d": None}) == {"a": 1, "b": 1, "c": 1}
    # in rank order, equal ranks by code, whatever the order given (a comparison's rows)
    shuffled = {KESENNUMA: D(20), SENDAI: D(40), SHIOGAMA: D(20), ISHINOMAKI: D(10)}
    assert list(ranking(shuffled).items()) == [
        (SENDAI, 1),
        (SHIOGAMA, 2),  # 042030
        (KESENNUMA, 2),  # 042056
        (ISHINOMAKI, 4),
    ]
    assert list(ranking(shuffled, Direction.LOWER)) == [ISHINOMAKI, SHIOGAMA, KESENNUMA, SENDAI]


def test_ratio_per_organisation_and_pooled() -> None:
    online = {SENDAI: D(30), ISHINOMAKI: D(5), SHIOGAMA: D(0)}
    total = {SENDAI: D(40), ISHINOMAKI: D(20), SHIOGAMA: D(0), KESENNUMA: D(10)}
    assert ratio_values(online, total, 100) == {SENDAI: D(75), ISHINOMAKI: D(25)}
    # (30 + 5 + 0) / (40 + 20 + 0) × 100 = 58.33…; 気仙沼 gave no numerator
    pooled = pooled_ratio(online, total, POPULATION, 100)
    assert pooled is not None and pooled.quantize(D("0.01")) == D("58.33")
    assert pooled_ratio({}, {}, POPULATION) is None


def test_standing_in_a_peer_group() -> None:
    s = standing(SHIOGAMA, VALUES, "prefecture:040002", [SENDAI, KESENNUMA, SHIROISHI])
    # the group: 塩竈 20, 仙台 40, 気仙沼 20, 白石 35 → ranks 1 仙台, 2 白石, 3 塩竈/気仙沼
    assert (s.value, s.rank, s.of) == (D(20), 3, 4)
    assert s.distribution.median == D("27.5")  # (20 + 35) / 2
    missing = standing(NATORI, VALUES, "g", [SENDAI])
    assert (missing.value, missing.rank, missing.of) == (None, None, 1)
    assert missing.distribution.missing == (NATORI,)


def test_side_by_side_and_trend() -> None:
    assert side_by_side([SHIROISHI, NATORI], VALUES) == [
        (SHIROISHI, D(35), 2),
        (NATORI, None, None),
    ]
    series = {2024: {SENDAI: D(50)}, 2022: {SENDAI: D(30)}, 2023: {}}
    assert trend(series, SENDAI) == [(2022, D(30)), (2023, None), (2024, D(50))]


def test_group_figures() -> None:
    answers = {"a1": D(1), "a2": D(0), "b1": D(1), "b2": D(1), "b3": None}
    groups = {"B": ["b1", "b2", "b3", "b4"], "A": ["a1", "a2"], "C": ["c1"]}
    # how many reported (b3's none and b4's silence are not reports), and the 実施率
    assert group_figures(answers, groups, Computation.YES_NO) == {
        "A": (2, D("0.5")),
        "B": (2, D(1)),
        "C": (0, None),
    }
    # a ratio: its per-organisation ratios counted, its parts pooled (1 + 3) / (2 + 6)
    num, den = {"a1": D(1), "a2": D(3), "b1": D(5)}, {"a1": D(2), "a2": D(6), "b1": D(0)}
    ratios = ratio_values(num, den, 100)
    assert group_figures(ratios, groups, Computation.RATIO, num, den, 100) == {
        "A": (2, D(50)),
        "B": (0, None),  # b1's denominator is 0
        "C": (0, None),
    }


def test_prefecture_aggregates() -> None:
    answers = {"a1": D(1), "a2": D(0), "b1": D(1), "b2": D(1), "b3": None}
    members = {"B": ["b1", "b2", "b3"], "A": ["a1", "a2"]}
    assert by_prefecture(answers, members, Computation.YES_NO) == {"A": D("0.5"), "B": D(1)}
    numbers = {"a1": D(3), "a2": D(9), "b1": D(4)}
    assert by_prefecture(numbers, members, Computation.NUMBER) == {"A": D(6), "B": D(4)}
    num, den = {"a1": D(1), "a2": D(3)}, {"a1": D(2), "a2": D(6)}
    assert aggregate({}, ["a1", "a2"], Computation.RATIO, den, num, 100) == D(50)
    with pytest.raises(ValueError):
        aggregate({}, ["a1"], Computation.RATIO)


@given(
    st.dictionaries(
        st.sampled_from([f"{n:06d}" for n in range(12)]),
        st.one_of(st.none(), st.decimals(-1000, 1000, places=2), st.sampled_from([D(0), D(1)])),
    ),
    st.lists(st.sampled_from([f"{n:06d}" for n in range(14)]), max_size=16),
)
def test_aggregate_is_the_distributions_rate_or_median(
    values: dict[str, D | None], members: list[str]
) -> None:
    numbers = distribution(values, members, Computation.NUMBER)
    assert aggregate(values, members, Computation.NUMBER) == numbers.median
    answers = {c: None if v is None else D(int(v > 0)) for c, v in values.items()}
    yes_no = distribution(answers, members, Computation.YES_NO)
    assert aggregate(answers, members, Computation.YES_NO) == yes_no.rate

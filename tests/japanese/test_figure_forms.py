"""Figure forms of the corpus tables (issue 8 §1): each read as printed, or refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shinchoku.japanese import ParseError, format_fiscal_year, read_figure

D = Decimal
numbers = st.decimals(min_value=0, max_value=10**9, places=1, allow_nan=False)
units = st.sampled_from(["%", "件", "人", "団体等"])
spaces = st.sampled_from(["", " ", "　"])

# -- a bracketed period before the value --------------------------------------------------

# text → value, unit, as-of fiscal year
PERIOD_BEFORE = [
    ("(平成28年度) 20.7%", D("20.7"), "%", 2016),
    ("（令和元年度）70.0%", D("70.0"), "%", 2019),
    ("(H30) 1,234件", D(1234), "件", 2018),
    ("(2023年度)　5万人", D(50000), "人", 2023),
]


@pytest.mark.parametrize(("text", "value", "unit", "fy"), PERIOD_BEFORE)
def test_a_period_before_the_value(text: str, value: Decimal, unit: str, fy: int) -> None:
    r = read_figure(text)
    assert (r.value, r.unit) == (value, unit)
    assert r.as_of is not None and r.as_of.period.fiscal_year == fy


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("(H28) 5件(H29)", "two periods"),
        ("(男) 5%", "one labelled value"),
        ("(平成28年度)", "unexpected character"),
    ],
)
def test_a_period_before_the_value_refused(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        read_figure(text)
    assert reason in info.value.reason and info.value.text == text


@given(numbers, units, spaces, st.integers(min_value=2019, max_value=2117))
def test_period_before_reads_back(value: Decimal, unit: str, space: str, fy: int) -> None:
    r = read_figure(f"({format_fiscal_year(fy)}){space}{value:,f}{unit}", unit)
    assert r.value == value and r.unit == unit
    assert r.as_of is not None and r.as_of.period.fiscal_year == fy


# -- a value with its period on the next line; a year with the era left out ---------------

# text, the plan's short-year rule → value, as-of fiscal year
NEXT_LINE = [
    ("43.3%\n(H18年度)", None, D("43.3"), 2006),
    ("43.3%\n(18年度)", "平成", D("43.3"), 2006),
    ("5,004人\n（19年度）", "平成", D(5004), 2007),
    ("1,054,727人\n(13年度)", "20xx", D(1054727), 2013),
    ("(11年度) 120件", "20xx", D(120), 2011),
    ("88%(1年度)", "令和", D(88), 2019),
    ("30%(60年度)", "昭和", D(30), 1985),
    ("30%(85年度)", "19xx", D(30), 1985),
]


@pytest.mark.parametrize(("text", "rule", "value", "fy"), NEXT_LINE)
def test_period_on_the_next_line_and_short_years(
    text: str, rule: str | None, value: Decimal, fy: int
) -> None:
    r = read_figure(text, None, rule)
    assert r.value == value
    assert r.as_of is not None and r.as_of.period.fiscal_year == fy


@pytest.mark.parametrize(
    ("text", "rule", "reason"),
    [
        ("43.3%\n(18年度)", None, "set settings.era_of_short_years"),
        ("43.3%\n(45年度)", "平成", "平成 has no year 45"),
        ("43.3%\n(18年度)", "大正", "is not one of"),
        ("43.3%\n(180年度)", "平成", "not a fiscal year"),
    ],
)
def test_a_short_year_without_its_rule_is_refused(text: str, rule: str | None, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        read_figure(text, None, rule)
    assert reason in info.value.reason and info.value.text == text


@given(numbers, st.integers(min_value=1, max_value=30), st.sampled_from(["\n", " ", "\n　"]))
def test_short_years_read_by_the_rule(value: Decimal, n: int, gap: str) -> None:
    text = f"{value:f}%{gap}({n}年度)"
    assert read_figure(text, None, "平成").as_of.period.fiscal_year == 1988 + n  # type: ignore[union-attr]
    assert read_figure(text, None, "20xx").as_of.period.fiscal_year == 2000 + n  # type: ignore[union-attr]
    with pytest.raises(ParseError):
        read_figure(text)


# -- a bound after the value ---------------------------------------------------------------

# text → value, unit, bound
BOUNDS = [
    ("1.0%未満", D("1.0"), "%", "lt"),
    ("1.0%未満\n(H22年度)", D("1.0"), "%", "lt"),
    ("100件以上", D(100), "件", "ge"),
    ("5 人以下", D(5), "人", "le"),
    ("50万人超", D(500000), "人", "gt"),
]


@pytest.mark.parametrize(("text", "value", "unit", "bound"), BOUNDS)
def test_a_bound_after_the_value(text: str, value: Decimal, unit: str, bound: str) -> None:
    r = read_figure(text)
    assert (r.value, r.unit, r.bound) == (value, unit, bound)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("10%強", "not a bound the method can judge"),
        ("10%弱", "not a bound the method can judge"),
        ("男 5% 女 6%以上", "needs one value"),
        ("未満", "unexpected character"),
    ],
)
def test_vague_or_misplaced_bounds_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        read_figure(text)
    assert reason in info.value.reason and info.value.text == text


@given(numbers, units, spaces, st.sampled_from(["未満", "以下", "超", "以上"]))
def test_bounds_read_back(value: Decimal, unit: str, space: str, word: str) -> None:
    r = read_figure(f"{value:,f}{space}{unit}{word}", unit)
    assert r.value == value and r.unit == unit
    assert r.bound == {"未満": "lt", "以下": "le", "超": "gt", "以上": "ge"}[word]


# -- a none marker with its period or unit -------------------------------------------------

# text, declared unit → unit, as-of fiscal year (no value)
NONE_WITH = [
    ("-\n(H18年度)", None, None, 2006),
    ("ー (R3)", None, None, 2021),
    ("― 件/年", "件/年", "件/年", None),
    ("－ 件", None, "件", None),
]


@pytest.mark.parametrize(("text", "unit", "out_unit", "fy"), NONE_WITH)
def test_none_with_its_period_or_unit(
    text: str, unit: str | None, out_unit: str | None, fy: int | None
) -> None:
    r = read_figure(text, unit)
    assert r.value is None and r.parts == () and r.unit == out_unit
    assert (r.as_of.period.fiscal_year if r.as_of else None) == fy


@pytest.mark.parametrize(
    ("text", "reason"),
    [("- (男)", "not a fiscal year"), ("- foo", "not before a digit"), ("- (18年度)", "era")],
)
def test_none_with_something_else_is_refused(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        read_figure(text)
    assert reason in info.value.reason and info.value.text == text


@given(
    st.sampled_from(["-", "ー", "―", "－"]), st.sampled_from(["\n", " ", "　"]), st.integers(1, 30)
)
def test_none_with_a_short_year_keeps_the_period(marker: str, gap: str, n: int) -> None:
    r = read_figure(f"{marker}{gap}({n}年度)", None, "平成")
    assert r.value is None and r.as_of is not None and r.as_of.period.fiscal_year == 1988 + n


# -- a target with its year and a from→to pair ---------------------------------------------

NAME = "外国人宿泊者数"
# text → value, start, target fiscal year (this table's 14年度 is 2014)
TARGET_SENTENCES = [
    ("14年度までに外国人宿泊者100万人 (50万人→100万人)", D(1_000_000), D(500_000), 2014),
    ("(50万人→100万人)", D(1_000_000), D(500_000), None),
    ("14年度まで100万人", D(1_000_000), None, 2014),
    ("R6年度までに 外国人宿泊者 100万人", D(1_000_000), None, 2024),
]


@pytest.mark.parametrize(("text", "value", "start", "fy"), TARGET_SENTENCES)
def test_a_target_with_its_year_and_change(
    text: str, value: Decimal, start: Decimal | None, fy: int | None
) -> None:
    r = read_figure(text, "人", "20xx", NAME)
    assert (r.value, r.unit) == (value, "人")
    assert (r.start.value if r.start else None) == start
    assert (r.as_of.period.fiscal_year if r.as_of else None) == fy
    # Only まで(に) makes the year a deadline: 「(50万人→100万人)」 has none.
    assert r.deadline is (fy is not None)


def test_a_period_in_brackets_is_no_deadline() -> None:
    """「100万人(R6)」 is a value for R6, not a value to reach by R6."""
    r = read_figure("100万人(R6)", "人")
    assert r.as_of is not None and r.as_of.period.fiscal_year == 2024 and not r.deadline


@pytest.mark.parametrize(
    ("text", "name", "reason"),
    [
        ("14年度までに外国人宿泊者90万人 (50万人→100万人)", NAME, "disagree"),
        ("14年度までに観光客100万人", NAME, "not the KPI's name"),
        ("14年度までに外国人宿泊者100万人", None, "not the KPI's name"),
        ("14年度までに100万人(R6)", NAME, "one labelled value"),
    ],
)
def test_a_target_sentence_that_does_not_fit_is_refused(
    text: str, name: str | None, reason: str
) -> None:
    with pytest.raises(ParseError) as info:
        read_figure(text, "人", "20xx", name)
    assert reason in info.value.reason and info.value.text == text


@given(st.integers(1, 10**6), st.integers(1, 10**6), st.integers(2019, 2050))
def test_target_sentences_read_back(start: int, to: int, fy: int) -> None:
    text = f"{format_fiscal_year(fy)}までに外国人宿泊者{to:,}人 ({start:,}人→{to:,}人)"
    r = read_figure(text, "人", None, NAME)
    assert r.value == to and r.start is not None and r.start.value == start
    assert r.as_of is not None and r.as_of.period.fiscal_year == fy


# -- a cell that repeats its KPI's name before the figure (大崎町) ----------------------------


@pytest.mark.parametrize(
    ("text", "name", "value", "unit"),
    [
        ("新規農業生産法人数5件", "新規農業生産法人数", D(5), "件"),
        ("合同企業説明会参加者延べ人数 300 人", "合同企業説明会参加者延べ人数", D(300), "人"),
        ("地産地消の実践割合 75%以上", "地産地消の実践割合", D(75), "%"),
        ("UIJ ターン希望者相談者数 20 人", "UIJ ターン希望者相談者数", D(20), "人"),
    ],
)
def test_a_cell_with_its_kpis_name_first_reads_as_the_figure(
    text: str, name: str, value: Decimal, unit: str
) -> None:
    r = read_figure(text, unit, None, name)
    assert (r.text, r.value, r.unit) == (text, value, unit)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("新規農業生産法人数5件", None),  # no KPI name to match
        ("新規農業生産法人数5件", "新規認定農業者数"),  # another KPI's name
        ("新規農業生産法人数5件", "農業生産法人数"),  # only part of the words before it
        ("新規農業生産法人数", "新規農業生産法人数"),  # the name and no figure
    ],
)
def test_words_before_the_figure_that_are_not_the_whole_name_are_refused(
    text: str, name: str | None
) -> None:
    with pytest.raises(ParseError) as info:
        read_figure(text, "件", None, name)
    assert info.value.text == text

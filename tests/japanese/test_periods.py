"""parse_period, format_fiscal_year, format_period."""

from __future__ import annotations

import pytest

from shinchoku.japanese import (
    ParsedPeriod,
    ParseError,
    fiscal_year_of,
    format_fiscal_year,
    format_period,
    parse_period,
)

FISCAL_YEARS = [
    ("R5", 2023),
    ("R5年度", 2023),
    ("令和5年度", 2023),
    ("令和元年度", 2019),
    ("R元年度", 2019),
    ("R元", 2019),
    ("R1", 2019),
    ("H31", 2019),
    ("H31年度", 2019),
    ("平成31年度", 2019),
    ("平成元年度", 1989),
    ("H30年度", 2018),
    ("S63", 1988),
    ("昭和63年度", 1988),
    ("昭和元年度", 1926),
    ("2023年度", 2023),
    ("FY2023", 2023),
    ("FY 2023", 2023),
    ("fy2023", 2023),
    ("2023", 2023),
    ("Ｒ５年度", 2023),
    ("R３年度", 2021),
    ("Ｒ６年度末", 2024),
    ("令和五年度", 2023),
    ("令和十二年度", 2030),
    ("（R3年度）", 2021),
    ("(R元年度）", 2019),
    ("（R元年度）", 2019),
    ("(令和3年度）", 2021),
    ("【R5年度】", 2023),
    (" R 5 年度 ", 2023),
    ("㍻31年度", 2019),
    ("令和5年度（2023年度）", 2023),
]


@pytest.mark.parametrize(("text", "fy"), FISCAL_YEARS)
def test_fiscal_years(text: str, fy: int) -> None:
    assert parse_period(text) == ParsedPeriod(fiscal_year=fy, month=None, year=None, text=text)


MONTH_POINTS = [
    ("R2.12", 2020, 12, 2020, None),
    ("R3.3", 2020, 3, 2021, None),
    ("（R3.3）", 2020, 3, 2021, None),
    ("R2.１０", 2020, 10, 2020, None),
    ("(R2.１０)", 2020, 10, 2020, None),
    ("(R2.１２）", 2020, 12, 2020, None),
    ("（R２．４）", 2020, 4, 2020, None),
    ("R6.6.7", 2024, 6, 2024, 7),
    ("（R6.6.7時点）".replace("時点", ""), 2024, 6, 2024, 7),
    ("R5.9月", 2023, 9, 2023, None),
    ("R6.2月", 2023, 2, 2024, None),
    ("R6年５月", 2024, 5, 2024, None),
    ("令和6年5月", 2024, 5, 2024, None),
    ("令和6年5月31日", 2024, 5, 2024, 31),
    ("2024年3月", 2023, 3, 2024, None),
    ("2024年4月1日", 2024, 4, 2024, 1),
    ("2024/3", 2023, 3, 2024, None),
    ("2024-03-31", 2023, 3, 2024, 31),
    ("H31.4", 2019, 4, 2019, None),
    ("R2/12", 2020, 12, 2020, None),
]


@pytest.mark.parametrize(("text", "fy", "month", "year", "day"), MONTH_POINTS)
def test_month_points(text: str, fy: int, month: int, year: int, day: int | None) -> None:
    assert parse_period(text) == ParsedPeriod(fy, month, year, text, day)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("(R4年度数値)", "unexpected text '数値' after 'R4年度'"),
        ("R4目標", "unexpected text '目標' after 'R4'"),
        ("R6.3月～", "unexpected text '~' after 'R6.3月'"),
        ("R6.6.7時点", "unexpected text '時点' after 'R6.6.7'"),
        ("R5年", "年 without 度 is a calendar year; write 年度 or give a month"),
        ("R0", "令和 has no year 0"),
        ("R100年度", "令和 has no year 100"),
        ("H32", "平成 has no year 32"),
        ("S65年度", "昭和 has no year 65"),
        ("R2.13", "no month 13"),
        ("R2.0", "no month 0"),
        ("R6.2.30", "no day 30 in 2024-02"),
        ("1800年度", "year 1800 is out of range (1926–2117)"),
        ("S64", "no such date in 昭和, which ran from 1926-12-25 to 1989-01-07"),
        ("令和5年度（2024年度）", "the two years disagree (2023 and 2024)"),
        ("(R3", "not a fiscal year (R5年度, 2023年度, FY2023) or month (R2.12, 2024年3月)"),
        ("R3新規", "unexpected text '新規' after 'R3'"),
        ("", "no period"),
        ("（）", "no period"),
        ("R十十", "multipliers out of order"),
        ("R²", "unexpected character '²'"),
    ],
)
def test_parse_period_rejects(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_period(text)
    assert info.value.reason == reason
    assert info.value.problem.message == f"cannot read {text!r} as a period: {reason}"


@pytest.mark.parametrize(
    ("fy", "wareki", "both", "short", "western"),
    [
        (2023, "令和5年度", "令和5年度（2023年度）", "R5", "2023年度"),
        (2019, "令和元年度", "令和元年度（2019年度）", "R1", "2019年度"),
        (2018, "平成30年度", "平成30年度（2018年度）", "H30", "2018年度"),
        (1989, "平成元年度", "平成元年度（1989年度）", "H1", "1989年度"),
        (1988, "昭和63年度", "昭和63年度（1988年度）", "S63", "1988年度"),
        (1926, "昭和元年度", "昭和元年度（1926年度）", "S1", "1926年度"),
    ],
)
def test_format_fiscal_year(fy: int, wareki: str, both: str, short: str, western: str) -> None:
    assert format_fiscal_year(fy) == wareki
    for style, text in [("wareki", wareki), ("both", both), ("short", short), ("western", western)]:
        assert format_fiscal_year(fy, style) == text
        assert parse_period(text).fiscal_year == fy


def test_format_fiscal_year_errors() -> None:
    with pytest.raises(ValueError, match="style"):
        format_fiscal_year(2023, "kanji")
    with pytest.raises(ValueError, match="out of range"):
        format_fiscal_year(1925)


@pytest.mark.parametrize(
    ("text", "formatted"),
    [
        ("R5年度", "R5年度"),
        ("令和元年度", "R1年度"),
        ("2023", "R5年度"),
        ("R2.12", "R2.12"),
        ("（R２．４）", "R2.4"),
        ("R6.6.7", "R6.6.7"),
        ("2019年4月", "H31.4"),
        ("2019年5月", "R1.5"),
        ("1989年1月7日", "S64.1.7"),
        ("1989年1月8日", "H1.1.8"),
    ],
)
def test_format_period(text: str, formatted: str) -> None:
    p = parse_period(text)
    assert format_period(p) == formatted
    again = parse_period(formatted)
    assert (again.fiscal_year, again.month, again.year, again.day) == (
        p.fiscal_year,
        p.month,
        p.year,
        p.day,
    )


def test_fiscal_year_of() -> None:
    assert [fiscal_year_of(2021, m) for m in (1, 3, 4, 12)] == [2020, 2020, 2021, 2021]

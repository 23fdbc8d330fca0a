"""Hostile figure text: long cells, years no report can print, dates no era had, dashes
that are not minus signs, control characters. Each is refused with the text quoted."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shinchoku.inquiry.values import read_actual, read_point, read_remarks
from shinchoku.japanese import (
    MAX_FIGURE_TEXT,
    ParseError,
    Period,
    fiscal_year_of,
    format_fiscal_year,
    format_period,
    parse_money,
    parse_period,
    parse_quantity,
    read_figure,
    read_money,
)
from shinchoku.japanese.eras import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from shinchoku.japanese.text import _REFUSED_CATEGORIES
from shinchoku.store.edits import parse_as_of, parse_value

READERS: list[Callable[[str], object]] = [
    read_figure,
    parse_quantity,
    parse_money,
    read_money,
    parse_period,
    lambda t: read_actual(t, "件"),
    read_point,
]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("cell", ["1" * 300_000, "1" + " " * 299_998 + "件", "1(" * 150_000])
def test_a_cell_longer_than_the_limit_is_refused_before_it_is_read(
    reader: Callable[[str], object], cell: str
) -> None:
    with pytest.raises(ParseError) as info:
        reader(cell)
    assert f"longer than {MAX_FIGURE_TEXT} characters" in info.value.reason
    assert len(info.value.text) < 50  # the message quotes the start, not 300,000 characters


def test_the_limit_itself_is_read() -> None:
    text = "1" * 10 + " " * (MAX_FIGURE_TEXT - 11) + "件"
    assert read_figure(text).value == Decimal("1" * 10)


def test_remarks_with_long_runs_are_read() -> None:
    # 「\s*」 over a run of spaces made this quadratic (14 s for 32,767 characters).
    assert read_remarks("1" + " " * 50_000 + "速報値").provisional
    assert read_remarks("R" + "1" * 50_000).data_year is None


# -- years and eras -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["1920年度", "FY1900", "1925年度", "2118年度", "2199年度", "1926年11月", "R100年度"]
)
def test_a_year_no_report_can_print_is_refused(text: str) -> None:
    with pytest.raises(ParseError):
        parse_period(text)


@pytest.mark.parametrize("fy", [1920, 1925, 2118, 2199])
def test_format_refuses_what_parse_refuses(fy: int) -> None:
    with pytest.raises(ValueError, match="out of range"):
        format_fiscal_year(fy)


@given(st.integers(min_value=1800, max_value=2300), st.sampled_from(["wareki", "short", "both"]))
def test_parse_and_format_accept_the_same_years(fy: int, style: str) -> None:
    in_range = MIN_FISCAL_YEAR <= fy <= MAX_FISCAL_YEAR
    try:
        parsed = parse_period(f"{fy}年度").fiscal_year
    except ParseError:
        parsed = None
    assert (parsed == fy) is in_range
    if in_range:
        assert parse_period(format_fiscal_year(fy, style)).fiscal_year == fy
    else:
        with pytest.raises(ValueError):
            format_fiscal_year(fy, style)


@pytest.mark.parametrize(
    "text",
    [
        "H31.12",  # 平成 ended 2019-04-30
        "H31.5",
        "S64.6",  # 昭和 ended 1989-01-07
        "S64.1.8",
        "S64年度",  # FY1989 began in 平成
        "R1.4",  # 令和 began 2019-05-01
        "R1.4.30",
        "令和元年4月",
        "H1.1.7",
        "平成元年1月7日",
        "H32年度",
    ],
)
def test_era_dates_that_never_existed_are_refused(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_period(text)
    assert info.value.text == text


@pytest.mark.parametrize(
    ("text", "fy", "month"),
    [
        ("H31.4", 2019, 4),
        ("R1.5", 2019, 5),
        ("R元.5", 2019, 5),
        ("S64.1", 1988, 1),
        ("S64.1.7", 1988, 1),
        ("H1.1", 1988, 1),
        ("H1.1.8", 1988, 1),
        ("H31年度", 2019, None),  # April 2019 was 平成
        ("R元年度", 2019, None),
        ("S63年度", 1988, None),
        ("H元年度", 1989, None),
        ("S元年度", 1926, None),
        ("S1.12", 1926, 12),
    ],
)
def test_era_dates_at_the_edges_are_read(text: str, fy: int, month: int | None) -> None:
    p = parse_period(text)
    assert (p.fiscal_year, p.month) == (fy, month)
    again = parse_period(format_period(p))  # and written so that they read back
    assert (again.fiscal_year, again.month) == (fy, month)


# -- signs and characters -------------------------------------------------------------------


@pytest.mark.parametrize("dash", ["—", "–", "‐", "‑", "‒", "―", "⁃"])
def test_a_dash_is_not_a_minus_sign(dash: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_quantity(f"{dash}5")
    assert "not a minus sign" in info.value.reason
    for text in (f"{dash}5件", f"-5→{dash}3", f"小 {dash}5 中 6", f"決算額：{dash}5千円"):
        reader = read_money if text.startswith("決算額") else read_figure
        with pytest.raises(ParseError) as info:
            reader(text)
        assert "not a minus sign" in info.value.reason


@pytest.mark.parametrize("sign", ["-", "−", "－", "﹣", "△", "▲"])
def test_minus_signs_stay_negative(sign: str) -> None:
    assert parse_quantity(f"{sign}5").value == -5
    assert read_figure(f"{sign}1,234件").value == -1234


@pytest.mark.parametrize("text", ["-0", "△0", "−0.0", "▲0件"])
def test_minus_zero_is_zero(text: str) -> None:
    value = parse_quantity(text).value
    assert value == 0 and not value.is_signed()


@pytest.mark.parametrize(
    "text",
    [
        "5\x00件",
        "5\u200b件",
        "\x1f5",
        "5\u202e件",
        "5件\ufeff",
        "5\x7f",
        "5\u2028件",
        "88%(R\x1e3)",
    ],
)
def test_control_characters_are_refused_not_dropped(text: str) -> None:
    for reader in (read_figure, parse_quantity):
        with pytest.raises(ParseError) as info:
            reader(text)
        assert "control character" in info.value.reason


@pytest.mark.parametrize("text", ["R5\x00年度", "\x1fR5年度", "R6.3\u200b", "2,000千円\x1e"])
def test_control_characters_in_periods_and_money_are_refused(text: str) -> None:
    reader = parse_money if text.endswith("\x1e") else parse_period
    with pytest.raises(ParseError) as info:
        reader(text)
    assert "control character" in info.value.reason


def test_tabs_and_line_breaks_still_separate_parts() -> None:
    r = read_figure("62.3%(男)\n70.1%(女)\t(R2)")
    assert [p.label for p in r.parts] == ["男", "女"]


@given(st.dates(min_value=date(1926, 12, 25), max_value=date(2117, 12, 31)), st.booleans())
def test_every_month_point_written_reads_back(day: date, with_day: bool) -> None:
    p = Period(
        fiscal_year_of(day.year, day.month),
        day.month,
        day.year,
        "",
        day.day if with_day else None,
    )
    text = format_period(p)
    again = parse_period(text)
    assert (again.fiscal_year, again.month, again.year, again.day) == (
        p.fiscal_year,
        p.month,
        p.year,
        p.day,
    )


@pytest.mark.parametrize("cell", ["\x1f345", "345\x1c", "\x1eR6.3"])
def test_a_control_character_at_either_end_of_a_cell_is_not_stripped_away(cell: str) -> None:
    readers: list[Callable[[str], object]] = (
        [read_point, parse_as_of] if "R" in cell else [lambda t: read_actual(t, "件"), parse_value]
    )
    for reader in readers:
        with pytest.raises(ParseError) as info:
            reader(cell)
        assert "control character" in info.value.reason


def test_every_refused_character_is_unprintable() -> None:
    """check_text skips its per-character scan for printable text: sound only while no
    character of a refused category counts as printable (checked on every code point)."""

    printable_refused = [
        hex(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in _REFUSED_CATEGORIES and chr(c).isprintable()
    ]
    assert printable_refused == []

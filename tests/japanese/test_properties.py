"""Property tests: the parsers either return or raise ParseError, and round-trip."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from shinchoku.japanese import (
    MAX_FIGURE_TEXT,
    ParseError,
    format_fiscal_year,
    format_period,
    parse_money,
    parse_period,
    parse_quantity,
    split_numbered,
)

# Characters the parsers give meaning to, so generated text reaches deep paths.
ALPHABET = (
    "0123456789０１２３４５６７８９"
    "〇零一二三四五六七八九十百千万億兆"
    ",.、，．%％/／-−－△▲ー—~～()（）【】 \n"
    "件人回年度月日時間箇所者円hHRSＲ令和平成昭元FY約延べおよそ概ね程度強弱"
    "①②③⑳²"
)
PARSERS: list[Callable[[str], Any]] = [parse_quantity, parse_period, parse_money, split_numbered]


def _returns_or_parse_error(text: str) -> None:
    for parse in PARSERS:
        try:
            parse(text)
        except ParseError as exc:
            # A text over the limit is quoted by its start only.
            quoted = text if len(text) <= MAX_FIGURE_TEXT else text[:40] + "…"
            assert exc.text == quoted
            assert exc.problem.found == quoted


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    _returns_or_parse_error(text)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=14))
def test_japanese_like_text_never_crashes(text: str) -> None:
    _returns_or_parse_error(text)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "約", "延べ", "①", "△"]),
    st.integers(min_value=0, max_value=10**15),
    st.sampled_from(["", "千", "万", "億"]),
    st.sampled_from(["", "件", "%", "人/年", "千円", "億円", "円"]),
)
def test_assembled_quantities_never_crash(prefix: str, n: int, scale: str, unit: str) -> None:
    _returns_or_parse_error(f"{prefix}{n:,}{scale}{unit}")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_integers_round_trip(n: int) -> None:
    assert parse_quantity(str(n)).value == n
    assert parse_quantity(f"{n:,}").value == n


@settings(max_examples=200, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, max_value=10**12))
def test_decimals_round_trip(d: Decimal) -> None:
    text = format(d, "f")
    q = parse_quantity(text)
    assert q.value == d
    assert str(q.value) == text  # precision (trailing zeros) is kept


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["千円", "万円", "億円"]))
def test_money_scales_exactly(n: int, unit: str) -> None:
    factor = {"千円": 1_000, "万円": 10_000, "億円": 100_000_000}[unit]
    assert parse_money(f"{n:,}{unit}") == n * factor


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1926, max_value=2100),
    st.sampled_from(["wareki", "both", "short", "western"]),
)
def test_fiscal_year_round_trip(fy: int, style: str) -> None:
    text = format_fiscal_year(fy, style)
    p = parse_period(text)
    assert (p.fiscal_year, p.month, p.text) == (fy, None, text)
    assert parse_period(format_period(p)).fiscal_year == fy


def test_every_fiscal_year_round_trips() -> None:
    # The whole range is small enough to check exhaustively as well.
    for fy in range(1926, 2101):
        for style in ("wareki", "both", "short", "western"):
            assert parse_period(format_fiscal_year(fy, style)).fiscal_year == fy


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1927, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.one_of(st.none(), st.integers(min_value=1, max_value=28)),
)
def test_month_point_round_trip(year: int, month: int, day: int | None) -> None:
    text = f"{year}年{month}月" + ("" if day is None else f"{day}日")
    p = parse_period(text)
    again = parse_period(format_period(p))
    assert (again.fiscal_year, again.year, again.month, again.day) == (
        p.fiscal_year,
        year,
        month,
        day,
    )
    assert p.fiscal_year == (year if month >= 4 else year - 1)

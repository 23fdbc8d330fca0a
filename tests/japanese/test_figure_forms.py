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

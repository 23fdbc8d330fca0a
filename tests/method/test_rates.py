"""Rates, rounding, grading and outlook: table-driven."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from shinchoku.method import achievement_rate, progress_rate, project, round_decimal
from shinchoku.method.grading import grade_rate
from shinchoku.method.outlook import OutlookStatus
from shinchoku.method.rounding import format_money, format_rate
from shinchoku.model import Direction, OutlookMethod, Rounding, Settings


@pytest.mark.parametrize(
    ("value", "decimals", "rule", "expected"),
    [
        (D("70.72"), 0, Rounding.TRUNCATE, D("70")),
        (D("70.72"), 0, Rounding.HALF_UP, D("71")),
        (D("94.545"), 0, Rounding.TRUNCATE, D("94")),
        (D("94.545"), 0, Rounding.HALF_UP, D("95")),
        (D("2.5"), 0, Rounding.HALF_EVEN, D("2")),
        (D("3.5"), 0, Rounding.HALF_EVEN, D("4")),
        (D("2.5"), 0, Rounding.HALF_UP, D("3")),
        (D("2.88236"), 1, Rounding.TRUNCATE, D("2.8")),
        (D("2.88236"), 1, Rounding.HALF_UP, D("2.9")),
        (D("-1.25"), 1, Rounding.TRUNCATE, D("-1.2")),
    ],
)
def test_round_decimal(value: D, decimals: int, rule: Rounding, expected: D) -> None:
    assert round_decimal(value, decimals, rule) == expected


def test_money_display_forms() -> None:
    s = Settings()
    assert format_money(2_022_951_000, s) == "20.2億円"
    assert format_money(288_236_000, s) == "2.8億円"
    assert format_money(6_241_838_000, s) == "62.4億円"
    m = Settings(money_unit="百万円", money_decimals=0, money_rounding="half-up")
    assert format_money(84_300_000, m) == "84百万円"
    assert format_money(1_234_500_000, m) == "1,235百万円"


@pytest.mark.parametrize(
    ("actual", "target", "direction", "expected"),
    [
        ("1768", "2500", Direction.HIGHER, "70.72"),
        ("0", "0", Direction.LOWER, "100"),
        ("1", "0", Direction.LOWER, "0"),
        ("126", "99.6", Direction.LOWER, "79.04761904761904761904761905"),
        ("5", "0", Direction.HIGHER, "100"),
    ],
)
def test_achievement_rate(actual: str, target: str, direction: Direction, expected: str) -> None:
    assert achievement_rate(D(actual), D(target), direction) == D(expected)


def test_progress_rate() -> None:
    assert progress_rate(D(345), D(335), D(400)) == D(10) / D(65) * 100
    assert progress_rate(D(1), D(5), D(5)) is None


def test_rate_format() -> None:
    assert format_rate(D("216.28"), Settings()) == "216%"
    assert format_rate(D("108.333"), Settings(rate_decimals=1, rate_rounding="half-up")) == "108.3%"


@pytest.mark.parametrize(
    ("rate", "grade"), [("100", "A"), ("99.9", "B"), ("80", "B"), ("50", "C"), ("49", "D")]
)
def test_bands(rate: str, grade: str) -> None:
    s = Settings(grading="bands", rate_decimals=1)
    assert grade_rate(s.scheme, D(rate)).code == grade
    symbols = Settings(grading="symbols", rate_decimals=1)
    assert (
        grade_rate(symbols.scheme, D(rate)).code == {"A": "◎", "B": "○", "C": "△", "D": "×"}[grade]
    )


def _outlook(points: list[tuple[int, int]], target: int, method: OutlookMethod) -> OutlookStatus:
    pts = [(y, D(v)) for y, v in points]
    return project(pts, D(target), 2024, Direction.HIGHER, method, D("0.5")).status


@pytest.mark.parametrize("method", [OutlookMethod.LINEAR, OutlookMethod.CAGR])
def test_outlook_grades(method: OutlookMethod) -> None:
    assert _outlook([(2020, 100), (2023, 400)], 500, method) is OutlookStatus.ON_TRACK
    assert _outlook([(2020, 100), (2023, 130)], 500, method) is OutlookStatus.OFF_TRACK
    assert _outlook([(2020, 100), (2023, 600)], 500, method) is OutlookStatus.MET
    assert _outlook([(2023, 100)], 500, method) is OutlookStatus.INSUFFICIENT
    assert _outlook([(2020, 300), (2023, 200)], 500, method) is OutlookStatus.OFF_TRACK


def test_outlook_paces() -> None:
    o = project(
        [(2020, D(100)), (2023, D(250))],
        D(400),
        2024,
        Direction.HIGHER,
        OutlookMethod.LINEAR,
        D("0.5"),
    )
    assert o.observed_pace == D(50) and o.required_pace == D(150)
    assert o.ratio == D(50) / D(150) and o.status is OutlookStatus.OFF_TRACK
    at_risk = project(
        [(2020, D(100)), (2023, D(340))],
        D(500),
        2024,
        Direction.HIGHER,
        OutlookMethod.LINEAR,
        D("0.5"),
    )
    assert at_risk.status is OutlookStatus.AT_RISK  # 80/yr observed against 160/yr required
    lower = project(
        [(2021, D(25)), (2023, D(18))],
        D(10),
        2026,
        Direction.LOWER,
        OutlookMethod.LINEAR,
        D("0.5"),
    )
    assert lower.status is OutlookStatus.ON_TRACK  # −3.5/yr observed, −2.67/yr required

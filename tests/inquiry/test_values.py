"""Reading cells: what people type, read exactly or refused with the text."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from shinchoku.inquiry.values import (
    cell_text,
    compose_remarks,
    read_actual,
    read_amount,
    read_new,
    read_point,
    read_projects,
    read_remarks,
    read_status,
)
from shinchoku.japanese import ParseError
from shinchoku.model import Observation


@pytest.mark.parametrize(
    ("cell", "unit", "value", "approximate", "provisional"),
    [
        ("３４５", None, "345", False, False),
        ("１，７３１", None, "1731", False, False),
        ("約16%", "%", "16", True, False),
        ("約５万２千件", "件", "52000", True, False),
        (345.0, None, "345", False, False),
        (0.1 + 0.2, None, "0.3", False, False),
        (71, None, "71", False, False),
        ("345（速報値）", None, "345", False, True),
        ("345 (暫定値)", None, "345", False, True),
        ("5市町村数", "市町村数", "5", False, False),
    ],
)
def test_actuals(
    cell: object, unit: str | None, value: str, approximate: bool, provisional: bool
) -> None:
    actual = read_actual(cell, unit)
    assert actual is not None
    assert actual.figure.value == Decimal(value)
    assert actual.figure.approximate is approximate
    assert actual.remarks.provisional is provisional


def test_none_and_blank() -> None:
    assert read_actual("", None) is None
    assert read_actual(None, None) is None
    none = read_actual("ー", None)
    assert none is not None and none.figure.value is None


@pytest.mark.parametrize(
    "cell", ["４１２件くらい", "345（庁内分のみ）", "1.5E3", "5²", True, date(2024, 3, 1)]
)
def test_unreadable_actuals(cell: object) -> None:
    with pytest.raises(ParseError):
        read_actual(cell, "件")


@pytest.mark.parametrize(
    ("cell", "fy", "month"),
    [
        ("R6.3", 2023, 3),
        ("令和6年3月末", 2023, 3),
        ("R6.3末時点", 2023, 3),
        ("R5年度末", 2023, None),
        ("（R元年度）", 2019, None),
        ("2024/3/31", 2023, 3),
        (datetime(2024, 3, 31), 2023, 3),
        (date(2024, 4, 1), 2024, 4),
    ],
)
def test_points(cell: object, fy: int, month: int | None) -> None:
    point = read_point(cell)
    assert point is not None and (point.fiscal_year, point.month) == (fy, month)


@pytest.mark.parametrize("cell", ["三月末", 6.3, "R5年"])
def test_unreadable_points(cell: object) -> None:
    with pytest.raises(ParseError):
        read_point(cell)


def test_remarks() -> None:
    r = read_remarks("R4年度数値 ※翌年度に数値確定")
    assert (r.data_year, r.finalised_later, r.provisional, r.rest) == (2022, True, False, "")
    r = read_remarks("速報値。県調べ")
    assert (r.provisional, r.rest) == (True, "県調べ")
    obs = Observation.model_validate(
        {"value": "72.9", "data_year": 2022, "finalised_later": True, "note": "R4年度数値"}
    )
    assert compose_remarks(obs) == "R4年度数値 ※翌年度に数値確定"


def test_status_new_projects_amount() -> None:
    assert read_status("【達成】") == "達成"
    assert read_status("") is None
    with pytest.raises(ParseError):
        read_status("ほぼ達成")
    assert read_new("新規") is True and read_new("") is False
    with pytest.raises(ParseError):
        read_new("継続")
    assert read_projects("６０件") == 60 and read_projects(60.0) == 60
    with pytest.raises(ParseError):
        read_projects("約60")
    assert read_amount(2022951.0) == ("2,022,951千円", 2_022_951_000)
    assert read_amount("2,022,951") == ("2,022,951千円", 2_022_951_000)
    assert read_amount("20.2億円") == ("20.2億円", 2_020_000_000)
    with pytest.raises(ParseError):
        read_amount("約20億円")
    assert cell_text(2024.0) == "2024"

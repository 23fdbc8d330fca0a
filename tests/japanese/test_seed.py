"""Every number, amount and period form in the seed report.

The seed is a prefectural progress report (令和５年度「みやぎ情報化推進ポリシー」
進捗報告資料). The forms are copied here character for character, so the
tests run without the file.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.japanese import (
    ParseError,
    is_none_marker,
    parse_money,
    parse_period,
    parse_quantity,
    split_numbered,
)

D = Decimal

# (text, value, unit, approximate)
SEED_QUANTITIES = [
    # KPI tables: baseline, targets, actuals
    ("335", D(335), None, False),
    ("500", D(500), None, False),
    ("４００", D(400), None, False),
    ("３４５", D(345), None, False),
    ("915", D(915), None, False),
    ("2,003", D(2003), None, False),
    ("1,731", D(1731), None, False),
    ("1,023", D(1023), None, False),
    ("22.1", D("22.1"), None, False),
    ("78.4", D("78.4"), None, False),
    ("66.5", D("66.5"), None, False),
    ("69.5", D("69.5"), None, False),
    ("７１．０", D("71.0"), None, False),
    ("72.9", D("72.9"), None, False),
    ("２", D(2), None, False),
    ("５０", D(50), None, False),
    ("150,680", D(150680), None, False),
    ("200,000", D(200000), None, False),
    ("1,622,948", D(1622948), None, False),
    ("1,000", D(1000), None, False),
    ("1000", D(1000), None, False),
    ("71.4", D("71.4"), None, False),
    ("96.97", D("96.97"), None, False),
    ("96.70%", D("96.70"), "%", False),
    ("６８０", D(680), None, False),
    ("３０", D(30), None, False),
    ("0", D(0), None, False),
    ("①8件", D(8), "件", False),
    ("①２８０回/年", D(280), "回/年", False),
    ("約１８％", D(18), "%", True),
    ("①３００人/\n年", D(300), "人/年", False),
    ("②３０％", D(30), "%", False),
    ("３７７人/年", D(377), "人/年", False),
    ("２８０回/年", D(280), "回/年", False),
    ("②約１６％", D(16), "%", True),
    ("約１６％", D(16), "%", True),
    ("９８．１％", D("98.1"), "%", False),
    ("②９９．５％", D("99.5"), "%", False),
    ("①９６０回", D(960), "回", False),
    ("１２６％", D(126), "%", False),
    ("１７５回", D(175), "回", False),
    ("約４２万", D(420000), None, True),
    ("約５２３千", D(523000), None, True),
    # summary pages
    ("60件", D(60), "件", False),
    ("177件", D(177), "件", False),
    ("33自治体", D(33), "自治体", False),
    ("78.34%", D("78.34"), "%", False),
    ("27.25%", D("27.25"), "%", False),
    ("39.5％", D("39.5"), "%", False),
    ("2,500人", D(2500), "人", False),
    ("1,768人", D(1768), "人", False),
    ("約5万2千件", D(52000), "件", True),
    ("約2万2千件", D(22000), "件", True),
    ("約5万5千件", D(55000), "件", True),
    ("延べ12件", D(12), "件", False),
    ("100者", D(100), "者", False),
    ("1,223h", D(1223), "h", False),
    ("12,328h", D(12328), "h", False),
    ("5,700h", D(5700), "h", False),
    ("62万", D(620000), None, False),
    ("162万", D(1620000), None, False),
    ("3,704件", D(3704), "件", False),
    ("97組", D(97), "組", False),
    ("10,740回", D(10740), "回", False),
    ("1,520人日／年", D(1520), "人日/年", False),
    ("66回線", D(66), "回線", False),
    ("52万3千ページ", D(523000), "ページ", False),
    ("約14.7万枚", D(147000), "枚", True),
    ("25種", D(25), "種", False),
    ("11市町村", D(11), "市町村", False),
    ("25市町", D(25), "市町", False),
    ("６回", D(6), "回", False),
    ("11,917人", D(11917), "人", False),
    ("97.4%", D("97.4"), "%", False),
    ("222所属", D(222), "所属", False),
    ("183名", D(183), "名", False),
    ("2,005人", D(2005), "人", False),
    ("20.2億円", D("20.2"), "億円", False),
]


@pytest.mark.parametrize(("text", "value", "unit", "approximate"), SEED_QUANTITIES)
def test_seed_quantities(text: str, value: Decimal, unit: str | None, approximate: bool) -> None:
    q = parse_quantity(text)
    assert (q.value, q.unit, q.approximate) == (value, unit, approximate)


@pytest.mark.parametrize(
    ("text", "yen"),
    [
        ("2,022,951千円", 2_022_951_000),
        ("2,093,959千円", 2_093_959_000),
        ("1,600,857千円", 1_600_857_000),
        ("1,400,762千円", 1_400_762_000),
        ("288,236千円", 288_236_000),
        ("335,038千円", 335_038_000),
        ("101,190千円", 101_190_000),
        ("113,729千円", 113_729_000),
        (" 2,228,604千円", 2_228_604_000),
        ("2,013,974千円", 2_013_974_000),
        ("62.4億円", 6_240_000_000),
        ("65.8億円", 6_580_000_000),
        ("20.2億円", 2_020_000_000),
        ("22.2億円", 2_220_000_000),
        ("2.8億円", 280_000_000),
        ("16.0億円", 1_600_000_000),
        ("1.0億円", 100_000_000),
    ],
)
def test_seed_money(text: str, yen: int) -> None:
    assert parse_money(text) == yen


@pytest.mark.parametrize(
    ("text", "fy", "month", "year", "day"),
    [
        ("R3", 2021, None, None, None),
        ("R6", 2024, None, None, None),
        ("R5年度", 2023, None, None, None),
        ("令和５年度", 2023, None, None, None),
        ("令和6年度", 2024, None, None, None),
        ("令和7年度末", 2025, None, None, None),
        ("Ｒ６年度末", 2024, None, None, None),
        ("R5年度末", 2023, None, None, None),
        ("（R元年度）", 2019, None, None, None),
        ("(R元年度）", 2019, None, None, None),
        ("（R3年度）", 2021, None, None, None),
        ("(R3年度）", 2021, None, None, None),
        ("(R2年度）", 2020, None, None, None),
        ("（R2年度）", 2020, None, None, None),
        ("(令和3年度）", 2021, None, None, None),
        ("（R３年度）", 2021, None, None, None),
        ("（R3.3）", 2020, 3, 2021, None),
        ("（R2.12）", 2020, 12, 2020, None),
        ("（R2.12)", 2020, 12, 2020, None),
        ("（R2.１０)", 2020, 10, 2020, None),
        ("(R2.１２）", 2020, 12, 2020, None),
        ("（R２．４）", 2020, 4, 2020, None),
        ("R6.6.7", 2024, 6, 2024, 7),
        ("R6.2月", 2023, 2, 2024, None),
        ("R5.9月", 2023, 9, 2023, None),
        ("R6年５月", 2024, 5, 2024, None),
        ("令和３年５月", 2021, 5, 2021, None),
    ],
)
def test_seed_periods(
    text: str, fy: int, month: int | None, year: int | None, day: int | None
) -> None:
    p = parse_period(text)
    assert (p.fiscal_year, p.month, p.year, p.day, p.text) == (fy, month, year, day, text)


@pytest.mark.parametrize(
    "text",
    ["(R4年度数値)", "（R4目標）", "（R5目標）", "R4実績", "R6.3月～", "令和４年末", "R6.6.7時点"],
)
def test_seed_labels_are_not_periods(text: str) -> None:
    with pytest.raises(ParseError):
        parse_period(text)


@pytest.mark.parametrize(
    "text",
    [
        "達成率95%",
        "会議等\n３９４回実施\n（約５２３千\nページ削減）",
        "専用ＰＣ\n稼働率\n約１８％",
        "前年度越え",
        "R4:62万",
        "事業数 177件",
        "7種→25種",
        "(R4年度数値)",
    ],
)
def test_seed_free_text_is_not_a_quantity(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_quantity(text)
    assert info.value.problem.found == text


@pytest.mark.parametrize("text", ["ー", "R3新規", ""])
def test_seed_none_markers(text: str) -> None:
    assert is_none_marker(text)


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("①17件\n②80%", [(1, D(17), "件"), (2, D(80), "%")]),
        ("①14件\n②80%", [(1, D(14), "件"), (2, D(80), "%")]),
        ("①12件\n②100%", [(1, D(12), "件"), (2, D(100), "%")]),
        ("①９６０回\n②９９．５％", [(1, D(960), "回"), (2, D("99.5"), "%")]),
        ("①８００回\n②９９．６％", [(1, D(800), "回"), (2, D("99.6"), "%")]),
        ("①３００人/\n年\n②３０％", [(1, D(300), "人/年"), (2, D(30), "%")]),
        ("①２５０人/年\n②１５％", [(1, D(250), "人/年"), (2, D(15), "%")]),
        ("①３７７人/年\n②約１６％", [(1, D(377), "人/年"), (2, D(16), "%")]),
    ],
)
def test_seed_multi_part_cells(cell: str, parts: list[tuple[int, Decimal, str]]) -> None:
    got = []
    for n, text in split_numbered(cell):
        q = parse_quantity(text)
        got.append((n, q.value, q.unit))
    assert got == parts


def test_seed_multi_part_cell_with_free_text_part() -> None:
    parts = split_numbered("①２８０回/年\n②専用ＰＣ\n稼働率\n約１８％")
    assert parse_quantity(parts[0][1]).value == D(280)
    with pytest.raises(ParseError):
        parse_quantity(parts[1][1])

"""parse_quantity, split_numbered, is_none_marker, normalise and ParseError."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

from shinchoku.japanese import (
    ParseError,
    Quantity,
    is_none_marker,
    normalise,
    parse_quantity,
    split_numbered,
)
from shinchoku.problems import Place, Severity
from shinchoku.problems import reasons as why

D = Decimal

QUANTITIES = [
    # plain and full-width
    ("335", D(335), None, False),
    ("３４５", D(345), None, False),
    ("７１．０", D("71.0"), None, False),
    ("１，７３１", D(1731), None, False),
    ("1,622,948", D(1622948), None, False),
    ("1、234", D(1234), None, False),
    ("0", D(0), None, False),
    ("  12  ", D(12), None, False),
    # percent
    ("96.70%", D("96.70"), "%", False),
    ("９６．７０％", D("96.70"), "%", False),
    ("78.34%", D("78.34"), "%", False),
    # approximate
    ("約5万2千件", D(52000), "件", True),
    ("約 5万2千件", D(52000), "件", True),
    ("約523千ページ", D(523000), "ページ", True),
    ("およそ300人", D(300), "人", True),
    ("概ね80%", D(80), "%", True),
    ("2万件程度", D(20000), "件", True),
    ("約2万件程度", D(20000), "件", True),
    # kanji and mixed numerals
    ("5万2千", D(52000), None, False),
    ("42万", D(420000), None, False),
    ("62万", D(620000), None, False),
    ("1億2,345万", D(123450000), None, False),
    ("14.7万", D(147000), None, False),
    ("2千", D(2000), None, False),
    ("百万", D(1000000), None, False),
    ("三", D(3), None, False),
    ("十二", D(12), None, False),
    ("二十五", D(25), None, False),
    ("千二百三十四", D(1234), None, False),
    ("三億五千万", D(350000000), None, False),
    ("１，２３４万", D(12340000), None, False),
    ("5千2百", D(5200), None, False),
    ("1兆2億", D(1000200000000), None, False),
    ("〇", D(0), None, False),
    # negatives
    ("△1,234", D(-1234), None, False),
    ("▲5", D(-5), None, False),
    ("-3.5", D("-3.5"), None, False),
    ("−3", D(-3), None, False),
    ("－3", D(-3), None, False),
    ("△5万円", D(-5), "万円", False),
    # units
    ("17件", D(17), "件", False),
    ("12 件", D(12), "件", False),
    ("３７７人/年", D(377), "人/年", False),
    ("２８０回/年", D(280), "回/年", False),
    ("280回／年", D(280), "回/年", False),
    ("629件/月", D(629), "件/月", False),
    ("1,520人日／年", D(1520), "人日/年", False),
    ("5回／年度", D(5), "回/年度", False),
    ("915箇所", D(915), "箇所", False),
    ("100者", D(100), "者", False),
    ("12,328h", D(12328), "h", False),
    ("12,328ｈ", D(12328), "h", False),
    ("3時間", D(3), "時間", False),
    ("33自治体", D(33), "自治体", False),
    ("35市町村", D(35), "市町村", False),
    ("345データセット", D(345), "データセット", False),
    ("3団体", D(3), "団体", False),
    ("97組", D(97), "組", False),
    ("約14.7万枚", D(147000), "枚", True),
    ("60事業", D(60), "事業", False),
    ("6地区", D(6), "地区", False),
    ("80ha", D(80), "ha", False),
    ("1,234円", D(1234), "円", False),
    ("2,022,951千円", D(2022951), "千円", False),
    ("62.4億円", D("62.4"), "億円", False),
    ("3百万円", D(3), "百万円", False),
    ("1億2千万円", D(120000000), "円", False),
    ("千円", D(1000), "円", False),
    # labels
    ("①17件", D(17), "件", False),
    ("② 80%", D(80), "%", False),
    ("延べ12件", D(12), "件", False),
    ("①延べ8件", D(8), "件", False),
]


@pytest.mark.parametrize(("text", "value", "unit", "approximate"), QUANTITIES)
def test_parse_quantity(text: str, value: Decimal, unit: str | None, approximate: bool) -> None:
    q = parse_quantity(text)
    assert (q.value, q.unit, q.approximate, q.text) == (value, unit, approximate, text)


def test_scaled_values_have_no_spurious_decimals() -> None:
    assert str(parse_quantity("14.7万").value) == "147000"
    assert str(parse_quantity("96.70%").value) == "96.70"
    assert str(parse_quantity("1.25万").value) == "12500"
    assert str(parse_quantity("1.23456万").value) == "12345.6"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("約５万ｘ件", "unexpected character 'ｘ'"),
        ("5件 6件", "more than one number"),
        ("5 apples", "unknown unit 'apples'"),
        ("7種→25種", "unexpected character '→'"),
        ("17件(延べ)", "unexpected character '('"),
        ("概ね8割", "unknown unit '割'"),
        ("会議等394回実施", "unexpected character '会'"),
        ("達成率95%", "unexpected character '達'"),
        ("R5", "unexpected character 'R'"),
        ("1.2.3", "badly grouped number near '1.2.3'"),
        ("17,31", "badly grouped number near '17,3'"),
        ("1,234,56", "badly grouped number near '1,234,5'"),
        ("1.", "unexpected character '.'"),
        ("5²", "unexpected character '²'"),
        ("1①7", "unexpected character '①'"),
        ("3.5強", "'強' gives only a bound, not a value"),
        ("3.5万弱", "'弱' gives only a bound, not a value"),
        ("5万12345", "digits do not fit after the last multiplier"),
        ("1億12345万", "digits do not fit between the multipliers"),
        ("2百5千", "multipliers out of order"),
        ("5千万億", "a multiplier with no number before it"),
        ("5億3億", "multipliers out of order"),
        ("万", "a multiplier with no number before it"),
        ("二〇", "two numbers side by side"),
        ("5三", "two numbers side by side"),
        ("△", "sign '△' not before a digit"),
        ("- 5", "sign '-' not before a digit"),
        ("約", "no number"),
        ("ー", "no value (blank or a none marker)"),
        ("", "no value (blank or a none marker)"),
        ("1e5", "unexpected character 'e'"),
        ("9" * 70 + "万", "number too long"),
    ],
)
def test_parse_quantity_rejects(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_quantity(text)
    assert info.value.reason == reason
    assert info.value.text == text


def test_expected_unit_fills_in_and_text_unit_wins() -> None:
    assert parse_quantity("345", "データセット").unit == "データセット"
    assert parse_quantity("96.70", "％").unit == "%"
    assert parse_quantity("17件", "%").unit == "件"
    # A unit outside UNITS is accepted when it is the one the caller expects.
    assert parse_quantity("3 講座", "講座") == Quantity(D(3), "講座", False, "3 講座")
    with pytest.raises(ParseError):
        parse_quantity("3 講座")


def test_parse_error_problem() -> None:
    with pytest.raises(ParseError) as info:
        parse_quantity("約５万ｘ件")
    err = info.value
    problem = err.problem
    assert problem.code == "unparseable-value"
    assert problem.severity is Severity.ERROR
    assert problem.message == "cannot read '約５万ｘ件' as a quantity: unexpected character 'ｘ'"
    assert problem.found == "約５万ｘ件"
    assert problem.place == Place()


def test_parse_error_at_adds_place_and_keeps_inner_fields() -> None:
    err = ParseError("x", why.NO_NUMBER(), place=Place(kpi="K1"))
    placed = err.at(Place(file="plan.xlsx", sheet="KPI", cell="C7"))
    assert placed is not err
    assert placed.problem.place == Place(file="plan.xlsx", sheet="KPI", cell="C7", kpi="K1")
    assert (placed.text, placed.reason, placed.problem.message) == (
        "x",
        "no number",
        err.problem.message,
    )
    assert placed.why == err.why
    assert err.problem.place == Place(kpi="K1")
    assert "cell C7" in str(placed)


def test_parse_error_pickles() -> None:
    err = ParseError("x", why.NO_NUMBER(), place=Place(cell="A1"), kind="a period")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.text, copy.reason, copy.problem) == (err.text, err.reason, err.problem)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("①17件 ②80%", [(1, "17件"), (2, "80%")]),
        ("①17件\n②80%", [(1, "17件"), (2, "80%")]),
        ("①14件\n②80%\n", [(1, "14件"), (2, "80%")]),
        (" ①8件", [(1, "8件")]),
        ("②３０％", [(2, "３０％")]),
        ("⑳1 ㉑2", [(20, "1"), (21, "2")]),
        ("17件", [(1, "17件")]),
        (" 17件 ", [(1, "17件")]),
    ],
)
def test_split_numbered(text: str, parts: list[tuple[int, str]]) -> None:
    assert split_numbered(text) == parts


@pytest.mark.parametrize("text", ["会議等①17件", "①1 ①2"])
def test_split_numbered_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        split_numbered(text)


def test_split_then_parse() -> None:
    parts = split_numbered("①２５０人/年\n②１５％")
    assert [(n, parse_quantity(t).value, parse_quantity(t).unit) for n, t in parts] == [
        (1, D(250), "人/年"),
        (2, D(15), "%"),
    ]


@pytest.mark.parametrize(
    "text",
    ["ー", "－", "-", "—", "―", "‐", "−", "なし", "", "  ", "\n", "　", "ｰ", "R3新規", "新規"],
)
def test_none_markers(text: str) -> None:
    assert is_none_marker(text)


@pytest.mark.parametrize("text", ["0", "ーー", "-1", "データ", "R3", "なし5"])
def test_not_none_markers(text: str) -> None:
    assert not is_none_marker(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("７１．０", "71.0"),
        ("１，７３１", "1,731"),
        ("９６．７０％", "96.70%"),
        ("回／年", "回/年"),
        ("　Ｒ５年度　", "R5年度"),
        ("（R3.3）", "(R3.3)"),
        ("−3", "-3"),
        ("－3", "-3"),
        ("‐3—4―5", "-3-4-5"),
        ("データセット", "データセット"),
        ("ﾃﾞｰﾀｾｯﾄ", "データセット"),
        ("R6.3月〜", "R6.3月~"),
        ("a\nb", "a\nb"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected

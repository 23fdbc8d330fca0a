"""parse_money: whole yen from 円/千円/万円/百万円/億円 amounts."""

from __future__ import annotations

import pytest

from shinchoku.japanese import MONEY_UNITS, ParseError, parse_money, read_money


def test_money_units() -> None:
    assert MONEY_UNITS == {
        "円": 1,
        "千円": 1_000,
        "万円": 10_000,
        "百万円": 1_000_000,
        "億円": 100_000_000,
    }


@pytest.mark.parametrize(
    ("text", "yen"),
    [
        ("2,022,951千円", 2_022_951_000),
        ("2,093,959千円", 2_093_959_000),
        ("1,400,762千円", 1_400_762_000),
        ("62.4億円", 6_240_000_000),
        ("65.8億円", 6_580_000_000),
        ("20.2億円", 2_020_000_000),
        ("3百万円", 3_000_000),
        ("1,234円", 1_234),
        ("５万円", 50_000),
        ("1億2千万円", 120_000_000),
        ("１，２３４千円", 1_234_000),
        ("2,228,604 千円", 2_228_604_000),
        ("△500千円", -500_000),
        ("0円", 0),
        ("0.5千円", 500),
    ],
)
def test_parse_money(text: str, yen: int) -> None:
    result = parse_money(text)
    assert result == yen
    assert type(result) is int


@pytest.mark.parametrize(
    ("text", "default_unit", "yen"),
    [("2,022,951", "千円", 2_022_951_000), ("62.4", "億円", 6_240_000_000), ("5円", "千円", 5)],
)
def test_parse_money_default_unit(text: str, default_unit: str, yen: int) -> None:
    assert parse_money(text, default_unit=default_unit) == yen


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2,022,951", "no unit (円, 千円, 万円, 百万円 or 億円)"),
        ("17件", "'件' is not a unit of money"),
        ("0.5円", "not a whole number of yen (0.5 円)"),
        ("1.2345千円", "not a whole number of yen (1234.5 円)"),
        ("約5億円", "an approximate amount (約) is not an amount of money"),
        ("ー", "no value (blank or a none marker)"),
        ("決算額62.4億円", "unexpected character '決'"),
    ],
)
def test_parse_money_rejects(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_money(text)
    assert info.value.reason == reason
    assert info.value.problem.message.startswith(f"cannot read {text!r} as an amount of money")


def test_parse_money_bad_default_unit_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="default_unit"):
        parse_money("5", default_unit="件")


@pytest.mark.parametrize(
    ("text", "yen", "labels"),
    [
        ("(予算額(事業費)28,310千円)", 28_310_000, ("予算額", "事業費")),
        ("（予算額（事業費）28,310千円）", 28_310_000, ("予算額", "事業費")),
        ("事業費 1.5億円", 150_000_000, ("事業費",)),
        ("決算額：2,022,951千円", 2_022_951_000, ("決算額",)),
        ("決算額:2,022,951千円", 2_022_951_000, ("決算額",)),
        ("当初予算額 300万円", 3_000_000, ("当初予算額",)),
        ("2,022,951千円", 2_022_951_000, ()),
    ],
)
def test_money_with_a_label(text: str, yen: int, labels: tuple[str, ...]) -> None:
    r = read_money(text)
    assert (r.yen, r.labels) == (yen, labels)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("寄付額 300千円", "unknown label"),
        ("予算額(事業費 300千円", "unbalanced"),
        ("約300千円", "approximate"),
    ],
)
def test_money_with_a_bad_label(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        read_money(text)
    assert reason in info.value.reason

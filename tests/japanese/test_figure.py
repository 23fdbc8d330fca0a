"""read_figure: the forms published KPI tables print, one table per form, and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shinchoku.japanese import ParseError, read_figure
from shinchoku.japanese.figure import name_matters

D = Decimal

# text, KPI unit → value, unit, approximate, (as-of fiscal year, month)
AS_OF = [
    ("88.1%(平成28年度)", None, D("88.1"), "%", (2016, None)),
    ("41.5%（令和2年度）", None, D("41.5"), "%", (2020, None)),
    ("12 %(令和3年度)", None, D(12), "%", (2021, None)),
    ("76.2%(R3)", None, D("76.2"), "%", (2021, None)),
    ("1,023（R5.3末）", None, D(1023), None, (2022, 3)),
    ("1,023件（R5.3末）", "件", D(1023), "件", (2022, 3)),
    ("345（令和元年度）", None, D(345), None, (2019, None)),
    ("72.5%(H30年度)", None, D("72.5"), "%", (2018, None)),
    ("5,000人(2023年度)", None, D(5000), "人", (2023, None)),
    ("約5万件(R4年度末時点)", None, D(50000), "件", (2022, None)),
    ("14 団体等（R6.3.31現在）", "団体等", D(14), "団体等", (2023, 3)),
]


@pytest.mark.parametrize(("text", "unit", "value", "out_unit", "as_of"), AS_OF)
def test_value_with_its_period_in_brackets(
    text: str, unit: str | None, value: Decimal, out_unit: str | None, as_of: tuple[int, int | None]
) -> None:
    r = read_figure(text, unit)
    assert (r.value, r.unit) == (value, out_unit)
    assert r.as_of is not None
    assert (r.as_of.period.fiscal_year, r.as_of.period.month) == as_of
    assert r.parts == () and r.start is None


SPACES = [
    ("245 万人", None, D(2450000), "人"),
    ("245　万人", None, D(2450000), "人"),  # 全角 space
    ("1,200 万回", None, D(12000000), "回"),
    ("1,200万回", None, D(12000000), "回"),
    ("1,200 万回", "万回", D(1200), "万回"),  # a KPI counted in 万回 keeps its scale
    ("1,200万回", "回", D(12000000), "回"),
    ("14 団体等", "団体等", D(14), "団体等"),
    ("14団体等", "団体等", D(14), "団体等"),
    ("120 事業所等", "事業所等", D(120), "事業所等"),
    ("35 者", None, D(35), "者"),
    ("35 自治体", None, D(35), "自治体"),
    ("1,234 データセット", None, D(1234), "データセット"),
    ("12 %", None, D(12), "%"),
    ("約 5 万件", None, D(50000), "件"),
    ("3 万", None, D(30000), None),
    ("2.5 億円", None, D("2.5"), "億円"),
]


@pytest.mark.parametrize(("text", "unit", "value", "out_unit"), SPACES)
def test_spaces_between_number_multiplier_and_unit(
    text: str, unit: str | None, value: Decimal, out_unit: str | None
) -> None:
    r = read_figure(text, unit)
    assert (r.value, r.unit) == (value, out_unit)


def test_an_undeclared_rare_unit_is_refused() -> None:
    with pytest.raises(ParseError) as info:
        read_figure("14 団体等")
    assert "等" in info.value.reason
    assert info.value.text == "14 団体等"


# text → [(label, value, unit)], figure value, as-of fiscal year
PARTS = [
    ("62.3%(男) 70.1%(女)(令和2年度)", [("男", "62.3", "%"), ("女", "70.1", "%")], None, 2020),
    ("62.3%（男）　70.1%（女）", [("男", "62.3", "%"), ("女", "70.1", "%")], None, None),
    ("小 88% 中 91%", [("小", "88", "%"), ("中", "91", "%")], None, None),
    ("小88% 中91%", [("小", "88", "%"), ("中", "91", "%")], None, None),
    ("小 88 % 中 91 %", [("小", "88", "%"), ("中", "91", "%")], None, None),
    (
        "男 120人 女 95人 計 215人",
        [("男", "120", "人"), ("女", "95", "人"), ("計", "215", "人")],
        D(215),
        None,
    ),
    ("全体 80% 小 88%(R5)", [("全体", "80", "%"), ("小", "88", "%")], D(80), 2023),
]


@pytest.mark.parametrize(("text", "parts", "value", "fy"), PARTS)
def test_labelled_values_are_parts(
    text: str, parts: list[tuple[str, str, str]], value: Decimal | None, fy: int | None
) -> None:
    r = read_figure(text)
    assert [(p.label, p.quantity.value, p.quantity.unit) for p in r.parts] == [
        (label, D(v), u) for label, v, u in parts
    ]
    assert r.value == value  # only a total (計, 合計, 全体, 総数) is the figure's value
    assert (r.as_of.period.fiscal_year if r.as_of else None) == fy


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("62.3%(男)", "one labelled value"),
        ("88% 91%", "has no label"),
        ("小 88% 小 91%", "appears twice"),
        ("小 88% 中", "has no value"),
        ("計 1 合計 2", "more than one total"),
        ("小 中 88%", "two labels in a row"),
    ],
)
def test_malformed_parts_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        read_figure(text)
    assert reason in info.value.reason


# text → start value, value, unit
FROM_TO = [
    ("2,300万件→3,100万件", D(23000000), D(31000000), "件"),
    ("41.2%→55.0%", D("41.2"), D("55.0"), "%"),
    ("41.2% → 55.0%", D("41.2"), D("55.0"), "%"),
    ("120⇒150人", D(120), D(150), "人"),
    ("41.2%(R2)～55.0%(R5)", D("41.2"), D("55.0"), "%"),
]


@pytest.mark.parametrize(("text", "start", "value", "unit"), FROM_TO)
def test_from_to(text: str, start: Decimal, value: Decimal, unit: str) -> None:
    r = read_figure(text)
    assert r.start is not None
    assert (r.start.value, r.value, r.unit) == (start, value, unit)


def test_from_to_keeps_each_sides_period() -> None:
    r = read_figure("41.2%(R2)～55.0%(R5)")
    assert r.start is not None and r.start.as_of is not None and r.as_of is not None
    assert (r.start.as_of.period.fiscal_year, r.as_of.period.fiscal_year) == (2020, 2023)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("10～20件", "may mean a range"),
        ("1→2→3", "between two values"),
        ("→5件", "between two values"),
        ("小 5 中 6→7", "not one value"),
    ],
)
def test_ambiguous_changes_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        read_figure(text)
    assert reason in info.value.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("88.1%(R4年度数値)", "数値"),
        ("88.1%(R100年度)", "令和"),
        ("88.1%(R3)(R4)", "two periods"),
    ],
)
def test_a_bracket_that_looks_like_a_period_must_be_one(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        read_figure(text)
    assert reason in info.value.reason
    assert info.value.text == text


# -- properties ---------------------------------------------------------------------------

numbers = st.decimals(min_value=0, max_value=10**9, places=1, allow_nan=False)
labels = st.sampled_from(["男", "女", "小", "中", "高", "県北", "県南", "特支"])
units = st.sampled_from(["%", "件", "人", "団体等", "事業所等"])
spaces = st.sampled_from(["", " ", "　", "  "])


@given(numbers, units, spaces, st.integers(min_value=2019, max_value=2117))
def test_value_unit_and_period_read_back(value: Decimal, unit: str, space: str, fy: int) -> None:
    from shinchoku.japanese import format_fiscal_year

    period = format_fiscal_year(fy)
    r = read_figure(f"{value:,f}{space}{unit}（{period}）", unit)
    assert r.value == value and r.unit == unit
    assert r.as_of is not None and r.as_of.period.fiscal_year == fy


@given(st.lists(st.tuples(labels, numbers), min_size=2, max_size=5, unique_by=lambda p: p[0]))
def test_parts_read_back_in_either_label_position(parts: list[tuple[str, Decimal]]) -> None:
    before = " ".join(f"{label} {v:f}%" for label, v in parts)
    after = " ".join(f"{v:f}%({label})" for label, v in parts)
    for text in (before, after):
        r = read_figure(text)
        assert [(p.label, p.quantity.value) for p in r.parts] == parts
        assert r.value is None and r.unit == "%"


@given(numbers, numbers, st.sampled_from(["→", "⇒", " → "]))
def test_from_to_reads_both_sides(start: Decimal, to: Decimal, arrow: str) -> None:
    r = read_figure(f"{start:f}件{arrow}{to:f}件")
    assert r.start is not None and (r.start.value, r.value) == (start, to)


@given(st.text(alphabet="0123456789,.%()（）→⇒～ 　男女小中計万件人R令和元年度H末", max_size=60))
def test_any_text_is_read_or_refused_with_its_text(text: str) -> None:
    try:
        read_figure(text)
    except ParseError as exc:
        assert exc.text == text
        assert exc.reason and "None" not in exc.reason


def _reading_or_error(text: str, name: str | None) -> object:
    try:
        return read_figure(text, "件", None, name)
    except ParseError as exc:
        return ("error", exc.reason)


_NAMES = ["外国人宿泊者数", "100", "1", "新規農業生産法人数", "5G基地局数", "", "件数 (累計)"]


@pytest.mark.parametrize(
    ("text", "name", "matters"),
    [
        ("120", "外国人宿泊者数", False),
        ("1,234.5", "外国人宿泊者数", False),
        (" 88 % ", "外国人宿泊者数", False),
        ("１２０", "外国人宿泊者数", True),  # full-width: not plain as typed, read with the name
        ("1005", "100", True),  # the name itself begins the text
        ("5", "5G基地局数", False),
        ("外国人宿泊者100万人", "外国人宿泊者数", True),
        ("100万人", "外国人宿泊者数", True),  # not plain: 万 and the unit
        ("(50→100)", "件数", True),
        ("120", None, False),
    ],
)
def test_name_matters_only_where_it_can(text: str, name: str | None, matters: bool) -> None:
    assert name_matters(text, name) is matters


@given(
    st.text(alphabet="0123456789.,% ０１２３４５６７８９５G件数人万外国", max_size=12),
    st.sampled_from(_NAMES),
)
def test_reading_without_the_name_where_it_does_not_matter(text: str, name: str) -> None:
    # Readings are cached without the KPI name where it does not matter: they must agree.
    if not name_matters(text, name):
        assert _reading_or_error(text, name) == _reading_or_error(text, None)

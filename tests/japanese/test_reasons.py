"""Why a text cannot be read, in the reader's language: every reason kind the parsers
give is produced here from a real text, and worded in Japanese without English words
(but the text found, quoted 「…」, and ids) and in English without Japanese (but the text
found and the examples of what is read)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from shinchoku.inquiry import values
from shinchoku.japanese import (
    ParseError,
    parse_money,
    parse_period,
    parse_quantity,
    read_figure,
    read_money,
    split_numbered,
)
from shinchoku.model import Figure, Plan
from shinchoku.problems.reasons import REASONS
from shinchoku.store import edits
from shinchoku.wording import problem_message

_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")

Reader = Callable[[object], object]


def _text(read: Callable[[str], object]) -> Reader:
    return lambda v: read(str(v))


def _actual(v: object) -> object:
    return values.read_actual(v, None)


def _named(v: object) -> object:
    return read_figure(str(v), "人", "20xx", "外国人宿泊者数")


def _short_years(rule: str) -> Reader:
    return lambda v: parse_period(str(v), rule)


# reason kind → (reader, a text it refuses for that reason)
CASES: dict[str, tuple[Reader, object]] = {
    "no-value": (_text(parse_quantity), "ー"),
    "value-required": (_text(edits.parse_value), ""),
    "no-number": (_text(parse_quantity), "約"),
    "not-finite": (values.finite, float("nan")),
    "date-not-figure": (_actual, True),
    "too-long": (_text(read_figure), "1" * 300),
    "control-character": (_text(parse_quantity), "1\x072"),
    "unexpected-character": (_text(parse_quantity), "1e5"),
    "dash-not-minus": (_text(parse_quantity), "‐5"),
    "sign-without-digit": (_text(parse_quantity), "△"),
    "unbalanced-brackets": (_text(read_money), "予算額(事業費 300千円"),
    "number-too-long": (_text(parse_quantity), "9" * 70 + "万"),
    "badly-grouped": (_text(parse_quantity), "1,23,4"),
    "more-than-one-number": (_text(parse_quantity), "1件2"),
    "two-numbers": (_text(parse_quantity), "5三"),
    "multipliers-out-of-order": (_text(parse_quantity), "2百5千"),
    "multiplier-without-number": (_text(parse_quantity), "万"),
    "digits-do-not-fit": (_text(parse_quantity), "1億12345万"),
    "unknown-unit": (_text(parse_quantity), "5ほげ"),
    "bound-only": (_text(parse_quantity), "3.5強"),
    "no-money-unit": (_text(parse_money), "300"),
    "not-money-unit": (_text(parse_money), "300件"),
    "approximate-money": (_text(parse_money), "約300千円"),
    "not-whole-yen": (_text(parse_money), "0.5円"),
    "unknown-money-label": (_text(read_money), "寄付額 300千円"),
    "not-an-amount": (values.read_amount, True),
    "two-periods": (_text(read_figure), "88%(R3)(R4)"),
    "bound-needs-one-value": (_text(read_figure), "小 88% 中 91%以上"),
    "vague-bound": (_text(read_figure), "88%強"),
    "words-not-kpi-name": (_named, "14年度までに観光客100万人"),
    "not-one-value": (_text(read_figure), "小 1% 中 2%→3%"),
    "change-disagrees": (_text(read_figure), "55.0%（41.2%→50.0%）"),
    "in-part": (_text(read_figure), "88%(R5年度数値)"),
    "arrow-between-values": (_text(read_figure), "→55.0%"),
    "more-than-one-change": (_text(read_figure), "1→2～3"),
    "wave-range": (_text(read_figure), "41.2%～55.0%"),
    "no-label": (_text(read_figure), "小 88% 91%"),
    "two-labels": (_text(read_figure), "小 88%(中) 中 91%"),
    "labels-in-a-row": (_text(read_figure), "小 中 88%"),
    "label-repeated": (_text(read_figure), "小 88% 小 91%"),
    "label-without-value": (_text(read_figure), "小 88% 中"),
    "one-labelled-value": (_text(read_figure), "小 88%"),
    "more-than-one-total": (_text(read_figure), "計 88% 合計 91% 小 5%"),
    "text-before-parts": (_text(split_numbered), "前①17件 ②80%"),
    "part-repeated": (_text(split_numbered), "①17件 ①80%"),
    "no-period": (_text(parse_period), ""),
    "not-a-period": (_text(parse_period), "ほげ"),
    "calendar-year": (_text(parse_period), "2023年"),
    "text-after-period": (_text(parse_period), "R4年度数値"),
    "era-left-out": (_text(parse_period), "18年度"),
    "unknown-short-year-rule": (_short_years("大正"), "18年度"),
    "years-disagree": (_text(parse_period), "令和5年度（2024年度）"),
    "before-showa": (_text(parse_period), "1926年11月"),
    "no-such-era-date": (_text(parse_period), "S64"),
    "era-out-of-range": (_text(parse_period), "平成32年3月"),
    "year-out-of-range": (_text(parse_period), "1800年度"),
    "no-month": (_text(parse_period), "2023年13月"),
    "no-day": (_text(parse_period), "2023年2月30日"),
    "number-not-point": (values.read_point, 5),
    "unknown-note": (_actual, "345（ほげ）"),
    "not-one-of": (values.read_status, "ほげ"),
    "new-mark": (values.read_new, "済"),
    "not-a-count": (values.read_projects, True),
    "not-one-count": (values.read_projects, "60件(R5)"),
    "count-unit": (values.read_projects, "5人"),
    "not-a-whole-count": (values.read_projects, "1.5"),
}
# Produced with a plan (a KPI's declared breakdown): below.
WITH_A_PLAN = {"undeclared-part"}


def test_every_reason_kind_is_produced_here() -> None:
    assert set(CASES) | WITH_A_PLAN == set(REASONS)


def _refusal(read: Reader, value: object) -> ParseError:
    with pytest.raises(ParseError) as caught:
        read(value)
    return caught.value


def _no_english(ja: str) -> list[str]:
    """English words left in a Japanese text, but the text found and examples (quoted
    「…」), the names KPI and FY, TRUE/FALSE and the rules 20xx/19xx."""
    ja = re.sub(r"「[^」]*」|\d+xx|KPI|FY|TRUE/FALSE", " ", ja)
    return _ENGLISH_WORD.findall(ja)


_CJK_RUN = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def _untranslated(en: str, ja: str, found: str) -> list[str]:
    """Japanese in an English text that is neither the text found (quoted) nor a word the
    Japanese wording uses as is: an era name, a word to write (年度, 新規, 備考), an example."""
    en = re.sub(r"'[^']*'", " ", en).replace(found, " ")
    return [run for run in _CJK_RUN.findall(en) if run not in ja]


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_reason_in_japanese_and_in_english(code: str) -> None:
    read, value = CASES[code]
    exc = _refusal(read, value)
    assert exc.why.code == code
    ja, en = exc.why.get("ja"), exc.why.get("en")
    assert ja and en and ja != en
    assert exc.reason == en  # the English text, as the parsers said it before
    assert _no_english(ja) == [], ja
    assert _untranslated(en, ja, exc.text) == [], en
    # The problem says it in the reader's language: the reason inside the message.
    assert ja in problem_message(exc.problem, "ja")
    assert en in problem_message(exc.problem, "en")


def test_a_label_without_a_value_in_both_languages() -> None:
    exc = _refusal(_text(read_figure), "小 88% 91%")
    assert problem_message(exc.problem, "ja") == (
        "「小 88% 91%」を数値として読み取れません（「91%」に区分名がありません"
        "（例: 小 88% 中 91%））。受け付ける書き方: 単位・時点付きの数値（1,234件、245 万人、"
        "88.1%(R3)）、内訳（小 88% 中 91%）、変化（41.2%→55.0%）"
    )
    assert problem_message(exc.problem, "en") == (
        "Cannot read '小 88% 91%' as a figure: the value '91%' has no label; accepted: "
        "a number with an optional unit and period: 1,234件, 245 万人, 88.1%(R3), "
        "or labelled values 小 88% 中 91%, or a change 41.2%→55.0%"
    )


def test_a_reason_inside_a_reason_is_worded_in_the_same_language() -> None:
    exc = _refusal(_text(read_figure), "88%(R5年度数値)")
    assert exc.why.get("ja") == "「R5年度数値」: 「R5年度」の後の「数値」は読み取れません"
    assert exc.why.get("en") == "'R5年度数値': unexpected text '数値' after 'R5年度'"


def test_the_span_of_an_era_is_worded_in_each_language() -> None:
    exc = _refusal(_text(parse_period), "S64")
    assert exc.why.get("ja").endswith("（昭和は1926-12-25から1989-01-07まで）")
    assert exc.why.get("en") == "no such date in 昭和, which ran from 1926-12-25 to 1989-01-07"


def test_a_date_before_showa_in_a_reply_says_so() -> None:
    exc = _refusal(values.read_point, date(1926, 12, 1))  # a date cell of 大正15年
    assert exc.why.code == "before-showa"
    assert "昭和（1926年12月25日）より前の日付です" in problem_message(exc.problem, "ja")


def test_an_undeclared_part_label(town: Plan) -> None:
    kpi = town.kpi("ict-teachers")
    assert kpi.breakdown is not None
    exc = _refusal(
        lambda v: kpi.breakdown.refuse_undeclared(Figure.read(str(v), None)), "小 80% 高 91%"
    )
    assert exc.why.code == "undeclared-part"
    assert exc.why.get("ja").startswith("内訳「高」はこのKPIの内訳として宣言されていません")
    assert _no_english(exc.why.get("ja")) == []
    assert "'高'" in exc.why.get("en")


def test_a_reason_takes_exactly_its_parameters() -> None:
    with pytest.raises(TypeError, match="no-label"):
        REASONS["no-label"]()
    with pytest.raises(TypeError, match="no-number"):
        REASONS["no-number"](value="1")

"""Why a text cannot be read: the parsers' reasons, each a kind with parameters and a
template in Japanese and in English.

A parser raises :class:`~shinchoku.japanese.errors.ParseError` with a :class:`Reason`;
the ``unparseable-value`` problem carries it as a :class:`~shinchoku.problems.Wording`,
so a Japanese page, CLI error or 照会 refusal says why in Japanese and ``--lang en`` in
English. Parameters are the text found (quoted 「…」 in Japanese, ``'…'`` in English),
numbers and names; a parameter that is itself a reason is worded in the same language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter

from shinchoku.problems import Wording

REASONS: dict[str, ReasonKind] = {}


@dataclass(frozen=True, slots=True)
class ReasonKind:
    """One kind of reason: a code and its templates (``str.format`` fields)."""

    code: str
    template: Wording
    fields: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        if self.code in REASONS:
            raise ValueError(f"reason {self.code!r} defined twice")
        names = {
            f.split("!")[0].split(":")[0]
            for text in (self.template.ja, self.template.en)
            for _, f, _, _ in Formatter().parse(text)
            if f
        }
        object.__setattr__(self, "fields", frozenset(names))
        REASONS[self.code] = self

    def __call__(self, **params: object) -> Reason:
        if set(params) != self.fields:
            raise TypeError(
                f"reason {self.code!r} takes {sorted(self.fields)}, got {sorted(params)}"
            )
        return Reason(self, params)


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason of one kind with its parameters."""

    kind: ReasonKind
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.kind.code

    def get(self, lang: str) -> str:
        args = {
            k: v.get(lang) if isinstance(v, Reason | Wording) else v for k, v in self.params.items()
        }
        return self.kind.template.get(lang).format(**args)

    @property
    def wording(self) -> Wording:
        return Wording(self.get("ja"), self.get("en"))

    def __str__(self) -> str:
        return self.get("en")


def _r(code: str, ja: str, en: str) -> ReasonKind:
    return ReasonKind(code, Wording(ja, en))


# -- no value, no number -------------------------------------------------------------
NO_VALUE = _r(
    "no-value",
    "値がありません（空欄または「ー」などの「なし」の印）",
    "no value (blank or a none marker)",
)
VALUE_REQUIRED = _r(
    "value-required",
    "値が必要です（ない場合は「ー」と書いてください）",
    "a value is required (「ー」 for none)",
)
NO_NUMBER = _r("no-number", "数字がありません", "no number")
NOT_FINITE = _r("not-finite", "有限の数ではありません", "not a finite number")
DATE_NOT_FIGURE = _r(
    "date-not-figure",
    "日付や TRUE/FALSE は数値ではありません",
    "a date or TRUE/FALSE is not a figure",
)

# -- characters and length ---------------------------------------------------------------
TOO_LONG = _r(
    "too-long",
    "{limit:,}文字を超えています（{length:,}文字）",
    "longer than {limit} characters ({length:,})",
)
CONTROL_CHARACTER = _r(
    "control-character",
    "{position}文字目に制御文字（U+{code}）があります",
    "control character U+{code} at position {position}",
)
UNEXPECTED_CHARACTER = _r(
    "unexpected-character", "「{char}」は読み取れない文字です", "unexpected character {char!r}"
)
DASH_NOT_MINUS = _r(
    "dash-not-minus",
    "「{sign}」はダッシュで、マイナス記号ではありません（−、- または △ と書いてください）",
    "{sign!r} is a dash, not a minus sign: write −, - or △",
)
SIGN_WITHOUT_DIGIT = _r(
    "sign-without-digit",
    "符号「{sign}」の後に数字がありません",
    "sign {sign!r} not before a digit",
)
UNBALANCED_BRACKETS = _r(
    "unbalanced-brackets",
    "「{text}」の括弧が対になっていません",
    "unbalanced brackets in {text!r}",
)

# -- numbers -------------------------------------------------------------------------------
NUMBER_TOO_LONG = _r("number-too-long", "数の桁が多すぎます", "number too long")
BADLY_GROUPED = _r(
    "badly-grouped",
    "「{near}」のあたりの桁区切り（,）の位置が正しくありません",
    "badly grouped number near {near!r}",
)
MORE_THAN_ONE_NUMBER = _r("more-than-one-number", "数が二つ以上あります", "more than one number")
TWO_NUMBERS = _r("two-numbers", "数が二つ並んでいます", "two numbers side by side")
MULTIPLIERS_OUT_OF_ORDER = _r(
    "multipliers-out-of-order",
    "位取り（十・百・千・万・億など）の順序が正しくありません",
    "multipliers out of order",
)
MULTIPLIER_WITHOUT_NUMBER = _r(
    "multiplier-without-number",
    "万・億などの前に数がありません",
    "a multiplier with no number before it",
)
DIGITS_DO_NOT_FIT = _r(
    "digits-do-not-fit",
    "万・億などの{where}の桁数が合いません",
    "digits do not fit {where}",
)

# -- units and money --------------------------------------------------------------------
UNKNOWN_UNIT = _r("unknown-unit", "「{unit}」は単位として読み取れません", "unknown unit {unit!r}")
BOUND_ONLY = _r(
    "bound-only",
    "「{suffix}」は範囲の端を示すだけで、値ではありません",
    "{suffix!r} gives only a bound, not a value",
)
NO_MONEY_UNIT = _r(
    "no-money-unit",
    "金額の単位（円、千円、万円、百万円、億円）がありません",
    "no unit (円, 千円, 万円, 百万円 or 億円)",
)
NOT_MONEY_UNIT = _r(
    "not-money-unit", "「{unit}」は金額の単位ではありません", "{unit!r} is not a unit of money"
)
APPROXIMATE_MONEY = _r(
    "approximate-money",
    "概数（約）は金額として使えません",
    "an approximate amount (約) is not an amount of money",
)
NOT_WHOLE_YEN = _r(
    "not-whole-yen", "1円未満の端数があります（{yen} 円）", "not a whole number of yen ({yen} 円)"
)
UNKNOWN_MONEY_LABEL = _r(
    "unknown-money-label",
    "金額の前の「{label}」は見出しとして読み取れません（使える見出し: {known}）",
    "unknown label {label!r} before the amount (known: {known})",
)
NOT_AN_AMOUNT = _r("not-an-amount", "金額ではありません", "not an amount")

# -- figures: periods, bounds, changes, labelled parts ------------------------------------
TWO_PERIODS = _r("two-periods", "一つの値に時点が二つあります", "two periods for one value")
BOUND_NEEDS_ONE_VALUE = _r(
    "bound-needs-one-value",
    "未満・以下・超・以上は一つの値にだけ付けられます",
    "a bound (未満, 以下, 超, 以上) needs one value",
)
VAGUE_BOUND = _r(
    "vague-bound",
    "「{mark}」（強・弱）は判定できる範囲ではありません。以上・超・以下・未満と書くか、"
    "値を書いてください",
    "「{mark}」 (a little more or less than) is not a bound the method can judge: "
    "write 以上, 超, 以下 or 未満, or give the value",
)
WORDS_NOT_KPI_NAME = _r(
    "words-not-kpi-name",
    "数値の前の「{words}」はKPIの名称ではありません",
    "the words {words!r} before the number are not the KPI's name",
)
NOT_ONE_VALUE = _r(
    "not-one-value", "「{text}」は一つの値ではありません", "{text!r} is not one value"
)
CHANGE_DISAGREES = _r(
    "change-disagrees",
    "値「{value}」と括弧内の変化「{change}」が一致しません",
    "the value {value!r} and the change in brackets {change!r} disagree",
)
IN_PART = _r("in-part", "「{part}」: {inner}", "{part!r}: {inner}")
ARROW_BETWEEN_VALUES = _r(
    "arrow-between-values",
    "「{arrow}」は二つの値の間に書いてください",
    "{arrow!r} must stand between two values",
)
MORE_THAN_ONE_CHANGE = _r(
    "more-than-one-change", "一つの欄に変化が二つ以上あります", "more than one change in a cell"
)
WAVE_RANGE = _r(
    "wave-range",
    "「～」は範囲とも読めます。変化は「→」で書くか、両側に時点を付けてください"
    "（「41.2%(R2)～55.0%(R5)」）",
    "「～」 may mean a range; write → for a change from one value to another, "
    "or give each side its period (「41.2%(R2)～55.0%(R5)」)",
)
NO_LABEL = _r(
    "no-label",
    "「{value}」に区分名がありません（例: 小 88% 中 91%）",
    "the value {value!r} has no label",
)
TWO_LABELS = _r("two-labels", "「{word}」に区分名が二つあります", "{word!r} has two labels")
LABELS_IN_A_ROW = _r(
    "labels-in-a-row",
    "区分名が続いています（「{first}」「{second}」）",
    "two labels in a row ({first!r}, {second!r})",
)
LABEL_REPEATED = _r(
    "label-repeated", "区分名「{label}」が二度あります", "label {label!r} appears twice"
)
LABEL_WITHOUT_VALUE = _r(
    "label-without-value",
    "区分名「{label}」の後に値がありません",
    "label {label!r} has no value after it",
)
ONE_LABELLED_VALUE = _r(
    "one-labelled-value",
    "区分付きの値が一つだけです。数値だけを書いてください",
    "one labelled value: write the number alone",
)
MORE_THAN_ONE_TOTAL = _r(
    "more-than-one-total",
    "合計（計・合計・全体・総数）が二つ以上あります",
    "more than one total (計, 合計, 全体, 総数)",
)
UNDECLARED_PART = _r(
    "undeclared-part",
    "内訳「{label}」はこのKPIの内訳として宣言されていません（宣言: {accepted}）",
    "part label {label!r} is not a declared breakdown value (accepted: {accepted})",
)
TEXT_BEFORE_PARTS = _r(
    "text-before-parts",
    "「{mark}」より前の文がどの項目にも属していません",
    "text before {mark!r} belongs to no part",
)
PART_REPEATED = _r("part-repeated", "項目「{mark}」が二度あります", "part {mark!r} appears twice")

# -- periods ---------------------------------------------------------------------------
NO_PERIOD = _r("no-period", "時点がありません", "no period")
NOT_A_PERIOD = _r(
    "not-a-period",
    "年度（R5年度、2023年度、FY2023）でも年月（R2.12、2024年3月）でもありません",
    "not a fiscal year (R5年度, 2023年度, FY2023) or month (R2.12, 2024年3月)",
)
CALENDAR_YEAR = _r(
    "calendar-year",
    "「年」だけでは暦年です。「年度」と書くか、月を書いてください",
    "年 without 度 is a calendar year; write 年度 or give a month",
)
TEXT_AFTER_PERIOD = _r(
    "text-after-period",
    "「{period}」の後の「{rest}」は読み取れません",
    "unexpected text {rest!r} after {period!r}",
)
ERA_LEFT_OUT = _r(
    "era-left-out",
    "「{text}」は元号が省略されています。設定「{setting}」（{rules}）でどの年か指定してください",
    "{text!r} leaves out the era: set {setting} ({rules}) to say which it means",
)
UNKNOWN_SHORT_YEAR_RULE = _r(
    "unknown-short-year-rule",
    "設定「{setting}」の「{rule}」は使えません（使えるもの: {rules}）",
    "{setting} {rule!r} is not one of {rules}",
)
YEARS_DISAGREE = _r(
    "years-disagree",
    "二つの年が一致しません（{first}と{second}）",
    "the two years disagree ({first} and {second})",
)
BEFORE_SHOWA = _r(
    "before-showa", "昭和（1926年12月25日）より前の日付です", "before 昭和 (1926-12-25)"
)
NO_SUCH_ERA_DATE = _r(
    "no-such-era-date",
    "{era}にその日付はありません（{era}は{span}）",
    "no such date in {era}, which ran {span}",
)
ERA_OUT_OF_RANGE = _r("era-out-of-range", "{era}{year}年はありません", "{era} has no year {year}")
YEAR_OUT_OF_RANGE = _r(
    "year-out-of-range",
    "{year}年は扱える範囲（{low}–{high}年）の外です",
    "year {year} is out of range ({low}–{high})",
)
NO_MONTH = _r("no-month", "{month}月はありません", "no month {month}")
NO_DAY = _r(
    "no-day", "{year}年{month}月に{day}日はありません", "no day {day} in {year}-{month:02d}"
)
NUMBER_NOT_POINT = _r(
    "number-not-point",
    "数値は時点ではありません（R6.3、R5年度末 のように書いてください）",
    "a number is not a point in time; write R6.3 or R5年度末",
)

# -- a reply's own fields: status, 新規, project count -------------------------------------
UNKNOWN_NOTE = _r(
    "unknown-note",
    "数値の後の「{comment}」は読み取れる注記（速報値、R4年度数値、※翌年度に数値確定）では"
    "ありません。その他の注記は備考欄に書いてください",
    "{comment!r} after the number is not a known note (速報値, R4年度数値, "
    "※翌年度に数値確定); write other comments in 備考",
)
NOT_ONE_OF = _r("not-one-of", "{accepted}のいずれでもありません", "not one of {accepted}")
NEW_MARK = _r("new-mark", "「新規」と書くか、空欄にしてください", "write 新規 or leave blank")
NOT_A_COUNT = _r("not-a-count", "件数ではありません", "not a count")
NOT_ONE_COUNT = _r("not-one-count", "一つの件数ではありません", "not one count")
COUNT_UNIT = _r(
    "count-unit", "単位「{unit}」は件・事業ではありません", "unit {unit!r} is not 件 or 事業"
)
NOT_A_WHOLE_COUNT = _r(
    "not-a-whole-count",
    "0以上の整数（概数でない件数）ではありません",
    "not a whole, exact, non-negative count",
)

"""Codes of input that cannot be read: dataset files, values, report options.

Each message names what was found and what would have been accepted; the place (file,
line, path in the document, or sheet and cell) is shown beside it by every renderer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shinchoku.problems import ProblemType, Severity, Wording

ERROR = Severity.ERROR

DATASET_NOT_FOUND = ProblemType(
    "dataset-not-found",
    ERROR,
    "Dataset folder or its plan.yaml not found",
    "The folder given to load or check does not exist or holds no plan.yaml.",
    "データセットが見つからない",
    Wording(
        "{what}が見つかりません。plan.yaml を含むデータセットのフォルダを指定してください。",
        "{what} not found. Give the folder of a dataset (one that holds plan.yaml).",
    ),
    status=404,
)
FILE_UNREADABLE = ProblemType(
    "file-unreadable",
    ERROR,
    "File cannot be read",
    "The file is not a regular file (a FIFO, a device or a folder) or cannot be opened.",
    "ファイルを読み込めない",
    Wording(
        "ファイルを読み込めません（{reason}）。何も読み込んでいません。",
        "The file cannot be read ({reason}); nothing was read.",
    ),
)
INVALID_ENCODING = ProblemType(
    "invalid-encoding",
    ERROR,
    "Text file in an unknown encoding",
    "A dataset file must be UTF-8; a survey CSV may be UTF-8 or Shift_JIS.",
    "文字コードを判別できない",
    Wording(
        "ファイルの文字コードが{expected}ではありません（{at}バイト目）。"
        "{expected}で保存し直してください。",
        "The file is not {expected} text (at byte {at}). Save it as {expected}.",
    ),
)
INVALID_YAML = ProblemType(
    "invalid-yaml",
    ERROR,
    "Not valid YAML",
    "The file cannot be parsed as YAML; the line and its text are shown.",
    "YAMLとして読み取れない",
    Wording(
        "YAMLとして読み取れません。この行の書き方（字下げ、コロン、引用符）を確認してください。",
        "Not valid YAML: {reason}. Check this line's indentation, colons and quotes.",
    ),
)
INVALID_VALUE = ProblemType(
    "invalid-value",
    ERROR,
    "Value not allowed here",
    "A value has the wrong type or breaks a rule of the plan model (the model's own "
    "message is given in English).",
    "値が正しくない",
    Wording("{rule}", "{rule}"),  # the rule broken, worded by the reader per language
    status=422,
)
MISSING_FIELD = ProblemType(
    "missing-field",
    ERROR,
    "Required field missing",
    "A field the plan model requires is absent.",
    "必須項目がない",
    Wording("必須の項目「{field}」がありません。", "The required field {field} is missing."),
    status=422,
)
UNKNOWN_FIELD = ProblemType(
    "unknown-field",
    ERROR,
    "Field the model does not know",
    "A field name that the plan model does not have (often a typing mistake).",
    "不明な項目",
    Wording(
        "項目名「{field}」はありません。綴りを確認してください。",
        "There is no field {field}. Check its spelling.",
    ),
    status=422,
)
DUPLICATE_ID = ProblemType(
    "duplicate-id",
    ERROR,
    "Id used twice",
    "Two KPIs, areas or measures share one id.",
    "IDの重複",
    Wording(
        "{what}のID「{found}」が重複しています。IDは一つずつ異なるものにしてください。",
        "The {what} id {found!s} is used twice. Give each its own id.",
    ),
    status=422,
)
UNKNOWN_REFERENCE = ProblemType(
    "unknown-reference",
    ERROR,
    "Reference to nothing",
    "A measure names a KPI or an org unit, or a KPI a measure, that the plan lacks.",
    "存在しないIDの参照",
    Wording(
        "{what}「{found}」は計画にありません。IDを確認してください。",
        "The plan has no {what} {found!s}. Check the id.",
    ),
    status=422,
)
UNPARSEABLE_VALUE = ProblemType(
    "unparseable-value",
    ERROR,
    "A value cannot be read",
    "Text that cannot be read as a figure, a quantity, a period or an amount of money "
    "(from a dataset file, a 照会 reply, the web form or the API); the message says what "
    "would have been accepted.",
    "値を読み取れない",
    Wording(
        "「{found}」を{kind}として読み取れません（{reason}）。{accepted}",
        "Cannot read {found!r} as {kind}: {reason}{accepted}",
    ),
    status=422,
)
INVALID_REPORT_OPTION = ProblemType(
    "invalid-report-option",
    ERROR,
    "Report option not known",
    "A report format or option that the report builder does not offer.",
    "報告書の指定が正しくない",
    Wording(
        "{what}「{found}」は指定できません。指定できるもの: {expected}",
        "{what} {found!r} is not offered; choose from: {expected}",
    ),
)
UNDECLARED_PART_LABEL = ProblemType(
    "undeclared-part-label",
    ERROR,
    "Part label is not a declared breakdown value",
    "A figure printed for a disaggregated KPI (on a headline card or in a main initiative) "
    "has a part whose label is not one of the values its breakdown declares, or a figure of "
    "a KPI that declares no breakdown has labelled parts (they are not judged). In a "
    "disaggregated KPI's own figures an undeclared label stops the load.",
    "宣言されていない内訳の区分",
    Wording(
        "{what}{figure}の内訳「{found}」は、このKPIの内訳として宣言されていません"
        "（宣言: {expected}）。区分の名称か、KPIの内訳の宣言を確認してください。",
        'The part "{found}" of the {what} {figure} is not a declared breakdown value of this '
        "KPI (declared: {expected}). Check the label or the KPI's breakdown.",
    ),
    status=422,
)

# -- the words of unparseable-value: what kind of text was expected, and what is accepted --
KINDS: dict[str, Wording] = {
    "a quantity": Wording("数量", "a quantity"),
    "a figure": Wording("数値", "a figure"),
    "a period": Wording("年度・時点", "a period"),
    "a point in time": Wording("時点", "a point in time"),
    "an amount of money": Wording("金額", "an amount of money"),
    "a project count": Wording("事業数", "a project count"),
    "a status": Wording("評価", "a status"),
    "numbered parts": Wording("番号付きの内訳", "numbered parts"),
    "the 新規 mark": Wording("新規の印", "the 新規 mark"),
}
ACCEPTED: dict[str, Wording] = {
    "a quantity": Wording(
        "受け付ける書き方: 単位付きの数値（1,234件、約5万人、96.7%、△12）",
        "a number with an optional unit: 1,234件, 約5万人, 96.7%, △12",
    ),
    "a figure": Wording(
        "受け付ける書き方: 単位・時点付きの数値（1,234件、245 万人、88.1%(R3)）、"
        "内訳（小 88% 中 91%）、変化（41.2%→55.0%）",
        "a number with an optional unit and period: 1,234件, 245 万人, 88.1%(R3), "
        "or labelled values 小 88% 中 91%, or a change 41.2%→55.0%",
    ),
    "a period": Wording(
        "受け付ける書き方: 年度（R5年度、令和元年度、2023年度、FY2023）"
        "または年月（R2.12、2024年3月）",
        "a fiscal year (R5年度, 令和元年度, 2023年度, FY2023) or a month (R2.12, 2024年3月)",
    ),
    "an amount of money": Wording(
        "受け付ける書き方: 金額の単位付きの額（2,022,951千円、1.5億円、決算額：300千円）",
        "an amount with a unit of money: 2,022,951千円, 1.5億円, 決算額：300千円",
    ),
}


# The rule a value breaks, in Japanese, by pydantic's error type (the English is pydantic's).
_RULES_JA = {
    "int_parsing": "整数で書いてください。",
    "int_type": "整数で書いてください。",
    "int_from_float": "整数で書いてください。",
    "float_parsing": "数値で書いてください。",
    "float_type": "数値で書いてください。",
    "decimal_parsing": "数値で書いてください。",
    "decimal_type": "数値で書いてください。",
    "bool_parsing": "true か false で書いてください。",
    "bool_type": "true か false で書いてください。",
    "string_type": "文字列で書いてください。",
    "list_type": "リスト（「- 」で始まる行）で書いてください。",
    "dict_type": "「名前: 値」の組で書いてください。",
    "model_type": "「名前: 値」の組で書いてください。",
    "model_attributes_type": "「名前: 値」の組で書いてください。",
    "string_pattern_mismatch": "書き方が決まり（{pattern}）に合いません。",
    "string_too_short": "短すぎます。",
    "string_too_long": "長すぎます。",
    "greater_than": "{gt}より大きい値にしてください。",
    "greater_than_equal": "{ge}以上の値にしてください。",
    "less_than": "{lt}より小さい値にしてください。",
    "less_than_equal": "{le}以下の値にしてください。",
    "enum": "次のいずれかで書いてください: {expected}",
    "literal_error": "次のいずれかで書いてください: {expected}",
    "date_from_datetime_parsing": "日付（YYYY-MM-DD）で書いてください。",
    "date_parsing": "日付（YYYY-MM-DD）で書いてください。",
}


def pydantic_rule(kind: str, ctx: Mapping[str, Any], shown: str | None, message: str) -> Wording:
    """The ``rule`` of ``invalid-value`` for a pydantic error of type ``kind``: Japanese
    from the type and its context, English as pydantic says it."""
    template = _RULES_JA.get(kind, "この値は使えません。")
    try:
        rule = template.format(**{k: str(v) for k, v in ctx.items()})
    except (KeyError, IndexError):
        rule = template.split("{")[0].rstrip("（：: ") + "。"
    return Wording(f"「{shown}」は使えません。{rule}" if shown is not None else rule, message)

"""The problem codes of indicator sets and survey imports (docs/compare.md lists them)."""

from __future__ import annotations

from shinchoku.orgs.problems import ORG_CODE_AMBIGUOUS, ORG_CODE_INVALID, ORG_UNKNOWN
from shinchoku.problems import ProblemType, Severity
from shinchoku.problems.input import INVALID_ENCODING

SURVEY_ENCODING = INVALID_ENCODING  # the dataset reader's code too

SURVEY_INDICATOR_UNKNOWN = ProblemType(
    "survey-indicator-unknown",
    Severity.ERROR,
    "The indicator set has no such indicator",
    "",
    "指標セットにない指標",
)
SURVEY_INDICATOR_COMPUTED = ProblemType(
    "survey-indicator-computed",
    Severity.ERROR,
    "A ratio indicator is computed, not reported",
    "",
    "算出される指標（回答不要）",
)
SURVEY_YES_NO = ProblemType(
    "survey-yes-no",
    Severity.ERROR,
    "A yes/no indicator's answer is not yes, no or blank",
    "",
    "有無の指標の回答が有・無・空欄でない",
)
SURVEY_UNIT_MISMATCH = ProblemType(
    "survey-unit-mismatch",
    Severity.ERROR,
    "The value's unit is not the indicator's",
    "",
    "指標の単位と異なる値",
)
SURVEY_NOT_ONE_NUMBER = ProblemType(
    "survey-not-one-number",
    Severity.ERROR,
    "The value holds labelled parts but no total: a common indicator takes one number",
    "",
    "一つの数値でない値",
)
SURVEY_NAME_MISMATCH = ProblemType(
    "survey-name-mismatch",
    Severity.ERROR,
    "The 団体名 is not the name of the 団体コード's organisation (a shifted row?)",
    "",
    "団体名と団体コードの不一致",
)
SURVEY_DUPLICATE = ProblemType(
    "survey-duplicate",
    Severity.ERROR,
    "Two rows give the same organisation's figure for one indicator and year",
    "",
    "同じ団体・指標・年度の行が2つある",
)
TOO_MANY_PROBLEMS = ProblemType(
    "survey-too-many-problems",
    Severity.ERROR,
    "More problems than are listed",
    "",
    "表示しきれない数の問題",
)

INDICATOR_HAS_FIGURES = ProblemType(
    "indicator-has-figures",
    Severity.ERROR,
    "An indicator with figures cannot be dropped from its set",
    "",
    "値のある指標は削除できない",
    status=409,
)
INDICATOR_SET_NOT_FOUND = ProblemType(
    "indicator-set-not-found",
    Severity.ERROR,
    "No such indicator set in the database",
    "",
    "指標セットがない",
    status=404,
)
COMPARE_NOT_FOUND = ProblemType(
    "compare-not-found",
    Severity.ERROR,
    "No such indicator, prefecture or figures to compare",
    "",
    "比較する指標・団体・値がない",
    status=404,
)
COMPARE_NO_BOUNDARIES = ProblemType(
    "compare-no-boundaries",
    Severity.ERROR,
    "No municipal boundaries are shipped for the prefecture: its map cannot be drawn",
    "",
    "市区町村の境界データがなく地図を描けない都道府県",
    status=404,
)

SURVEY_COLUMN_MISSING = ProblemType(
    "survey-column-missing",
    Severity.ERROR,
    "The header row lacks a required column (団体コード, 年度, 指標, 値)",
    "",
    "必要な列がない",
)
SURVEY_EMPTY = ProblemType(
    "survey-empty", Severity.ERROR, "The survey file is empty", "", "空の調査ファイル"
)
SURVEY_SHEET_MISSING = ProblemType(
    "survey-sheet-missing",
    Severity.ERROR,
    "The workbook has no such sheet",
    "",
    "指定のシートがない",
)
INQUIRY_WRONG_SET = ProblemType(
    "inquiry-wrong-set",
    Severity.ERROR,
    "The 照会 form belongs to another indicator set",
    "",
    "別の指標セットの照会様式",
)
INQUIRY_WRONG_ORGANISATION = ProblemType(
    "inquiry-wrong-organisation",
    Severity.ERROR,
    "The 照会 form (or a row of it) is not of a municipality of the prefecture asked",
    "",
    "照会先の市区町村でない団体の様式（または行）",
)
INQUIRY_NO_REPLIES = ProblemType(
    "inquiry-no-replies",
    Severity.ERROR,
    "No reply workbooks were given or found",
    "",
    "回答ファイルがない",
)

CATALOGUE: dict[str, ProblemType] = {
    p.code: p
    for p in (
        ORG_CODE_AMBIGUOUS,
        ORG_CODE_INVALID,
        ORG_UNKNOWN,
        SURVEY_INDICATOR_UNKNOWN,
        SURVEY_INDICATOR_COMPUTED,
        SURVEY_YES_NO,
        SURVEY_UNIT_MISMATCH,
        SURVEY_NAME_MISMATCH,
        SURVEY_NOT_ONE_NUMBER,
        SURVEY_DUPLICATE,
        TOO_MANY_PROBLEMS,
        INDICATOR_HAS_FIGURES,
        INDICATOR_SET_NOT_FOUND,
        COMPARE_NOT_FOUND,
        COMPARE_NO_BOUNDARIES,
        SURVEY_COLUMN_MISSING,
        SURVEY_EMPTY,
        SURVEY_SHEET_MISSING,
        SURVEY_ENCODING,
        INQUIRY_WRONG_SET,
        INQUIRY_WRONG_ORGANISATION,
        INQUIRY_NO_REPLIES,
    )
}

"""The catalogue of 照会 problem codes: refusals (errors) and findings (warnings).

Every problem the inquiry package reports is made here, so the docs page can list
them all (``docs/inquiry.md`` is checked against :data:`CODES` by the tests).
"""

from __future__ import annotations

from shinchoku.audit.catalogue import UNIT_MISMATCH as UNIT_MISMATCH
from shinchoku.problems import ProblemType, Severity
from shinchoku.problems.input import UNPARSEABLE_VALUE as UNPARSEABLE_VALUE
from shinchoku.problems.store import YEAR_PUBLISHED as YEAR_PUBLISHED

Code = ProblemType

CODES: dict[str, Code] = {
    t.code: t for t in (UNIT_MISMATCH, UNPARSEABLE_VALUE, YEAR_PUBLISHED)
}  # shared with the audit and the store


def _code(code: str, severity: Severity, title: str, title_ja: str) -> Code:
    CODES[code] = c = Code(code, severity, title, "", title_ja)
    return c


ERROR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# -- the file itself ----------------------------------------------------------------------
FILE_NOT_FOUND = _code("file-not-found", ERROR, "No such file", "ファイルが見つからない")
FILE_TOO_LARGE = _code(
    "file-too-large", ERROR, "File is over the size limit", "ファイルが大きすぎる"
)
NOT_A_REGULAR_FILE = _code(
    "not-a-regular-file", ERROR, "A FIFO, device or folder, not a file", "通常のファイルでない"
)
SHEET_TOO_LARGE = _code(
    "sheet-too-large",
    ERROR,
    "A sheet spans more rows or columns than allowed",
    "シートの行・列が多すぎる",
)
NOT_A_WORKBOOK = _code(
    "not-a-workbook", ERROR, "Not an Excel workbook (.xlsx)", "Excelブック（.xlsx）でない"
)
MACRO_WORKBOOK = _code("macro-workbook", ERROR, "Workbook contains macros", "マクロを含むブック")
ZIP_BOMB = _code(
    "zip-bomb", ERROR, "Compressed content too large or too compressed", "圧縮内容が大きすぎる"
)
XML_ENTITIES = _code(
    "xml-entities", ERROR, "XML with a DTD or entity declarations", "DTD・実体宣言を含むXML"
)
CORRUPT_WORKBOOK = _code(
    "corrupt-workbook", ERROR, "Workbook cannot be read", "ブックを読み取れない"
)

# -- the form -----------------------------------------------------------------------------
NOT_AN_INQUIRY_FORM = _code(
    "not-an-inquiry-form", ERROR, "Workbook is not a shinchoku form", "照会様式でないブック"
)
FORM_VERSION_UNSUPPORTED = _code(
    "form-version-unsupported", ERROR, "Form made by a newer version", "新しい版で作られた様式"
)
WRONG_PLAN = _code("wrong-plan", ERROR, "Form belongs to another plan", "別の計画の様式")
WRONG_YEAR = _code("wrong-year", ERROR, "Form is for another fiscal year", "別の年度の様式")
PLAN_CHANGED = _code(
    "plan-changed", ERROR, "Figures were saved while collecting", "回収中に値が保存された"
)
UNKNOWN_FORM = _code(
    "unknown-form", ERROR, "Form names an org unit the plan lacks", "計画にない所属の様式"
)
FINGERPRINT_MISMATCH = _code(
    "fingerprint-mismatch", ERROR, "Form fingerprint does not match", "様式の識別情報の不一致"
)
KEYS_ALTERED = _code(
    "keys-altered", ERROR, "Hidden key columns were changed", "非表示のキー列が変更された"
)
SIGNATURE_MISMATCH = _code(
    "signature-mismatch",
    ERROR,
    "Form keys not signed by this installation (re-keyed)",
    "この環境で署名されていない様式",
)
NOTHING_TO_ASK = _code(
    "nothing-to-ask", ERROR, "The plan has nothing the year's forms can ask", "照会する項目がない"
)
NOT_OWNED = _code(
    "not-owned", ERROR, "Row addresses what the form's division does not own", "担当外の行"
)
SHEET_MISSING = _code(
    "sheet-missing", ERROR, "An input sheet of the form is missing", "入力シートがない"
)
SHEET_DUPLICATED = _code(
    "sheet-duplicated", ERROR, "An input sheet appears twice", "入力シートの重複"
)
COLUMN_MISSING = _code("column-missing", ERROR, "A column of the form is missing", "様式の列がない")
STALE_FORM = _code(
    "stale-form",
    ERROR,
    "Form refers to a measure or KPI the plan no longer has",
    "計画にない施策・KPIを含む様式",
)
DUPLICATE_REPLY = _code(
    "duplicate-reply", ERROR, "Two different replies for one form", "同じ様式に異なる回答が2つある"
)
CONFLICTING_REPLIES = _code(
    "conflicting-replies", ERROR, "Two replies give one figure differently", "回答間で値が食い違う"
)

# -- values -------------------------------------------------------------------------------
UNKNOWN_NOTE = _code(
    "unknown-note", ERROR, "Text after a number is not a known note", "数値の後の注記を読み取れない"
)
UNKNOWN_STATUS = _code(
    "unknown-status",
    ERROR,
    "Status is not a label of the plan's grading scheme",
    "評価区分にない記載",
)

# -- findings: reported, never a refusal. The audit's own findings that a reply brings
# about (e.g. declared-status-mismatch) are reported too, under their audit code, as
# warnings. -------------------------------------------------------------------------------
PERCENT_AS_FRACTION = _code(
    "percent-as-fraction",
    WARN,
    "A percentage looks typed as a fraction",
    "割合が小数で入力された疑い",
)
VALUE_IMPLAUSIBLE = _code(
    "value-implausible",
    WARN,
    "Value far outside the KPI's history",
    "これまでの推移から大きく外れた値",
)
CUMULATIVE_DECREASE = _code(
    "cumulative-decrease", WARN, "A cumulative figure went down", "累計値の減少"
)
MOVED_AWAY = _code(
    "moved-away-from-target", INFO, "Figure moved away from the target", "目標から遠ざかった値"
)
BLANK_KEEPS_STORED = _code(
    "blank-keeps-stored",
    WARN,
    "A cleared cell keeps the stored value",
    "空欄にした値は保存値のまま",
)
REMARKS_WITHOUT_VALUE = _code(
    "remarks-without-value", WARN, "時点 or 備考 given without a value", "値のない時点・備考"
)
EXTRA_CONTENT_IGNORED = _code(
    "extra-content-ignored", WARN, "Text outside the form's cells", "様式の欄外の記載"
)
CHANGED_SINCE_SENT = _code(
    "changed-since-sent",
    WARN,
    "Stored figure changed after the form",
    "様式作成後に保存値が変わった",
)
FORM_SUPERSEDED = _code(
    "form-superseded", WARN, "Forms were made again after this one", "この後に様式が作り直された"
)
ALREADY_COLLECTED = _code("already-collected", INFO, "Reply was collected before", "回収済みの回答")

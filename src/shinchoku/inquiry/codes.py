"""The catalogue of 照会 problem codes: refusals (errors) and findings (warnings).

Every problem the inquiry package reports is made here, so the docs page can list
them all (``docs/inquiry.md`` is checked against :data:`CODES` by the tests).
"""

from __future__ import annotations

from shinchoku.problems import ProblemType, Severity

Code = ProblemType

CODES: dict[str, Code] = {}


def _code(code: str, severity: Severity, title: str) -> Code:
    CODES[code] = c = Code(code, severity, title)
    return c


ERROR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# -- the file itself ----------------------------------------------------------------------
FILE_NOT_FOUND = _code("file-not-found", ERROR, "No such file")
FILE_TOO_LARGE = _code("file-too-large", ERROR, "File is over the size limit")
NOT_A_REGULAR_FILE = _code("not-a-regular-file", ERROR, "A FIFO, device or folder, not a file")
SHEET_TOO_LARGE = _code("sheet-too-large", ERROR, "A sheet spans more rows or columns than allowed")
NOT_A_WORKBOOK = _code("not-a-workbook", ERROR, "Not an Excel workbook (.xlsx)")
MACRO_WORKBOOK = _code("macro-workbook", ERROR, "Workbook contains macros")
ZIP_BOMB = _code("zip-bomb", ERROR, "Compressed content too large or too compressed")
XML_ENTITIES = _code("xml-entities", ERROR, "XML with a DTD or entity declarations")
CORRUPT_WORKBOOK = _code("corrupt-workbook", ERROR, "Workbook cannot be read")

# -- the form -----------------------------------------------------------------------------
NOT_AN_INQUIRY_FORM = _code("not-an-inquiry-form", ERROR, "Workbook is not a shinchoku form")
FORM_VERSION_UNSUPPORTED = _code("form-version-unsupported", ERROR, "Form made by a newer version")
WRONG_PLAN = _code("wrong-plan", ERROR, "Form belongs to another plan")
WRONG_YEAR = _code("wrong-year", ERROR, "Form is for another fiscal year")
YEAR_PUBLISHED = _code("year-published", ERROR, "The year is published and locked")
PLAN_CHANGED = _code("plan-changed", ERROR, "Figures were saved while collecting")
UNKNOWN_FORM = _code("unknown-form", ERROR, "Form names an org unit the plan lacks")
FINGERPRINT_MISMATCH = _code("fingerprint-mismatch", ERROR, "Form fingerprint does not match")
KEYS_ALTERED = _code("keys-altered", ERROR, "Hidden key columns were changed")
SIGNATURE_MISMATCH = _code(
    "signature-mismatch", ERROR, "Form keys not signed by this installation (re-keyed)"
)
NOTHING_TO_ASK = _code("nothing-to-ask", ERROR, "The plan has nothing the year's forms can ask")
NOT_OWNED = _code("not-owned", ERROR, "Row addresses what the form's division does not own")
SHEET_MISSING = _code("sheet-missing", ERROR, "An input sheet of the form is missing")
SHEET_DUPLICATED = _code("sheet-duplicated", ERROR, "An input sheet appears twice")
COLUMN_MISSING = _code("column-missing", ERROR, "A column of the form is missing")
STALE_FORM = _code("stale-form", ERROR, "Form refers to a measure or KPI the plan no longer has")
DUPLICATE_REPLY = _code("duplicate-reply", ERROR, "Two different replies for one form")
CONFLICTING_REPLIES = _code("conflicting-replies", ERROR, "Two replies give one figure differently")

# -- values -------------------------------------------------------------------------------
UNPARSEABLE_VALUE = _code("unparseable-value", ERROR, "A value cannot be read")
UNKNOWN_NOTE = _code("unknown-note", ERROR, "Text after a number is not a known note")
UNKNOWN_STATUS = _code(
    "unknown-status", ERROR, "Status is not a label of the plan's grading scheme"
)

# -- findings: reported, never a refusal. The audit's own findings that a reply brings
# about (e.g. declared-status-mismatch) are reported too, under their audit code, as
# warnings. -------------------------------------------------------------------------------
UNIT_MISMATCH = _code("unit-mismatch", WARN, "Unit differs from the KPI's unit")
PERCENT_AS_FRACTION = _code("percent-as-fraction", WARN, "A percentage looks typed as a fraction")
VALUE_IMPLAUSIBLE = _code("value-implausible", WARN, "Value far outside the KPI's history")
CUMULATIVE_DECREASE = _code("cumulative-decrease", WARN, "A cumulative figure went down")
MOVED_AWAY = _code("moved-away-from-target", INFO, "Figure moved away from the target")
BLANK_KEEPS_STORED = _code("blank-keeps-stored", WARN, "A cleared cell keeps the stored value")
REMARKS_WITHOUT_VALUE = _code("remarks-without-value", WARN, "時点 or 備考 given without a value")
EXTRA_CONTENT_IGNORED = _code("extra-content-ignored", WARN, "Text outside the form's cells")
CHANGED_SINCE_SENT = _code("changed-since-sent", WARN, "Stored figure changed after the form")
FORM_SUPERSEDED = _code("form-superseded", WARN, "Forms were made again after this one")
ALREADY_COLLECTED = _code("already-collected", INFO, "Reply was collected before")

"""The catalogue of 照会 problem codes: refusals (errors) and findings (warnings).

Every problem the inquiry package reports is made here, so the docs page can list
them all (``docs/inquiry.md`` is checked against :data:`CODES` by the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.problems import Place, Problem, Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    title: str

    def __call__(
        self,
        place: Place,
        message: str,
        found: object = None,
        expected: object = None,
        severity: Severity | None = None,
    ) -> Problem:
        return Problem(
            code=self.code,
            severity=severity or self.severity,
            message=message,
            place=place,
            found=None if found is None else str(found),
            expected=None if expected is None else str(expected),
        )


CODES: dict[str, Code] = {}


def _code(code: str, severity: Severity, title: str) -> Code:
    CODES[code] = c = Code(code, severity, title)
    return c


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# -- the file itself ----------------------------------------------------------------------
FILE_NOT_FOUND = _code("file-not-found", E, "No such file")
FILE_TOO_LARGE = _code("file-too-large", E, "File is over the size limit")
NOT_A_WORKBOOK = _code("not-a-workbook", E, "Not an Excel workbook (.xlsx)")
MACRO_WORKBOOK = _code("macro-workbook", E, "Workbook contains macros")
ZIP_BOMB = _code("zip-bomb", E, "Compressed content too large or too compressed")
XML_ENTITIES = _code("xml-entities", E, "XML with a DTD or entity declarations")
CORRUPT_WORKBOOK = _code("corrupt-workbook", E, "Workbook cannot be read")

# -- the form -----------------------------------------------------------------------------
NOT_AN_INQUIRY_FORM = _code("not-an-inquiry-form", E, "Workbook is not a shinchoku form")
FORM_VERSION_UNSUPPORTED = _code("form-version-unsupported", E, "Form made by a newer version")
WRONG_PLAN = _code("wrong-plan", E, "Form belongs to another plan")
WRONG_YEAR = _code("wrong-year", E, "Form is for another fiscal year")
UNKNOWN_FORM = _code("unknown-form", E, "Form names an org unit the plan lacks")
FINGERPRINT_MISMATCH = _code("fingerprint-mismatch", E, "Form fingerprint does not match")
KEYS_ALTERED = _code("keys-altered", E, "Hidden key columns were changed")
SHEET_MISSING = _code("sheet-missing", E, "An input sheet of the form is missing")
SHEET_DUPLICATED = _code("sheet-duplicated", E, "An input sheet appears twice")
COLUMN_MISSING = _code("column-missing", E, "A column of the form is missing")
STALE_FORM = _code("stale-form", E, "Form refers to a measure or KPI the plan no longer has")
DUPLICATE_REPLY = _code("duplicate-reply", E, "Two different replies for one form")
CONFLICTING_REPLIES = _code("conflicting-replies", E, "Two replies give one figure differently")

# -- values -------------------------------------------------------------------------------
UNPARSEABLE_VALUE = _code("unparseable-value", E, "A value cannot be read")
UNKNOWN_NOTE = _code("unknown-note", E, "Text after a number is not a known note")
UNKNOWN_STATUS = _code("unknown-status", E, "Status is not 達成 / 一部達成 / 未達成")

# -- findings: reported, never a refusal. The audit's own findings that a reply brings
# about (e.g. declared-status-mismatch) are reported too, under their audit code, as
# warnings. -------------------------------------------------------------------------------
UNIT_MISMATCH = _code("unit-mismatch", W, "Unit differs from the KPI's unit")
PERCENT_AS_FRACTION = _code("percent-as-fraction", W, "A percentage looks typed as a fraction")
VALUE_IMPLAUSIBLE = _code("value-implausible", W, "Value far outside the KPI's history")
CUMULATIVE_DECREASE = _code("cumulative-decrease", W, "A cumulative figure went down")
MOVED_AWAY = _code("moved-away-from-target", I, "Figure moved away from the target")
BLANK_KEEPS_STORED = _code("blank-keeps-stored", W, "A cleared cell keeps the stored value")
REMARKS_WITHOUT_VALUE = _code("remarks-without-value", W, "時点 or 備考 given without a value")
EXTRA_CONTENT_IGNORED = _code("extra-content-ignored", W, "Text outside the form's cells")
CHANGED_SINCE_SENT = _code("changed-since-sent", W, "Stored figure changed after the form")
FORM_SUPERSEDED = _code("form-superseded", W, "Forms were made again after this one")
ALREADY_COLLECTED = _code("already-collected", I, "Reply was collected before")

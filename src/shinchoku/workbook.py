"""XLSX archives that are the same bytes every time: every entry has one fixed date and
fixed permissions (:func:`zip_entry`, used by the report's own SpreadsheetML writer), and
an openpyxl workbook (the 照会 forms) — whose own save stamps the clock — is rewritten so."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl is imported only to save a form: the report never needs it
    from openpyxl import Workbook  # type: ignore[import-untyped]

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as an XLSX file, byte for byte the same for the same workbook."""
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not save_workbook: it stamps the clock time
    return fixed_zip(raw.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated :data:`ZIP_DATE`, mode 0600, deflated."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(zip_entry(info.filename), src.read(info.filename))
    return out.getvalue()


def zip_entry(name: str) -> zipfile.ZipInfo:
    """An archive entry dated :data:`ZIP_DATE`, mode 0600, deflated: the same every time."""
    entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o600 << 16
    return entry

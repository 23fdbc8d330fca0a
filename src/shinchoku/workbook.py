"""Saving an openpyxl workbook as the same bytes every time (the report's XLSX, the 照会
forms): openpyxl's own save stamps the clock on every zip entry, so the archive is
rewritten with one fixed date and fixed permissions."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as an XLSX file, byte for byte the same for the same workbook."""
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
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()

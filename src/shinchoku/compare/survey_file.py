"""Reading a survey file row by row: CSV (UTF-8 or Shift_JIS) or XLSX, streamed.

A survey file has a header row and one row per organisation × indicator × year, the
shape national surveys publish. Columns are found by their header, in Japanese or in
English; other columns are ignored.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from shinchoku.compare.problems import (
    SURVEY_COLUMN_MISSING,
    SURVEY_EMPTY,
    SURVEY_ENCODING,
    SURVEY_SHEET_MISSING,
)
from shinchoku.japanese import normalise
from shinchoku.problems import Place, ShinchokuError, Wording

# Column → the headers that name it (compared after NFKC and lower-casing).
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("団体コード", "全国地方公共団体コード", "code", "org_code"),
    "name": ("団体名", "name", "org_name"),
    "year": ("年度", "year", "fiscal_year"),
    "indicator": ("指標", "指標id", "indicator", "indicator_id"),
    "value": ("値", "回答", "value"),
}
REQUIRED = ("code", "year", "indicator", "value")


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    ref: str | None  # XLSX cell reference, e.g. "E12"


@dataclass(frozen=True, slots=True)
class SurveyLine:
    line: int  # 1-based row of the file (the header is row 1 of a plain file)
    cells: dict[str, Cell]
    sheet: str | None = None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _header_map(header: list[str], file: str, line: int, sheet: str | None) -> dict[str, int]:
    found: dict[str, int] = {}
    names = {normalise(h).strip().lower(): i for i, h in enumerate(header) if h}
    for column, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                found[column] = names[alias]
                break
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        wanted = ", ".join(COLUMNS[c][0] for c in missing)
        raise ShinchokuError(
            SURVEY_COLUMN_MISSING(
                Place(file=file, sheet=sheet, line=line),
                f"the header row lacks the column(s) {wanted}",
                found=" | ".join(header),
                expected=" | ".join(COLUMNS[c][0] for c in REQUIRED),
            )
        )
    return found


def cell_text(value: Any) -> str:
    """A spreadsheet value as text: integers without ``.0``, no float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        d = Decimal(repr(value))
        return str(d.quantize(Decimal(1))) if d == d.to_integral_value() else str(d)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _sniff_encoding(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(65536)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the block's end
            return "cp932"
    return "utf-8-sig"


def read_lines(path: Path, sheet: str | None = None) -> Iterator[SurveyLine]:
    """The data rows of a survey file, one at a time (bounded memory)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from _xlsx_lines(path, sheet)
    else:
        yield from _csv_lines(path)


def _csv_lines(path: Path) -> Iterator[SurveyLine]:
    encoding = _sniff_encoding(path)
    with path.open(encoding=encoding, newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            raise ShinchokuError(SURVEY_EMPTY(Place(file=path.name), "the file is empty"))
        columns = _header_map(header, path.name, 1, None)
        try:
            for row in reader:
                if not any(c.strip() for c in row):
                    continue
                cells = {
                    name: Cell(row[i] if i < len(row) else "", None) for name, i in columns.items()
                }
                yield SurveyLine(reader.line_num, cells)
        except UnicodeDecodeError as exc:
            raise ShinchokuError(
                SURVEY_ENCODING(
                    Place(file=path.name, line=reader.line_num + 1),
                    f"the file is neither UTF-8 nor Shift_JIS text ({exc.reason})",
                    expected=Wording("UTF-8・シフトJIS", "UTF-8 or Shift_JIS"),
                    at=exc.start,
                )
            ) from exc


def _xlsx_lines(path: Path, sheet: str | None) -> Iterator[SurveyLine]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise ShinchokuError(
                SURVEY_SHEET_MISSING(
                    Place(file=path.name),
                    f"the workbook has no sheet {sheet!r}",
                    found=sheet,
                    expected=", ".join(wb.sheetnames),
                )
            )
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        columns: dict[str, int] | None = None
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            texts = [cell_text(v) for v in row]
            if not any(t.strip() for t in texts):
                continue
            if columns is None:
                columns = _header_map(texts, path.name, number, ws.title)
                continue
            cells = {
                name: Cell(texts[i] if i < len(texts) else "", f"{_column_letter(i)}{number}")
                for name, i in columns.items()
            }
            yield SurveyLine(number, cells, ws.title)
    finally:
        wb.close()

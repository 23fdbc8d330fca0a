"""Rendering a :class:`~shinchoku.inquiry.forms.FormSpec` as an XLSX file, byte for byte
the same every time.

The cover sheet says what, for when, by when and how; each input sheet is protected
(without a password) except its yellow input cells, which carry data validation and an
input prompt; the key columns and the field row are hidden; the ``_meta`` sheet is very
hidden. openpyxl stamps the time into the document properties and the zip entries, so
both are fixed here.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import Cell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side  # type: ignore[import-untyped]
from openpyxl.workbook.protection import WorkbookProtection  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from shinchoku.inquiry.forms import ColumnSpec, FormSpec, RowSpec, SheetSpec
from shinchoku.inquiry.layout import (
    FIELD_MARK,
    FORMAT_VERSION,
    MARKER,
    META_SHEET,
    NEW_MARK,
    OFFICE,
    STATUSES,
    date_label,
    year_label,
)
from shinchoku.japanese.text import display_width
from shinchoku.workbook import workbook_bytes

FIXED_TIME = datetime(2000, 1, 1)  # document properties: no timestamps in the file

FONT_NAME = "ＭＳ Ｐゴシック"
BASE = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
HEADING = Font(name=FONT_NAME, size=12, bold=True)
SMALL = Font(name=FONT_NAME, size=8, color="808080")
MUTED = Font(name=FONT_NAME, size=9, italic=True, color="595959")

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # yellow: type here
SHOW_FILL = PatternFill("solid", fgColor="F2F2F2")  # grey: for reference
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_HEADER_FILL = PatternFill("solid", fgColor="FFE699")
LOCKED_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_TOP_RIGHT = Alignment(wrap_text=True, vertical="top", horizontal="right")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
UNLOCKED = Protection(locked=False)

# Rows of an input sheet (1-based): heading, form, two notes, hidden field row, header.
HEADING_ROW, FORM_ROW, NOTE_ROW, FIELD_ROW, HEADER_ROW = 1, 2, 3, 5, 6
FIRST_DATA_ROW = 7
LINE_HEIGHT = 13.5  # points per line of 10 pt text


def render(spec: FormSpec, deadline: date | None = None, contact: str | None = None) -> bytes:
    """The form as XLSX bytes."""
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    _cover(cover, spec, deadline, contact)
    for sheet in spec.sheets:
        _input_sheet(wb.create_sheet(sheet.title), spec, sheet)
    _meta(wb.create_sheet(META_SHEET), spec)
    return sealed(wb, f"{spec.plan_name} {year_label(spec.year)} 照会（{spec.label}）")


def sealed(wb: Workbook, title: str) -> bytes:
    """A 照会 workbook's bytes: its sheets locked in place, its properties free of
    timestamps, the same bytes every time (the plan's forms and the municipal survey's)."""
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.creator = "shinchoku"
    wb.properties.title = title
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.lastModifiedBy = "shinchoku"
    return workbook_bytes(wb)


# -- cover ---------------------------------------------------------------------------------


def _cover(ws: Worksheet, spec: FormSpec, deadline: date | None, contact: str | None) -> None:
    ws.title = "表紙"
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 3
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["C"].width = 80
    _put(ws, 2, 2, f"{year_label(spec.year)}「{spec.plan_name}」進捗状況照会", TITLE)
    rows = [
        (
            "回答所属",
            spec.label if spec.form != OFFICE else f"{spec.label}（事業数・金額・主要取組）",
        ),
        ("対象年度", f"{year_label(spec.year)}の実績"),
        ("回答期限", date_label(deadline) if deadline else "別途通知のとおり"),
        ("照会元・問合せ先", contact or "別途通知のとおり"),
    ]
    r = 4
    for label, value in rows:
        _put(ws, r, 2, label, BOLD, fill=HEADER_FILL, border=BOX)
        _put(ws, r, 3, value, BASE, border=BOX)
        ws.row_dimensions[r].height = 20
        r += 1
    r += 1
    _put(ws, r, 2, "入力シート", HEADING)
    r += 1
    for sheet in spec.sheets:
        _put(ws, r, 2, f"「{sheet.title}」", BOLD)
        _put(ws, r, 3, f"{sheet.heading}（{_count(sheet)}）", BASE)
        r += 1
    r += 1
    _put(ws, r, 2, "記入要領", HEADING)
    r += 1
    for n, text in enumerate(_instructions(spec), start=1):
        _put(ws, r, 2, f"{n}.", BASE, align=Alignment(horizontal="right", vertical="top"))
        _put(ws, r, 3, text, BASE, align=WRAP_TOP)
        ws.row_dimensions[r].height = LINE_HEIGHT * max(1, math.ceil(display_width(text) / 78))
        r += 1
    r += 1
    _put(ws, r, 2, "照合用の非表示の列・シートがあります。削除・変更しないでください。", SMALL)
    _put(ws, r + 1, 2, f"様式 {MARKER} v{FORMAT_VERSION} ／ {spec.plan_id} ／ {spec.form}", SMALL)
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True


def _count(sheet: SheetSpec) -> str:
    if sheet.role.value == "kpis":
        measures = {r.key.keys[0] for r in sheet.rows if r.key.keys[0]}
        kpis = {r.key.keys[1] for r in sheet.rows if r.key.keys[1]}
        return f"施策{len(measures)}件・KPI{len(kpis)}件" if measures else f"KPI{len(kpis)}件"
    if sheet.role.value == "money":
        return f"{len(sheet.rows)}行"
    return f"行動指針{len({r.group for r in sheet.rows})}件"


def _instructions(spec: FormSpec) -> list[str]:
    y = year_label(spec.year)
    out = [
        "黄色のセルに入力してください。灰色のセルは参考として記載しています（入力不要）。"
        "その他のセルは保護されています（パスワードなし）。",
    ]
    if any(s.role.value == "kpis" for s in spec.sheets):
        out += [
            f"実績値は{y}末の数値を入力してください（例：345、71.0、約16%）。"
            "単位の入力は不要です。全角数字・桁区切りのカンマも使えます。",
            "該当する数値がない場合は「ー」を入力してください。空欄は「未回答」として扱い、"
            "登録済みの数値は変わりません。",
            "実績値の時点は「R6.3」「R5年度末」「令和6年3月31日」のように入力してください。",
            "速報値・暫定値の場合、前年度以前の数値を報告する場合（例：R4年度数値）、"
            "数値の確定が翌年度になる場合（※翌年度に数値確定）は備考欄に記入してください。"
            "実績値のセルに「345（速報値）」と書いても構いませんが、それ以外のコメントは備考欄へ。",
            "達成状況は一覧から選択してください（達成／一部達成／未達成）。"
            "要因分析は施策ごとに記入してください。",
        ]
    if spec.form == OFFICE:
        out += [
            "「事業数・決算額」シートには領域ごとの関連事業数と金額（千円単位）を入力してください。",
            "「主要取組」シートには行動指針ごとの主要取組を1行に1件入力し、"
            f"新規の取組は「{NEW_MARK}」欄で選択してください。",
        ]
    out += [
        "行・列・シートの追加・削除・並べ替えはしないでください。"
        "表の外に書いたメモは取り込まれません。",
        "ファイルはExcel形式（.xlsx）のまま保存し、期限までに照会元へ返送してください"
        "（マクロ付きの形式（.xlsm）やPDFは受け付けられません）。",
    ]
    return out


# -- input sheets --------------------------------------------------------------------------


def _input_sheet(ws: Worksheet, spec: FormSpec, sheet: SheetSpec) -> None:
    cols = sheet.columns
    visible = [i for i, c in enumerate(cols) if c.kind != "key"]
    first_visible = visible[0] + 1
    _put(ws, HEADING_ROW, first_visible, f"{sheet.heading}", HEADING)
    _put(ws, FORM_ROW, first_visible, f"回答所属：{spec.label}　／　{spec.plan_name}", BOLD)
    for n, note in enumerate(sheet.notes):
        _put(ws, NOTE_ROW + n, first_visible, note, MUTED)

    # The field row: hidden; the first cell names the role.
    for c, col in enumerate(cols, start=1):
        text = f"{FIELD_MARK}{sheet.role.value}" if c == 1 else col.field
        ws.cell(FIELD_ROW, c, text).font = SMALL
    ws.row_dimensions[FIELD_ROW].hidden = True

    for c, col in enumerate(cols, start=1):
        fill = INPUT_HEADER_FILL if col.kind == "input" else HEADER_FILL
        _put(ws, HEADER_ROW, c, col.label, BOLD, fill=fill, border=BOX, align=CENTRE)
        letter = ws.cell(HEADER_ROW, c).column_letter
        ws.column_dimensions[letter].width = col.width
        if col.kind == "key":
            ws.column_dimensions[letter].hidden = True
    ws.row_dimensions[HEADER_ROW].height = LINE_HEIGHT * max(
        wrapped_lines(c.label, c.width) for c in cols if c.kind != "key"
    )

    heights: list[float] = []
    for n, row in enumerate(sheet.rows):
        keys = (spec.plan_id, str(spec.year), *row.key.keys, row.prefill_text)
        heights.append(_write_row(ws, FIRST_DATA_ROW + n, cols, row, keys))
    _merge_groups(ws, cols, sheet.rows, heights)
    for n, h in enumerate(heights):
        ws.row_dimensions[FIRST_DATA_ROW + n].height = h

    last = FIRST_DATA_ROW + len(sheet.rows) - 1
    if sheet.rows:
        _validations(ws, cols, last)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, first_visible)
    ws.sheet_view.zoomScale = 90
    print_and_protect(ws, HEADER_ROW)


def print_and_protect(ws: Worksheet, header_row: int) -> None:
    """An input sheet's print setup and protection: A4 landscape, one page wide, the header
    row repeated on every page; only the unlocked cells take input, and people may make a
    row taller for long text but not insert, delete or resize columns."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = True
    ws.protection.insertRows = True
    ws.protection.deleteRows = True


def _write_row(
    ws: Worksheet, r: int, cols: list[ColumnSpec], row: RowSpec, keys: tuple[str, ...]
) -> float:
    """One row; the key columns come first, in the order of ``keys``."""
    lines = 1
    for c, col in enumerate(cols, start=1):
        if col.kind == "key":
            text_cell(ws, r, c, keys[c - 1]).number_format = "@"
            continue
        value = row.values.get(col.field, "")
        cell = text_cell(ws, r, c, value if value != "" else None)
        cell.font = BASE
        cell.border = BOX
        cell.alignment = WRAP_TOP_RIGHT if col.numeric else WRAP_TOP
        if col.kind == "input" and col.field not in row.locked:
            cell.fill = INPUT_FILL
            cell.protection = UNLOCKED
            if col.validation not in ("count", "amount"):
                cell.number_format = "@"  # keep 「16%」 as typed, not 0.16
            elif isinstance(value, int):
                cell.number_format = "#,##0"
        elif col.kind == "input":
            cell.fill = LOCKED_FILL
            cell.font = MUTED
        else:
            cell.fill = SHOW_FILL
        if col.field in ("area", "kind") and row.depth:
            cell.alignment = Alignment(wrap_text=True, vertical="top", indent=row.depth)
        if not col.merge:
            lines = max(lines, wrapped_lines(str(value), col.width))
    return LINE_HEIGHT * lines + 4


def _merge_groups(
    ws: Worksheet, cols: list[ColumnSpec], rows: list[RowSpec], heights: list[float]
) -> None:
    """Merge the group columns over each group's rows; make the rows tall enough."""
    start = 0
    while start < len(rows):
        end = start
        while (
            end + 1 < len(rows) and rows[end + 1].group and rows[end + 1].group == rows[start].group
        ):
            end += 1
        for c, col in enumerate(cols, start=1):
            if not col.merge:
                continue
            text = str(rows[start].values.get(col.field, ""))
            need = LINE_HEIGHT * wrapped_lines(text, col.width) + 4
            have = sum(heights[start : end + 1])
            if need > have:
                extra = (need - have) / (end - start + 1)
                for i in range(start, end + 1):
                    heights[i] += extra
            if end > start:
                r1, r2 = FIRST_DATA_ROW + start, FIRST_DATA_ROW + end
                ws.merge_cells(start_row=r1, start_column=c, end_row=r2, end_column=c)
        start = end + 1


def _validations(ws: Worksheet, cols: list[ColumnSpec], last: int) -> None:
    for c, col in enumerate(cols, start=1):
        if col.kind != "input" or col.validation is None:
            continue
        letter = ws.cell(HEADER_ROW, c).column_letter
        dv = _validation(col)
        dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        ws.add_data_validation(dv)


def _validation(col: ColumnSpec) -> DataValidation:
    common = {
        "allow_blank": True,
        "showInputMessage": True,
        "showErrorMessage": True,
        "promptTitle": col.label[:32],
        "prompt": (col.prompt or "")[:255],
        "errorTitle": "入力値の確認",
    }
    if col.validation == "status":
        choices = col.choices or STATUSES
        return DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            error="一覧から選択してください：" + "／".join(choices),
            errorStyle="stop",
            imeMode="hiragana",
            **common,
        )
    if col.validation == "new":
        return DataValidation(
            type="list",
            formula1=f'"{NEW_MARK}"',
            error=f"「{NEW_MARK}」を選択するか空欄にしてください。",
            errorStyle="stop",
            **common,
        )
    if col.validation == "count":
        return DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            error="0以上の整数を入力してください。",
            errorStyle="stop",
            imeMode="halfAlpha",
            **common,
        )
    if col.validation == "amount":
        return DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            error="千円単位の数値を入力してください。",
            errorStyle="stop",
            imeMode="halfAlpha",
            **common,
        )
    numeric = col.numeric
    return DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1="100" if numeric else "2000",
        error="入力が長すぎます。",
        errorStyle="warning",
        imeMode="halfAlpha" if numeric else "hiragana",
        **common,
    )


# -- _meta ---------------------------------------------------------------------------------


def _meta(ws: Worksheet, spec: FormSpec) -> None:
    pairs: list[tuple[str, str]] = [
        ("format", str(FORMAT_VERSION)),
        ("plan", spec.plan_id),
        ("plan_name", spec.plan_name),
        ("year", str(spec.year)),
        ("form", spec.form),
        ("label", spec.label),
        ("fingerprint", spec.fingerprint),
    ]
    if spec.signature is not None:
        pairs.append(("signature", spec.signature))
    ws.cell(1, 1, MARKER)
    ws.cell(1, 2, str(FORMAT_VERSION))
    r = 2
    for k, v in pairs:
        ws.cell(r, 1, k)
        text_cell(ws, r, 2, v).number_format = "@"
        r += 1
    for sheet in spec.sheets:
        for row in sheet.rows:
            ws.cell(r, 1, "row")
            ws.cell(r, 2, sheet.role.value)
            for i, k in enumerate(row.key.keys):
                text_cell(ws, r, 3 + i, k).number_format = "@"
            r += 1
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


# -- helpers -------------------------------------------------------------------------------


def _put(
    ws: Worksheet,
    row: int,
    col: int,
    value: str,
    font: Font,
    *,
    fill: PatternFill | None = None,
    border: Border | None = None,
    align: Alignment | None = None,
) -> Cell:
    cell = text_cell(ws, row, col, value)
    cell.font = font
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    if align is not None:
        cell.alignment = align
    return cell


def text_cell(ws: Worksheet, row: int, col: int, value: str | int | None) -> Cell:
    """A cell holding ``value`` as it is: text starting with = stays text, never a formula
    (names and analyses come from the database and go out to every division)."""
    cell = ws.cell(row, col, value)
    assert isinstance(cell, Cell)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def wrapped_lines(text: str, width: float) -> int:
    per_line = max(1.0, width * 1.05 - 1)
    return sum(max(1, math.ceil(display_width(part) / per_line)) for part in text.split("\n"))

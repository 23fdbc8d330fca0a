"""The spreadsheet: one sheet per table, numbers as numbers with number formats.

Every sheet has its header in row 1 (frozen, repeated on printed pages),
fitted column widths, A4 landscape print setup and an auto filter. Text that
a spreadsheet would run as a formula goes through :func:`neutralise`. The
bytes are deterministic: fixed document dates and fixed zip entry dates.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from shinchoku.publish.cells import neutralise
from shinchoku.publish.fields import Table, Value
from shinchoku.publish.labels import fiscal_year_short
from shinchoku.publish.output import write_file
from shinchoku.publish.view import KpiLine, MeasureView, MoneyView, PartLine, ReportView

AUTO = "auto"  # number format chosen per cell from the decimals the value has
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_THIN = Side(style="thin", color="9AA5B1")
_HEADER_BORDER = Border(bottom=_THIN, top=_THIN, left=_THIN, right=_THIN)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOTAL_FONT = Font(bold=True)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    number_format: str | None = None  # None: General (text, booleans)
    wrap: bool = False  # long text: a wide, wrapped column
    width: float | None = None


def _auto_format(value: Decimal) -> str:
    exponent = value.normalize().as_tuple().exponent
    decimals = min(max(0, -exponent), 6) if isinstance(exponent, int) else 0
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals


def _cell_value(value: Value) -> str | int | float | bool | None:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return neutralise(value)


def _width(value: object) -> int:
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _write_sheet(
    wb: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Value]],
    view: ReportView,
    freeze: str = "B2",
    total_rows: Sequence[Sequence[Value]] = (),
) -> Worksheet:
    """One table as a sheet: header in row 1, then the rows (write-only, streamed)."""
    body = [(False, row) for row in rows] + [(True, row) for row in total_rows]
    widths = [_width(c.header) for c in columns]
    for _, row in body:
        for j, (c, raw) in enumerate(zip(columns, row, strict=True)):
            if raw is not None and not c.wrap:
                widths[j] = max(widths[j], _width(raw))
    ws = wb.create_sheet(title=title[:31])
    for j, c in enumerate(columns, 1):
        width = c.width or (min(max(widths[j - 1] + 2, 6), 60) if not c.wrap else 60)
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(body) + 1}"
    _print_setup(ws, view, title)
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=neutralise(c.header))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = _HEADER_ALIGN
        header.append(cell)
    ws.append(header)
    for is_total, row in body:
        ws.append([_cell(ws, c, raw, is_total) for c, raw in zip(columns, row, strict=True)])
    return ws


def _cell(ws: Worksheet, c: Column, raw: Value, bold: bool) -> object:
    """A plain value where no style is needed (fast), else a styled cell."""
    value = _cell_value(raw)
    if value is None:
        return None
    styled = bold or (c.wrap and isinstance(value, str))
    styled = styled or (c.number_format is not None and not isinstance(value, str | bool))
    if not styled:
        return value
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        if c.wrap:
            cell.alignment = _WRAP
    elif c.number_format is not None and not isinstance(value, bool):
        if c.number_format != AUTO:
            cell.number_format = c.number_format
        else:
            cell.number_format = _auto_format(raw) if isinstance(raw, Decimal) else "#,##0"
    if bold:
        cell.font = _TOTAL_FONT
    return cell


def _print_setup(ws: Worksheet, view: ReportView, title: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.oddHeader.left.text = f"{view.plan_name.text} {view.year_label}"
    ws.oddHeader.right.text = title
    ws.oddFooter.center.text = "&P / &N"


def _paren(text: str, inner: str, lang: str) -> str:
    return f"{text}（{inner}）" if lang == "ja" else f"{text} ({inner})"


def _rate(value: Decimal | None) -> Decimal | None:
    return None if value is None else value / 100


# -- sheets ------------------------------------------------------------------------------
def _money_columns(view: ReportView, label: str) -> list[Column]:
    """事業数, 金額 in 円 and in the plan's unit, and the money kind, for one year."""
    L, lang, unit = view.labels, view.lang, view.money_unit
    unit_format = (
        "#,##0"
        if view.settings_money_decimals == 0
        else ("#,##0." + "0" * view.settings_money_decimals)
    )
    return [
        Column(_paren(L["projects"], label, lang), "#,##0"),
        Column(
            _paren(L["amount"], f"{label} 円" if lang == "ja" else f"{label}, yen", lang),
            "#,##0",
        ),
        Column(_paren(L["amount"], f"{label} {unit}", lang), unit_format),
        Column(_paren(L["kind"], label, lang)),
    ]


def _money_cells(mv: MoneyView | None) -> list[Value]:
    if mv is None:
        return [None, None, None, None]
    return [mv.projects, mv.yen, mv.amount_in_unit, mv.kind_label]


def _has_measure_money(view: ReportView) -> bool:
    return any(ms.money is not None for a in view.areas for ms in a.measures)


def _measure_money_columns(view: ReportView) -> list[Column]:
    """A measure's own 事業数・金額, when any measure records them for the year."""
    return _money_columns(view, view.year_short) if _has_measure_money(view) else []


def _summary_sheet(wb: Workbook, view: ReportView) -> None:
    L, lang = view.labels, view.lang
    cols = [
        Column("ID"),
        Column(L["area"]),
        Column(_paren(L["area"], "depth" if lang == "en" else "階層", lang), "0"),
        Column(L["measures_count"], "#,##0"),
        Column(L["status_no-kpi"], "#,##0"),
        Column(L["kpis_count"], "#,##0"),
    ]
    for label in (view.year_short, fiscal_year_short(view.year - 1, lang)):
        cols += _money_columns(view, label)
    cols += [Column(s.label, "#,##0") for s in view.kpi_status]
    rows = [
        [
            a.id,
            (f"{a.label} " if a.label else "") + a.name.text,
            a.depth,
            a.measures,
            a.no_kpi,
            a.kpis,
            *_money_cells(a.money),
            *_money_cells(a.previous),
            *[s.count for s in a.kpi_status],
        ]
        for a in view.areas_summary
    ]
    total = [
        None,
        L["total"],
        None,
        sum(a.measures for a in view.areas_summary if a.depth == 0),
        sum(a.no_kpi for a in view.areas_summary if a.depth == 0),
        len(view.kpis),
        *_money_cells(view.total),
        *_money_cells(view.previous_total),
        *[s.count for s in view.kpi_status],
    ]
    _write_sheet(wb, L["summary"], cols, rows, view, freeze="C2", total_rows=[total])


def _kpi_columns(view: ReportView) -> list[Column]:
    L, lang = view.labels, view.lang
    pct = (
        "0%" if view.settings_rate_decimals == 0 else "0." + "0" * view.settings_rate_decimals + "%"
    )
    text = "text" if lang == "en" else "記載"
    return [
        Column("KPI ID"),
        Column(L["kpi"]),
        Column(L["unit"]),
        Column(L["breakdown"]),  # blank on the KPI's own row, as in the open data
        Column(L["baseline"], AUTO),
        Column(_paren(L["baseline"], text, lang)),
        Column(L["as_of"]),
        Column(L["final_target"], AUTO),
        Column(_paren(L["final_target"], text, lang)),
        Column(_paren(L["target"], view.year_short, lang), AUTO),
        Column(_paren(L["target"], text, lang)),
        Column(_paren(L["actual"], view.year_short, lang), AUTO),
        Column(_paren(L["actual"], text, lang)),
        Column(L["notes"]),
        Column(L["rate_year"], pct),
        Column(L["rate_final"], pct),
        Column(L["judgement"]),
        Column(L["grade"]),
        Column(L["outlook"]),
    ]


def _kpi_rows(k: KpiLine) -> list[list[Value]]:
    """The KPI's row, then one row per breakdown value."""
    return [_kpi_cells(k), *(_part_cells(k, p) for p in k.parts)]


def _part_cells(k: KpiLine, p: PartLine) -> list[Value]:
    return [
        k.id,
        k.name.text,
        k.unit,
        p.label,
        p.baseline_value,
        p.baseline,
        None,
        p.final_target_value,
        p.final_target,
        p.target_value,
        p.target,
        p.actual_value,
        p.actual,
        None,
        _rate(p.rate_value),
        _rate(p.final_rate_value),
        p.status_label,
        p.grade,
        p.outlook_label,
    ]


def _kpi_cells(k: KpiLine) -> list[Value]:
    return [
        k.id,
        k.name.text,
        k.unit,
        None,
        k.baseline_value,
        k.baseline,
        k.baseline_as_of,
        k.final_target_value,
        k.final_target,
        k.target_value,
        k.target,
        k.actual_value,
        k.actual,
        "; ".join(k.actual_flags) or None,
        _rate(k.rate_value),
        _rate(k.final_rate_value),
        k.status_label,
        k.grade,
        k.outlook_label,
    ]


def _measures_sheet(wb: Workbook, view: ReportView) -> None:
    L = view.labels
    cols = [
        Column(_paren(L["area"], "ID", view.lang)),
        Column(L["area"]),
        Column(_paren(L["measure_name"], "ID", view.lang)),
        Column(L["measure_name"]),
        Column(L["org_unit"]),
        Column("No."),
        *_kpi_columns(view),
        Column(_paren(L["status_analysis"], L["declared"], view.lang)),
        Column(L["measure_status"]),
        Column(L["measure_grade"]),
        *_measure_money_columns(view),
        Column(L["status_analysis"], wrap=True),
        Column(L["findings_col"]),
    ]
    width = len(_kpi_columns(view))
    with_money = _has_measure_money(view)
    rows: list[list[Value]] = []
    for area in view.areas:
        for ms in area.measures:
            # A measure with no KPI (測定指標なし) still gets its row; a disaggregated
            # KPI's parts follow its own row.
            for k in ms.kpis or (None,):
                refs = [f.ref for f in (*ms.findings, *(k.findings if k else ()))]
                kpi_rows: list[list[Value]] = (
                    _kpi_rows(k) if k else [[None, L["status_no-kpi"], *[None] * (width - 2)]]
                )
                for i, kpi_cells in enumerate(kpi_rows):
                    own = i == 0
                    rows.append(
                        [
                            area.id,
                            area.name.text,
                            ms.id,
                            ms.name.text,
                            "; ".join(u.text for u in ms.org_units),
                            k.mark or None if k else None,
                            *kpi_cells,
                            _declared(ms, L) if own else None,
                            ms.status_label if own else None,
                            ms.grade if own else None,
                            *(_money_cells(ms.money if own else None) if with_money else []),
                            (ms.analysis.text if ms.analysis else None) if own else None,
                            (" ".join(dict.fromkeys(refs)) or None) if own else None,
                        ]
                    )
    _write_sheet(wb, L["sheet_measures"], cols, rows, view, freeze="E2")


def _kpis_sheet(wb: Workbook, view: ReportView) -> None:
    cols = [*_kpi_columns(view), Column(view.labels["findings_col"])]
    rows = [
        [*cells, (" ".join(f.ref for f in p.line.findings) or None) if i == 0 else None]
        for p in view.kpis
        for i, cells in enumerate(_kpi_rows(p.line))
    ]
    _write_sheet(wb, view.labels["kpi_list"], cols, rows, view, freeze="C2")


def _findings_sheet(wb: Workbook, view: ReportView) -> None:
    L = view.labels
    cols = [
        Column(L["finding_no"]),
        Column(L["severity"]),
        Column(L["finding_type"]),
        Column("code"),
        Column(L["place"], wrap=True),
        Column(L["found"]),
        Column(L["expected"]),
        Column(L["message"], wrap=True),
        Column(_paren(L["area"], "ID", view.lang)),
        Column(_paren(L["measure_name"], "ID", view.lang)),
        Column("KPI ID"),
        Column(L["fiscal_year"], "0"),
        Column(L["field"]),
    ]
    rows = [
        [
            f.ref,
            f.severity_label,
            f.title,
            f.code,
            f.place_text,
            f.found,
            f.expected,
            f.message,
            f.area_id,
            f.measure_id,
            f.kpi_id,
            f.year,
            f.field_name,
        ]
        for f in view.findings
    ]
    _write_sheet(wb, L["findings"], cols, rows, view, freeze="B2")


def _table_sheet(wb: Workbook, view: ReportView, table: Table) -> None:
    def fmt(name: str, type_: str) -> str | None:
        if type_ == "integer":
            return "0" if "year" in name or name == "depth" else "#,##0"
        return AUTO if type_ == "number" else None

    cols = [
        Column(f.title(view.lang), fmt(f.name, f.type), wrap=f.name in ("analysis", "message"))
        for f in table.fields
    ]
    _write_sheet(wb, table.title(view.lang), cols, table.rows, view, freeze="C2")


SHEETS: tuple[Callable[[Workbook, ReportView], None], ...] = (
    _summary_sheet,
    lambda wb, v: _table_sheet(wb, v, v.table("area_money")),
    _measures_sheet,
    _kpis_sheet,
    _findings_sheet,
    lambda wb, v: _table_sheet(wb, v, v.table("kpi_values")),
)


def workbook(view: ReportView) -> Workbook:
    wb = Workbook(write_only=True)
    for sheet in SHEETS:
        sheet(wb, view)
    fixed = datetime.fromisoformat(view.as_of_date)
    props = wb.properties
    props.title = view.title
    props.creator = view.government or "shinchoku"
    props.lastModifiedBy = None
    props.created = fixed
    props.modified = fixed
    props.language = view.lang
    return wb


def xlsx_bytes(view: ReportView) -> bytes:
    wb = workbook(view)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not save_workbook: it stamps the clock time
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated ZIP_DATE (openpyxl uses the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def xlsx_name(view: ReportView) -> str:
    """One report per output folder, so the name is fixed: links and scripts rely on it."""
    return "report.xlsx"


def build_xlsx(view: ReportView, out_dir: Path) -> Path:
    """Write ``<plan>-<year>.xlsx`` into ``out_dir``."""
    return write_file(out_dir / xlsx_name(view), xlsx_bytes(view))


def _declared(ms: MeasureView, labels: Mapping[str, str]) -> str | None:
    """The declared grade, with a measure's own 目標 as printed beside it."""
    if not ms.target:
        return ms.declared
    target = f"{labels['measure_target']}: {ms.target}"
    return f"{ms.declared}（{target}）" if ms.declared else target

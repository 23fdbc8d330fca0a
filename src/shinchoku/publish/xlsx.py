"""The spreadsheet: one sheet per table, numbers as numbers with number formats.

Every sheet has its header in row 1 (frozen, repeated on printed pages),
fitted column widths, A4 landscape print setup and an auto filter. Text that
a spreadsheet would run as a formula goes through :func:`neutralise`. The
bytes are deterministic: fixed document dates and fixed zip entry dates.

The workbook is written here as SpreadsheetML (ECMA-376) directly: a sheet's
rows are plain strings joined once, which is an order of magnitude faster
than building a cell object per value, and the few parts around the sheets
(styles, workbook, properties) are small fixed templates.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from pathlib import Path

from shinchoku.japanese.text import display_width
from shinchoku.publish.cells import neutralise
from shinchoku.publish.fields import Table, Value
from shinchoku.publish.labels import fiscal_year_short
from shinchoku.publish.output import write_file
from shinchoku.publish.view import KpiLine, MeasureView, MoneyView, PartLine, ReportView
from shinchoku.workbook import zip_entry

AUTO = "auto"  # number format chosen per cell from the decimals the value has

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Number formats every spreadsheet knows by id (ECMA-376 §18.8.30); others get 164 on.
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9}
BUILTIN_FORMATS["0.00%"] = 10
# Characters XML 1.0 cannot carry; the format writes them as _xHHHH_ (§22.9.2.19).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADER_FILL = "FFDDE3EA"
_BORDER = "FF9AA5B1"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    number_format: str | None = None  # None: General (text, booleans)
    wrap: bool = False  # long text: a wide, wrapped column
    width: float | None = None


@dataclass(frozen=True, slots=True)
class Style:
    """A cell's look: the few combinations the report uses."""

    number_format: str = "General"
    bold: bool = False
    header: bool = False  # fill, border, wrapped and centred vertically
    wrap: bool = False  # wrapped, top-aligned


@dataclass(slots=True)
class Styles:
    """The workbook's cell formats, numbered in the order first used."""

    _index: dict[Style, int] = field(default_factory=lambda: {Style(): 0})

    def of(self, style: Style) -> int:
        return self._index.setdefault(style, len(self._index))

    def xml(self) -> str:
        custom: dict[str, int] = {}
        for st in self._index:
            if st.number_format not in BUILTIN_FORMATS:
                custom.setdefault(st.number_format, 164 + len(custom))
        formats = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>' for code, i in custom.items()
        )
        xfs = []
        for st in self._index:
            fmt = BUILTIN_FORMATS.get(st.number_format, custom.get(st.number_format, 0))
            font = 1 if st.bold or st.header else 0
            fill, border = (2, 1) if st.header else (0, 0)
            align = ""
            if st.header:
                align = '<alignment vertical="center" wrapText="1"/>'
            elif st.wrap:
                align = '<alignment vertical="top" wrapText="1"/>'
            attrs = (
                f'numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"'
                + (' applyNumberFormat="1"' if fmt else "")
                + (' applyFont="1"' if font else "")
                + (' applyFill="1" applyBorder="1"' if st.header else "")
                + (' applyAlignment="1"' if align else "")
            )
            xfs.append(f"<xf {attrs}>{align}</xf>" if align else f"<xf {attrs}/>")
        side = f'style="thin"><color rgb="{_BORDER}"/>'
        return (
            f'{XML_DECL}<styleSheet xmlns="{MAIN_NS}">'
            + (f'<numFmts count="{len(custom)}">{formats}</numFmts>' if custom else "")
            + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
            '</font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            f'<fill><patternFill patternType="solid"><fgColor rgb="{_HEADER_FILL}"/></patternFill>'
            '</fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/>'
            f"</border><border><left {side}</left><right {side}</right><top {side}</top>"
            f"<bottom {side}</bottom><diagonal/></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    last_cell: str  # the bottom right cell of the table, for the auto filter's name


def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


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
    return display_width(str(value))


def _text(value: str) -> str:
    """An inline string's ``<is>`` element, escaped, whitespace kept."""
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    text = escape(value, quote=False)
    if value != value.strip():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


class Book:
    """The package being written: sheets go into it as they are made (streamed, a few
    hundred rows at a time), the parts that describe them once all are there."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.styles = Styles()
        self.sheets: list[Sheet] = []
        # Each distinct text's cell content and width, made once: a KPI's name, unit and
        # labels recur on every row of its values.
        self.texts: dict[str, tuple[str, int]] = {}

    def text(self, value: str) -> tuple[str, int]:
        """A text cell's ``<is>`` element (neutralised, escaped) and its display width."""
        known = self.texts.get(value)
        if known is None:
            known = self.texts[value] = (_text(neutralise(value)), display_width(value))
        return known

    def add(self, name: str, text: str) -> None:
        self.archive.writestr(zip_entry(name), text.encode("utf-8"))


ROWS_PER_WRITE = 500


def _write_sheet(
    book: Book,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Value]],
    view: ReportView,
    freeze: str = "B2",
    total_rows: Sequence[Sequence[Value]] = (),
) -> None:
    """One table as a sheet: header in row 1, then the rows."""
    body = [(False, row) for row in rows] + [(True, row) for row in total_rows]
    widths = [_width(c.header) for c in columns]
    fitted = [j for j, c in enumerate(columns) if not c.wrap]
    for _, row in body:
        if len(row) != len(columns):
            raise ValueError(f"a row of {len(row)} values under {len(columns)} columns")
        for j in fitted:
            raw = row[j]
            if raw is None:
                continue
            w = book.text(raw)[1] if type(raw) is str else _width(raw)
            if w > widths[j]:
                widths[j] = w
    letters = [column_letter(j) for j in range(1, len(columns) + 1)]
    cols = "".join(
        f'<col min="{j}" max="{j}" width="{_col_width(c, widths[j - 1])}" customWidth="1"/>'
        for j, c in enumerate(columns, 1)
    )
    last = f"{letters[-1]}{len(body) + 1}"
    book.sheets.append(Sheet(title[:31], last))
    name = f"xl/worksheets/sheet{len(book.sheets)}.xml"
    with book.archive.open(zip_entry(name), "w") as stream:
        stream.write(
            f'{XML_DECL}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:{last}"/>'
            f'<sheetViews><sheetView workbookViewId="0">{_pane(freeze)}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'.encode()
        )
        for chunk in _rows(book, columns, letters, body):
            stream.write(chunk.encode("utf-8"))
        stream.write(
            (
                f'</sheetData><autoFilter ref="A1:{last}"/>'
                '<printOptions gridLines="1"/>'
                '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
                'footer="0.5"/>'
                '<pageSetup paperSize="9" fitToWidth="1" fitToHeight="0" orientation="landscape"/>'
                f"<headerFooter><oddHeader>{_header_text(view, title)}</oddHeader>"
                "<oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>"
                "</worksheet>"
            ).encode()
        )


def _rows(
    book: Book,
    columns: Sequence[Column],
    letters: list[str],
    body: list[tuple[bool, Sequence[Value]]],
) -> Iterator[str]:
    """The header row and the rows as SpreadsheetML, a few hundred rows at a time."""
    styles = book.styles
    header_s = styles.of(Style(header=True))
    out = ['<row r="1">']
    for letter, c in zip(letters, columns, strict=True):
        out.append(
            f'<c r="{letter}1" s="{header_s}" t="inlineStr">{_text(neutralise(c.header))}</c>'
        )
    out.append("</row>")
    # The style of a number and of a text per (column, bold): looked up once, not per cell.
    text_s = [
        (styles.of(Style(wrap=c.wrap)), styles.of(Style(wrap=c.wrap, bold=True))) for c in columns
    ]
    plain_s = (styles.of(Style()), styles.of(Style(bold=True)))
    number_s: dict[tuple[str, bool], int] = {}
    # A number cell's XML after its reference, per column, weight and value (a Decimal by
    # its text, which fixes its automatic format): years and figures recur down a column.
    numbers: dict[tuple[int, bool, type, object], str] = {}
    for r, (bold, row) in enumerate(body, 2):
        if len(out) > ROWS_PER_WRITE * len(columns):
            yield "".join(out)
            out = []
        out.append(f'<row r="{r}">')
        for j, (c, raw) in enumerate(zip(columns, row, strict=True)):
            if raw is None:
                continue
            if type(raw) is str:
                s = text_s[j][bold]
                attr = f' s="{s}"' if s else ""
                out.append(f'<c r="{letters[j]}{r}"{attr} t="inlineStr">{book.text(raw)[0]}</c>')
                continue
            kind = type(raw)
            key = None
            if kind is int or kind is Decimal:
                key = (j, bold, kind, raw if kind is int else str(raw))
                tail = numbers.get(key)
                if tail is not None:
                    out.append(f'<c r="{letters[j]}{r}"{tail}')
                    continue
            value = _cell_value(raw)
            if isinstance(value, str):
                s = text_s[j][bold]
                attr = f' s="{s}"' if s else ""
                out.append(f'<c r="{letters[j]}{r}"{attr} t="inlineStr">{_text(value)}</c>')
                continue
            if isinstance(value, bool):
                s = plain_s[bold]
                attr = f' s="{s}"' if s else ""
                out.append(f'<c r="{letters[j]}{r}"{attr} t="b"><v>{int(value)}</v></c>')
                continue
            fmt = c.number_format
            if fmt == AUTO:
                fmt = _auto_format(raw) if isinstance(raw, Decimal) else "#,##0"
            s = number_s.get((fmt or "General", bold), -1)
            if s < 0:
                s = number_s[(fmt or "General", bold)] = styles.of(
                    Style(number_format=fmt or "General", bold=bold)
                )
            attr = f' s="{s}"' if s else ""
            tail = f"{attr}><v>{value!r}</v></c>"
            if key is not None:
                numbers[key] = tail
            out.append(f'<c r="{letters[j]}{r}"{tail}')
        out.append("</row>")
    yield "".join(out)


def _col_width(c: Column, fitted: int) -> str:
    width = c.width or (min(max(fitted + 2, 6), 60) if not c.wrap else 60)
    return f"{width:g}"


def _pane(freeze: str) -> str:
    """The frozen rows and columns above and left of ``freeze`` (a cell such as C2)."""
    letters = freeze.rstrip("0123456789")
    row = int(freeze[len(letters) :])
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    x, y = col - 1, row - 1
    if not x and not y:
        return ""
    pane = "bottomRight" if x and y else ("topRight" if x else "bottomLeft")
    split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
    return (
        f'<pane{split} topLeftCell="{freeze}" activePane="{pane}" state="frozen"/>'
        f'<selection pane="{pane}" activeCell="{freeze}" sqref="{freeze}"/>'
    )


def _header_text(view: ReportView, title: str) -> str:
    """The printed page header: plan and year left, the sheet's title right."""

    def code(text: str) -> str:
        return text.replace("&", "&&")  # '&' starts a header code

    left = code(f"{view.plan_name.text} {view.year_label}")
    return escape(f"&L{left}&R{code(title)}", quote=False)


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


def _summary_sheet(wb: Book, view: ReportView) -> None:
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


def _measures_sheet(wb: Book, view: ReportView) -> None:
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


def _kpis_sheet(wb: Book, view: ReportView) -> None:
    cols = [*_kpi_columns(view), Column(view.labels["findings_col"])]
    rows = [
        [*cells, (" ".join(f.ref for f in p.line.findings) or None) if i == 0 else None]
        for p in view.kpis
        for i, cells in enumerate(_kpi_rows(p.line))
    ]
    _write_sheet(wb, view.labels["kpi_list"], cols, rows, view, freeze="C2")


def _findings_sheet(wb: Book, view: ReportView) -> None:
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


def _table_sheet(wb: Book, view: ReportView, table: Table) -> None:
    def fmt(name: str, type_: str) -> str | None:
        if type_ == "integer":
            return "0" if "year" in name or name == "depth" else "#,##0"
        return AUTO if type_ == "number" else None

    cols = [
        Column(f.title(view.lang), fmt(f.name, f.type), wrap=f.name in ("analysis", "message"))
        for f in table.fields
    ]
    _write_sheet(wb, table.title(view.lang), cols, table.rows, view, freeze="C2")


SHEETS: tuple[Callable[[Book, ReportView], None], ...] = (
    _summary_sheet,
    lambda wb, v: _table_sheet(wb, v, v.table("area_money")),
    _measures_sheet,
    _kpis_sheet,
    _findings_sheet,
    lambda wb, v: _table_sheet(wb, v, v.table("kpi_values")),
)


def workbook(view: ReportView, archive: zipfile.ZipFile) -> Book:
    """Every sheet written into ``archive``; the parts around them are left to add."""
    book = Book(archive)
    for sheet in SHEETS:
        sheet(book, view)
    return book


def _parts(view: ReportView, book: Book) -> list[tuple[str, str]]:
    """Every part of the package but the sheets' own, in the order written."""
    n = len(book.sheets)
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet_type}"/>'
        for i in range(1, n + 1)
    )
    office = "application/vnd.openxmlformats-officedocument"
    types = (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{office}.spreadsheetml.sheet.'
        f'main+xml"/>{overrides}<Override PartName="/xl/styles.xml" ContentType="{office}.'
        'spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType='
        '"application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{office}.extended-properties+xml"/>'
        "</Types>"
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    root_rels = (
        f'{XML_DECL}<Relationships xmlns="{PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    book_rels = (
        f'{XML_DECL}<Relationships xmlns="{PKG_REL_NS}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="{rel}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    sheets, names = [], []
    for i, sh in enumerate(book.sheets):
        quoted = "'" + escape(sh.title.replace("'", "''"), quote=True) + "'"
        sheets.append(f'<sheet name="{escape(sh.title)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>')
        end = re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", sh.last_cell)
        names.append(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{quoted}!$A$1:{end}</definedName>"
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{quoted}!$1:$1'
            "</definedName>"
        )
    workbook_xml = (
        f'{XML_DECL}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><workbookPr/>'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{''.join(sheets)}</sheets><definedNames>{''.join(names)}</definedNames>"
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )
    fixed = f"{view.as_of_date}T00:00:00Z"
    core = (
        f'{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
        '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(view.title, quote=False)}</dc:title>"
        f"<dc:creator>{escape(view.government or 'shinchoku', quote=False)}</dc:creator>"
        f"<dc:language>{escape(view.lang, quote=False)}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{fixed}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{fixed}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        f'{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>shinchoku</Application></Properties>'
    )
    return [
        ("[Content_Types].xml", types),
        ("_rels/.rels", root_rels),
        ("docProps/app.xml", app),
        ("docProps/core.xml", core),
        ("xl/workbook.xml", workbook_xml),
        ("xl/_rels/workbook.xml.rels", book_rels),
        ("xl/styles.xml", book.styles.xml()),
    ]


def xlsx_bytes(view: ReportView) -> bytes:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        book = workbook(view, archive)
        for name, text in _parts(view, book):
            book.add(name, text)
    return raw.getvalue()


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

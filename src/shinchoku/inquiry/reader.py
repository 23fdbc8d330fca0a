"""Reading a reply with python-calamine: the ``_meta`` sheet, the input sheets, the cells.

Sheets are found by what they hold (the marker in A1 of ``_meta``, the hidden field row
of an input sheet), so renamed or reordered sheets read the same; columns are found by
their field id, so a workbook re-saved by Excel or LibreOffice reads the same. Rows are
the rows under the header whose key cells are filled; text anywhere else is reported
as ignored, never read as data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from shinchoku.inquiry import codes as c
from shinchoku.inquiry.guard import Checked
from shinchoku.inquiry.layout import (
    COMMON_KEYS,
    FIELD_MARK,
    INPUT_FIELDS,
    KEY_FIELDS,
    MARKER,
    PREFILL,
    Role,
    RowKey,
    cell_ref,
)
from shinchoku.inquiry.values import cell_text
from shinchoku.problems import Place, Problem, ShinchokuError

_SCAN_ROWS = 40  # the field row is near the top
_EXTRA_SHOWN = 5  # ignored cells named in one warning


@dataclass(slots=True)
class RawRow:
    index: int  # zero-based row in the sheet
    plan: str
    year: str
    key: RowKey
    prefill: str
    cells: dict[str, Any]  # input field → the cell's value as calamine gives it
    columns: dict[str, int]  # input field → zero-based column

    def ref(self, field: str) -> str:
        return cell_ref(self.index, self.columns[field])


@dataclass(slots=True)
class RawSheet:
    role: Role
    name: str
    rows: list[RawRow]
    first_key_cell: dict[str, int]  # key field → column, for messages


@dataclass(slots=True)
class RawReply:
    checked: Checked
    meta: dict[str, str]
    meta_sheet: str
    meta_rows: list[RowKey]
    sheets: dict[Role, RawSheet]
    warnings: list[Problem] = field(default_factory=list)
    meta_cells: dict[str, str] = field(default_factory=dict)  # meta key → its value's cell

    @property
    def file(self) -> str:
        return self.checked.name


def read_reply(checked: Checked) -> RawReply:
    """The reply's meta data and rows; a refusal
    (:class:`~shinchoku.problems.ShinchokuError`) when it is not a form."""
    place = Place(file=checked.name)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(checked.data))
    except (CalamineError, OSError, ValueError) as exc:
        raise ShinchokuError(
            [c.CORRUPT_WORKBOOK(place, f"cannot read the workbook: {exc}")]
        ) from exc
    with wb:
        grids: list[tuple[str, list[list[Any]]]] = []
        for name in wb.sheet_names:
            try:
                grid = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except (CalamineError, OSError, ValueError) as exc:
                problem = c.CORRUPT_WORKBOOK(
                    Place(file=checked.name, sheet=name), f"cannot read the sheet: {exc}"
                )
                raise ShinchokuError([problem]) from exc
            grids.append((name, grid))
    return _parse(checked, grids)


def _parse(checked: Checked, grids: list[tuple[str, list[list[Any]]]]) -> RawReply:
    file = checked.name
    metas = [(n, g) for n, g in grids if g and g[0] and cell_text(g[0][0]) == MARKER]
    if not metas:
        raise ShinchokuError(
            [
                c.NOT_AN_INQUIRY_FORM(
                    Place(file=file),
                    "no _meta sheet: this workbook was not made by `shinchoku inquiry make`",
                )
            ]
        )
    if len(metas) > 1:
        raise ShinchokuError(
            [c.SHEET_DUPLICATED(Place(file=file), "the _meta sheet appears twice")]
        )
    meta_name, meta_grid = metas[0]
    meta, meta_rows, meta_cells = _meta(meta_grid)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    sheets: dict[Role, RawSheet] = {}
    for name, grid in grids:
        found = _field_row(grid)
        if found is None:
            continue
        row_index, role = found
        place = Place(file=file, sheet=name)
        if role is None:
            problems.append(c.NOT_AN_INQUIRY_FORM(place, "the sheet's role is unknown"))
            continue
        if role in sheets:
            problems.append(
                c.SHEET_DUPLICATED(
                    place, f"this sheet and {sheets[role].name!r} are both the {role} sheet"
                )
            )
            continue
        try:
            sheets[role] = _sheet(file, name, grid, row_index, role, warnings)
        except ShinchokuError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ShinchokuError(problems)
    return RawReply(checked, meta, meta_name, meta_rows, sheets, warnings, meta_cells)


def _meta(grid: list[list[Any]]) -> tuple[dict[str, str], list[RowKey], dict[str, str]]:
    meta: dict[str, str] = {}
    rows: list[RowKey] = []
    where: dict[str, str] = {}
    for r, line in enumerate(grid[1:], start=1):
        cells = [cell_text(v) for v in line]
        if not cells or not cells[0]:
            continue
        if cells[0] == "row" and len(cells) >= 2:
            try:
                role = Role(cells[1])
            except ValueError:
                continue
            n = len(KEY_FIELDS[role])
            keys = tuple((cells[2:] + [""] * n)[:n])
            rows.append(RowKey(role, keys))
        else:
            meta[cells[0]] = cells[1] if len(cells) >= 2 else ""
            where[cells[0]] = cell_ref(r, 1)
    return meta, rows, where


def _field_row(grid: list[list[Any]]) -> tuple[int, Role | None] | None:
    for r, line in enumerate(grid[:_SCAN_ROWS]):
        for v in line:
            if isinstance(v, str) and v.startswith(FIELD_MARK):
                try:
                    return r, Role(v[len(FIELD_MARK) :])
                except ValueError:
                    return r, None
    return None


def _sheet(
    file: str,
    name: str,
    grid: list[list[Any]],
    field_row: int,
    role: Role,
    warnings: list[Problem],
) -> RawSheet:
    fields: dict[str, int] = {}
    for col, v in enumerate(grid[field_row]):
        text = cell_text(v)
        if text.startswith(FIELD_MARK):
            fields["key.plan"] = col
        elif text:
            fields[text] = col
    needed = (*COMMON_KEYS, *KEY_FIELDS[role], PREFILL)
    missing = [f for f in needed if f not in fields]
    missing += [f for f in INPUT_FIELDS[role] if f not in fields and not _optional(role, f)]
    if missing:
        raise ShinchokuError(
            [
                c.COLUMN_MISSING(
                    Place(file=file, sheet=name),
                    f"the columns {', '.join(missing)} are missing; was a column deleted?",
                )
            ]
        )
    inputs = {f: fields[f] for f in INPUT_FIELDS[role] if f in fields}
    width = max(fields.values()) + 1
    gaps = [col for col in range(width) if col not in set(fields.values())]
    rows: list[RawRow] = []
    ignored: list[str] = []
    keys = (*COMMON_KEYS, *KEY_FIELDS[role])
    for r in range(field_row + 2, len(grid)):
        line = grid[r]

        def at(f: str, line: list[Any] = line) -> Any:
            col = fields[f]
            return line[col] if col < len(line) else ""

        key_cells = [cell_text(at(f)) for f in keys]
        if not any(key_cells):
            ignored += [cell_ref(r, col) for col, v in enumerate(line) if cell_text(v)]
            continue
        if len(line) > width:  # a filled cell right of the form's columns
            ignored += [cell_ref(r, col) for col in range(width, len(line)) if cell_text(line[col])]
        ignored += [cell_ref(r, col) for col in gaps if col < len(line) and cell_text(line[col])]
        rows.append(
            RawRow(
                index=r,
                plan=key_cells[0],
                year=key_cells[1],
                key=RowKey(role, tuple(key_cells[2:])),
                prefill=cell_text(at(PREFILL)),
                cells={f: at(f) for f in inputs},
                columns=inputs,
            )
        )
    if ignored:
        shown = ", ".join(ignored[:_EXTRA_SHOWN]) + (" …" if len(ignored) > _EXTRA_SHOWN else "")
        warnings.append(
            c.EXTRA_CONTENT_IGNORED(
                Place(file=file, sheet=name, cell=ignored[0]),
                f"{len(ignored)} cell(s) outside the form's rows and columns are not read: {shown}",
            )
        )
    first = {f: fields[f] for f in (*COMMON_KEYS, *KEY_FIELDS[role], PREFILL)}
    return RawSheet(role, name, rows, first)


def _optional(role: Role, field: str) -> bool:
    """The office's KPI sheet has no measure columns."""
    return role is Role.KPIS and field in ("in.status", "in.analysis")

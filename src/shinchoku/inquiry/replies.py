"""From the cells of a reply to edits of the plan, with every error placed at its cell.

:func:`check_identity` refuses a reply for another plan or year, with altered keys or
fingerprint, or naming rows the plan no longer has. :func:`edits_of` reads the input
cells into :class:`Edit` objects: a KPI's observation, a measure's year (status,
analysis), an area's money, a guideline's initiatives. A cell left as the form was
pre-filled changes nothing; a cleared cell keeps what is stored (with a warning); only
what a person typed is read — through :mod:`shinchoku.inquiry.values`, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shinchoku.inquiry import codes as c
from shinchoku.inquiry.index import PlanIndex
from shinchoku.inquiry.layout import (
    FORMAT_VERSION,
    KEY_FIELDS,
    MODE_INPUT,
    MODE_REFERENCE,
    OFFICE,
    PREFILL,
    Role,
    RowKey,
    cell_ref,
    fingerprint,
    read_prefill,
    same_keys,
    same_signature,
    signature,
)
from shinchoku.inquiry.reader import RawReply, RawRow, RawSheet
from shinchoku.inquiry.values import (
    Actual,
    Remarks,
    UnknownNote,
    cell_text,
    read_actual,
    read_amount,
    read_new,
    read_point,
    read_projects,
    read_remarks,
    read_status,
    read_text,
)
from shinchoku.japanese import ParseError
from shinchoku.model import (
    Initiative,
    MeasureYear,
    Money,
    MoneyKind,
    MoneyRecord,
    Observation,
    Provenance,
)
from shinchoku.problems import Place, Problem


@dataclass(frozen=True, slots=True)
class Target:
    """What an edit sets: ("observation", kpi), ("measure", measure),
    ("money", area, fy, kind) or ("initiatives", area, guideline)."""

    kind: str
    ids: tuple[str, ...]


@dataclass(slots=True)
class Edit:
    target: Target
    value: Any  # Observation | MeasureYear | MoneyRecord | list[Initiative]
    place: Place  # file, sheet, cell of the main input cell
    prefill: dict[str, str]  # the row's pre-filled texts, to see a change since sending
    form: str


@dataclass(slots=True)
class Interpreted:
    edits: list[Edit] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


# -- identity --------------------------------------------------------------------------------


def check_identity(
    reply: RawReply,
    index: PlanIndex,
    year: int,
    secret: bytes | None = None,
    *,
    verify: bool = False,
) -> list[Problem]:
    """Errors that make the reply unusable as a whole (wrong plan, year, keys…).

    With ``verify`` (collecting into a database) the form must carry the signature
    made with ``secret``, the installation's: a form whose keys were rewritten and
    its fingerprint recomputed is refused as ``signature-mismatch``. Without it (a dry
    run, which writes nothing) an unsigned form is read, but a signature that is there
    must still match ``secret``.
    """
    plan = index.plan
    meta = reply.meta
    where = Place(file=reply.file, sheet=reply.meta_sheet)
    version = meta.get("format", "")
    if not version.isdigit() or int(version) > FORMAT_VERSION:
        return [
            c.FORM_VERSION_UNSUPPORTED(
                where, "the form was made by a newer shinchoku", version, FORMAT_VERSION
            )
        ]
    if meta.get("plan") != plan.id:
        return [
            c.WRONG_PLAN(
                where,
                f"the form is for plan {meta.get('plan')!r} ({meta.get('plan_name', '')})",
                meta.get("plan"),
                plan.id,
            )
        ]
    if meta.get("year") != str(year):
        return [
            c.WRONG_YEAR(
                where,
                f"the form is for FY{meta.get('year')}, not FY{year}",
                meta.get("year"),
                year,
            )
        ]
    form = meta.get("form", "")
    units = {u.id for u in plan.org_units}
    if form != OFFICE and form not in units:
        return [c.UNKNOWN_FORM(where, f"the plan has no org unit {form!r}", form)]

    problems: list[Problem] = []
    rows = [(sheet, row) for sheet in reply.sheets.values() for row in sheet.rows]
    expected_roles = {k.role for k in reply.meta_rows}
    for role in sorted(expected_roles - set(reply.sheets)):
        problems.append(c.SHEET_MISSING(where, f"the form's {role.value} sheet is missing"))
    if problems:
        return problems
    ordered = [
        row.key for role in _roles(reply) for row in reply.sheets[role].rows
    ]  # in the order the form was made
    meta_order = list(reply.meta_rows)
    diff = same_keys(ordered, meta_order)
    if diff is not None:
        problems.append(_altered(reply, ordered, meta_order, diff))
    for sheet, row in rows:
        for text, expected, fld in (
            (row.plan, plan.id, "key.plan"),
            (row.year, str(year), "key.year"),
        ):
            if text != expected:
                problems.append(
                    c.KEYS_ALTERED(
                        Place(
                            file=reply.file,
                            sheet=sheet.name,
                            cell=cell_ref(row.index, sheet.first_key_cell[fld]),
                        ),
                        "a hidden key cell was changed",
                        text,
                        expected,
                    )
                )
    if problems:
        return problems
    prints = [(row.key, row.prefill) for role in _roles(reply) for row in reply.sheets[role].rows]
    computed = fingerprint(plan.id, year, form, prints)
    if computed != meta.get("fingerprint"):
        return [
            c.FINGERPRINT_MISMATCH(
                where,
                "the form's hidden cells were changed after it was made; make a new form",
                meta.get("fingerprint"),
                computed,
            )
        ]
    if verify or (secret is not None and "signature" in meta):
        problem = _signature(reply, secret, plan.id, year, form, prints)
        if problem is not None:
            return [problem]
    return _rows(reply, index, form)


def _signature(
    reply: RawReply,
    secret: bytes | None,
    plan_id: str,
    year: int,
    form: str,
    prints: list[tuple[RowKey, str]],
) -> Problem | None:
    given = reply.meta.get("signature", "")
    cell = reply.meta_cells.get("signature") or reply.meta_cells.get("fingerprint")
    place = Place(file=reply.file, sheet=reply.meta_sheet, cell=cell)
    if not given:
        return c.SIGNATURE_MISMATCH(
            place,
            "the form carries no signature of this installation: it was made without "
            "this database or its signature was removed; make the forms again with --db",
        )
    expected = signature(secret, plan_id, year, form, prints) if secret is not None else ""
    if not expected or not same_signature(given, expected):
        return c.SIGNATURE_MISMATCH(
            place,
            "the form's keys are not signed by this installation: they were re-keyed "
            "(or the form was made with another database); make a new form",
            _short(given),
        )
    return None


def _roles(reply: RawReply) -> list[Role]:
    """Roles in the order of the _meta rows (the order the form was made in)."""
    seen: list[Role] = []
    for k in reply.meta_rows:
        if k.role not in seen:
            seen.append(k.role)
    return [r for r in seen if r in reply.sheets]


def _altered(reply: RawReply, found: list[RowKey], expected: list[RowKey], i: int) -> Problem:
    place = Place(file=reply.file, sheet=reply.meta_sheet)
    if i < len(found):
        key = found[i]
        sheet = reply.sheets[key.role]
        row = next(r for r in sheet.rows if r.key == key)
        want = expected[i].keys if i < len(expected) else ()
        j = next((n for n, k in enumerate(key.keys) if n >= len(want) or k != want[n]), 0)
        col = sheet.first_key_cell[KEY_FIELDS[key.role][j]]
        place = Place(file=reply.file, sheet=sheet.name, cell=cell_ref(row.index, col))
    return c.KEYS_ALTERED(
        place,
        "the hidden key columns differ from the form as made (rows added, removed, "
        "reordered or keys edited); make a new form or undo the change",
        found[i].describe() if i < len(found) else "(no row)",
        expected[i].describe() if i < len(expected) else "(no row)",
    )


def _rows(reply: RawReply, index: PlanIndex, form: str) -> list[Problem]:
    """Each row's keys read, exist in the plan and belong to the form's owner.

    Ownership comes from the plan (the database), never from the form: a division's
    rows name its own measures (those whose org units include it); the office's KPI
    rows name only KPIs that belong to no measure; money and initiatives are the
    office's.
    """
    problems: list[Problem] = []
    for sheet in reply.sheets.values():
        for row in sheet.rows:
            problem = _row_problem(reply, sheet, row, index, form)
            if problem is not None:
                problems.append(problem)
    return problems


def _row_problem(
    reply: RawReply, sheet: RawSheet, row: RawRow, index: PlanIndex, form: str
) -> Problem | None:
    a, b, c3 = row.key.keys
    place = Place(file=reply.file, sheet=sheet.name, cell=cell_ref(row.index, 0))
    found = row.key.describe()
    office = form == OFFICE
    try:
        read_prefill(row.prefill)
    except ValueError:
        cell = cell_ref(row.index, sheet.first_key_cell.get(PREFILL, 0))
        return c.KEYS_ALTERED(
            Place(file=reply.file, sheet=sheet.name, cell=cell),
            "a hidden cell (the pre-filled texts) cannot be read; make a new form",
            _short(row.prefill),
        )
    if sheet.role is Role.KPIS:
        if c3 not in (MODE_INPUT, MODE_REFERENCE):
            return c.KEYS_ALTERED(place, "a hidden key cell was changed", found)
        if office:
            if a or b in index.kpi_measures:
                return c.NOT_OWNED(
                    place,
                    "the office form's KPI rows address only KPIs that belong to no measure",
                    found,
                )
            if b not in index.kpis:
                return _stale_row(place, found)
            return None
        m = index.measures.get(a)
        if m is None:
            return _stale_row(place, found) if a else c.NOT_OWNED(place, _NOT_YOURS, found)
        if form not in m.org_units:
            return c.NOT_OWNED(place, _NOT_YOURS, found)
        if b and not any(r.kpi == b for r in m.kpis):
            return _stale_row(place, found)
        return None
    if not office:
        return c.NOT_OWNED(place, "money and main initiatives are the policy office's", found)
    if sheet.role is Role.MONEY:
        if not (b.isascii() and b.isdigit() and len(b) == 4) or c3 not in _KINDS:
            return c.KEYS_ALTERED(place, "a hidden key cell was changed", found)
        return None if a in index.areas else _stale_row(place, found)
    if not (c3.isascii() and c3.isdigit() and len(c3) <= 3):
        return c.KEYS_ALTERED(place, "a hidden key cell was changed", found)
    return None if index.guideline(a, b) is not None else _stale_row(place, found)


_NOT_YOURS = "the row addresses a measure the form's division is not responsible for"
_KINDS = frozenset(k.value for k in MoneyKind)


def _stale_row(place: Place, found: str) -> Problem:
    return c.STALE_FORM(
        place,
        "the row refers to a measure, KPI, area or guideline the plan no "
        "longer has in this place; make a new form",
        found,
    )


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


# -- edits ---------------------------------------------------------------------------------


class _Cells:
    """One row's input cells: raw values, texts, and whether a person changed them."""

    def __init__(self, reply: RawReply, sheet: str, row: RawRow) -> None:
        self.reply, self.sheet, self.row = reply, sheet, row
        self.prefill = read_prefill(row.prefill)

    def raw(self, f: str) -> Any:
        return self.row.cells.get(f, "")

    def text(self, f: str) -> str:
        return cell_text(self.raw(f))

    def touched(self, *fields: str) -> bool:
        return any(self.text(f) != self.prefill.get(f, "") for f in fields)

    def place(self, f: str) -> Place:
        return Place(file=self.reply.file, sheet=self.sheet, cell=self.row.ref(f))

    def error(self, exc: ParseError, f: str, **model: Any) -> Problem:
        place = self.place(f)
        return exc.at(Place(**{**place.to_dict(), **model})).problem


def edits_of(reply: RawReply, index: PlanIndex, year: int, provenance: Provenance) -> Interpreted:
    """Every edit the reply's cells ask for, and the errors of the cells that cannot be read."""
    out = Interpreted()
    form = reply.meta["form"]
    for role, sheet in reply.sheets.items():
        if role is Role.KPIS:
            _kpi_rows(reply, sheet.name, sheet.rows, index, year, form, provenance, out)
        elif role is Role.MONEY:
            for row in sheet.rows:
                _money_row(_Cells(reply, sheet.name, row), index, form, provenance, out)
        else:
            _initiative_rows(reply, sheet.name, sheet.rows, index, year, form, out)
    return out


def _prov(base: Provenance, cells: _Cells, f: str) -> Provenance:
    return base.model_copy(update={"sheet": cells.sheet, "cell": cells.row.ref(f)})


def _kpi_rows(
    reply: RawReply,
    sheet: str,
    rows: list[RawRow],
    index: PlanIndex,
    year: int,
    form: str,
    base: Provenance,
    out: Interpreted,
) -> None:
    seen_measures: set[str] = set()
    for row in rows:
        cells = _Cells(reply, sheet, row)
        measure_id, kpi_id, mode = row.key.keys
        if measure_id and measure_id not in seen_measures:
            seen_measures.add(measure_id)
            _measure(cells, index, year, measure_id, form, base, out)
        if kpi_id and mode != MODE_REFERENCE:
            _observation(cells, index, year, kpi_id, form, base, out)


def _observation(
    cells: _Cells,
    index: PlanIndex,
    year: int,
    kpi_id: str,
    form: str,
    base: Provenance,
    out: Interpreted,
) -> None:
    fields = ("in.value", "in.as_of", "in.remarks")
    if not cells.touched(*fields):
        return
    kpi = index.kpis[kpi_id]
    stored = kpi.observations.get(year)
    where = {"kpi": kpi_id, "year": year}
    errors: list[Problem] = []
    # A cell left as pre-filled keeps the stored reading: its text may be one the
    # dataset gave an explicit value for (「会議等394回実施（約523千ページ削減）」).
    kept = {f: stored is not None and not cells.touched(f) for f in fields}
    actual: Actual | None = None
    if stored is not None and kept["in.value"]:
        actual = Actual(stored.value, Remarks())
    else:
        try:
            actual = read_actual(cells.raw("in.value"), kpi.unit)
            if actual is not None and kpi.breakdown is not None:
                kpi.breakdown.refuse_undeclared(actual.figure)
        except UnknownNote as exc:
            p = cells.error(exc, "in.value", **where)
            errors.append(c.UNKNOWN_NOTE(p.place, p.message, p.found))
        except ParseError as exc:
            errors.append(cells.error(exc, "in.value", **where))
    as_of = None
    if stored is not None and kept["in.as_of"]:
        as_of = stored.as_of
    else:
        try:
            as_of = read_point(cells.raw("in.as_of"))
        except ParseError as exc:
            errors.append(cells.error(exc, "in.as_of", **where))
    remarks_text = read_text(cells.raw("in.remarks")) or ""
    if stored is not None and kept["in.remarks"]:
        remarks = Remarks(stored.provisional, stored.data_year, stored.finalised_later)
        note = stored.note
    else:
        try:
            remarks = read_remarks(remarks_text)
        except ParseError as exc:
            errors.append(cells.error(exc, "in.remarks", **where))
            remarks = Remarks()
        note = remarks_text.strip() or None
    if errors:
        out.errors.extend(errors)
        return
    if actual is None:
        if cells.text("in.value") != cells.prefill.get("in.value", "") and stored is not None:
            out.warnings.append(
                c.BLANK_KEEPS_STORED(
                    cells.place("in.value"),
                    f"the actual was cleared; the stored {stored.value.text!r} is kept "
                    "(write 「ー」 for no figure)",
                    "",
                    stored.value.text,
                )
            )
        elif cells.text("in.as_of") or remarks_text:
            out.warnings.append(
                c.REMARKS_WITHOUT_VALUE(
                    cells.place("in.value"),
                    "時点 or 備考 given without an actual; nothing is stored",
                    remarks_text or cells.text("in.as_of"),
                )
            )
        return
    extra = actual.remarks
    if (
        extra.data_year is not None
        and remarks.data_year is not None
        and extra.data_year != remarks.data_year
    ):
        out.errors.append(
            c.UNPARSEABLE_VALUE(
                cells.place("in.value"),
                "the note after the figure and 備考 name different years",
                actual.comment,
                remarks_text,
            )
        )
        return
    if actual.comment and (note is None or actual.comment not in note):
        note = f"{note} {actual.comment}" if note else actual.comment
    update: dict[str, Any] = {
        "value": actual.figure,
        "as_of": as_of,
        "data_year": remarks.data_year or extra.data_year,
        "provisional": remarks.provisional or extra.provisional,
        "finalised_later": remarks.finalised_later or extra.finalised_later,
        "note": note,
        "provenance": _prov(base, cells, "in.value"),
    }
    if stored is not None:
        if stored.value.value != actual.figure.value:
            update["stated_rate"] = None  # printed for the old figure
        obs = stored.model_copy(update=update)
    else:
        obs = Observation(**update)
    out.edits.append(
        Edit(Target("observation", (kpi_id,)), obs, cells.place("in.value"), cells.prefill, form)
    )


def _measure(
    cells: _Cells,
    index: PlanIndex,
    year: int,
    measure_id: str,
    form: str,
    base: Provenance,
    out: Interpreted,
) -> None:
    fields = [f for f in ("in.status", "in.analysis") if f in cells.row.cells]
    if not fields or not cells.touched(*fields):
        return
    stored = index.measures[measure_id].years.get(year)
    where = {"measure": measure_id, "year": year}
    status = None
    if cells.touched("in.status"):
        try:
            status = read_status(cells.raw("in.status"), index.plan.settings.scheme)
        except ParseError as exc:
            problem = cells.error(exc, "in.status", **where)
            out.errors.append(c.UNKNOWN_STATUS(problem.place, problem.message, problem.found))
            return
    analysis = read_text(cells.raw("in.analysis"))
    values = {"declared_status": status, "analysis": analysis}
    for f, name in (("in.status", "declared_status"), ("in.analysis", "analysis")):
        kept = getattr(stored, name) if stored is not None else None
        if not cells.touched(f) and stored is not None:
            values[name] = kept  # left as pre-filled: the stored text exactly (「【達成】」)
        elif values[name] is None and kept is not None:
            values[name] = kept
            if cells.touched(f):
                out.warnings.append(
                    c.BLANK_KEEPS_STORED(
                        cells.place(f), "the cell was cleared; the stored text is kept", "", kept
                    )
                )
    if values["declared_status"] is None and values["analysis"] is None:
        return
    main = "in.status" if cells.touched("in.status") else "in.analysis"
    my = MeasureYear(
        declared_status=values["declared_status"],
        analysis=values["analysis"],
        provenance=_prov(base, cells, main),
    )
    out.edits.append(
        Edit(Target("measure", (measure_id,)), my, cells.place(main), cells.prefill, form)
    )


def _money_row(
    cells: _Cells, index: PlanIndex, form: str, base: Provenance, out: Interpreted
) -> None:
    fields = ("in.projects", "in.amount")
    if not cells.touched(*fields):
        return
    area_id, fy_text, kind_text = cells.row.key.keys
    fy, kind = int(fy_text), MoneyKind(kind_text)
    area = index.areas[area_id]
    stored = next((r for r in area.money if r.year == fy and r.kind is kind), None)
    where = {"area": area_id, "year": fy, "field": "money"}
    try:
        projects = read_projects(cells.raw("in.projects"))
    except ParseError as exc:
        out.errors.append(cells.error(exc, "in.projects", **where))
        return
    try:
        amount = read_amount(cells.raw("in.amount"))
    except ParseError as exc:
        out.errors.append(cells.error(exc, "in.amount", **where))
        return
    if projects is None and stored is not None and stored.projects is not None:
        projects = stored.projects
        if cells.touched("in.projects"):
            out.warnings.append(
                c.BLANK_KEEPS_STORED(cells.place("in.projects"), "the count was cleared; kept")
            )
    money = Money(text=amount[0], yen=amount[1]) if amount is not None else None
    if money is None and stored is not None and stored.amount is not None:
        money = stored.amount
        if cells.touched("in.amount"):
            out.warnings.append(
                c.BLANK_KEEPS_STORED(cells.place("in.amount"), "the amount was cleared; kept")
            )
    if projects is None and money is None:
        return
    main = "in.amount" if cells.touched("in.amount") else "in.projects"
    record = MoneyRecord(
        year=fy,
        projects=projects,
        amount=money,
        kind=kind,
        note=stored.note if stored is not None else None,
        provenance=_prov(base, cells, main),
    )
    out.edits.append(
        Edit(
            Target("money", (area_id, fy_text, kind_text)),
            record,
            cells.place(main),
            cells.prefill,
            form,
        )
    )


def _initiative_rows(
    reply: RawReply,
    sheet: str,
    rows: list[RawRow],
    index: PlanIndex,
    year: int,
    form: str,
    out: Interpreted,
) -> None:
    groups: dict[tuple[str, str], list[_Cells]] = {}
    for row in rows:
        area_id, guideline_id, _ = row.key.keys
        groups.setdefault((area_id, guideline_id), []).append(_Cells(reply, sheet, row))
    fields = ("in.text", "in.new", "in.details")
    for (area_id, guideline_id), slots in groups.items():
        if not any(s.touched(*fields) for s in slots):
            continue
        guideline = index.guideline(area_id, guideline_id)
        assert guideline is not None  # checked by _stale
        stored = guideline.initiatives.get(year, [])
        by_text = {i.text: i for i in stored}
        items: list[Initiative] = []
        failed = False
        for s in slots:
            text = read_text(s.raw("in.text"))
            try:
                new = read_new(s.raw("in.new"))
            except ParseError as exc:
                out.errors.append(s.error(exc, "in.new", area=area_id))
                failed = True
                continue
            details = [d.strip() for d in (read_text(s.raw("in.details")) or "").split("\n")]
            details = [d for d in details if d]
            if text is None:
                if new or details:
                    out.warnings.append(
                        c.REMARKS_WITHOUT_VALUE(
                            s.place("in.text"), "新規 or 補足 given without an initiative; ignored"
                        )
                    )
                continue
            old = by_text.get(text)
            figures = old.figures if old is not None else []
            items.append(Initiative(text=text, new=new, details=details, figures=figures))
        if failed:
            continue
        first = slots[0]
        if not items and stored:
            out.warnings.append(
                c.BLANK_KEEPS_STORED(
                    first.place("in.text"),
                    "every initiative of the guideline was cleared; the stored ones are kept",
                )
            )
            continue
        out.edits.append(
            Edit(
                Target("initiatives", (area_id, guideline_id)),
                items,
                first.place("in.text"),
                {},
                form,
            )
        )


def same_value(a: Any, b: Any) -> bool:
    """Equal apart from provenance."""
    return bool(_plain(a) == _plain(b))


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "provenance"):
        return value.model_copy(update={"provenance": None})
    return value

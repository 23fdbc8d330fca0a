"""From the cells of a reply to edits of the plan, with every error placed at its cell.

Once :func:`~shinchoku.inquiry.identity.check_identity` has accepted a reply as a
genuine form of this plan and year, :func:`edits_of` reads the input
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
    MODE_REFERENCE,
    Role,
    read_prefill,
)
from shinchoku.inquiry.reader import RawReply, RawRow
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
    KPI,
    Initiative,
    MeasureYear,
    Money,
    MoneyKind,
    MoneyRecord,
    Observation,
    Point,
    Provenance,
    reading_for,
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


def _actual_and_as_of(
    cells: _Cells,
    kpi: KPI,
    stored: Observation | None,
    kept: dict[str, bool],
    where: dict[str, Any],
    errors: list[Problem],
) -> tuple[Actual | None, Point | None]:
    """The actual and its 時点 as typed (or as stored, for cells left as pre-filled)."""
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
    return actual, as_of


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
    with reading_for(kpi.unit, kpi.name, index.plan.settings.era_of_short_years):
        actual, as_of = _actual_and_as_of(cells, kpi, stored, kept, where, errors)
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

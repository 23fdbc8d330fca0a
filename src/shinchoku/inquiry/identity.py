"""Is a reply a genuine, current form of this plan and year, addressing only what its
sender owns?

:func:`check_identity` refuses a reply for another plan or year, with altered keys,
fingerprint or signature, naming rows the plan no longer has, or rows its division does
not own — all before any input cell is read.
"""

from __future__ import annotations

from shinchoku.inquiry import codes as c
from shinchoku.inquiry.index import PlanIndex
from shinchoku.inquiry.layout import (
    FORMAT_VERSION,
    KEY_FIELDS,
    MODE_INPUT,
    MODE_REFERENCE,
    OFFICE,
    PREFILL,
    RowKey,
    SheetRole,
    cell_ref,
    fingerprint,
    read_prefill,
    same_keys,
    same_signature,
    signature,
)
from shinchoku.inquiry.reader import RawReply, RawRow, RawSheet
from shinchoku.model import MoneyKind
from shinchoku.problems import Place, Problem


def newer_format(meta: dict[str, str], where: Place, supported: int) -> Problem | None:
    """``form-version-unsupported`` when the form's ``format`` is not a version this
    release reads (made by a newer shinchoku, or not a number at all)."""
    version = meta.get("format", "")
    if version.isdigit() and int(version) <= supported:
        return None
    return c.FORM_VERSION_UNSUPPORTED(
        where, "the form was made by a newer shinchoku", version, supported
    )


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
    if newer := newer_format(meta, where, FORMAT_VERSION):
        return [newer]
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


def _roles(reply: RawReply) -> list[SheetRole]:
    """Roles in the order of the _meta rows (the order the form was made in)."""
    seen: list[SheetRole] = []
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
    rows name only KPIs that belong to no measure and measures with no org unit; money
    and initiatives are the office's.
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
    if sheet.role is SheetRole.KPIS:
        if c3 not in (MODE_INPUT, MODE_REFERENCE):
            return c.KEYS_ALTERED(place, "a hidden key cell was changed", found)
        if office and not a:
            if b in index.kpi_measures:
                return c.NOT_OWNED(place, _NOT_THE_OFFICES, found)
            return None if b in index.kpis else _stale_row(place, found)
        m = index.measures.get(a)
        if m is None:
            return _stale_row(place, found) if a else c.NOT_OWNED(place, _NOT_YOURS, found)
        if office and m.org_units:
            return c.NOT_OWNED(place, _NOT_THE_OFFICES, found)
        if not office and form not in m.org_units:
            return c.NOT_OWNED(place, _NOT_YOURS, found)
        if b and not any(r.kpi == b for r in m.kpis):
            return _stale_row(place, found)
        return None
    if not office:
        return c.NOT_OWNED(place, "money and main initiatives are the policy office's", found)
    if sheet.role is SheetRole.MONEY:
        if not (b.isascii() and b.isdigit() and len(b) == 4) or c3 not in _KINDS:
            return c.KEYS_ALTERED(place, "a hidden key cell was changed", found)
        return None if a in index.areas else _stale_row(place, found)
    if not (c3.isascii() and c3.isdigit() and len(c3) <= 3):
        return c.KEYS_ALTERED(place, "a hidden key cell was changed", found)
    return None if index.guideline(a, b) is not None else _stale_row(place, found)


_NOT_THE_OFFICES = (
    "the office form's KPI rows address only KPIs of no measure and measures with no 担当所属"
)
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

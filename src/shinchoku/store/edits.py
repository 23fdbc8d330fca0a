"""Single-figure edits with optimistic locking, parsed like the dataset, logged field by field.

A person (web form or API) edits the actual of one KPI for one fiscal year (value text and
as-of point) and the text of a measure for that year (declared status, 要因分析). Each
edit names the row ``revision`` it was made from. :func:`apply_edits` writes all of them
or none: text that cannot be parsed is an ``unparseable-value`` problem naming the field
and the text found; a row that someone else changed since (its revision moved on) and
whose stored value differs from the submitted one is an ``edit-conflict`` problem whose
params hold both values (``yours``, ``theirs``), who saved it (``by``) and when (``at``).
Nothing is lost: the caller shows the conflict and the person decides.

Permissions are the caller's business (see :mod:`shinchoku.web.policy`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shinchoku.japanese import MAX_FIGURE_TEXT, ParseError, parse_point
from shinchoku.japanese.text import check_text
from shinchoku.method import accepted_labels, read_declared
from shinchoku.model import (
    Breakdown,
    Figure,
    GradingScheme,
    Plan,
    Settings,
    current_short_years,
    reading_for,
)
from shinchoku.problems import Place, Problem
from shinchoku.problems import reasons as why
from shinchoku.problems.store import EDIT_CONFLICT
from shinchoku.problems.web import FORBIDDEN
from shinchoku.store.accounts import utcnow
from shinchoku.store.database import Database
from shinchoku.store.history import Workflow, bump_revision
from shinchoku.store.tables import ChangeRow, KpiRow, MeasureYearRow, ObservationRow, PlanRow
from shinchoku.store.years import lock_plan, require_open
from shinchoku.workflow import (
    Named,
    Reach,
    YearStatus,
    may_edit_kpi,
    may_edit_measure,
    plan_refused,
    reach,
)

MAX_FIGURE = MAX_FIGURE_TEXT
MAX_POINT = 50
MAX_ANALYSIS = 4000

OBSERVATION = "observation"
MEASURE_YEAR = "measure-year"


@dataclass(frozen=True, slots=True)
class ObservationEdit:
    """The actual of one KPI: ``None`` leaves a field as it is, ``""`` clears the as-of."""

    kpi_id: str
    revision: int  # revision the person started from; 0 when there was no figure yet
    value: str | None = None
    as_of: str | None = None


@dataclass(frozen=True, slots=True)
class MeasureYearEdit:
    """The declared status and 要因分析 of one measure; ``""`` clears a field."""

    measure_id: str
    revision: int
    declared_status: str | None = None
    analysis: str | None = None


@dataclass(frozen=True, slots=True)
class FieldChange:
    entity: str
    key: str
    field: str
    before: str | None
    after: str | None


@dataclass(slots=True)
class EditResult:
    errors: list[Problem] = field(default_factory=list)  # unparseable-value, per field
    conflicts: list[Problem] = field(default_factory=list)  # edit-conflict, per field
    changes: list[FieldChange] = field(default_factory=list)
    revisions: dict[tuple[str, str], int] = field(default_factory=dict)  # new row revisions

    @property
    def ok(self) -> bool:
        return not self.errors and not self.conflicts


# -- parsing ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def parse_value(
    text: str, unit: str | None = None, breakdown: Breakdown | None = None
) -> dict[str, Any]:
    """The value columns of an observation from its text, read as the dataset reads it
    for a KPI in ``unit`` (inside :func:`~shinchoku.model.reading_for`, also with the KPI's
    name and the plan's short-year rule); ParseError if unreadable."""
    check_text(text, "a figure")  # before strip() drops a control character at an end
    text = _clean(text)
    if not text:
        raise ParseError(text, why.VALUE_REQUIRED())
    if len(text) > MAX_FIGURE:
        raise ParseError(text[:40] + "…", why.TOO_LONG(limit=MAX_FIGURE, length=len(text)))
    f = Figure.read(text, unit)
    if breakdown is not None:
        breakdown.refuse_undeclared(f)
    # Parts re-derive from the new text: none are kept beside it.
    return {
        "value_text": text,
        "value": f.value,
        "unit": f.unit,
        "approximate": f.approximate,
        "value_parts": None,
    }


def parse_as_of(text: str) -> dict[str, Any]:
    check_text(text, "a period")
    text = _clean(text)
    if not text:
        return {"as_of_text": None, "as_of_fy": None, "as_of_month": None}
    if len(text) > MAX_POINT:
        raise ParseError(text[:40] + "…", why.TOO_LONG(limit=MAX_POINT, length=len(text)))
    p = parse_point(text, current_short_years())
    return {"as_of_text": text, "as_of_fy": p.fiscal_year, "as_of_month": p.month}


def parse_declared(text: str, scheme: GradingScheme | None = None) -> str | None:
    """A declared grade in the labels of the plan's scheme (default 達成/一部達成/未達成)."""
    text = _clean(text)
    if not text:
        return None
    scheme = scheme or Settings().scheme
    if read_declared(scheme, text) is None:
        raise ParseError(text, why.NOT_ONE_OF(accepted=", ".join(accepted_labels(scheme))))
    return text


def parse_analysis(text: str) -> str | None:
    text = _clean(text)
    if len(text) > MAX_ANALYSIS:
        raise ParseError(text[:40] + "…", why.TOO_LONG(limit=MAX_ANALYSIS, length=len(text)))
    return text or None


def _where(entity: str, key: str, name: str, year: int | None = None) -> Place:
    """A field of an observation (a KPI's) or of a measure-year."""
    if entity == OBSERVATION:
        return Place(kpi=key, year=year, field=name)
    return Place(measure=key, year=year, field=name)


def _conflict(
    entity: str, key: str, name: str, year: int, yours: str | None, theirs: str | None, row: Any
) -> Problem:
    by, at = _stamp(row)
    return EDIT_CONFLICT(
        _where(entity, key, name, year),
        f"{name} was changed to {theirs!r} (revision {row.revision if row else 0})",
        yours=yours or "",
        theirs=theirs or "",
        by=by or "",
        at=at or "",
        revision=row.revision if row is not None else 0,
    )


def check_edits(
    observations: Sequence[ObservationEdit],
    measure_years: Sequence[MeasureYearEdit],
    scheme: GradingScheme | None = None,
    units: Mapping[str, str | None] | None = None,
    breakdowns: Mapping[str, Breakdown | None] | None = None,
    names: Mapping[str, str] | None = None,
    short_years: str | None = None,
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], list[Problem]]:
    """Parse every submitted field: (observation columns, measure-year columns, errors).

    ``units`` maps KPI ids to their units, so that a KPI's own unit is accepted;
    ``breakdowns`` to their breakdowns, so that a part label must be declared; ``names``
    to their names and ``short_years`` is the plan's rule for a year printed without its
    era (「0.9%(22年度)」): each figure is read as the dataset reads it.
    """
    errors: list[Problem] = []
    units = units or {}
    breakdowns = breakdowns or {}
    names = names or {}
    obs_cols: dict[str, dict[str, Any]] = {}
    for o in observations:
        with reading_for(units.get(o.kpi_id), names.get(o.kpi_id), short_years):
            obs_cols[o.kpi_id] = _parse_fields(
                OBSERVATION,
                o.kpi_id,
                [
                    (
                        "value",
                        o.value,
                        partial(
                            parse_value,
                            unit=units.get(o.kpi_id),
                            breakdown=breakdowns.get(o.kpi_id),
                        ),
                    ),
                    ("as_of", o.as_of, parse_as_of),
                ],
                errors,
            )
    my_cols = {
        m.measure_id: _parse_fields(
            MEASURE_YEAR,
            m.measure_id,
            [
                (
                    "declared_status",
                    m.declared_status,
                    _column("declared_status", lambda t: parse_declared(t, scheme)),
                ),
                ("analysis", m.analysis, _column("analysis", parse_analysis)),
            ],
            errors,
        )
        for m in measure_years
    }
    return obs_cols, my_cols, errors


def _column(name: str, parse: Callable[[str], Any]) -> Callable[[str], dict[str, Any]]:
    return lambda text: {name: parse(text)}


def _parse_fields(
    entity: str,
    key: str,
    fields: Sequence[tuple[str, str | None, Callable[[str], dict[str, Any]]]],
    errors: list[Problem],
) -> dict[str, Any]:
    """Columns from the submitted texts; each unreadable one adds its problem."""
    cols: dict[str, Any] = {}
    for name, text, parse in fields:
        if text is None:
            continue
        try:
            cols.update(parse(text))
        except ParseError as exc:
            errors.append(exc.at(_where(entity, key, name)).problem)
    return cols


# -- applying ---------------------------------------------------------------------------

# Field shown to people → the column holding its text.
_OBS_TEXT = {"value": "value_text", "as_of": "as_of_text"}
_OBS_FIELDS = {
    "value": ("value_text", "value", "unit", "approximate", "value_parts"),
    "as_of": ("as_of_text", "as_of_fy", "as_of_month"),
}
_MY_FIELDS = ("declared_status", "analysis")


def _stamp(row: Any) -> tuple[str | None, str | None]:
    prov = row.provenance if row is not None else None
    if not prov:
        return None, None
    return prov.get("user"), prov.get("at")


def _provenance(user: str, source: str, now: datetime) -> dict[str, Any]:
    return {"source": source, "user": user, "at": now.isoformat(timespec="seconds")}


def _new_observation(plan_id: str, kpi_id: str, year: int) -> dict[str, Any]:
    return {
        "plan_id": plan_id,
        "kpi_id": kpi_id,
        "year": year,
        "value_text": "ー",
        "value": None,
        "unit": None,
        "approximate": False,
        "value_parts": None,
        "as_of_text": None,
        "as_of_fy": None,
        "as_of_month": None,
        "data_year": None,
        "provisional": False,
        "finalised_later": False,
        "basis": None,
        "declared_status": None,
        "stated_rate_text": None,
        "stated_rate_value": None,
        "stated_rate_unit": None,
        "stated_rate_approximate": False,
        "note": None,
        "provenance": None,
    }


def _kpi_readers(
    db: Database, plan_id: str, observations: Sequence[ObservationEdit]
) -> tuple[dict[str, str | None], dict[str, Breakdown | None], dict[str, str]]:
    """The unit, breakdown and name of each edited KPI: what its figures are read with."""
    if not observations:
        return {}, {}, {}
    ids = sorted({o.kpi_id for o in observations})
    with Session(db.engine) as s:
        rows = s.execute(
            select(KpiRow.id, KpiRow.unit, KpiRow.breakdown, KpiRow.name).where(
                KpiRow.plan_id == plan_id, KpiRow.id.in_(ids)
            )
        ).all()
    units = {kpi_id: unit for kpi_id, unit, _, _ in rows}
    breakdowns = {
        kpi_id: None if b is None else Breakdown.model_validate(b) for kpi_id, _, b, _ in rows
    }
    return units, breakdowns, {kpi_id: name for kpi_id, _, _, name in rows}


class _Conflicted(Exception):
    """A guarded update found the row moved on between read and write."""


def _plan_settings(db: Database, plan_id: str) -> Settings | None:
    with Session(db.engine) as s:
        settings = s.scalar(select(PlanRow.settings).where(PlanRow.id == plan_id))
    return None if settings is None else Settings.model_validate(settings)


def _check_against_plan(
    db: Database,
    plan_id: str,
    observations: Sequence[ObservationEdit],
    measure_years: Sequence[MeasureYearEdit],
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], list[Problem]]:
    """:func:`check_edits` with the plan's scheme and rule for short years, and each KPI's
    unit and breakdown."""
    settings = _plan_settings(db, plan_id)
    return check_edits(
        observations,
        measure_years,
        None if settings is None else settings.scheme,
        *_kpi_readers(db, plan_id, observations),
        short_years=None if settings is None else settings.era_of_short_years,
    )


def refuse_edits(
    actor: Named,
    plan: Plan,
    status: YearStatus,
    observations: Sequence[ObservationEdit] = (),
    measure_years: Sequence[MeasureYearEdit] = (),
) -> None:
    """Raise unless ``actor`` may make every one of these edits (:mod:`shinchoku.workflow`):
    ``plan-of-another-organisation`` naming the plan, else ``forbidden`` naming the KPI or
    measure. A year that is not open is left to ``year-not-open``; ids the plan does not
    have, to the edit's own checks."""
    if reach(actor, plan.organisation) is not Reach.OWN:
        raise plan_refused(actor, plan.id, plan.organisation, "edit", Place(year=status.year))
    if not status.is_open:
        return
    year = status.year
    kpis = {k.id for k in plan.kpis}
    for o in observations:
        if o.kpi_id in kpis and not may_edit_kpi(actor, plan, o.kpi_id, status):
            raise FORBIDDEN.error(
                Place(kpi=o.kpi_id, year=year), f"you may not change KPI {o.kpi_id} in FY{year}"
            )
    measures = {m.id: m for _, m in plan.measures()}
    for e in measure_years:
        m = measures.get(e.measure_id)
        if m is not None and not may_edit_measure(actor, plan.organisation, m, status):
            raise FORBIDDEN.error(
                Place(measure=e.measure_id, year=year),
                f"you may not change measure {e.measure_id} in FY{year}",
            )


def validate_edits(
    db: Database,
    plan_id: str,
    observations: Sequence[ObservationEdit] = (),
    measure_years: Sequence[MeasureYearEdit] = (),
) -> list[Problem]:
    """What a save of these edits would refuse, field by field, without writing: the same
    readers and messages as :func:`apply_edits` (the edit form's 確認 and live check)."""
    return _check_against_plan(db, plan_id, observations, measure_years)[2]


def apply_edits(
    db: Database,
    plan_id: str,
    year: int,
    observations: Sequence[ObservationEdit] = (),
    measure_years: Sequence[MeasureYearEdit] = (),
    *,
    user: str,
    source: str = "web",
    actor: Named | None = None,
) -> EditResult:
    """Parse, check revisions and write every edit in one transaction, or nothing.

    Raises ``year-not-open`` (nothing written) unless ``year`` is open at the moment of
    writing. With ``actor`` (the staff account editing: the staff pages and the API pass
    it), the role rules come first: :func:`refuse_edits`.
    """
    if actor is not None:
        refuse_edits(
            actor,
            db.load_plan(plan_id),
            Workflow(db).status(plan_id, year),
            observations,
            measure_years,
        )
    obs_cols, my_cols, errors = _check_against_plan(db, plan_id, observations, measure_years)
    result = EditResult(errors=errors)
    if errors:
        return result
    now = utcnow()
    with Session(db.write_engine) as s:
        s.begin()
        try:
            # The year must be open when the edit is written, not only when it was asked
            # for: the plan's (shared) write lock keeps a publish out until we commit.
            lock_plan(s.connection(), plan_id, exclusive=False)
            require_open(s.connection(), plan_id, year)
            bump_revision(s, plan_id)
            for o in observations:
                _apply_observation(s, result, plan_id, year, o, obs_cols[o.kpi_id], now)
            for m in measure_years:
                _apply_measure_year(s, result, plan_id, year, m, my_cols[m.measure_id], now)
            if not result.conflicts and result.changes:
                for c in result.changes:
                    s.add(
                        ChangeRow(
                            plan_id=plan_id,
                            at=now,
                            user_name=user,
                            source=source,
                            entity=c.entity,
                            kpi_id=c.key if c.entity == OBSERVATION else None,
                            measure_id=c.key if c.entity == MEASURE_YEAR else None,
                            year=year,
                            field=c.field,
                            before=c.before,
                            after=c.after,
                        )
                    )
                _stamp_rows(s, result, plan_id, year, user, source, now)
                s.commit()
            else:
                s.rollback()
                if result.conflicts:
                    result.changes.clear()
        except _Conflicted:
            s.rollback()
            # Someone wrote between our read and our write: read again and report.
            return apply_edits(
                db,
                plan_id,
                year,
                observations,
                measure_years,
                user=user,
                source=source,
                actor=actor,
            )
        except BaseException:
            s.rollback()
            raise
    return result


def _apply_observation(
    s: Session,
    result: EditResult,
    plan_id: str,
    year: int,
    edit: ObservationEdit,
    cols: dict[str, Any],
    now: datetime,
) -> None:
    row = s.get(ObservationRow, (plan_id, edit.kpi_id, year), with_for_update=True)
    stored_rev = row.revision if row is not None else 0
    current = (
        {c: getattr(row, c) for group in _OBS_FIELDS.values() for c in group}
        if row is not None
        else _new_observation(plan_id, edit.kpi_id, year)
    )
    changed: dict[str, Any] = {}
    for name, group in _OBS_FIELDS.items():
        if group[0] not in cols:
            continue
        text_col = _OBS_TEXT[name]
        before = current[text_col] if row is not None else None
        after = cols[text_col]
        if before == after:
            continue
        if stored_rev != edit.revision:
            result.conflicts.append(
                _conflict(OBSERVATION, edit.kpi_id, name, year, after, before, row)
            )
            continue
        changed.update({c: cols[c] for c in group})
        result.changes.append(FieldChange(OBSERVATION, edit.kpi_id, name, before, after))
    _write_row(
        s,
        result,
        (OBSERVATION, edit.kpi_id),
        ObservationRow,
        None if row is None else stored_rev,
        _new_observation(plan_id, edit.kpi_id, year),
        changed,
        now,
    )


def _apply_measure_year(
    s: Session,
    result: EditResult,
    plan_id: str,
    year: int,
    edit: MeasureYearEdit,
    cols: dict[str, Any],
    now: datetime,
) -> None:
    row = s.get(MeasureYearRow, (plan_id, edit.measure_id, year), with_for_update=True)
    stored_rev = row.revision if row is not None else 0
    changed: dict[str, Any] = {}
    for name in _MY_FIELDS:
        if name not in cols:
            continue
        before = getattr(row, name) if row is not None else None
        after = cols[name]
        if before == after:
            continue
        if stored_rev != edit.revision:
            result.conflicts.append(
                _conflict(MEASURE_YEAR, edit.measure_id, name, year, after, before, row)
            )
            continue
        changed[name] = after
        result.changes.append(FieldChange(MEASURE_YEAR, edit.measure_id, name, before, after))
    new = {
        "plan_id": plan_id,
        "measure_id": edit.measure_id,
        "year": year,
        "declared_status": None,
        "analysis": None,
        "provenance": None,
    }
    _write_row(
        s,
        result,
        (MEASURE_YEAR, edit.measure_id),
        MeasureYearRow,
        None if row is None else stored_rev,
        new,
        changed,
        now,
    )


def _write_row(
    s: Session,
    result: EditResult,
    target: tuple[str, str],
    model: type[ObservationRow] | type[MeasureYearRow],
    stored_rev: int | None,
    new: dict[str, Any],
    changed: dict[str, Any],
    now: datetime,
) -> None:
    """Insert the row (``stored_rev`` None) or update it if its revision is unchanged.

    The update's ``WHERE revision = stored`` is the optimistic lock: a concurrent save
    in between makes it match no row, and the whole edit is refused as a conflict.
    """
    if not changed or result.conflicts:
        result.revisions[target] = stored_rev or 0
        return
    if stored_rev is None:
        s.add(model(**{**new, **changed}, revision=1, updated_at=now))
        s.flush()
        result.revisions[target] = 1
        return
    key = [getattr(model, c.name) == new[c.name] for c in model.__mapper__.primary_key]
    done = s.execute(
        update(model)
        .where(*key, model.revision == stored_rev)
        .values(**changed, revision=stored_rev + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(done, "rowcount", 1) != 1:
        raise _Conflicted
    result.revisions[target] = stored_rev + 1


def _stamp_rows(
    s: Session,
    result: EditResult,
    plan_id: str,
    year: int,
    user: str,
    source: str,
    now: datetime,
) -> None:
    """Record who changed each row (provenance: web/api, user, time)."""
    prov = _provenance(user, source, now)
    for entity, key in {(c.entity, c.key) for c in result.changes}:
        if entity == OBSERVATION:
            s.execute(
                update(ObservationRow)
                .where(
                    ObservationRow.plan_id == plan_id,
                    ObservationRow.kpi_id == key,
                    ObservationRow.year == year,
                )
                .values(provenance=prov)
                .execution_options(synchronize_session=False)
            )
        else:
            s.execute(
                update(MeasureYearRow)
                .where(
                    MeasureYearRow.plan_id == plan_id,
                    MeasureYearRow.measure_id == key,
                    MeasureYearRow.year == year,
                )
                .values(provenance=prov)
                .execution_options(synchronize_session=False)
            )


# -- reading the rows an edit starts from ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowState:
    """The stored texts of one editable row, its revision and who wrote it last."""

    revision: int  # 0: no row yet
    fields: dict[str, str | None]
    by: str | None = None
    at: str | None = None


def observation_state(db: Database, plan_id: str, kpi_id: str, year: int) -> RowState:
    with Session(db.engine) as s:
        row = s.get(ObservationRow, (plan_id, kpi_id, year))
        if row is None:
            return RowState(0, {"value": None, "as_of": None})
        by, at = _stamp(row)
        return RowState(row.revision, {"value": row.value_text, "as_of": row.as_of_text}, by, at)


def measure_year_state(db: Database, plan_id: str, measure_id: str, year: int) -> RowState:
    with Session(db.engine) as s:
        row = s.get(MeasureYearRow, (plan_id, measure_id, year))
        if row is None:
            return RowState(0, {"declared_status": None, "analysis": None})
        by, at = _stamp(row)
        return RowState(
            row.revision,
            {"declared_status": row.declared_status, "analysis": row.analysis},
            by,
            at,
        )


def observation_revisions(db: Database, plan_id: str, kpi_id: str) -> dict[int, int]:
    """Revision of each stored actual of a KPI, by fiscal year."""
    with Session(db.engine) as s:
        rows = s.execute(
            select(ObservationRow.year, ObservationRow.revision).where(
                ObservationRow.plan_id == plan_id, ObservationRow.kpi_id == kpi_id
            )
        ).all()
    return {int(y): int(r) for y, r in rows}


def measure_year_revisions(db: Database, plan_id: str, measure_id: str) -> dict[int, int]:
    with Session(db.engine) as s:
        rows = s.execute(
            select(MeasureYearRow.year, MeasureYearRow.revision).where(
                MeasureYearRow.plan_id == plan_id, MeasureYearRow.measure_id == measure_id
            )
        ).all()
    return {int(y): int(r) for y, r in rows}

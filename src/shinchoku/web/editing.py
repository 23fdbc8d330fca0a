"""Saving figures from the staff pages and the API: role rules first, then the store's edit.

Both adapters call :func:`save`; it refuses ids the plan does not have (404), a year
that is not open (409) and, by :func:`shinchoku.store.edits.refuse_edits`, what the user
may not change (403: the role rules), and otherwise hands the edits to
:func:`shinchoku.store.edits.apply_edits`, which parses, checks revisions and writes all
or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from shinchoku.problems import Place, Problem, ShinchokuError
from shinchoku.problems.store import YEAR_NOT_OPEN, YEAR_STATE_WORDS
from shinchoku.store.accounts import User
from shinchoku.store.edits import (
    MEASURE_YEAR,
    OBSERVATION,
    EditResult,
    MeasureYearEdit,
    ObservationEdit,
    apply_edits,
    refuse_edits,
)
from shinchoku.web.service import not_found
from shinchoku.web.state import AppState
from shinchoku.workflow import YearStatus


def year_not_open(year: int, status: YearStatus) -> ShinchokuError:
    """``year-not-open`` for a year in ``status``."""
    return YEAR_NOT_OPEN.error(Place(year=year), state=YEAR_STATE_WORDS[status.state])


def field_errors(errors: Iterable[Problem]) -> dict[tuple[str, str, str], Problem]:
    """The unparseable fields of an edit by (entity, KPI or measure id, field): the form
    shows each beside its field."""
    out: dict[tuple[str, str, str], Problem] = {}
    for p in errors:
        entity, key = (OBSERVATION, p.place.kpi) if p.place.kpi else (MEASURE_YEAR, p.place.measure)
        out[(entity, key or "", p.place.field or "")] = p
    return out


def save(
    state: AppState,
    user: User,
    plan_id: str,
    year: int,
    observations: Sequence[ObservationEdit] = (),
    measure_years: Sequence[MeasureYearEdit] = (),
    source: str = "web",
) -> EditResult:
    view = state.service.view(plan_id, "staff")
    plan = view.plan
    status = state.service.workflow.status(plan_id, year)
    if not status.is_open:
        raise year_not_open(year, status)
    measures = {m.id for _, m in plan.measures()}
    for o in observations:
        try:
            plan.kpi(o.kpi_id)
        except KeyError:
            raise not_found("KPI", o.kpi_id) from None
    for e in measure_years:
        if e.measure_id not in measures:
            raise not_found("measure", e.measure_id)
    # The store's role check, on the plan this view has already read.
    refuse_edits(user, plan, status, observations, measure_years)
    return apply_edits(
        state.db,
        plan_id,
        year,
        observations,
        measure_years,
        user=user.name,
        source=source,
    )

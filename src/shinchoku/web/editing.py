"""Saving figures from the staff pages and the API: role rules first, then the store's edit.

Both adapters call :func:`save`; it refuses what the user may not change (403), a year
that is not open (409), and otherwise hands the edits to
:func:`shinchoku.store.edits.apply_edits`, which parses, checks revisions and writes all
or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from shinchoku.store.accounts import User
from shinchoku.store.edits import EditResult, MeasureYearEdit, ObservationEdit, apply_edits
from shinchoku.web.errors import WebError
from shinchoku.web.service import not_found
from shinchoku.web.state import AppState
from shinchoku.workflow import may_edit_kpi, may_edit_measure


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
        raise WebError(
            409,
            "year-not-open",
            f"FY{year} is not open for entry",
            {"year": year},
        )
    measures = {m.id: m for _, m in plan.measures()}
    for o in observations:
        try:
            plan.kpi(o.kpi_id)
        except KeyError:
            raise not_found("KPI", o.kpi_id) from None
        if not may_edit_kpi(user, plan, o.kpi_id, status):
            raise WebError(
                403,
                "forbidden",
                f"you may not change KPI {o.kpi_id} in FY{year}",
                {"kpi": o.kpi_id, "year": year},
            )
    for e in measure_years:
        m = measures.get(e.measure_id)
        if m is None:
            raise not_found("measure", e.measure_id)
        if not may_edit_measure(user, m, status):
            raise WebError(
                403,
                "forbidden",
                f"you may not change measure {e.measure_id} in FY{year}",
                {"measure": e.measure_id, "year": year},
            )
    return apply_edits(
        state.db,
        plan_id,
        year,
        observations,
        measure_years,
        user=user.name,
        source=source,
    )

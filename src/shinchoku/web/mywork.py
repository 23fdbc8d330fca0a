"""A division's side of the staff area: *my work for this year* and the submission.

``/staff/my`` is an editor's home: for each of their divisions (all divisions for admins
and viewers) the state of its submission, its KPIs and measures with what is still empty
and what the audit flags (the findings ``shinchoku check`` gives, as the report words
them, by the division responsible), and one link to each edit form. Submitting goes
through a confirmation page that lists what is still open; a submission the office has not
reviewed can be withdrawn. The steps themselves are the workflow page's routes
(:mod:`shinchoku.web.staff`); who may take them is :mod:`shinchoku.workflow`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from shinchoku.model import KPI, Measure, OrgUnit, Plan
from shinchoku.problems import Place
from shinchoku.problems.store import UNIT_ACTION_WORDS, UNIT_STATE_INVALID, UNIT_STATE_WORDS
from shinchoku.problems.web import FORBIDDEN
from shinchoku.publish.view import FindingView
from shinchoku.store.accounts import User
from shinchoku.web import pages
from shinchoku.web.editing import year_not_open
from shinchoku.web.params import Key, Staff, Year, YearQ
from shinchoku.web.render import render, request_lang
from shinchoku.web.round import deadline_label
from shinchoku.web.service import not_found
from shinchoku.web.state import app_state, base_path
from shinchoku.workflow import (
    Action,
    Reach,
    Role,
    UnitState,
    YearStatus,
    is_own_unit,
    may_edit_kpi,
    may_edit_measure,
    may_submit,
    may_withdraw,
    plan_refused,
    reach,
    submitting_units,
)
from shinchoku.workload import has_actual, owed

router = APIRouter(prefix="/staff", include_in_schema=False)


@dataclass(frozen=True, slots=True)
class KpiWork:
    """One KPI of a division in the year: its actual as typed (None: still empty)."""

    kpi: KPI
    actual: str | None
    as_of: str | None
    findings: tuple[FindingView, ...]
    editable: bool
    edit_url: str
    view_url: str


@dataclass(frozen=True, slots=True)
class MeasureWork:
    """One measure of a division in the year: its declared status and 要因分析."""

    measure: Measure
    declared_status: str | None
    analysis_empty: bool
    findings: tuple[FindingView, ...]
    editable: bool
    edit_url: str | None  # the edit form of its first KPI, where its texts are entered


@dataclass(frozen=True, slots=True)
class UnitWork:
    """A division's work for the year: what it answers for, what is open, its submission."""

    unit: OrgUnit
    state: UnitState
    may_submit: bool
    may_withdraw: bool
    kpis: tuple[KpiWork, ...]
    measures: tuple[MeasureWork, ...]
    findings: tuple[FindingView, ...]  # every finding the division is responsible for

    @property
    def empty_kpis(self) -> tuple[KpiWork, ...]:
        return tuple(k for k in self.kpis if k.actual is None)

    @property
    def empty_measures(self) -> tuple[MeasureWork, ...]:
        return tuple(m for m in self.measures if m.declared_status is None)

    @property
    def open_items(self) -> int:
        """Empty figures and findings (as :mod:`shinchoku.workload` counts them, like the
        office's round page): what a submission would leave open."""
        return len(self.empty_kpis) + len(self.empty_measures) + len(self.findings)


def _actual(kpi: KPI, year: int) -> tuple[str | None, str | None]:
    """The KPI's actual for ``year`` as typed (a none marker such as 「ー」 too) and its
    as-of; None when still empty (:func:`shinchoku.workload.has_actual`)."""
    if not has_actual(kpi, year):
        return None, None
    obs = kpi.observations[year]
    return obs.value.text, obs.as_of.text if obs.as_of is not None else None


def my_units(user: User, plan: Plan) -> list[OrgUnit]:
    """The divisions whose work ``user`` sees here: an editor's own, else every one."""
    ids = submitting_units(plan)
    if user.role is Role.EDITOR:
        ids = [u for u in ids if u in user.units]
    return [plan.org_unit(u) for u in ids]


def unit_work(
    user: User,
    plan: Plan,
    year: int,
    status: YearStatus,
    unit: OrgUnit,
    findings: Sequence[FindingView],
    prefix: str = "",
) -> UnitWork:
    """The work of division ``unit`` in ``year`` as ``user`` may act on it; its links
    start with ``prefix`` (``/p/{plan_id}`` when the address names the plan)."""
    measures = [m for _, m in plan.measures() if unit.id in m.org_units]
    kpi_ids = [r.kpi for m in measures for r in m.kpis]
    mine = [f for f in findings if unit.id in f.divisions and owed(f.severity)]
    base = f"{prefix}/staff/fy/{year}/kpis/"
    kpis = tuple(
        KpiWork(
            kpi=k,
            actual=actual,
            as_of=as_of,
            findings=tuple(f for f in mine if f.kpi_id == k.id),
            editable=may_edit_kpi(user, plan, k.id, status),
            edit_url=f"{base}{k.id}/edit",
            view_url=f"{base}{k.id}.html",
        )
        for k in plan.kpis
        if k.id in kpi_ids
        for actual, as_of in [_actual(k, year)]
    )
    measure_rows = []
    for m in measures:
        texts = m.years.get(year)
        first = m.kpis[0].kpi if m.kpis else None
        measure_rows.append(
            MeasureWork(
                measure=m,
                declared_status=texts.declared_status if texts is not None else None,
                analysis_empty=texts is None or not texts.analysis,
                findings=tuple(f for f in mine if f.measure_id == m.id and f.kpi_id is None),
                editable=may_edit_measure(user, plan.organisation, m, status),
                edit_url=f"{base}{first}/edit" if first is not None else None,
            )
        )
    return UnitWork(
        unit=unit,
        state=status.unit_state(unit.id),
        may_submit=may_submit(user, plan.organisation, unit.id, status),
        may_withdraw=may_withdraw(user, plan.organisation, unit.id, status),
        kpis=kpis,
        measures=tuple(measure_rows),
        findings=tuple(mine),
    )


def _year_of_work(request: Request, year: int | None) -> tuple[int | None, YearStatus | None]:
    """The year asked for, else the open one (None when no year is open)."""
    st = app_state(request)
    plan_id = st.plan_id(request)
    if year is None:
        year = st.service.workflow.open_year(plan_id)
        if year is None:
            return None, None
    view = pages.plan_view(request, "staff")
    if year not in view.years:
        raise not_found("fiscal year", str(year), year)
    return year, st.service.workflow.status(plan_id, year)


def _findings(request: Request, year: int) -> tuple[FindingView, ...]:
    view = pages.plan_view(request, "staff")
    return view.report(year, request_lang(request)).findings


@router.get("/my")
def my_work(request: Request, user: Staff, year: YearQ = None) -> HTMLResponse:
    fy, status = _year_of_work(request, year)
    plan = pages.plan_view(request, "staff").plan
    units: list[UnitWork] = []
    wf = app_state(request).service.workflow
    if fy is not None and status is not None:
        found = _findings(request, fy)
        units = [
            unit_work(user, plan, fy, status, u, found, base_path(request))
            for u in my_units(user, plan)
        ]
    deadline = wf.deadline(plan.id, fy) if fy is not None else None
    return render(
        request,
        "staff/my.html",
        {
            "year": fy,
            "year_status": status,
            "units": units,
            "deadline": deadline_label(deadline.deadline, request_lang(request))
            if deadline
            else None,
            "returns": wf.returns(plan.id, fy) if fy is not None else {},
            "staff": True,
            "title_key": "my_work",
        },
    )


@router.get("/my/{year}/units/{unit_id}/submit")
def confirm_submit(request: Request, user: Staff, year: Year, unit_id: Key) -> HTMLResponse:
    """What submitting the division would leave open, and the button that submits it."""
    status = _year_of_work(request, year)[1]
    if status is None:
        raise not_found("fiscal year", str(year), year)
    plan = pages.plan_view(request, "staff").plan
    if unit_id not in submitting_units(plan):
        raise not_found("org unit", unit_id, year)
    if not is_own_unit(user, plan.organisation, unit_id):
        if reach(user, plan.organisation) is not Reach.OWN:
            raise plan_refused(user, plan.id, plan.organisation, "edit", Place(year=year))
        raise FORBIDDEN.error(Place(year=year), "you may submit only your own units")
    if not status.is_open:
        raise year_not_open(year, status)
    if not may_submit(user, plan.organisation, unit_id, status):
        state = status.unit_state(unit_id)
        raise UNIT_STATE_INVALID.error(
            Place(year=year),
            f"org unit {unit_id} is {state.value}; cannot submit",
            unit=unit_id,
            state=UNIT_STATE_WORDS[state],
            action=UNIT_ACTION_WORDS[Action.SUBMIT],
        )
    work = unit_work(
        user,
        plan,
        year,
        status,
        plan.org_unit(unit_id),
        _findings(request, year),
        base_path(request),
    )
    return render(
        request,
        "staff/submit.html",
        {
            "year": year,
            "u": work,
            "staff": True,
            "title_key": "submit_confirm",
        },
    )

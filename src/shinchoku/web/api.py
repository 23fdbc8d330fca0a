"""The JSON API under ``/api``: read plans, areas, measures, KPIs, observations, findings;
write actuals and measure texts with an editor's API token.

Without a token the API shows what the public pages show (published years only); with a
staff token it shows drafts too and the row revisions writes need.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from shinchoku.method import KpiResult
from shinchoku.method.aggregate import measure_money
from shinchoku.method.rounding import plain_decimal
from shinchoku.method.summary import MoneyCell, money_cell
from shinchoku.model import Area, Measure, Observation
from shinchoku.problems import Place, Problem, ShinchokuError, arg_value
from shinchoku.problems.web import UNAUTHORIZED
from shinchoku.publish.labels import fiscal_year_label
from shinchoku.store.accounts import User
from shinchoku.store.edits import (
    MEASURE_YEAR,
    OBSERVATION,
    EditResult,
    MeasureYearEdit,
    ObservationEdit,
    measure_year_revisions,
    observation_revisions,
)
from shinchoku.web import api_models as am
from shinchoku.web.auth import bearer_user
from shinchoku.web.editing import save
from shinchoku.web.errors import ErrorBody, WebError
from shinchoku.web.filters import KpiFilter
from shinchoku.web.service import PlanView, not_found
from shinchoku.web.state import app_state
from shinchoku.wording import Names, problem_message, problem_title
from shinchoku.workflow import may_read_plan, plan_refused

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (400, "Bad request"),
        (401, "The API token is missing or not valid"),
        (403, "Not allowed for this user"),
        (404, "Not found (or not published)"),
        (409, "Conflict with the current state: the year is not open, or someone else saved"),
        (422, "The request is not valid; details name each field"),
    )
}

router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)

PlanId = Annotated[str, Path(max_length=200, description="Plan id")]
YearQ = Annotated[
    int | None,
    Query(ge=1900, le=2199, description="Fiscal year; default the latest published (or open)"),
]
YearP = Annotated[int, Path(ge=1900, le=2199, description="Fiscal year")]
ItemId = Annotated[str, Path(max_length=200)]


# Declares the scheme in the OpenAPI document; the token itself is checked by
# bearer_user (auto_error off: a malformed header gets our own 401 body).
_BEARER = HTTPBearer(
    scheme_name="bearer",
    description="A staff API token: `shinchoku user token NAME`. Optional for reads "
    "(drafts are shown with one), required for writes.",
    auto_error=False,
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]


def _user(request: Request, _credentials: Credentials) -> User | None:
    return bearer_user(request)


def _require_user(request: Request, _credentials: Credentials) -> User:
    user = bearer_user(request)
    if user is None:
        raise WebError(
            UNAUTHORIZED(Place(), "an API token is required"),
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


def optional_auth(doc: dict[str, Any]) -> dict[str, Any]:
    """Mark the token optional (``security: [{bearer: []}, {}]``) on the operations that
    take a :data:`Viewer`, not a :data:`Writer`, in the OpenAPI document ``doc``."""
    for route in router.routes:
        if not isinstance(route, APIRoute):
            continue
        calls = {d.call for d in route.dependant.dependencies}
        if _user in calls and _require_user not in calls:
            item = doc["paths"].get(route.path_format, {})
            for method in route.methods or ():
                op = item.get(method.lower())
                if op is not None and {} not in op.get("security", []):
                    op.setdefault("security", []).append({})
    return doc


Viewer = Annotated[User | None, Depends(_user)]
Writer = Annotated[User, Depends(_require_user)]


def _view(request: Request, plan_id: str, user: User | None) -> PlanView:
    """The plan as ``user`` sees it: drafts too for its own (or supervising) organisation's
    staff, published years only for everyone else."""
    service = app_state(request).service
    if user is not None and may_read_plan(user, service.view(plan_id, "staff").plan.organisation):
        return service.view(plan_id, "staff")
    return service.view(plan_id, "public")


def _staff_view(request: Request, plan_id: str, user: User) -> PlanView:
    """The staff view for ``user``; 403 naming the plan when it is another organisation's."""
    view = app_state(request).service.view(plan_id, "staff")
    if not may_read_plan(user, view.plan.organisation):
        raise plan_refused(user, plan_id, view.plan.organisation, "read")
    return view


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else plain_decimal(value)


def _money(cell: MoneyCell | None) -> am.MoneyOut | None:
    if cell is None:
        return None
    return am.MoneyOut(
        year=cell.year, projects=cell.projects, yen=cell.yen, display=cell.display, kind=cell.kind
    )


@router.get("/health", response_model=am.HealthOut, summary="Liveness")
def health() -> am.HealthOut:
    return am.HealthOut(status="ok")


@router.get("/me", response_model=am.MeOut, summary="The token's user")
def me(user: Writer) -> am.MeOut:
    return am.MeOut(
        name=user.name,
        role=user.role.value,
        units=sorted(user.units),
        organisation=user.organisation,
    )


@router.get("/plans", response_model=list[am.PlanItem], summary="Plans")
def plans(request: Request, user: Viewer) -> list[am.PlanItem]:
    out = []
    for plan_id, _name in app_state(request).service.plans():
        view = _view(request, plan_id, user)
        if user is None and not view.years:
            continue  # nothing published yet
        p = view.plan
        out.append(
            am.PlanItem(
                id=p.id,
                name=p.name,
                name_en=p.name_en,
                government=p.government,
                period_start=p.period.start,
                period_end=p.period.end,
            )
        )
    return out


@router.get("/plans/{plan_id}", response_model=am.PlanOut, summary="A plan and its years")
def plan(request: Request, plan_id: PlanId, user: Viewer) -> am.PlanOut:
    view = _view(request, plan_id, user)
    p = view.plan
    years = []
    for y in view.years:
        st = view.statuses.get(y)
        years.append(
            am.YearOut(
                year=y,
                label=fiscal_year_label(y, "ja"),
                state=(st.state.value if st is not None and st.state is not None else None),
                published=bool(st is not None and st.has_snapshot),
                published_at=(
                    st.published_at.isoformat() if st is not None and st.published_at else None
                ),
            )
        )
    return am.PlanOut(
        id=p.id,
        name=p.name,
        name_en=p.name_en,
        government=p.government,
        period_start=p.period.start,
        period_end=p.period.end,
        basic_goal=p.basic_goal,
        slogan=p.slogan,
        default_year=view.default_year,
        years=years,
        org_units=[am.OrgUnitOut(**u.model_dump()) for u in p.org_units],
    )


def _area_out(view: PlanView, area: Area, parent: str | None, depth: int, year: int) -> am.AreaOut:
    summary = view.summary(year)
    row = next(r for r in summary.areas if r.id == area.id)
    ev = view.evaluation(year)
    return am.AreaOut(
        id=area.id,
        name=area.name,
        name_en=area.name_en,
        label=area.label,
        kind=area.kind,
        parent_id=parent,
        depth=depth,
        children=[c.id for c in area.children],
        measures=[m.id for m in area.measures],
        kpis=[k.kpi.id for k in ev.area_kpis(area)],
        year=year,
        money=_money(row.money),
        previous_money=_money(row.previous),
        kpi_status=row.kpi_status,
        measure_status=row.measure_status,
    )


def _parents(view: PlanView) -> dict[str, str | None]:
    out: dict[str, str | None] = {}

    def walk(areas: list[Area], parent: str | None) -> None:
        for a in areas:
            out[a.id] = parent
            walk(a.children, a.id)

    walk(view.plan.areas, None)
    return out


@router.get("/plans/{plan_id}/areas", response_model=list[am.AreaOut], summary="Areas")
def areas(request: Request, plan_id: PlanId, user: Viewer, year: YearQ = None) -> list[am.AreaOut]:
    view = _view(request, plan_id, user)
    fy = view.year(year)
    parents = _parents(view)
    return [_area_out(view, a, parents[a.id], d, fy) for a, d in view.plan.walk_areas()]


@router.get("/plans/{plan_id}/areas/{area_id}", response_model=am.AreaOut, summary="An area")
def area(
    request: Request, plan_id: PlanId, area_id: ItemId, user: Viewer, year: YearQ = None
) -> am.AreaOut:
    view = _view(request, plan_id, user)
    fy = view.year(year)
    parents = _parents(view)
    for a, d in view.plan.walk_areas():
        if a.id == area_id:
            return _area_out(view, a, parents[a.id], d, fy)
    raise not_found("area", area_id)


def _measure_money(view: PlanView, m: Measure, year: int) -> am.MoneyOut | None:
    return _money(money_cell(measure_money(m, year), view.plan.settings))


def _measure_out(
    request: Request, view: PlanView, area: Area, m: Measure, year: int, staff: bool
) -> am.MeasureOut:
    mr = view.evaluation(year).measures[m.id]
    my = m.years.get(year)
    revision = None
    if staff:
        revision = measure_year_revisions(app_state(request).db, view.plan.id, m.id).get(year, 0)
    return am.MeasureOut(
        id=m.id,
        name=m.name,
        name_en=m.name_en,
        area_id=area.id,
        org_units=list(m.org_units),
        kpis=[r.kpi for r in m.kpis],
        year=year,
        status=mr.status.value,
        grade=mr.grade.code if mr.grade is not None else None,
        grade_label=mr.grade_label("ja"),
        grade_label_en=mr.grade_label("en"),
        declared_status=my.declared_status if my is not None else None,
        money=_measure_money(view, m, year),
        analysis=my.analysis if my is not None else None,
        revision=revision,
    )


@router.get("/plans/{plan_id}/measures", response_model=list[am.MeasureOut], summary="Measures")
def measures(
    request: Request, plan_id: PlanId, user: Viewer, year: YearQ = None
) -> list[am.MeasureOut]:
    view = _view(request, plan_id, user)
    fy = view.year(year)
    return [_measure_out(request, view, a, m, fy, False) for a, m in view.plan.measures()]


@router.get(
    "/plans/{plan_id}/measures/{measure_id}", response_model=am.MeasureOut, summary="A measure"
)
def measure(
    request: Request, plan_id: PlanId, measure_id: ItemId, user: Viewer, year: YearQ = None
) -> am.MeasureOut:
    view = _view(request, plan_id, user)
    fy = view.year(year)
    for a, m in view.plan.measures():
        if m.id == measure_id:
            return _measure_out(request, view, a, m, fy, view.kind == "staff")
    raise not_found("measure", measure_id)


def _kpi_out(view: PlanView, r: KpiResult, year: int) -> am.KpiOut:
    k = r.kpi
    s = view.summary(year)
    row = next(x for x in s.kpis if x.id == k.id)
    return am.KpiOut(
        id=k.id,
        name=k.name,
        name_en=k.name_en,
        unit=k.unit,
        direction=k.direction.value,
        cumulative=k.cumulative,
        baseline=k.baseline.value.text if k.baseline.value is not None else None,
        baseline_value=_dec(k.baseline.value.value) if k.baseline.value is not None else None,
        baseline_as_of=k.baseline.as_of.text if k.baseline.as_of is not None else None,
        baseline_note=k.baseline.note,
        targets=[
            am.TargetOut(year=y, text=t.text, value=_dec(t.value), kind=t.kind.value, note=t.note)
            for y, t in sorted(k.targets.items())
        ],
        final_target=k.final_target.text if k.final_target is not None else None,
        areas=row.areas,
        measures=row.measures,
        year=year,
        target=row.target,
        actual=row.actual,
        actual_value=row.actual_value,
        rate=row.rate,
        final_rate=row.final_rate,
        status=row.status,
        grade=row.grade,
        grade_label=row.grade_label,
        grade_label_en=row.grade_label_en,
        outlook=row.outlook,
        observed_pace=row.observed_pace,
        required_pace=row.required_pace,
        breakdown=None
        if k.breakdown is None
        else am.BreakdownOut.model_validate(k.breakdown.model_dump(mode="json")),
        parts=[
            am.PartOut(
                label=p.label,
                dimensions=p.dimensions,
                target=p.target,
                actual=p.actual,
                rate=p.rate,
                final_rate=p.final_rate,
                status=p.status,
                grade=p.grade,
                grade_label=p.grade_label,
                grade_label_en=p.grade_label_en,
                outlook=p.outlook,
            )
            for p in row.parts
        ],
    )


@router.get("/plans/{plan_id}/kpis", response_model=list[am.KpiOut], summary="KPIs")
def kpis(
    request: Request,
    plan_id: PlanId,
    user: Viewer,
    year: YearQ = None,
    area: Annotated[str | None, Query(max_length=200, description="Area id (and below)")] = None,
    status: Annotated[str | None, Query(max_length=40, description="e.g. achieved")] = None,
    division: Annotated[str | None, Query(max_length=200, description="Org unit id")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words in the name")] = None,
) -> list[am.KpiOut]:
    view = _view(request, plan_id, user)
    fy = view.year(year)
    ev = view.evaluation(fy)
    match = KpiFilter.of(area, status, division, q).matcher(view.plan)
    return [
        _kpi_out(view, ev.kpis[k.id], fy)
        for k in view.plan.kpis
        if match(k.id, ev.kpis[k.id].status.value)
    ]


@router.get("/plans/{plan_id}/kpis/{kpi_id}", response_model=am.KpiOut, summary="A KPI")
def kpi(
    request: Request, plan_id: PlanId, kpi_id: ItemId, user: Viewer, year: YearQ = None
) -> am.KpiOut:
    view = _view(request, plan_id, user)
    fy = view.year(year)
    ev = view.evaluation(fy)
    if kpi_id not in ev.kpis:
        raise not_found("KPI", kpi_id)
    return _kpi_out(view, ev.kpis[kpi_id], fy)


def _obs_out(kpi_id: str, year: int, o: Observation, revision: int | None) -> am.ObservationOut:
    prov = o.provenance
    staff = revision is not None
    return am.ObservationOut(
        kpi_id=kpi_id,
        year=year,
        value_text=o.value.text,
        value=_dec(o.value.value),
        unit=o.value.unit,
        approximate=o.value.approximate,
        as_of=o.as_of.text if o.as_of is not None else None,
        data_year=o.data_year,
        provisional=o.provisional,
        finalised_later=o.finalised_later,
        basis=o.basis,
        note=o.note,
        revision=revision,
        updated_by=prov.user if staff and prov is not None else None,
        updated_at=prov.at if staff and prov is not None else None,
    )


@router.get(
    "/plans/{plan_id}/kpis/{kpi_id}/observations",
    response_model=list[am.ObservationOut],
    summary="A KPI's actuals, every year shown",
)
def observations(
    request: Request, plan_id: PlanId, kpi_id: ItemId, user: Viewer
) -> list[am.ObservationOut]:
    view = _view(request, plan_id, user)
    try:
        k = view.plan.kpi(kpi_id)
    except KeyError:
        raise not_found("KPI", kpi_id) from None
    revs = (
        observation_revisions(app_state(request).db, plan_id, kpi_id)
        if view.kind == "staff"
        else None
    )
    return [
        _obs_out(kpi_id, y, o, revs.get(y, 0) if revs is not None else None)
        for y, o in sorted(k.observations.items())
    ]


@router.get(
    "/plans/{plan_id}/findings", response_model=list[am.FindingOut], summary="Audit findings"
)
def findings(
    request: Request, plan_id: PlanId, user: Viewer, year: YearQ = None
) -> list[am.FindingOut]:
    view = _view(request, plan_id, user)
    fy = view.year(year)
    en, ja = Names.of(view.plan, "en"), Names.of(view.plan, "ja")
    return [
        am.FindingOut(
            code=p.code,
            severity=p.severity.value,
            title=problem_title(p, "en"),
            title_ja=problem_title(p, "ja"),
            message=problem_message(p, "en", en),
            message_ja=problem_message(p, "ja", ja),
            place={k: v for k, v in p.place.to_dict().items() if isinstance(v, str | int)},
            found=p.found,
            expected=p.expected,
            params={k: arg_value(v) for k, v in p.params},
        )
        for p in view.findings(fy)
    ]


@router.get(
    "/plans/{plan_id}/kpis/{kpi_id}/history",
    response_model=list[am.ChangeOut],
    summary="Change log of a KPI and its measures (staff)",
)
def history(request: Request, plan_id: PlanId, kpi_id: ItemId, user: Writer) -> list[am.ChangeOut]:
    view = _staff_view(request, plan_id, user)
    try:
        view.plan.kpi(kpi_id)
    except KeyError:
        raise not_found("KPI", kpi_id) from None
    measures = [m.id for _, m in view.plan.kpi_places(kpi_id)]
    return [
        am.ChangeOut(
            at=c.at.isoformat(timespec="seconds"),
            user=c.user,
            source=c.source,
            entity=c.entity,
            kpi_id=c.kpi_id,
            measure_id=c.measure_id,
            year=c.year,
            field=c.field,
            before=c.before,
            after=c.after,
        )
        for c in app_state(request).service.workflow.changes(plan_id, kpi_id, measures)
    ]


def _in_year(p: Problem, year: int) -> Problem:
    return replace(p, place=replace(p.place, year=year))


def _outcome(result: EditResult, entity: str, key: str, year: int) -> am.EditOut:
    # The first problem heads the answer (its code and status); each field is a detail.
    if result.errors:
        first = result.errors[0]
        head = replace(first, place=Place(year=year, field=first.place.field))
        head = replace(head, message="a value could not be read; nothing was saved")
        raise ShinchokuError([head, *(_in_year(e, year) for e in result.errors)])
    if result.conflicts:
        first = result.conflicts[0]
        head = replace(
            first,
            place=Place(year=year),
            message="someone else saved this since you read it; nothing was saved",
        )
        raise ShinchokuError([head, *result.conflicts])
    return am.EditOut(
        changes=[
            am.FieldChangeOut(field=c.field, before=c.before, after=c.after) for c in result.changes
        ],
        revision=result.revisions.get((entity, key), 0),
    )


@router.put(
    "/plans/{plan_id}/kpis/{kpi_id}/observations/{year}",
    response_model=am.EditOut,
    summary="Enter or correct a KPI's actual (editor token)",
)
async def put_observation(
    request: Request,
    plan_id: PlanId,
    kpi_id: ItemId,
    year: YearP,
    body: am.ObservationIn,
    user: Writer,
) -> am.EditOut:
    edit = ObservationEdit(
        kpi_id=kpi_id, revision=body.revision, value=body.value, as_of=body.as_of
    )
    result = await run_in_threadpool(
        save, app_state(request), user, plan_id, year, [edit], [], "api"
    )
    return _outcome(result, OBSERVATION, kpi_id, year)


@router.put(
    "/plans/{plan_id}/measures/{measure_id}/years/{year}",
    response_model=am.EditOut,
    summary="Enter or correct a measure's declared status and analysis (editor token)",
)
async def put_measure_year(
    request: Request,
    plan_id: PlanId,
    measure_id: ItemId,
    year: YearP,
    body: am.MeasureYearIn,
    user: Writer,
) -> am.EditOut:
    edit = MeasureYearEdit(
        measure_id=measure_id,
        revision=body.revision,
        declared_status=body.declared_status,
        analysis=body.analysis,
    )
    result = await run_in_threadpool(
        save, app_state(request), user, plan_id, year, [], [edit], "api"
    )
    return _outcome(result, MEASURE_YEAR, measure_id, year)

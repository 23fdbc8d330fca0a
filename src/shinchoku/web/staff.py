"""Staff pages: the internal dashboard (drafts included), KPI editing, the year workflow,
users. Every page needs a log-in; every form carries the session's CSRF token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from shinchoku.japanese.periods import ParsedPeriod, format_period
from shinchoku.method.grading import read_declared, status_words
from shinchoku.problems import Place, ShinchokuError
from shinchoku.problems.web import FORBIDDEN, INVALID_YEAR
from shinchoku.store.accounts import ApiToken, User
from shinchoku.store.edits import (
    EditResult,
    MeasureYearEdit,
    ObservationEdit,
    measure_year_state,
    observation_state,
    validate_edits,
)
from shinchoku.web import pages
from shinchoku.web.auth import (
    check_csrf,
    plan_organisation,
    require_office,
    require_reviewer,
    require_staff,
)
from shinchoku.web.editing import field_errors, save, year_not_open
from shinchoku.web.params import Account, Admin, Key, Staff, Text, Year, YearQ
from shinchoku.web.plans import plans_page, several_plans
from shinchoku.web.render import render
from shinchoku.web.round import publish_page
from shinchoku.web.service import not_found
from shinchoku.web.state import app_state, base_path
from shinchoku.workflow import (
    Reach,
    Role,
    editable_measures,
    is_own_unit,
    may_edit_kpi,
    may_manage_plan,
    may_manage_user,
    may_review,
    may_submit,
    may_withdraw,
    plan_refused,
    reach,
    submitting_units,
)

router = APIRouter(prefix="/staff", include_in_schema=False)


@router.get("/")
def home(request: Request, user: Account, year: YearQ = None) -> Response:
    if several_plans(request):
        return plans_page(request, user, staff=True)
    require_staff(request)
    if year is None and user.role is Role.EDITOR:
        return RedirectResponse(base_path(request) + "/staff/my", 303)  # an editor's home: my work
    return pages.summary_page(request, "staff", year)


@router.get("/fy/{year}/")
def summary_year(request: Request, user: Staff, year: Year) -> HTMLResponse:
    return pages.summary_page(request, "staff", year)


@router.get("/fy/{year}/areas/{area_id}")
def area(request: Request, user: Staff, year: Year, area_id: Key) -> HTMLResponse:
    return pages.area_page(request, "staff", year, area_id)


@router.get("/fy/{year}/kpis/{kpi_id}")
def kpi(request: Request, user: Staff, year: Year, kpi_id: Key) -> HTMLResponse:
    return pages.kpi_page(request, "staff", year, kpi_id)


@router.get("/fy/{year}/findings.html")
def findings(request: Request, user: Staff, year: Year) -> HTMLResponse:
    return pages.findings_page(request, "staff", year)


@router.get("/kpis")
def kpi_list(
    request: Request,
    user: Staff,
    year: YearQ = None,
    area: Text = None,
    status: Text = None,
    division: Text = None,
    q: Text = None,
    mine: Annotated[str | None, Query(max_length=5)] = None,
) -> HTMLResponse:
    return pages.kpi_list_page(
        request, "staff", year, area, status, division, q, mine=bool(mine), user=user
    )


# -- editing one KPI ----------------------------------------------------------------------


def _edit_context(request: Request, user: User, year: int, kpi_id: str) -> dict[str, Any]:
    st = app_state(request)
    view = pages.plan_view(request, "staff")
    plan = view.plan
    key = pages.strip_html_suffix(kpi_id)
    try:
        kpi = plan.kpi(key)
    except KeyError:
        raise not_found("KPI", key, year) from None
    if year not in view.years:
        raise not_found("fiscal year", str(year), year)
    status = st.service.workflow.status(plan.id, year)
    obs_ok = may_edit_kpi(user, plan, key, status)
    measures = editable_measures(user, plan, key, status)
    if not obs_ok and not measures:
        if not status.is_open:
            raise year_not_open(year, status)
        raise FORBIDDEN.error(Place(kpi=key, year=year), f"you cannot edit KPI {key} in FY{year}")
    obs = observation_state(st.db, plan.id, key, year)
    my = {m.id: measure_year_state(st.db, plan.id, m.id, year) for m in measures}
    scheme = plan.settings.scheme
    words = status_words(scheme)
    return {
        # 状況 as a choice from the plan's own scheme (and the status words it accepts)
        "grade_groups": [(scheme, scheme.grades)]
        + ([(words, words.grades)] if words is not None else []),
        "declared_grade": lambda text: read_declared(scheme, text) if text else None,
        # the as-of forms the parser reads, for this year's end and for the year itself
        "as_of_examples": (
            format_period(ParsedPeriod(year, month=3, year=year + 1)),
            format_period(ParsedPeriod(year)),
        ),
        "kpi": kpi,
        "year": year,
        "obs_ok": obs_ok,
        "obs": obs,
        "measures": measures,
        "my": my,
        "target": kpi.targets.get(year) or (kpi.final_target if year == plan.period.end else None),
        "previous": kpi.observations.get(year - 1),
        "kpi_url": f"{base_path(request)}/staff/fy/{year}/kpis/{key}.html",
        "action": f"{base_path(request)}/staff/fy/{year}/kpis/{key}/edit",
        "errors": {},
        "values": None,
        "checked": False,
        "title": kpi.name,
        "staff": True,
    }


@router.get("/fy/{year}/kpis/{kpi_id}/edit")
def edit_form(request: Request, user: Staff, year: Year, kpi_id: Key) -> HTMLResponse:
    ctx = _edit_context(request, user, year, kpi_id)
    return render(request, "staff/edit.html", ctx)


def _form_text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _form_int(form: FormData, name: str) -> int:
    try:
        return max(0, int(str(form.get(name) or "0")))
    except ValueError:
        return 0


@router.post("/fy/{year}/kpis/{kpi_id}/edit")
async def edit_save(request: Request, year: Year, kpi_id: Key) -> Response:
    form = await request.form()
    user = await run_in_threadpool(require_staff, request)
    check_csrf(request, form.get("csrf_token"))
    ctx = await run_in_threadpool(_edit_context, request, user, year, kpi_id)
    key = ctx["kpi"].id
    observations = []
    if ctx["obs_ok"]:
        observations.append(
            ObservationEdit(
                kpi_id=key,
                revision=_form_int(form, "obs_revision"),
                value=_form_text(form, "value"),
                as_of=_form_text(form, "as_of"),
            )
        )
    measure_edits = [
        MeasureYearEdit(
            measure_id=m.id,
            revision=_form_int(form, f"rev__{m.id}"),
            declared_status=_form_text(form, f"status__{m.id}"),
            analysis=_form_text(form, f"analysis__{m.id}"),
        )
        for m in ctx["measures"]
    ]
    st = app_state(request)
    values = {
        "value": _form_text(form, "value"),
        "as_of": _form_text(form, "as_of"),
        **{f"status__{m.id}": _form_text(form, f"status__{m.id}") for m in ctx["measures"]},
        **{f"analysis__{m.id}": _form_text(form, f"analysis__{m.id}") for m in ctx["measures"]},
    }
    if form.get("check"):  # 確認: what a save would refuse, nothing written
        errors = await run_in_threadpool(
            validate_edits, st.db, st.plan_id(request), observations, measure_edits
        )
        ctx.update(
            errors=field_errors(errors),
            error_list=errors,
            values=values,
            checked=True,
        )
        return render(request, "staff/edit.html", ctx, status=422 if errors else 200)
    result: EditResult = await run_in_threadpool(
        save, st, user, st.plan_id(request), year, observations, measure_edits, "web"
    )
    if result.errors:
        ctx.update(
            errors=field_errors(result.errors),
            error_list=result.errors,
            values=values,
        )
        return render(request, "staff/edit.html", ctx, status=422)
    if result.conflicts:
        fresh = await run_in_threadpool(_edit_context, request, user, year, kpi_id)
        ctx.update(
            conflicts=result.conflicts,
            values=values,
            obs=fresh["obs"],
            my=fresh["my"],
            names={m.id: m.name for m in ctx["measures"]},
        )
        return render(request, "staff/conflict.html", ctx, status=409)
    note = "saved" if result.changes else "unchanged"
    return RedirectResponse(f"{ctx['kpi_url']}?note={note}", status_code=303)


# -- the year workflow ----------------------------------------------------------------------


@router.get("/years")
def years(request: Request, user: Staff) -> HTMLResponse:
    st = app_state(request)
    view = pages.plan_view(request, "staff")
    plan = view.plan
    statuses = view.statuses
    units = submitting_units(plan)
    rows = []
    for y in plan.years:
        s = st.service.workflow.status(plan.id, y) if y not in statuses else statuses[y]
        rows.append(
            {
                "year": y,
                "status": s,
                "units": [
                    {
                        "unit": plan.org_unit(u),
                        "state": s.unit_state(u).value,
                        "can_submit": may_submit(user, plan.organisation, u, s),
                        "can_withdraw": may_withdraw(user, plan.organisation, u, s),
                    }
                    for u in units
                ]
                if s.is_open
                else [],
                "reviewed_all": all(s.unit_state(u).value == "reviewed" for u in units),
            }
        )
    return render(
        request,
        "staff/years.html",
        {
            "rows": rows,
            "events": list(reversed(st.service.workflow.events(plan.id))),
            "office": may_manage_plan(user, plan.organisation),
            "may_review": may_review(user, plan.organisation),
            "any_open": any(st_.is_open for st_ in statuses.values()),
            "unit_names": {u.id: u.label for u in plan.org_units},
            "returns": {
                y: st.service.workflow.returns(plan.id, y) for y in plan.years if y in statuses
            },
            "staff": True,
            "title_key": "workflow",
        },
    )


async def _workflow_action(
    request: Request, need: Callable[[Request], User]
) -> tuple[User, FormData]:
    """A workflow form: its CSRF token checked, its user one that ``need`` lets through."""
    form = await request.form()
    user = await run_in_threadpool(need, request)
    check_csrf(request, form.get("csrf_token"))
    return user, form


def _done(request: Request, back: object = None) -> RedirectResponse:
    """Back to the workflow page, or to my work when the form came from there."""
    page = "/staff/my" if back == "my" else "/staff/years"
    return RedirectResponse(base_path(request) + page, status_code=303)


@router.post("/years/open")
async def open_year(request: Request) -> Response:
    user, form = await _workflow_action(request, require_office)
    st = app_state(request)
    plan_id = st.plan_id(request)
    try:
        year = int(str(form.get("year") or ""))
    except ValueError:
        raise INVALID_YEAR.error(
            message="choose a fiscal year", found=str(form.get("year") or "")
        ) from None
    plan = pages.plan_view(request, "staff").plan
    if year not in plan.years:
        raise INVALID_YEAR.error(
            Place(year=year), f"FY{year} is outside the plan's period", found=str(year)
        )
    await run_in_threadpool(st.service.workflow.open, plan_id, year, user.name)
    return _done(request)


@router.post("/years/{year}/publish")
async def publish(request: Request, year: Year) -> Response:
    user, form = await _workflow_action(request, require_office)
    st = app_state(request)
    try:
        await run_in_threadpool(
            st.service.workflow.publish,
            st.plan_id(request),
            year,
            user.name,
            None,
            form.get("force") == "yes",
        )
    except ShinchokuError as exc:
        if exc.problem.code != "units-not-reviewed":
            raise
        # Refused: the confirmation again, saying why and linking to what blocks it.
        return await run_in_threadpool(publish_page, request, year, exc)
    return _done(request)


@router.post("/years/{year}/reopen")
async def reopen(request: Request, year: Year) -> Response:
    user, form = await _workflow_action(request, require_office)
    st = app_state(request)
    reason = str(form.get("reason") or "")[:1000]
    await run_in_threadpool(
        st.service.workflow.reopen, st.plan_id(request), year, user.name, reason
    )
    return _done(request)


@router.post("/years/{year}/units/{unit_id}/{action}")
async def unit_action(request: Request, year: Year, unit_id: Key, action: Key) -> Response:
    user, form = await _workflow_action(request, require_staff)
    st = app_state(request)
    plan_id, org = await run_in_threadpool(plan_organisation, request)
    view = await run_in_threadpool(pages.plan_view, request, "staff")
    if unit_id not in submitting_units(view.plan):
        raise not_found("org unit", unit_id, year)
    wf = st.service.workflow
    if action in ("submit", "withdraw"):
        status = await run_in_threadpool(wf.status, plan_id, year)
        if not is_own_unit(user, org, unit_id):
            if reach(user, org) is not Reach.OWN:
                raise plan_refused(user, plan_id, org, "edit", Place(year=year))
            raise FORBIDDEN.error(Place(year=year), f"you may {action} only your own units")
        if not status.is_open:
            raise year_not_open(year, status)
        step = wf.submit if action == "submit" else wf.withdraw
        await run_in_threadpool(step, plan_id, year, unit_id, user.name)
    elif action == "review":
        await run_in_threadpool(require_reviewer, request)
        await run_in_threadpool(wf.review, plan_id, year, unit_id, user.name)
    elif action == "return":
        await run_in_threadpool(require_reviewer, request)
        reason = str(form.get("reason") or "")
        await run_in_threadpool(wf.send_back, plan_id, year, unit_id, user.name, reason)
    else:
        raise not_found("action", action, year)
    return _done(request, form.get("back"))


# -- API tokens ---------------------------------------------------------------------------


@router.get("/tokens")
def tokens(request: Request, user: Admin) -> HTMLResponse:
    return render(
        request,
        "staff/tokens.html",
        {
            "tokens": _manageable_tokens(request, user),
            "staff": True,
            "title_key": "api_tokens",
        },
    )


@router.post("/tokens/{token_id}/revoke")
async def revoke_token(request: Request, token_id: Annotated[int, Path(ge=1)]) -> Response:
    user, _form = await _workflow_action(request, require_office)
    st = app_state(request)
    await run_in_threadpool(st.accounts.revoke_token, token_id, user.name, user)
    return RedirectResponse(base_path(request) + "/staff/tokens", status_code=303)


def _manageable_tokens(request: Request, user: User) -> list[ApiToken]:
    """The API tokens of the accounts ``user`` manages (all, for the national admin)."""
    st = app_state(request)
    managed = {u.name for u in st.accounts.list_users() if may_manage_user(user, u.organisation)}
    return [t for t in st.accounts.list_tokens() if t.user in managed]

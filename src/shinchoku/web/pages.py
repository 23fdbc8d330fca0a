"""The pages both audiences see — summary, area, KPI, KPI list, findings — built once.

The public routes (:mod:`shinchoku.web.public`) and the staff routes
(:mod:`shinchoku.web.staff`) call these with their view ("public": published figures;
"staff": drafts too). Page bodies reuse the report's own partial templates
(``shinchoku/publish/templates``) on the report's view records, so the dashboard and the
printed report show the same tables and the same charts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from fastapi import Request
from starlette.responses import HTMLResponse, RedirectResponse

from shinchoku.method import KpiStatus
from shinchoku.problems.web import NO_PUBLISHED_YEAR
from shinchoku.publish.view import KpiPage, ReportView
from shinchoku.store.accounts import User
from shinchoku.web.auth import current_user, session_cookie_name
from shinchoku.web.filters import KpiFilter
from shinchoku.web.render import render, request_lang, respond
from shinchoku.web.service import PlanView, View, not_found
from shinchoku.web.state import app_state, base_path
from shinchoku.workflow import editable_measures, may_edit_kpi, user_kpis


def cached(request: Request, kind: View, build: Callable[[PlanView], HTMLResponse]) -> HTMLResponse:
    """A public page for a visitor without a session, rendered once per plan revision.

    Public pages depend only on the published figures (the revision), the language and
    the URL, so the rendered HTML is kept with the plan view and dropped with it.
    """
    view = plan_view(request, kind)
    st = app_state(request)
    if kind != "public" or session_cookie_name(st.settings.secure_cookies) in request.cookies:
        return build(view)
    key = (request_lang(request), request.url.path, request.url.query)
    body = view.page(key)
    if body is not None:
        return respond(request, body)
    response = build(view)
    if response.status_code == 200:
        view.keep_page(key, bytes(response.body))
    return response


def plan_view(request: Request, kind: View) -> PlanView:
    st = app_state(request)
    return st.service.view(st.plan_id(request), kind)


def base(request: Request, kind: View) -> str:
    """The home of the pages of ``kind``: ``/`` or ``/staff/`` (under ``/p/{plan_id}`` when
    the address names the plan)."""
    return base_path(request) + ("/staff/" if kind == "staff" else "/")


def root(request: Request, kind: View, year: int) -> str:
    """Prefix of the report's relative links (areas/x.html, kpis/y.html) for a year."""
    return f"{base(request, kind)}fy/{year}/"


def strip_html_suffix(name: str) -> str:
    return name.removesuffix(".html")


def _context(request: Request, view: PlanView, year: int, kind: View) -> dict[str, Any]:
    lang = request_lang(request)
    report = view.report(year, lang)
    st = view.statuses.get(year)
    return {
        "R": report,
        "L": report.labels,
        "site": True,
        "root": root(request, kind, year),
        "home": base(request, kind),
        "staff": kind == "staff",
        "view": view,
        "year": year,
        "years": view.years,
        "year_status": st,
        "default_year": view.default_year,
    }


def _year_or_404(view: PlanView, year: int | None) -> int:
    if year is None and view.default_year is None:
        return -1
    return view.year(year)


def summary_page(request: Request, kind: View, year: int | None) -> HTMLResponse:
    return cached(request, kind, lambda view: _summary(request, view, kind, year))


def _summary(request: Request, view: PlanView, kind: View, year: int | None) -> HTMLResponse:
    fy = _year_or_404(view, year)
    if fy < 0:
        return render(
            request, "pages/empty.html", {"staff": kind == "staff", "home": base(request, kind)}
        )
    ctx = _context(request, view, fy, kind)
    ctx["title"] = ctx["R"].labels["summary"]
    return render(request, "pages/summary.html", ctx)


def area_page(request: Request, kind: View, year: int, area_id: str) -> HTMLResponse:
    return cached(request, kind, lambda view: _area(request, view, kind, year, area_id))


def _area(request: Request, view: PlanView, kind: View, year: int, area_id: str) -> HTMLResponse:
    fy = view.year(year)
    ctx = _context(request, view, fy, kind)
    report: ReportView = ctx["R"]
    key = strip_html_suffix(area_id)
    area = next((a for a in report.areas if a.id == key), None)
    if area is None:
        raise not_found("area", key, fy)
    ctx.update(A=area, title=area.name.text, parents=area.parents)
    return render(request, "pages/area.html", ctx)


def kpi_page(request: Request, kind: View, year: int, kpi_id: str) -> HTMLResponse:
    return cached(request, kind, lambda view: _kpi(request, view, kind, year, kpi_id))


def _kpi(request: Request, view: PlanView, kind: View, year: int, kpi_id: str) -> HTMLResponse:
    fy = view.year(year)
    ctx = _context(request, view, fy, kind)
    report: ReportView = ctx["R"]
    key = strip_html_suffix(kpi_id)
    page: KpiPage | None = next((p for p in report.kpis if p.line.id == key), None)
    if page is None:
        raise not_found("KPI", key, fy)
    analyses = {
        ms.id: ms for a in report.areas for ms in a.measures if any(k.id == key for k in ms.kpis)
    }
    ctx.update(P=page, title=page.line.name.text, analyses=list(analyses.values()))
    if kind == "staff":
        st = app_state(request)
        user = current_user(request)
        status = st.service.workflow.status(view.plan.id, fy)
        measures = [m.id for _, m in view.plan.kpi_places(key)]
        ctx.update(
            changes=st.service.workflow.changes(view.plan.id, key, measures),
            can_edit=may_edit_kpi(user, view.plan, key, status)
            or bool(editable_measures(user, view.plan, key, status)),
            edit_url=f"{base(request, 'staff')}fy/{fy}/kpis/{key}/edit",
        )
    return render(request, "pages/kpi.html", ctx)


def findings_page(request: Request, kind: View, year: int) -> HTMLResponse:
    return cached(request, kind, lambda view: _findings(request, view, kind, year))


def _findings(request: Request, view: PlanView, kind: View, year: int) -> HTMLResponse:
    fy = view.year(year)
    ctx = _context(request, view, fy, kind)
    ctx["title"] = ctx["R"].labels["findings"]
    return render(request, "pages/findings.html", ctx)


def latest_redirect(request: Request, kind: View, what: str, key: str) -> RedirectResponse:
    """A stable link to an area or KPI: today's default year."""
    view = plan_view(request, kind)
    if view.default_year is None:
        raise NO_PUBLISHED_YEAR.error()
    path = f"{root(request, kind, view.default_year)}{what}/{strip_html_suffix(key)}.html"
    return RedirectResponse(path, 307)


STATUSES = [s.value for s in KpiStatus]


def kpi_list_page(
    request: Request,
    kind: View,
    year: int | None,
    area: str | None,
    status: str | None,
    division: str | None,
    q: str | None,
    mine: bool = False,
    user: User | None = None,
) -> HTMLResponse:
    def build(view: PlanView) -> HTMLResponse:
        return _kpi_list(request, view, kind, year, area, status, division, q, mine, user)

    return cached(request, kind, build)


def _kpi_list(
    request: Request,
    view: PlanView,
    kind: View,
    year: int | None,
    area: str | None,
    status: str | None,
    division: str | None,
    q: str | None,
    mine: bool,
    user: User | None,
) -> HTMLResponse:
    fy = _year_or_404(view, year)
    if fy < 0:
        return render(
            request, "pages/empty.html", {"staff": kind == "staff", "home": base(request, kind)}
        )
    ctx = _context(request, view, fy, kind)
    report: ReportView = ctx["R"]
    plan = view.plan
    mine_ids = frozenset(user_kpis(user, plan)) if mine and user is not None else None
    wanted = KpiFilter.of(area, status, division, q, mine_ids)
    match = wanted.matcher(plan)
    chosen = [page for page in report.kpis if match(page.line.id, page.line.status)]
    ctx.update(
        R=replace(report, kpis=tuple(chosen)),
        full=report,
        title=report.labels["kpi_list"],
        areas=[(a, d) for a, d in plan.walk_areas()],
        statuses=STATUSES,
        org_units=plan.org_units,
        filters={
            "area": wanted.area,
            "status": wanted.status,
            "division": wanted.division,
            "q": wanted.q or "",
            "mine": mine,
        },
        action=f"{base(request, kind)}kpis",
        h=2,
    )
    return render(request, "pages/kpis.html", ctx)

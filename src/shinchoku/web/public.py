"""Public pages (no log-in, published years only), downloads, and log-in / log-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from shinchoku.problems.web import FORBIDDEN
from shinchoku.web import pages
from shinchoku.web.auth import (
    begin_login,
    check_csrf,
    client_ip,
    current_user,
    end_session,
    start_session,
)
from shinchoku.web.errors import PASSWORD_PAGE
from shinchoku.web.params import Key, Text, Year, YearQ
from shinchoku.web.plans import plans_page, several_plans
from shinchoku.web.render import render, request_lang
from shinchoku.web.state import app_state, base_path

router = APIRouter(include_in_schema=False)


@router.get("/")
def summary(request: Request, year: YearQ = None) -> HTMLResponse:
    if several_plans(request):
        return plans_page(request, current_user(request))
    return pages.summary_page(request, "public", year)


@router.get("/fy/{year}/")
def summary_year(request: Request, year: Year) -> HTMLResponse:
    return pages.summary_page(request, "public", year)


@router.get("/fy/{year}/areas/{area_id}")
def area(request: Request, year: Year, area_id: Key) -> HTMLResponse:
    return pages.area_page(request, "public", year, area_id)


@router.get("/fy/{year}/kpis/{kpi_id}")
def kpi(request: Request, year: Year, kpi_id: Key) -> HTMLResponse:
    return pages.kpi_page(request, "public", year, kpi_id)


@router.get("/fy/{year}/findings.html")
def findings(request: Request, year: Year) -> HTMLResponse:
    return pages.findings_page(request, "public", year)


@router.get("/areas/{area_id}")
def area_latest(request: Request, area_id: Key) -> RedirectResponse:
    return pages.latest_redirect(request, "public", "areas", area_id)


@router.get("/kpis/{kpi_id}")
def kpi_latest(request: Request, kpi_id: Key) -> RedirectResponse:
    return pages.latest_redirect(request, "public", "kpis", kpi_id)


@router.get("/kpis")
def kpi_list(
    request: Request,
    year: YearQ = None,
    area: Text = None,
    status: Text = None,
    division: Text = None,
    q: Text = None,
) -> HTMLResponse:
    return pages.kpi_list_page(request, "public", year, area, status, division, q)


@router.get("/downloads")
def downloads(request: Request, year: YearQ = None) -> HTMLResponse:
    view = pages.plan_view(request, "public")
    if view.default_year is None:
        return render(request, "pages/empty.html", {"staff": False, "home": "/"})
    fy = view.year(year)
    st = app_state(request)
    ctx = {
        "site_name": view.plan.name,
        "year": fy,
        "years": view.years,
        "files": st.downloads.listing(view.plan.id, fy, request_lang(request)),
        "title_key": "downloads",
    }
    return render(request, "pages/downloads.html", ctx)


@router.get("/downloads/{year}/{filename}")
async def download(request: Request, year: Year, filename: Key) -> Response:
    """A published year's data or report file, generated on first request and cached."""
    st = app_state(request)
    path, media_type = await run_in_threadpool(
        st.downloads.file, st.plan_id(request), year, filename
    )
    return FileResponse(
        path,
        media_type=media_type,
        filename=filename,
        headers={"Cache-Control": "public, max-age=300"},
    )


# -- log-in --------------------------------------------------------------------------------


def _safe_next(request: Request, target: str | None) -> str:
    """Only a local staff path may be the destination after log-in."""
    home = base_path(request) + "/staff/"
    if not target:
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return home
    return target


@router.get("/login")
def login_form(request: Request, next: Text = None) -> Response:
    if current_user(request) is not None:
        return RedirectResponse(_safe_next(request, next), status_code=303)
    return render(request, "pages/login.html", {"next": _safe_next(request, next), "failed": False})


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    name = str(form.get("username") or "").strip()[:64]
    password = str(form.get("password") or "")
    target = _safe_next(request, str(form.get("next") or ""))
    st = app_state(request)
    attempt = await run_in_threadpool(begin_login, request, name)
    user = await run_in_threadpool(st.accounts.authenticate, name, password)
    if user is not None and user.totp:
        # Two-factor log-in: the password alone is not enough (the attempt stays counted).
        code = str(form.get("code") or "")
        if not await run_in_threadpool(st.accounts.check_totp, user, code):
            user = None
    if user is None:
        return render(
            request,
            "pages/login.html",
            {"next": target, "failed": True, "username": name},
            status=401,
        )
    await run_in_threadpool(st.accounts.end_login, attempt, name, client_ip(request))
    if user.must_change_password:
        target = PASSWORD_PAGE
    response = RedirectResponse(target, status_code=303)
    await run_in_threadpool(start_session, request, response, user)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form()
    if current_user(request) is None:
        raise FORBIDDEN.error(message="not logged in")
    check_csrf(request, form.get("csrf_token"))
    response = RedirectResponse(base_path(request) + "/", status_code=303)
    await run_in_threadpool(end_session, request, response)
    return response

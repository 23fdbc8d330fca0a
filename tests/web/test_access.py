"""Route × role matrix: every route and API endpoint, for anonymous, viewer, editor of unit X,
editor of unit Y and admin. A route added without an entry here fails the test."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pytest
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount

from shinchoku.compare.indicators import bundled_set
from shinchoku.store.history import Workflow
from tests.web.conftest import (
    KPI_X,
    MEASURE_X,
    OPEN_YEAR,
    PASSWORD,
    PLAN,
    ROLES,
    SURVEY,
    UNIT_X,
    Site,
    csrf_of,
)

# Outcomes: "ok" any 2xx/3xx that is not a trip to the log-in page; "login" a redirect there;
# or the exact status.
OK, LOGIN = "ok", "login"
EVERYONE = dict.fromkeys(ROLES, OK)
STAFF = {"anonymous": LOGIN, "viewer": OK, "editor_x": OK, "editor_y": OK, "admin": OK}
ADMIN = {"anonymous": LOGIN, "viewer": 403, "editor_x": 403, "editor_y": 403, "admin": OK}
EDITOR_X = {"anonymous": LOGIN, "viewer": 403, "editor_x": OK, "editor_y": 403, "admin": OK}
API_TOKEN = {"anonymous": 401, "viewer": OK, "editor_x": OK, "editor_y": OK, "admin": OK}
API_WRITE_X = {"anonymous": 401, "viewer": 403, "editor_x": OK, "editor_y": 403, "admin": OK}


@dataclass
class Case:
    url: str
    expect: Mapping[str, object]
    body: dict[str, str] | None = None  # form fields (POST) — csrf added for staff
    json: dict[str, object] | None = None  # API body (PUT)
    setup: Callable[[Site], None] | None = None
    files: dict[str, tuple[str, bytes]] | None = None  # a form's files (POST, multipart)


def _publish_open_year(site: Site) -> None:
    wf = Workflow(site.db)
    wf.publish(site.db.load_plan(PLAN), OPEN_YEAR, "admin", units=(), force=True)


def _submit_x(site: Site) -> None:
    Workflow(site.db).submit(PLAN, OPEN_YEAR, UNIT_X, "editor_x")


def _issue_token(site: Site) -> None:
    site.token("viewer")  # token 1: the template database has none


# the installation's indicator sets: the national administrator (an admin of no
# organisation, as the admin here is) only
NATIONAL = ADMIN
SET_FILE = {"file": ("dx-survey.yaml", bundled_set().to_yaml().encode())}
SURVEY_FILE = {"file": ("miyagi-dx.csv", SURVEY.read_bytes())}

P = f"/api/plans/{PLAN}"
MATRIX: dict[tuple[str, str], Case] = {
    # public pages
    ("GET", "/"): Case("/", EVERYONE),
    ("GET", "/fy/{year}/"): Case("/fy/2023/", EVERYONE),
    ("GET", "/fy/{year}/areas/{area_id}"): Case("/fy/2023/areas/citizen.html", EVERYONE),
    ("GET", "/fy/{year}/kpis/{kpi_id}"): Case(f"/fy/2023/kpis/{KPI_X}.html", EVERYONE),
    ("GET", "/fy/{year}/findings.html"): Case("/fy/2023/findings.html", EVERYONE),
    ("GET", "/areas/{area_id}"): Case("/areas/local", EVERYONE),
    ("GET", "/kpis/{kpi_id}"): Case(f"/kpis/{KPI_X}", EVERYONE),
    ("GET", "/kpis"): Case("/kpis?status=achieved", EVERYONE),
    ("GET", "/downloads"): Case("/downloads", EVERYONE),
    ("GET", "/downloads/{year}/{filename}"): Case(
        "/downloads/2023/missing.txt", dict.fromkeys(ROLES, 404)
    ),
    ("GET", "/login"): Case("/login", EVERYONE),
    ("POST", "/login"): Case(
        "/login", EVERYONE, body={"username": "admin", "password": PASSWORD, "next": "/staff/"}
    ),
    ("POST", "/logout"): Case(
        "/logout", {"anonymous": 403, **{r: OK for r in ROLES if r != "anonymous"}}, body={}
    ),
    ("GET", "/static"): Case("/static/web.css", EVERYONE),
    ("GET", "/static/report"): Case("/static/report/report.css", EVERYONE),
    ("GET", "/openapi.json"): Case("/openapi.json", EVERYONE),
    ("GET", "/docs"): Case("/docs", EVERYONE),
    # comparison pages
    ("GET", "/compare/"): Case("/compare/", EVERYONE),
    ("GET", "/compare/{set_id}/{indicator_id}/{year}"): Case(
        "/compare/dx-survey/cio/2023?prefecture=040002", EVERYONE
    ),
    # staff pages
    ("GET", "/staff/"): Case("/staff/", STAFF),
    ("GET", "/staff/fy/{year}/"): Case(f"/staff/fy/{OPEN_YEAR}/", STAFF),
    ("GET", "/staff/fy/{year}/areas/{area_id}"): Case(
        f"/staff/fy/{OPEN_YEAR}/areas/citizen.html", STAFF
    ),
    ("GET", "/staff/fy/{year}/kpis/{kpi_id}"): Case(
        f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}.html", STAFF
    ),
    ("GET", "/staff/fy/{year}/findings.html"): Case(f"/staff/fy/{OPEN_YEAR}/findings.html", STAFF),
    ("GET", "/staff/kpis"): Case("/staff/kpis?mine=1", STAFF),
    ("GET", "/staff/fy/{year}/kpis/{kpi_id}/edit"): Case(
        f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit", EDITOR_X
    ),
    ("POST", "/staff/fy/{year}/kpis/{kpi_id}/edit"): Case(
        f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit",
        EDITOR_X,
        body={"obs_revision": "0", "value": "401", "as_of": "R7.3"},
    ),
    ("GET", "/staff/years"): Case("/staff/years", STAFF),
    ("POST", "/staff/years/open"): Case(
        "/staff/years/open", ADMIN, body={"year": "2022"}, setup=_publish_open_year
    ),
    ("POST", "/staff/years/{year}/publish"): Case(
        f"/staff/years/{OPEN_YEAR}/publish", ADMIN, body={"force": "yes"}
    ),
    ("POST", "/staff/years/{year}/reopen"): Case(
        "/staff/years/2023/reopen", ADMIN, body={"reason": "typo in R5"}, setup=_publish_open_year
    ),
    ("POST", "/staff/years/{year}/units/{unit_id}/{action}"): Case(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/submit", EDITOR_X, body={}
    ),
    ("GET", "/staff/my"): Case("/staff/my", STAFF),
    ("GET", "/staff/my/{year}/units/{unit_id}/submit"): Case(
        f"/staff/my/{OPEN_YEAR}/units/{UNIT_X}/submit", EDITOR_X
    ),
    ("GET", "/staff/users"): Case("/staff/users", ADMIN),
    ("POST", "/staff/users"): Case(
        "/staff/users",
        ADMIN,
        body={
            "username": "newcomer",
            "role": "viewer",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    ),
    ("POST", "/staff/users/{name}/disable"): Case("/staff/users/viewer/disable", ADMIN, body={}),
    ("POST", "/staff/users/{name}/enable"): Case("/staff/users/viewer/enable", ADMIN, body={}),
    ("POST", "/staff/users/{name}/update"): Case(
        "/staff/users/viewer/update", ADMIN, body={"role": "viewer", "email": "v@example.jp"}
    ),
    ("POST", "/staff/users/{name}/reset-password"): Case(
        "/staff/users/editor_y/reset-password", ADMIN, body={}
    ),
    ("GET", "/staff/account/password"): Case("/staff/account/password", STAFF),
    ("POST", "/staff/account/password"): Case(
        "/staff/account/password",
        STAFF,
        body={
            "current_password": PASSWORD,
            "new_password": "another long password",
            "new_password_again": "another long password",
        },
    ),
    ("GET", "/staff/account/totp"): Case("/staff/account/totp", ADMIN),
    ("POST", "/staff/account/totp"): Case("/staff/account/totp", ADMIN, body={"turn_off": "yes"}),
    # the office's round, confirmations, the change log
    ("GET", "/staff/round"): Case(f"/staff/round?year={OPEN_YEAR}", ADMIN),
    ("POST", "/staff/round/{year}/deadline"): Case(
        f"/staff/round/{OPEN_YEAR}/deadline", ADMIN, body={"deadline": "2025-06-30"}
    ),
    ("POST", "/staff/round/{year}/remind"): Case(
        f"/staff/round/{OPEN_YEAR}/remind",
        {**ADMIN, "admin": 409},  # the test site has no mail server (tested in test_office)
        body={},
    ),
    ("GET", "/staff/years/{year}/units/{unit_id}/review"): Case(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/review", ADMIN
    ),
    ("GET", "/staff/years/{year}/units/{unit_id}/return"): Case(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/return", ADMIN
    ),
    ("GET", "/staff/years/{year}/publish"): Case(f"/staff/years/{OPEN_YEAR}/publish", ADMIN),
    ("GET", "/staff/changes"): Case(f"/staff/changes?division={UNIT_X}&since=2024-04-01", STAFF),
    ("GET", "/staff/changes.csv"): Case(f"/staff/changes.csv?kpi={KPI_X}", STAFF),
    ("GET", "/staff/tokens"): Case("/staff/tokens", ADMIN),
    ("POST", "/staff/tokens/{token_id}/revoke"): Case(
        "/staff/tokens/1/revoke", ADMIN, body={}, setup=_issue_token
    ),
    # indicator sets
    ("GET", "/staff/indicators"): Case("/staff/indicators", NATIONAL),
    ("POST", "/staff/indicators"): Case("/staff/indicators", NATIONAL, body={}, files=SET_FILE),
    ("GET", "/staff/indicators/{set_id}"): Case("/staff/indicators/dx-survey", NATIONAL),
    ("GET", "/staff/indicators/{set_id}/definition.yaml"): Case(
        "/staff/indicators/dx-survey/definition.yaml", NATIONAL
    ),
    ("POST", "/staff/indicators/{set_id}/survey"): Case(
        "/staff/indicators/dx-survey/survey", NATIONAL, body={}, files=SURVEY_FILE
    ),
    # API
    ("GET", "/api/compare/{set_id}/{indicator_id}/{year}"): Case(
        "/api/compare/dx-survey/online-rate/2023?org=041009", EVERYONE
    ),
    ("GET", "/api/organisations/{code}"): Case("/api/organisations/040002", EVERYONE),
    ("GET", "/api/health"): Case("/api/health", EVERYONE),
    ("GET", "/api/me"): Case("/api/me", API_TOKEN),
    ("GET", "/api/plans"): Case("/api/plans", EVERYONE),
    ("GET", "/api/plans/{plan_id}"): Case(P, EVERYONE),
    ("GET", "/api/plans/{plan_id}/areas"): Case(f"{P}/areas", EVERYONE),
    ("GET", "/api/plans/{plan_id}/areas/{area_id}"): Case(f"{P}/areas/citizen", EVERYONE),
    ("GET", "/api/plans/{plan_id}/measures"): Case(f"{P}/measures", EVERYONE),
    ("GET", "/api/plans/{plan_id}/measures/{measure_id}"): Case(
        f"{P}/measures/{MEASURE_X}", EVERYONE
    ),
    ("GET", "/api/plans/{plan_id}/kpis"): Case(f"{P}/kpis?area=local", EVERYONE),
    ("GET", "/api/plans/{plan_id}/kpis/{kpi_id}"): Case(f"{P}/kpis/{KPI_X}", EVERYONE),
    ("GET", "/api/plans/{plan_id}/kpis/{kpi_id}/observations"): Case(
        f"{P}/kpis/{KPI_X}/observations", EVERYONE
    ),
    ("GET", "/api/plans/{plan_id}/findings"): Case(f"{P}/findings", EVERYONE),
    ("GET", "/api/plans/{plan_id}/kpis/{kpi_id}/history"): Case(
        f"{P}/kpis/{KPI_X}/history", API_TOKEN
    ),
    ("PUT", "/api/plans/{plan_id}/kpis/{kpi_id}/observations/{year}"): Case(
        f"{P}/kpis/{KPI_X}/observations/{OPEN_YEAR}",
        API_WRITE_X,
        json={"value": "402", "revision": 0},
    ),
    ("PUT", "/api/plans/{plan_id}/measures/{measure_id}/years/{year}"): Case(
        f"{P}/measures/{MEASURE_X}/years/{OPEN_YEAR}",
        API_WRITE_X,
        json={"analysis": "API で入力", "revision": 0},
    ),
}


# The division steps share one route (…/units/{unit_id}/{action}); each action by role.
UNIT_ACTIONS: dict[str, Case] = {
    action: Case(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/{action}",
        expect,
        {"reason": "単位を確認してください"} if action == "return" else {},  # a return needs one
        setup=setup,
    )
    for action, expect, setup in (
        ("submit", EDITOR_X, None),
        ("withdraw", EDITOR_X, _submit_x),
        ("review", ADMIN, _submit_x),
        ("return", ADMIN, _submit_x),
    )
}


def app_routes(app: object) -> set[tuple[str, str]]:
    """(method, path) of every route, included routers and mounts too."""
    out: set[tuple[str, str]] = set()
    for ctx in iter_route_contexts(app.routes):  # type: ignore[attr-defined]
        route = ctx.original_route
        if isinstance(route, Mount):
            out.add(("GET", route.path))
            continue
        for m in sorted(getattr(route, "methods", None) or ()):
            if m != "HEAD":
                out.add((m, str(ctx.path)))
    return out


def test_every_route_is_in_the_matrix(site: Site) -> None:
    routes = app_routes(site.app)
    assert routes - set(MATRIX) == set(), "routes without an access entry"
    assert set(MATRIX) - routes == set(), "entries for routes that do not exist"


def _outcome(status: int, location: str | None) -> object:
    if status in (302, 303, 307) and location and location.startswith("/login"):
        return LOGIN
    if 200 <= status < 400:
        return OK
    return status


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda k: f"{k[0]} {k[1]}")
def test_route_by_role(site_factory: Callable[[], Site], key: tuple[str, str]) -> None:
    check_roles(site_factory, key[0], MATRIX[key], ROLES, _revision)


@pytest.mark.parametrize("action", sorted(UNIT_ACTIONS))
def test_unit_action_by_role(site_factory: Callable[[], Site], action: str) -> None:
    check_roles(site_factory, "POST", UNIT_ACTIONS[action], ROLES, _revision)


def check_roles(
    site_factory: Callable[[], Site],
    method: str,
    case: Case,
    roles: Iterable[str],
    revision: Callable[[Site, str], int],
) -> None:
    """Ask ``case`` as each of ``roles`` and compare every outcome with the expected one
    (``revision`` reads what a writer would send back with a PUT)."""
    failures = []
    shared = site_factory() if method == "GET" else None
    for role in roles:
        # Reads share one site; every write starts from a fresh database.
        site = shared if shared is not None else site_factory()
        if case.setup is not None and shared is None:
            case.setup(site)
        c = site.client()
        form_token = site.become(c, role)
        headers = {}
        if case.url.startswith("/api") and role != "anonymous":
            headers["Authorization"] = f"Bearer {site.token(role)}"
        if method == "GET":
            r = c.get(case.url, headers=headers, follow_redirects=False)
        elif method == "PUT":
            c.cookies.clear()  # the API takes tokens, not sessions
            body = {**(case.json or {}), "revision": revision(site, case.url)}
            r = c.put(case.url, json=body, headers=headers)
        else:
            data = dict(case.body or {})
            data["csrf_token"] = form_token or csrf_of(c.get("/login").text)
            r = c.post(case.url, data=data, files=case.files, follow_redirects=False)
        got = _outcome(r.status_code, r.headers.get("location"))
        if got != case.expect[role]:
            failures.append((role, case.expect[role], got, r.text[:300]))
    assert not failures, failures


def _revision(site: Site, url: str) -> int:
    """The revision a writer would read before writing (0 when there is no row)."""
    from shinchoku.store.edits import measure_year_state, observation_state

    parts = url.split("/")
    year = int(parts[-1])
    if "/observations/" in url:
        return observation_state(site.db, PLAN, parts[-3], year).revision
    return measure_year_state(site.db, PLAN, parts[-3], year).revision

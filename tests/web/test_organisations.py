"""Several organisations' plans in one database, each isolated for editing, on SQLite and
PostgreSQL: the route × role matrix of the organisations' roles, a cross-organisation
edit refused by the web form, the API and the store alike, the prefecture's review of a
municipality, accounts kept within their organisation, migration 0012 down and up, and
the plans listed at ``/``.

The database holds two plans derived from the bundled example: 仙台市's (041009, plan A)
and 石巻市's (042021, plan B), both municipalities of 宮城県 (040002). Their org unit ids
are the same, so an editor of unit X of B is no editor of unit X of A."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from httpx import Response

from shinchoku.compare.indicators import bundled_set
from shinchoku.compare.survey import import_survey
from shinchoku.dataset import load_example
from shinchoku.model import Plan
from shinchoku.orgs import registry
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database, alembic_config
from shinchoku.store.accounts import Accounts
from shinchoku.store.edits import ObservationEdit, apply_edits, observation_state
from shinchoku.store.history import Workflow
from shinchoku.web.server import load_and_publish
from tests.web.conftest import (
    KPI_X,
    MEASURE_X,
    OPEN_YEAR,
    PASSWORD,
    SURVEY,
    UNIT_X,
    Site,
    backend_sites,
    temporary_database,
)
from tests.web.test_access import (
    MATRIX,
    SET_FILE,
    SURVEY_FILE,
    Case,
    app_routes,
    check_roles,
)

SENDAI, ISHINOMAKI, MIYAGI = "041009", "042021", "040002"
PLAN_A, PLAN_B = "sendai-dx", "ishinomaki-dx"
A = f"/p/{PLAN_A}"  # plan A's pages

ORG_USERS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "national": ("admin", (), None),  # the installation's administrator
    "office_a": ("admin", (), SENDAI),  # 仙台市's policy office
    "editor_a": ("editor", (UNIT_X,), SENDAI),
    "pref_office": ("admin", (), MIYAGI),  # 宮城県's office: reviews its municipalities
    "editor_b": ("editor", (UNIT_X,), ISHINOMAKI),  # the same unit id, another plan
}
ORG_ROLES = ("anonymous", *ORG_USERS)


def organisation_plan(plan_id: str, code: str) -> Plan:
    """The bundled example as the plan of the organisation ``code``."""
    org = registry().get(code)
    assert org is not None
    plan = load_example()
    return plan.model_copy(
        update={
            "id": plan_id,
            "organisation": code,
            "government": org.name,
            "name": f"{org.name}デジタル推進計画",
        }
    )


def prepare_organisations(url: str) -> None:
    """Plans A and B loaded (their report years published), FY2024 open in both, one user
    per role, the comparison's survey."""
    for plan_id, code in ((PLAN_A, SENDAI), (PLAN_B, ISHINOMAKI)):
        load_and_publish(url, organisation_plan(plan_id, code))
    db = Database(url)
    try:
        accounts = Accounts(db)
        for name, (role, units, org) in ORG_USERS.items():
            accounts.add_user(name, role, PASSWORD, units, organisation=org)
        for plan_id in (PLAN_A, PLAN_B):
            Workflow(db).open(plan_id, OPEN_YEAR, "national")
        import_survey(db, SURVEY, bundled_set(), registry())
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def org_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("orgs") / "shinchoku.sqlite"
    prepare_organisations(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def org_postgres_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The name of a prepared PostgreSQL database that each site copies (TEMPLATE)."""
    with temporary_database("postgresql", tmp_path_factory.mktemp("orgs-pg")) as url:
        prepare_organisations(url)
        yield sa.make_url(url).database or ""


@pytest.fixture(params=["sqlite", "postgresql"])
def org_sites(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Site]]:
    """Fresh sites over copies of the two organisations' database, on one backend."""
    with backend_sites(
        tmp_path,
        request.param,
        lambda: request.getfixturevalue("org_sqlite_template"),
        lambda: request.getfixturevalue("org_postgres_template"),
    ) as make:
        yield make


# -- the route × role matrix -------------------------------------------------------------

OK, LOGIN = "ok", "login"
EVERYONE = dict.fromkeys(ORG_ROLES, OK)
# the internal pages of plan A: its own staff and its prefecture's
STAFF = {
    "anonymous": LOGIN,
    "national": OK,
    "office_a": OK,
    "editor_a": OK,
    "pref_office": OK,
    "editor_b": 403,
}
# plan A's office: open, publish, the round, users, tokens
OFFICE = {**STAFF, "editor_a": 403, "pref_office": 403}
# a submission's review and return: A's office and 宮城県's office
REVIEW = {**STAFF, "editor_a": 403}
# figures and steps of unit X of plan A
EDITOR_A = {**STAFF, "pref_office": 403}
ACCOUNT = {**STAFF, "editor_b": OK}  # one's own password: any logged-in user
ADMIN_ACCOUNT = {**ACCOUNT, "editor_a": 403, "editor_b": 403}  # one's own TOTP: admins
# the installation's indicator sets: the national administrator only
NATIONAL = {**dict.fromkeys(ORG_ROLES, 403), "anonymous": LOGIN, "national": OK}
API_TOKEN = {**dict.fromkeys(ORG_ROLES, OK), "anonymous": 401}
API_STAFF = {**API_TOKEN, "editor_b": 403}
API_WRITE_A = {**API_STAFF, "pref_office": 403}

P = f"/api/plans/{PLAN_A}"


def _submit_x(site: Site) -> None:
    Workflow(site.db).submit(PLAN_A, OPEN_YEAR, UNIT_X, "editor_a")


def _publish_open_year(site: Site) -> None:
    wf = Workflow(site.db)
    wf.publish(site.db.load_plan(PLAN_A), OPEN_YEAR, "national", units=(), force=True)


def _issue_token(site: Site) -> None:
    site.token("editor_a")  # token 1: A's editor's (the template database has none)


ORG_MATRIX: dict[tuple[str, str], Case] = {
    ("GET", "/"): Case(f"{A}/", EVERYONE),
    ("GET", "/fy/{year}/"): Case(f"{A}/fy/2023/", EVERYONE),
    ("GET", "/fy/{year}/areas/{area_id}"): Case(f"{A}/fy/2023/areas/citizen.html", EVERYONE),
    ("GET", "/fy/{year}/kpis/{kpi_id}"): Case(f"{A}/fy/2023/kpis/{KPI_X}.html", EVERYONE),
    ("GET", "/fy/{year}/findings.html"): Case(f"{A}/fy/2023/findings.html", EVERYONE),
    ("GET", "/areas/{area_id}"): Case(f"{A}/areas/local", EVERYONE),
    ("GET", "/kpis/{kpi_id}"): Case(f"{A}/kpis/{KPI_X}", EVERYONE),
    ("GET", "/kpis"): Case(f"{A}/kpis?status=achieved", EVERYONE),
    ("GET", "/downloads"): Case(f"{A}/downloads", EVERYONE),
    ("GET", "/downloads/{year}/{filename}"): Case(
        f"{A}/downloads/2023/missing.txt", dict.fromkeys(ORG_ROLES, 404)
    ),
    ("GET", "/login"): Case(f"{A}/login", EVERYONE),
    ("POST", "/login"): Case(
        "/login",
        EVERYONE,
        body={"username": "office_a", "password": PASSWORD, "next": f"{A}/staff/"},
    ),
    ("POST", "/logout"): Case(
        f"{A}/logout", {**dict.fromkeys(ORG_ROLES, OK), "anonymous": 403}, body={}
    ),
    ("GET", "/static"): Case("/static/web.css", EVERYONE),
    ("GET", "/static/report"): Case("/static/report/report.css", EVERYONE),
    ("GET", "/openapi.json"): Case("/openapi.json", EVERYONE),
    ("GET", "/docs"): Case("/docs", EVERYONE),
    ("GET", "/compare/"): Case("/compare/", EVERYONE),
    ("GET", "/compare/{set_id}/{indicator_id}/{year}"): Case(
        "/compare/dx-survey/cio/2023?prefecture=040002", EVERYONE
    ),
    # plan A's staff pages
    ("GET", "/staff/"): Case(f"{A}/staff/", STAFF),
    ("GET", "/staff/fy/{year}/"): Case(f"{A}/staff/fy/{OPEN_YEAR}/", STAFF),
    ("GET", "/staff/fy/{year}/areas/{area_id}"): Case(
        f"{A}/staff/fy/{OPEN_YEAR}/areas/citizen.html", STAFF
    ),
    ("GET", "/staff/fy/{year}/kpis/{kpi_id}"): Case(
        f"{A}/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}.html", STAFF
    ),
    ("GET", "/staff/fy/{year}/findings.html"): Case(
        f"{A}/staff/fy/{OPEN_YEAR}/findings.html", STAFF
    ),
    ("GET", "/staff/kpis"): Case(f"{A}/staff/kpis?mine=1", STAFF),
    ("GET", "/staff/fy/{year}/kpis/{kpi_id}/edit"): Case(
        f"{A}/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit", EDITOR_A
    ),
    ("POST", "/staff/fy/{year}/kpis/{kpi_id}/edit"): Case(
        f"{A}/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit",
        EDITOR_A,
        body={"obs_revision": "0", "value": "401", "as_of": "R7.3"},
    ),
    ("GET", "/staff/years"): Case(f"{A}/staff/years", STAFF),
    ("POST", "/staff/years/open"): Case(
        f"{A}/staff/years/open", OFFICE, body={"year": "2022"}, setup=_publish_open_year
    ),
    ("POST", "/staff/years/{year}/publish"): Case(
        f"{A}/staff/years/{OPEN_YEAR}/publish", OFFICE, body={"force": "yes"}
    ),
    ("POST", "/staff/years/{year}/reopen"): Case(
        f"{A}/staff/years/2023/reopen",
        OFFICE,
        body={"reason": "typo in R5"},
        setup=_publish_open_year,
    ),
    ("POST", "/staff/years/{year}/units/{unit_id}/{action}"): Case(
        f"{A}/staff/years/{OPEN_YEAR}/units/{UNIT_X}/submit", EDITOR_A, body={}
    ),
    ("GET", "/staff/my"): Case(f"{A}/staff/my", STAFF),
    ("GET", "/staff/my/{year}/units/{unit_id}/submit"): Case(
        f"{A}/staff/my/{OPEN_YEAR}/units/{UNIT_X}/submit", EDITOR_A
    ),
    ("GET", "/staff/users"): Case(f"{A}/staff/users", OFFICE),
    ("POST", "/staff/users"): Case(
        f"{A}/staff/users",
        OFFICE,
        body={
            "username": "newcomer",
            "role": "viewer",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    ),
    ("POST", "/staff/users/{name}/disable"): Case(
        f"{A}/staff/users/editor_a/disable", OFFICE, body={}
    ),
    ("POST", "/staff/users/{name}/enable"): Case(
        f"{A}/staff/users/editor_a/enable", OFFICE, body={}
    ),
    ("POST", "/staff/users/{name}/update"): Case(
        f"{A}/staff/users/editor_a/update",
        OFFICE,
        body={"role": "editor", "units": UNIT_X, "email": "a@city.example.jp"},
    ),
    ("POST", "/staff/users/{name}/reset-password"): Case(
        f"{A}/staff/users/editor_a/reset-password", OFFICE, body={}
    ),
    ("GET", "/staff/account/password"): Case(f"{A}/staff/account/password", ACCOUNT),
    ("POST", "/staff/account/password"): Case(
        f"{A}/staff/account/password",
        ACCOUNT,
        body={
            "current_password": PASSWORD,
            "new_password": "another long password",
            "new_password_again": "another long password",
        },
    ),
    ("GET", "/staff/account/totp"): Case(f"{A}/staff/account/totp", ADMIN_ACCOUNT),
    ("POST", "/staff/account/totp"): Case(
        f"{A}/staff/account/totp", ADMIN_ACCOUNT, body={"turn_off": "yes"}
    ),
    ("GET", "/staff/round"): Case(f"{A}/staff/round?year={OPEN_YEAR}", OFFICE),
    ("POST", "/staff/round/{year}/deadline"): Case(
        f"{A}/staff/round/{OPEN_YEAR}/deadline", OFFICE, body={"deadline": "2025-06-30"}
    ),
    ("POST", "/staff/round/{year}/remind"): Case(
        f"{A}/staff/round/{OPEN_YEAR}/remind",
        {**OFFICE, "national": 409, "office_a": 409},  # no mail server here
        body={},
    ),
    ("GET", "/staff/years/{year}/units/{unit_id}/review"): Case(
        f"{A}/staff/years/{OPEN_YEAR}/units/{UNIT_X}/review", REVIEW
    ),
    ("GET", "/staff/years/{year}/units/{unit_id}/return"): Case(
        f"{A}/staff/years/{OPEN_YEAR}/units/{UNIT_X}/return", REVIEW
    ),
    ("GET", "/staff/years/{year}/publish"): Case(f"{A}/staff/years/{OPEN_YEAR}/publish", OFFICE),
    ("GET", "/staff/changes"): Case(f"{A}/staff/changes?division={UNIT_X}", STAFF),
    ("GET", "/staff/changes.csv"): Case(f"{A}/staff/changes.csv?kpi={KPI_X}", STAFF),
    ("GET", "/staff/tokens"): Case(f"{A}/staff/tokens", OFFICE),
    ("POST", "/staff/tokens/{token_id}/revoke"): Case(
        f"{A}/staff/tokens/1/revoke", OFFICE, body={}, setup=_issue_token
    ),
    # the installation's indicator sets, outside any plan's address
    ("GET", "/staff/indicators"): Case("/staff/indicators", NATIONAL),
    ("POST", "/staff/indicators"): Case("/staff/indicators", NATIONAL, body={}, files=SET_FILE),
    ("GET", "/staff/indicators/{set_id}"): Case("/staff/indicators/dx-survey", NATIONAL),
    ("GET", "/staff/indicators/{set_id}/definition.yaml"): Case(
        "/staff/indicators/dx-survey/definition.yaml", NATIONAL
    ),
    ("POST", "/staff/indicators/{set_id}/survey"): Case(
        "/staff/indicators/dx-survey/survey", NATIONAL, body={}, files=SURVEY_FILE
    ),
    # the API names its plan in the path
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
        f"{P}/kpis/{KPI_X}/history", API_STAFF
    ),
    ("PUT", "/api/plans/{plan_id}/kpis/{kpi_id}/observations/{year}"): Case(
        f"{P}/kpis/{KPI_X}/observations/{OPEN_YEAR}",
        API_WRITE_A,
        json={"value": "402", "revision": 0},
    ),
    ("PUT", "/api/plans/{plan_id}/measures/{measure_id}/years/{year}"): Case(
        f"{P}/measures/{MEASURE_X}/years/{OPEN_YEAR}",
        API_WRITE_A,
        json={"analysis": "API で入力", "revision": 0},
    ),
}

UNIT_ACTIONS: dict[str, Case] = {
    action: Case(
        f"{A}/staff/years/{OPEN_YEAR}/units/{UNIT_X}/{action}",
        expect,
        {"reason": "単位を確認してください"} if action == "return" else {},
        setup=setup,
    )
    for action, expect, setup in (
        ("submit", EDITOR_A, None),
        ("withdraw", EDITOR_A, _submit_x),
        ("review", REVIEW, _submit_x),
        ("return", REVIEW, _submit_x),
    )
}


def test_the_matrix_covers_every_route() -> None:
    assert set(ORG_MATRIX) == set(MATRIX)  # MATRIX is checked against the app's routes


def test_every_route_of_a_plan_app_is_covered(org_sites: Callable[[], Site]) -> None:
    assert app_routes(org_sites().app) == set(ORG_MATRIX)


@pytest.mark.parametrize("key", sorted(ORG_MATRIX), ids=lambda k: f"{k[0]} {k[1]}")
def test_route_by_organisation_role(org_sites: Callable[[], Site], key: tuple[str, str]) -> None:
    check_roles(org_sites, key[0], ORG_MATRIX[key], ORG_ROLES, _revision)


@pytest.mark.parametrize("action", sorted(UNIT_ACTIONS))
def test_unit_action_by_organisation_role(org_sites: Callable[[], Site], action: str) -> None:
    check_roles(org_sites, "POST", UNIT_ACTIONS[action], ORG_ROLES, _revision)


def _revision(site: Site, url: str) -> int:
    """The revision a writer would read before writing the year that ends ``url``."""
    from shinchoku.store.edits import measure_year_state

    year = int(url.rsplit("/", 1)[1])
    key = url.split("/")[-3]
    if "/observations/" in url:
        return observation_state(site.db, PLAN_A, key, year).revision
    return measure_year_state(site.db, PLAN_A, key, year).revision


# -- one edit refused three ways -----------------------------------------------------------


def _code_and_message(r: Response) -> tuple[int, str, str]:
    """Status, problem code and message of an error: the API's JSON, or a page's."""
    if r.headers["content-type"].startswith("application/json"):
        body = r.json()
        return r.status_code, body["code"], body["message"]
    code = re.search(r"<code>([a-z-]+)</code>", r.text)
    message = re.search(r'<p class="error-message">(.*?)</p>', r.text, re.S)
    assert code is not None and message is not None, r.text[:500]
    return r.status_code, code.group(1), html.unescape(message.group(1))


def test_an_edit_to_another_organisations_plan_is_refused_everywhere(
    org_sites: Callable[[], Site],
) -> None:
    site = org_sites()
    before = observation_state(site.db, PLAN_A, KPI_X, OPEN_YEAR)
    c = site.client("editor_b")

    # the staff form (its own unit id, in plan A's address)
    form_token = site.become(c, "editor_b")
    r = c.post(
        f"{A}/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit",
        data={"csrf_token": form_token or "", "obs_revision": "0", "value": "999"},
        follow_redirects=False,
    )
    status, code, message = _code_and_message(r)
    assert (status, code) == (403, "plan-of-another-organisation")
    assert PLAN_A in message and "石巻市 042021" in message  # it may not even read A

    # the API
    c.cookies.clear()
    r = c.put(
        f"/api/plans/{PLAN_A}/kpis/{KPI_X}/observations/{OPEN_YEAR}",
        json={"value": "999", "revision": before.revision},
        headers={"Authorization": f"Bearer {site.token('editor_b')}"},
    )
    status, code, message = _code_and_message(r)
    assert (status, code) == (403, "plan-of-another-organisation")
    assert PLAN_A in message and "石巻市 042021" in message and "仙台市 041009" in message

    # the store
    editor_b = Accounts(site.db).get("editor_b")
    assert editor_b is not None
    with pytest.raises(ShinchokuError) as exc:
        apply_edits(
            site.db,
            PLAN_A,
            OPEN_YEAR,
            [ObservationEdit(KPI_X, before.revision, value="999")],
            user="editor_b",
            actor=editor_b,
        )
    assert exc.value.problem.code == "plan-of-another-organisation"
    assert dict(exc.value.problem.params)["plan"] == PLAN_A

    # nothing was lost or changed in A, and nothing was logged
    after = observation_state(site.db, PLAN_A, KPI_X, OPEN_YEAR)
    assert after == before
    assert Workflow(site.db).changes(PLAN_A, KPI_X, [MEASURE_X]) == []

    # the same unit of the editor's own plan B is theirs to edit, by the same three ways
    own = observation_state(site.db, PLAN_B, KPI_X, OPEN_YEAR)
    result = apply_edits(
        site.db,
        PLAN_B,
        OPEN_YEAR,
        [ObservationEdit(KPI_X, own.revision, value="123")],
        user="editor_b",
        actor=editor_b,
    )
    assert [ch.after for ch in result.changes if ch.field == "value"] == ["123"]
    r = c.put(
        f"/api/plans/{PLAN_B}/kpis/{KPI_X}/observations/{OPEN_YEAR}",
        json={"value": "124", "revision": result.revisions[("observation", KPI_X)]},
        headers={"Authorization": f"Bearer {site.token('editor_b')}"},
    )
    assert r.status_code == 200, r.text
    assert observation_state(site.db, PLAN_A, KPI_X, OPEN_YEAR) == before


def test_the_prefecture_reviews_a_municipalitys_submission_but_edits_nothing(
    org_sites: Callable[[], Site],
) -> None:
    site = org_sites()
    _submit_x(site)
    c = site.client("pref_office")
    token = site.become(c, "pref_office")
    page = c.get(f"{A}/staff/years")
    assert (
        page.status_code == 200
        and f"{A}/staff/years/{OPEN_YEAR}/units/{UNIT_X}/review" in page.text
    )
    assert f"{A}/staff/round" not in page.text  # the round is the municipality's office's
    r = c.post(
        f"{A}/staff/years/{OPEN_YEAR}/units/{UNIT_X}/review",
        data={"csrf_token": token or ""},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"{A}/staff/years"
    assert Workflow(site.db).status(PLAN_A, OPEN_YEAR).unit_state(UNIT_X).value == "reviewed"
    r = c.post(
        f"{A}/staff/years/{OPEN_YEAR}/units/{UNIT_X}/return",
        data={"csrf_token": token or "", "reason": "単位を確認してください"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert Workflow(site.db).status(PLAN_A, OPEN_YEAR).unit_state(UNIT_X).value == "draft"
    # it reads the drafts of its other municipality too, but edits no figure of either
    assert c.get(f"/p/{PLAN_B}/staff/years").status_code == 200
    r = c.post(
        f"{A}/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit",
        data={"csrf_token": token or "", "obs_revision": "0", "value": "999"},
    )
    assert _code_and_message(r)[:2] == (403, "forbidden")
    office = Accounts(site.db).get("pref_office")
    assert office is not None
    with pytest.raises(ShinchokuError) as exc:
        apply_edits(
            site.db,
            PLAN_A,
            OPEN_YEAR,
            [ObservationEdit(KPI_X, 0, value="999")],
            user="pref_office",
            actor=office,
        )
    assert exc.value.problem.code == "plan-of-another-organisation"


def test_an_office_manages_its_own_organisations_accounts_only(
    org_sites: Callable[[], Site],
) -> None:
    site = org_sites()
    accounts = Accounts(site.db)
    office = accounts.get("office_a")
    assert office is not None
    made = accounts.add_user("clerk", "viewer", PASSWORD, organisation="４１００９", by=office)
    assert made.organisation == SENDAI  # five full-width digits read as the 団体コード
    for attempt in (
        lambda: accounts.add_user(
            "stranger", "viewer", PASSWORD, organisation=ISHINOMAKI, by=office
        ),
        lambda: accounts.add_user("everyone", "viewer", PASSWORD, by=office),  # installation-wide
        lambda: accounts.disable("editor_b", by=office),
        lambda: accounts.reset_password("pref_office", by=office),
        lambda: accounts.update("clerk", "viewer", [], None, ISHINOMAKI, by=office),
    ):
        with pytest.raises(ShinchokuError) as exc:
            attempt()
        assert exc.value.problem.code == "user-of-another-organisation"
    with pytest.raises(ShinchokuError) as exc:
        accounts.add_user("nowhere", "viewer", PASSWORD, organisation="041008")
    assert exc.value.problem.code == "org-code-invalid"
    with pytest.raises(ShinchokuError) as exc:
        accounts.add_user("nowhere", "viewer", PASSWORD, organisation="990001")
    assert exc.value.problem.code == "org-unknown"
    assert [u.name for u in accounts.list_users() if u.name in {"stranger", "everyone"}] == []
    national = accounts.add_user("kuni", "admin", PASSWORD, organisation="000000")
    assert national.organisation is None  # 国's code is the installation-wide level

    # the staff page lists, and acts on, the office's own organisation's accounts
    c = site.client("office_a")
    token = site.become(c, "office_a")
    page = c.get(f"{A}/staff/users").text
    assert "editor_a" in page and "clerk" in page and "editor_b" not in page
    r = c.post(
        f"{A}/staff/users/editor_b/disable",
        data={"csrf_token": token or ""},
    )
    assert _code_and_message(r)[:2] == (403, "user-of-another-organisation")
    other = accounts.get("editor_b")
    assert other is not None and not other.disabled
    r = c.post(
        f"{A}/staff/users",
        data={
            "csrf_token": token or "",
            "username": "newclerk",
            "role": "editor",
            "units": UNIT_X,
            "organisation": ISHINOMAKI,  # ignored: an office makes its own organisation's
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"{A}/staff/users"
    newclerk = accounts.get("newclerk")
    assert newclerk is not None and newclerk.organisation == SENDAI


def test_the_root_lists_the_plans_and_each_is_served_under_its_prefix(
    org_sites: Callable[[], Site],
) -> None:
    site = org_sites()
    c = site.client()
    home = c.get("/")
    assert home.status_code == 200
    assert 'href="/p/ishinomaki-dx/"' in home.text and 'href="/p/sendai-dx/"' in home.text
    assert "仙台市デジタル推進計画" in home.text and "石巻市" in home.text
    r = c.get(f"{A}", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"{A}/"
    page = c.get(f"{A}/").text
    assert f'href="{A}/kpis"' in page and 'href="/kpis"' not in page
    assert "仙台市デジタル推進計画" in page
    # staff: links stay under the plan; the log-in comes back to it
    r = c.get(f"{A}/staff/years", follow_redirects=False)
    assert r.status_code == 303 and "next=%2Fp%2Fsendai-dx%2Fstaff%2Fyears" in r.headers["location"]
    site.become(c, "editor_a")
    my = c.get(f"{A}/staff/", follow_redirects=False)
    assert my.status_code == 303 and my.headers["location"] == f"{A}/staff/my"
    work = c.get(f"{A}/staff/my").text
    assert f'href="{A}/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit"' in work
    assert 'href="/staff/' not in work
    for path in ("/kpis", "/staff/years"):  # several plans: a plan's page needs its address
        r = c.get(path, follow_redirects=False)
        assert _code_and_message(r)[:2] == (404, "plan-not-chosen"), path
        assert "/p/" in _code_and_message(r)[2]
    staff_home = c.get("/staff/").text  # several plans: the staff area lists them too
    assert f'href="{A}/staff/"' in staff_home and 'href="/p/ishinomaki-dx/staff/"' not in staff_home

    # the pages of no one plan (the log-in, the comparison) name no plan and link to none
    # of one plan's pages, whichever plan the server has in memory
    def site_title(page: str) -> str:
        found = re.search(r'<p class="site-title">(.*?)</p>', page)
        assert found is not None
        return found.group(1)

    for path in ("/compare/",):
        page = c.get(path).text
        assert "仙台市" not in site_title(page) and 'href="/kpis"' not in page, path
    assert "仙台市デジタル推進計画" in site_title(c.get(f"{A}/compare/").text)


def test_migration_0012_down_and_up_keeps_users(org_sites: Callable[[], Site]) -> None:
    site = org_sites()
    db = site.db
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0011")
    with db.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("users")}
    assert "organisation" not in columns and "email" in columns
    db.migrate()
    accounts = Accounts(db)
    user = accounts.get("editor_a")
    # kept, but installation-wide again: the organisation was the dropped column's
    assert user is not None and user.units == {UNIT_X} and user.organisation is None
    assert accounts.authenticate("editor_a", PASSWORD) is not None
    accounts.update("editor_a", "editor", [UNIT_X], None, SENDAI)
    again = accounts.get("editor_a")
    assert again is not None and again.organisation == SENDAI

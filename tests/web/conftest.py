"""Web fixtures: the bundled example in a database, staff of every role, clients per role.

A template SQLite database is built once per session (example loaded, FY2023 published,
FY2024 open, one user per role) and copied for each test, so tests stay independent and
fast. ``temporary_database`` from the store's fixtures gives the PostgreSQL database.
"""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from shinchoku.compare.indicators import bundled_set
from shinchoku.compare.survey import import_survey
from shinchoku.dataset import load_example
from shinchoku.orgs import registry
from shinchoku.store import Database
from shinchoku.store.accounts import Accounts
from shinchoku.store.history import Workflow
from shinchoku.web import WebSettings, create_app
from shinchoku.web.server import load_and_publish

try:  # the store's helper; its module may move up to tests/conftest.py
    from tests.store.conftest import temporary_database
except ImportError:  # pragma: no cover
    from tests.conftest import temporary_database  # type: ignore[attr-defined,no-redef]

with warnings.catch_warnings():
    # Starlette's test client prefers the httpx2 package; httpx works the same here.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PLAN = "miyagi-it-policy"
PASSWORD = "correct horse battery staple"
OPEN_YEAR = 2024
UNIT_X = "kikaku-digital"  # デジタルみやぎ推進課
UNIT_Y = "kyoiku-kikaku"  # 教育企画室
KPI_X = "open-data-datasets"  # a KPI of unit X (measure open-data-miyagi)
MEASURE_X = "open-data-miyagi"
KPI_Y = "ict-teaching-skill"  # a KPI of unit Y (two measures)
MEASURE_Y = "education-informatization"

USERS = {
    "admin": ("admin", ()),
    "viewer": ("viewer", ()),
    "editor_x": ("editor", (UNIT_X,)),
    "editor_y": ("editor", (UNIT_Y,)),
}
ROLES = ("anonymous", "viewer", "editor_x", "editor_y", "admin")

__all__ = ["TestClient", "temporary_database"]


SURVEY = Path(__file__).parent.parent / "data" / "survey" / "miyagi-dx.csv"


def prepare(url: str, users: bool = True) -> None:
    """The example loaded, FY2023 published, FY2024 open, one user per role."""
    load_and_publish(url, load_example())
    db = Database(url)
    try:
        accounts = Accounts(db)
        for name, (role, units) in USERS.items() if users else ():
            accounts.add_user(name, role, PASSWORD, units)
        Workflow(db).open(PLAN, OPEN_YEAR, "admin")
        import_survey(db, SURVEY, bundled_set(), registry())  # the comparison pages' figures
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "shinchoku.sqlite"
    prepare(f"sqlite:///{path}")
    return path


def make_settings(url: str, tmp_path: Path) -> WebSettings:
    return WebSettings(
        database_url=url,
        secure_cookies=False,
        secret_key="test-secret",
        build_dir=tmp_path / "build",
    )


@dataclass
class Site:
    """An app over a test database, with clients logged in as any role."""

    url: str
    tmp_path: Path
    app: object
    db: Database
    _clients: list[TestClient]

    def client(self, role: str = "anonymous", *, login: bool = False) -> TestClient:
        """A client; ``login`` goes through the log-in form, else a session is made directly."""
        c = TestClient(self.app, base_url="http://testserver")  # type: ignore[arg-type]
        c.__enter__()
        self._clients.append(c)
        if login:
            log_in(c, role)
        else:
            self.become(c, role)
        return c

    def become(self, c: TestClient, role: str) -> str | None:
        """Switch a client to ``role`` (a fresh session; anonymous: none); its CSRF token."""
        c.cookies.clear()
        if role == "anonymous":
            return None
        user = Accounts(self.db).get(role)
        assert user is not None
        token, form_token = Accounts(self.db).start_session(user, timedelta(hours=1))
        c.cookies.set("shinchoku_session", token)
        return form_token

    def token(self, role: str) -> str:
        return Accounts(self.db).create_token(role)


@pytest.fixture
def site_factory(template_db: Path, tmp_path: Path) -> Iterator[Callable[[], Site]]:
    """Fresh sites, each on its own copy of the template database."""
    made: list[Site] = []

    def make() -> Site:
        folder = tmp_path / f"site{len(made)}"
        folder.mkdir()
        path = folder / "shinchoku.sqlite"
        shutil.copyfile(template_db, path)
        url = f"sqlite:///{path}"
        s = Site(url, folder, create_app(make_settings(url, folder)), Database(url), [])
        made.append(s)
        return s

    try:
        yield make
    finally:
        for s in made:
            for c in s._clients:
                c.__exit__(None, None, None)
            s.db.dispose()


@contextmanager
def backend_sites(
    tmp_path: Path,
    backend: str,
    sqlite_template: Callable[[], Path],
    postgres_template: Callable[[], str],
) -> Iterator[Callable[..., Site]]:
    """Fresh sites, each on its own copy of a prepared database on ``backend``: a copy of
    the SQLite file ``sqlite_template()``, or a PostgreSQL database made from the template
    database named ``postgres_template()``. Keyword arguments change the app's settings."""
    from tests.store.conftest import temporary_database

    made: list[Site] = []
    with ExitStack() as stack:

        def make(**settings: Any) -> Site:
            folder = tmp_path / f"site{len(made)}"
            folder.mkdir()
            if backend == "sqlite":
                shutil.copyfile(sqlite_template(), folder / "shinchoku.sqlite")
                url = f"sqlite:///{folder / 'shinchoku.sqlite'}"
            else:
                name = postgres_template()
                url = stack.enter_context(temporary_database("postgresql", folder, template=name))
            app_settings = make_settings(url, folder).model_copy(update=settings)
            s = Site(url, folder, create_app(app_settings), Database(url), [])
            made.append(s)
            return s

        try:
            yield make
        finally:
            for s in made:
                for c in s._clients:
                    c.__exit__(None, None, None)
                s.db.dispose()
                s.app.state.shinchoku.db.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def site(site_factory: Callable[[], Site]) -> Site:
    return site_factory()


def answer_cio(site: Site, era_year: str, count: int, yes: int) -> list[str]:
    """The first ``count`` municipalities (by code) answer the CIO question for
    ``era_year`` (e.g. "R2"), the first ``yes`` of them yes: their codes."""
    from shinchoku.compare.indicators import bundled_set
    from shinchoku.compare.survey import import_survey
    from shinchoku.orgs import registry

    towns = [o.code for o in registry().municipalities()][:count]
    lines = [f"{code},{era_year},cio,{'○' if n < yes else '×'}" for n, code in enumerate(towns)]
    survey = site.tmp_path / f"cio-{era_year}.csv"
    survey.write_text("団体コード,年度,指標,値\n" + "\n".join(lines) + "\n", encoding="utf-8")
    import_survey(site.db, survey, bundled_set(), registry())
    return towns


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(c: TestClient, name: str, password: str = PASSWORD) -> None:
    token = csrf_of(c.get("/login").text)
    r = c.post(
        "/login",
        data={"csrf_token": token, "username": name, "password": password, "next": "/staff/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def csrf(c: TestClient, path: str = "/staff/years") -> str:
    r = c.get(path)
    assert r.status_code == 200, (path, r.status_code)
    return csrf_of(r.text)


EditForm = Callable[..., dict[str, str]]


def edit_form(
    value: str | None = None,
    as_of: str | None = None,
    *,
    token: str,
    obs_revision: int = 0,
    measures: dict[str, tuple[int, str, str]] | None = None,
) -> dict[str, str]:
    """The fields the KPI edit form posts."""
    data = {"csrf_token": token, "obs_revision": str(obs_revision)}
    if value is not None:
        data["value"] = value
    if as_of is not None:
        data["as_of"] = as_of
    for mid, (rev, status, analysis) in (measures or {}).items():
        data[f"rev__{mid}"] = str(rev)
        data[f"status__{mid}"] = status
        data[f"analysis__{mid}"] = analysis
    return data

"""A busy office on SQLite and PostgreSQL: parallel log-in attempts stay within the limits
(per account and per address), reading never writes, tokens are revoked one at a time,
and a save that races a publish is either published or refused."""

from __future__ import annotations

import threading
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from shinchoku.store import Database
from shinchoku.store.accounts import Accounts
from shinchoku.store.history import Workflow
from shinchoku.web import create_app
from tests.web.conftest import (
    KPI_X,
    OPEN_YEAR,
    PASSWORD,
    PLAN,
    csrf_of,
    edit_form,
    make_settings,
    prepare,
    temporary_database,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PER_ACCOUNT, PER_ADDRESS = 5, 8
PARALLEL = 30


class Office:
    """An app over a prepared database on one backend, and clients for it."""

    def __init__(self, url: str, tmp_path: Path) -> None:
        settings = make_settings(url, tmp_path).model_copy(
            update={
                "login_max_failures": PER_ACCOUNT,
                "login_max_failures_per_address": PER_ADDRESS,
            }
        )
        self.app = create_app(settings)
        self.db = Database(url)
        self.clients: list[TestClient] = []

    def client(self) -> TestClient:
        c = TestClient(self.app, base_url="http://testserver")
        c.__enter__()
        self.clients.append(c)
        return c

    def close(self) -> None:
        for c in self.clients:
            c.__exit__(None, None, None)
        self.db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    with temporary_database(request.param, tmp_path) as url:
        prepare(url)
        o = Office(url, tmp_path)
        try:
            yield o
        finally:
            o.close()


def _in_parallel(
    n: int, ready: Callable[[int], None], attempt: Callable[[int], int]
) -> Counter[int]:
    """``ready(i)`` then ``attempt(i)`` for i < n, the attempts released at once; count the
    status codes."""
    go = threading.Barrier(n)
    codes: list[int] = []
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            ready(i)
            go.wait()
            codes.append(attempt(i))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return Counter(codes)


def _log_in_attempts(office: Office, names: Callable[[int], str], password: str) -> Counter[int]:
    clients = [office.client() for _ in range(PARALLEL)]
    tokens: dict[int, str] = {}

    def ready(i: int) -> None:
        tokens[i] = csrf_of(clients[i].get("/login").text)  # and the pre-session cookie

    def attempt(i: int) -> int:
        data = {"csrf_token": tokens[i], "username": names(i), "password": password}
        return int(clients[i].post("/login", data=data, follow_redirects=False).status_code)

    return _in_parallel(PARALLEL, ready, attempt)


def test_parallel_attempts_on_one_account_stay_within_its_limit(office: Office) -> None:
    codes = _log_in_attempts(office, lambda i: "admin", "wrong password!")
    assert codes == Counter({401: PER_ACCOUNT, 429: PARALLEL - PER_ACCOUNT})
    # the account stays locked for the window, even with the right password
    c = office.client()
    data = {"csrf_token": csrf_of(c.get("/login").text), "username": "admin", "password": PASSWORD}
    assert c.post("/login", data=data, follow_redirects=False).status_code == 429


def test_password_spraying_from_one_address_stays_within_its_limit(office: Office) -> None:
    codes = _log_in_attempts(office, lambda i: f"guess{i}", PASSWORD)
    assert codes == Counter({401: PER_ADDRESS, 429: PARALLEL - PER_ADDRESS})


def test_a_good_log_in_clears_its_own_attempt(office: Office) -> None:
    c = office.client()
    for _ in range(PER_ACCOUNT + 2):
        data = {
            "csrf_token": csrf_of(c.get("/login").text),
            "username": "viewer",
            "password": PASSWORD,
        }
        assert c.post("/login", data=data, follow_redirects=False).status_code == 303
        c.cookies.clear()


def _writes(db: Database) -> tuple[list[str], Callable[[], None]]:
    seen: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        head = statement.lstrip().split(None, 2)
        if head and head[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen.append(statement.split("\n")[0][:80])
        if head[:2] == ["BEGIN", "IMMEDIATE"]:
            seen.append("BEGIN IMMEDIATE")

    event.listen(db.engine, "before_cursor_execute", on_execute)
    return seen, lambda: event.remove(db.engine, "before_cursor_execute", on_execute)


def test_reading_never_writes(office: Office) -> None:
    st = office.app.state.shinchoku
    staff = office.client()
    data = {"csrf_token": csrf_of(staff.get("/login").text), "username": "admin"}
    assert staff.post("/login", data={**data, "password": PASSWORD}).status_code == 200
    token = Accounts(office.db).create_token("editor_x", "reader")
    api = office.client()
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/me", headers=bearer).status_code == 200  # first use: noted once
    public = office.client()
    seen, stop = _writes(st.db)
    try:
        for path in ("/", "/fy/2023/", f"/fy/2023/kpis/{KPI_X}.html", "/kpis", "/login"):
            assert public.get(path).status_code == 200, path
        for path in ("/staff/", "/staff/years", f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit"):
            assert staff.get(path).status_code == 200, path
        for path in ("/api/me", f"/api/plans/{PLAN}/kpis/{KPI_X}", f"/api/plans/{PLAN}/kpis"):
            assert api.get(path, headers=bearer).status_code == 200, path
    finally:
        stop()
    assert seen == []
    (listed,) = Accounts(office.db).list_tokens("editor_x")
    assert listed.last_used_at is not None


def test_admin_revokes_one_token_on_the_staff_page(office: Office) -> None:
    accounts = Accounts(office.db)
    kept = accounts.create_token("editor_x", "laptop")
    gone = accounts.create_token("editor_x", "nightly import")
    gone_id = next(t.id for t in accounts.list_tokens() if t.label == "nightly import")
    admin = office.client()
    data = {"csrf_token": csrf_of(admin.get("/login").text), "username": "admin"}
    admin.post("/login", data={**data, "password": PASSWORD})
    page = admin.get("/staff/tokens")
    assert page.status_code == 200 and "nightly import" in page.text and "laptop" in page.text
    r = admin.post(
        f"/staff/tokens/{gone_id}/revoke",
        data={"csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    api = office.client()
    assert api.get("/api/me", headers={"Authorization": f"Bearer {gone}"}).status_code == 401
    assert api.get("/api/me", headers={"Authorization": f"Bearer {kept}"}).status_code == 200
    states = {t.label: (t.revoked_by, t.active) for t in accounts.list_tokens()}
    assert states == {"laptop": (None, True), "nightly import": ("admin", False)}


def test_form_save_after_publish_is_refused_not_acknowledged(office: Office) -> None:
    editor = office.client()
    data = {"csrf_token": csrf_of(editor.get("/login").text), "username": "editor_x"}
    editor.post("/login", data={**data, "password": PASSWORD})
    form = editor.get(f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit")
    token = csrf_of(form.text)
    # the admin publishes while the editor has the form open
    Workflow(office.db).publish(PLAN, OPEN_YEAR, "admin", force=True)
    r = editor.post(
        f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit",
        data=edit_form("415", token=token),
        follow_redirects=False,
    )
    assert r.status_code == 409
    snapshot = Workflow(office.db).snapshots(PLAN)[OPEN_YEAR].observations
    assert KPI_X not in snapshot or snapshot[KPI_X]["value"] != "415"

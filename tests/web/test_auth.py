"""Log-in, sessions, CSRF, the log-in rate limit and API tokens."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from shinchoku.store.accounts import Accounts
from shinchoku.web import create_app
from tests.web.conftest import (
    PASSWORD,
    PLAN,
    Site,
    TestClient,
    csrf,
    csrf_of,
    log_in,
    make_settings,
)


def _post_login(c: TestClient, name: str, password: str, token: str | None = None) -> int:
    token = token if token is not None else csrf_of(c.get("/login").text)
    r = c.post(
        "/login",
        data={"csrf_token": token, "username": name, "password": password},
        follow_redirects=False,
    )
    return int(r.status_code)


def test_passwords_are_argon2_hashes(site: Site) -> None:
    with site.db.engine.connect() as conn:
        hashes = conn.execute(sa.text("SELECT password_hash FROM users")).scalars().all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert all(PASSWORD not in h for h in hashes)


def test_log_in_and_out(site: Site) -> None:
    c = site.client()
    assert c.get("/staff/", follow_redirects=False).status_code == 303
    log_in(c, "editor_x")
    r = c.get("/staff/")
    assert r.status_code == 200 and "editor_x" in r.text
    r = c.post("/logout", data={"csrf_token": csrf(c)}, follow_redirects=False)
    assert r.status_code == 303
    assert c.get("/staff/", follow_redirects=False).status_code == 303


def test_wrong_password_and_disabled_user(site: Site) -> None:
    c = site.client()
    assert _post_login(c, "editor_x", "wrong password!") == 401
    assert _post_login(c, "nobody", PASSWORD) == 401
    Accounts(site.db).disable("viewer")
    assert _post_login(c, "viewer", PASSWORD) == 401


def test_disabling_ends_sessions(site: Site) -> None:
    c = site.client("viewer")
    assert c.get("/staff/").status_code == 200
    Accounts(site.db).disable("viewer")
    assert c.get("/staff/", follow_redirects=False).status_code == 303


def test_session_cookie_flags(site: Site, tmp_path: Path) -> None:
    c = site.client()
    token = csrf_of(c.get("/login").text)
    r = c.post(
        "/login",
        data={"csrf_token": token, "username": "admin", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and "session" in v)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # turned off for http:// tests
    secure = create_app(
        make_settings(site.url, tmp_path).model_copy(update={"secure_cookies": True})
    )
    with TestClient(secure, base_url="https://testserver") as s:
        token = csrf_of(s.get("/login").text)
        r = s.post(
            "/login",
            data={"csrf_token": token, "username": "admin", "password": PASSWORD},
            follow_redirects=False,
        )
        cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and "session" in v)
        assert cookie.startswith("__Host-shinchoku_session=")
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_forms_need_the_session_token(site: Site) -> None:
    c = site.client("admin")
    for path, data in (
        ("/staff/years/open", {"year": "2022"}),
        ("/staff/users/viewer/disable", {}),
        ("/logout", {}),
    ):
        assert c.post(path, data=data, follow_redirects=False).status_code == 403
        bad = {**data, "csrf_token": "forged"}
        assert c.post(path, data=bad, follow_redirects=False).status_code == 403
    # another session's token is refused too
    other = csrf(site.client("viewer"))
    r = c.post("/staff/users/viewer/disable", data={"csrf_token": other}, follow_redirects=False)
    assert r.status_code == 403
    assert Accounts(site.db).get("viewer").disabled is False  # type: ignore[union-attr]


def test_log_in_form_needs_its_token(site: Site) -> None:
    c = site.client()
    assert _post_login(c, "admin", PASSWORD, token="") == 403
    assert _post_login(c, "admin", PASSWORD, token="forged") == 403


def test_log_in_rate_limit(site: Site) -> None:
    c = site.client()
    for _ in range(5):
        assert _post_login(c, "admin", "wrong password!") == 401
    assert _post_login(c, "admin", PASSWORD) == 429  # even the right password, for now
    r = c.post(
        "/login",
        data={"csrf_token": csrf_of(c.get("/login").text), "username": "admin", "password": "x"},
    )
    assert r.status_code == 429 and r.headers["retry-after"] == "300"
    # another user from the same address is not locked out
    assert _post_login(c, "viewer", PASSWORD) == 303


def test_next_stays_on_this_site(site: Site) -> None:
    c = site.client()
    token = csrf_of(c.get("/login").text)
    for target, expected in (
        ("https://evil.example/", "/staff/"),
        ("//evil.example/", "/staff/"),
        ("/staff/years", "/staff/years"),
    ):
        c.cookies.clear()
        token = csrf_of(c.get("/login").text)
        r = c.post(
            "/login",
            data={"csrf_token": token, "username": "admin", "password": PASSWORD, "next": target},
            follow_redirects=False,
        )
        assert r.headers["location"] == expected


def test_api_tokens(site: Site) -> None:
    c = site.client()
    token = site.token("editor_x")
    with site.db.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT token_hash FROM api_tokens")).scalars().all()
    assert token not in stored and len(stored[0]) == 64
    me = c.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {
        "name": "editor_x",
        "role": "editor",
        "units": ["kikaku-digital"],
        "organisation": None,
    }
    r = c.get(f"/api/plans/{PLAN}", headers={"Authorization": "Bearer shk_wrong"})
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    r = c.get(f"/api/plans/{PLAN}", headers={"Authorization": "Basic abc"})
    assert r.status_code == 401
    Accounts(site.db).disable("editor_x")
    assert c.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_sessions_do_not_authorise_api_writes(site: Site) -> None:
    c = site.client("editor_x")
    r = c.put(
        f"/api/plans/{PLAN}/kpis/open-data-datasets/observations/2024",
        json={"value": "1", "revision": 0},
    )
    assert r.status_code == 401

"""Refusals of the staff pages and failures of the server: each a catalogued problem,
answered with its type's HTTP status and worded in the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.dataset import load_example
from shinchoku.store import Database
from shinchoku.web import create_app

from .conftest import PASSWORD, PLAN, Site, TestClient, csrf, make_settings


def _user_form(c: TestClient, **fields: str) -> dict[str, str]:
    data = {
        "csrf_token": csrf(c, "/staff/users"),
        "username": "shinki",
        "role": "viewer",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    return {**data, **fields}


def test_user_and_year_forms_refuse_with_their_codes(site: Site) -> None:
    admin = site.client("admin")
    r = admin.post("/staff/users", data=_user_form(admin, password_again="something else"))
    assert r.status_code == 422 and "2つのパスワードが一致しません。" in r.text
    r = admin.post("/staff/users", data=_user_form(admin, role="owner"))
    assert r.status_code == 422 and "権限「owner」はありません" in r.text
    r = admin.post("/staff/users", data=_user_form(admin, username="admin"))
    assert r.status_code == 409 and "user-exists" in r.text
    r = admin.post("/staff/users/admin/disable", data={"csrf_token": csrf(admin, "/staff/users")})
    assert r.status_code == 409 and "自分のアカウントは無効にできません。" in r.text
    r = admin.post("/staff/years/open", data={"csrf_token": csrf(admin), "year": "来年"})
    assert r.status_code == 422 and "年度の指定「来年」が正しくありません" in r.text
    r = admin.post("/staff/years/open?lang=en", data={"csrf_token": csrf(admin), "year": "1999"})
    assert r.status_code == 422 and "The fiscal year &#39;1999&#39; is not valid" in r.text


def test_a_plan_with_no_published_year(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    db = Database(url)
    db.migrate()
    db.save_plan(load_example())
    db.dispose()
    with TestClient(create_app(make_settings(url, tmp_path))) as c:  # type: ignore[arg-type]
        r = c.get("/kpis/open-data-datasets", follow_redirects=False)
        assert r.status_code == 404 and "公開済みの年度はまだありません。" in r.text
        r = c.get(f"/api/plans/{PLAN}/kpis")
        assert r.status_code == 404 and r.json()["code"] == "no-published-year"


def test_server_failures(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    import shinchoku.web.downloads as downloads

    def fails(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(downloads, "build_report", fails)
    c = site.client()
    r = c.get("/downloads/2023/kpi_values.csv")
    assert r.status_code == 503 and "このファイルは現在作成できません" in r.text

    monkeypatch.setattr(type(site.app.state.shinchoku.service), "view", fails)  # type: ignore[attr-defined]
    with TestClient(site.app, raise_server_exceptions=False) as s:  # type: ignore[arg-type]
        r = s.get("/api/plans")
        assert r.status_code == 500 and r.json()["code"] == "server-error"

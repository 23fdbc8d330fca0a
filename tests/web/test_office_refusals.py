"""The policy office's refusals come from the one catalogue: each code with its HTTP
status, worded in the page's language, and nothing changed."""

from __future__ import annotations

import pytest

from shinchoku.audit import audit
from shinchoku.mail import MailSettings, send_reminders
from shinchoku.problems import ShinchokuError
from shinchoku.store.accounts import Accounts
from shinchoku.store.history import Workflow
from shinchoku.workload import unit_work
from tests.web.browser import free_port
from tests.web.conftest import OPEN_YEAR, PASSWORD, PLAN, UNIT_X, Site, csrf, csrf_of


def _post(c: object, path: str, data: dict[str, str] | None = None, page: str = "/staff/users"):  # type: ignore[no-untyped-def]
    token = csrf(c, page)  # type: ignore[arg-type]
    return c.post(path, data={"csrf_token": token, **(data or {})}, follow_redirects=False)  # type: ignore[attr-defined]


def test_an_admin_cannot_reset_or_demote_their_own_account(site: Site) -> None:
    admin = site.client("admin")
    r = _post(admin, "/staff/users/admin/reset-password")
    assert r.status_code == 409 and "cannot-reset-self" in r.text
    assert "自分のパスワードは再発行できません" in r.text
    assert Accounts(site.db).authenticate("admin", PASSWORD) is not None
    r = _post(admin, "/staff/users/admin/update", {"role": "viewer"})
    assert r.status_code == 409 and "自分の管理者権限は外せません" in r.text
    assert Accounts(site.db).get("admin").role.value == "admin"  # type: ignore[union-attr]


def test_a_new_password_must_differ_from_the_current_one(site: Site) -> None:
    c = site.client("viewer")
    page = c.get("/staff/account/password").text
    form = {"csrf_token": csrf_of(page), "current_password": PASSWORD}
    r = c.post(
        "/staff/account/password",
        data={**form, "new_password": PASSWORD, "new_password_again": PASSWORD},
    )
    assert r.status_code == 422 and "新しいパスワードは現在のものと違うもの" in r.text
    r = c.post(
        "/staff/account/password?lang=en",
        data={**form, "new_password": PASSWORD, "new_password_again": PASSWORD},
    )
    assert r.status_code == 422 and "The new password must differ" in r.text


def test_the_change_log_names_the_date_and_the_division_it_cannot_read(site: Site) -> None:
    viewer = site.client("viewer")
    r = viewer.get("/staff/changes?until=2025-6-31")
    assert r.status_code == 422 and "invalid-date" in r.text
    assert "終了日「2025-6-31」を日付として読み取れません" in r.text
    r = viewer.get("/staff/changes?since=yesterday&lang=en")
    assert r.status_code == 422 and "The start date &#39;yesterday&#39; is not a date" in r.text
    r = viewer.get("/staff/changes?division=nowhere&lang=ja")
    assert r.status_code == 404 and "unit-not-found" in r.text and "「nowhere」" in r.text


def test_a_mail_server_that_cannot_be_reached_is_reported(site: Site) -> None:
    Accounts(site.db).update("editor_x", "editor", [UNIT_X], "x@pref.example.jp")
    plan = site.db.load_plan(PLAN)
    settings = MailSettings(host="127.0.0.1", port=free_port(), sender="office@pref.example.jp")
    work = unit_work(plan, OPEN_YEAR, audit(plan, OPEN_YEAR))
    with pytest.raises(ShinchokuError) as exc:
        send_reminders(site.db, plan, OPEN_YEAR, settings, "https://x.example.jp", "admin", work)
    p = exc.value.problem
    assert p.code == "mail-failed" and f"127.0.0.1:{settings.port}" in p.message
    assert "0 of 1 mails were sent" in p.message
    assert Workflow(site.db).mails(PLAN, OPEN_YEAR) == []

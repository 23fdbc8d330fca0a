"""The policy office's refusals come from the one catalogue: each code with its HTTP
status, worded in the page's language, and nothing changed; and the division's my-work
page counts what is open as the office's round page does."""

from __future__ import annotations

import re

import pytest

from shinchoku.audit import audit
from shinchoku.mail import MailSettings, send_reminders
from shinchoku.problems import ShinchokuError
from shinchoku.publish.prepare import prepare
from shinchoku.store.accounts import Accounts
from shinchoku.store.history import Workflow
from shinchoku.web.mywork import my_units
from shinchoku.web.mywork import unit_work as my_unit_work
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


def test_my_work_and_the_round_count_alike_for_every_division(site: Site) -> None:
    """The division's my-work page and the office's round page read the year the same
    way (:mod:`shinchoku.workload`): the same empty figures and findings per division."""
    plan = site.db.load_plan(PLAN)
    admin = Accounts(site.db).get("admin")
    assert admin is not None
    for year in (OPEN_YEAR - 1, OPEN_YEAR):
        status = Workflow(site.db).status(PLAN, year)
        owed = unit_work(plan, year, audit(plan, year))
        findings = prepare(plan, year, "ja").findings
        assert set(owed) == {u.id for u in my_units(admin, plan)}
        for unit in my_units(admin, plan):
            mine = my_unit_work(admin, plan, year, status, unit, findings)
            w = owed[unit.id]
            assert len(mine.empty_kpis) + len(mine.empty_measures) == len(w.empty), unit.id
            assert {k.kpi.id for k in mine.empty_kpis} == {
                e.id for e in w.empty if e.kind == "observation"
            }
            assert [f.code for f in mine.findings] == [p.code for p in w.findings], unit.id
    # the division the two pages used to count apart (30 findings against 21)
    digital = unit_work(plan, OPEN_YEAR, audit(plan, OPEN_YEAR))["kikaku-digital"]
    page = site.client("admin").get(f"/staff/my?year={OPEN_YEAR}").text
    row = re.search(
        r'href="#unit-kikaku-digital">[^<]+</a></th><td>.*?</td><td>(\d+)</td><td>(\d+)</td>', page
    )
    assert row is not None
    assert (int(row.group(1)), int(row.group(2))) == (len(digital.empty), len(digital.findings))

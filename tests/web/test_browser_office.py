"""The policy office's round in a real browser (Debian's chromium via Playwright) against a
real server: set the deadline, remind (a local SMTP server receives the mail), return a
submission with a reason (the division sees it), review, publish through the
confirmation (refused first, with the reason in Japanese). axe-core finds no violations
on any of the office's pages; each page is photographed under /tmp/shots/office/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from shinchoku.store.accounts import Accounts
from shinchoku.store.edits import ObservationEdit, apply_edits
from shinchoku.store.history import Workflow
from tests.web.browser import browser, log_in, serving, shot, violations
from tests.web.conftest import KPI_X, OPEN_YEAR, PLAN, UNIT_X, UNIT_Y, Site
from tests.web.mailserver import Inbox, body, mail_site, smtp

__all__ = ["browser", "mail_site", "smtp"]  # fixtures

SHOTS = Path("/tmp/shots/office")


@pytest.fixture
def office_server(mail_site: Site) -> Iterator[str]:
    with serving(mail_site) as base:
        yield base


def look(page: Page, name: str, found: dict[str, object]) -> None:
    """Photograph the page and run axe on it."""
    shot(page, SHOTS, name)
    found[name] = violations(page)


def test_the_offices_round(
    office_server: str, browser: Browser, mail_site: Site, smtp: tuple[Inbox, int]
) -> None:
    base, inbox = office_server, smtp[0]
    accounts = Accounts(mail_site.db)
    accounts.update("editor_x", "editor", [UNIT_X], "digital@pref.example.jp")
    accounts.update("editor_y", "editor", [UNIT_Y], "kyoiku@pref.example.jp")
    apply_edits(
        mail_site.db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 0, value="410")], user="editor_x"
    )
    found: dict[str, object] = {}

    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    admin.set_default_timeout(15000)
    log_in(admin, base, "admin")
    admin.get_by_role("link", name="提出状況の一覧").click()
    admin.wait_for_url(f"{base}/staff/round")
    look(admin, "01-round", found)

    # the deadline, then the reminders
    admin.get_by_label("提出期限を設定").fill("2025-06-30")
    admin.get_by_role("button", name="保存する").click()
    admin.wait_for_url("**/staff/round?year=2024&note=deadline")
    assert "令和7年6月30日（月）" in admin.locator("main").inner_text()
    admin.get_by_role("button", name="督促メールを送信").click()
    admin.wait_for_url("**/staff/round?year=2024&note=sent-2-*")
    look(admin, "02-round-reminded", found)
    assert sorted(m["To"] for m in inbox.messages) == [
        "digital@pref.example.jp",
        "kyoiku@pref.example.jp",
    ]
    assert all("令和7年6月30日（月）" in body(m) for m in inbox.messages)
    sent = admin.locator("table.mails-table").inner_text()
    assert "digital@pref.example.jp" in sent and "kyoiku@pref.example.jp" in sent

    # the division submits; the office returns it with a reason
    editor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    editor.set_default_timeout(15000)
    log_in(editor, base, "editor_x")
    editor.goto(f"{base}/staff/years")
    editor.get_by_role("button", name="提出する").click()
    editor.wait_for_url(f"{base}/staff/years")
    admin.goto(f"{base}/staff/round?year={OPEN_YEAR}")
    admin.locator("table.round-table tr", has_text="デジタルみやぎ推進課").get_by_role(
        "link", name="差し戻す"
    ).click()
    look(admin, "03-return", found)
    reason = "オープンデータ数の時点（R7.3）を記入してください。"
    admin.get_by_label("差し戻しの理由").fill(reason)
    admin.get_by_role("button", name="差し戻す").click()
    admin.wait_for_url(f"{base}/staff/years")
    editor.goto(f"{base}/staff/my")
    assert reason in editor.locator("main").inner_text()
    assert "令和7年6月30日（月）" in editor.locator("main").inner_text()
    look(editor, "04-division-sees-return", found)
    editor.goto(f"{base}/staff/years")
    assert reason in editor.locator("main").inner_text()

    # resubmitted; reviewed through its confirmation
    editor.get_by_role("button", name="提出する").click()
    editor.wait_for_url(f"{base}/staff/years")
    admin.goto(f"{base}/staff/years/{OPEN_YEAR}/units/{UNIT_X}/review")
    look(admin, "05-review", found)
    assert "残っている事項" in admin.locator("main").inner_text()
    admin.get_by_role("button", name="確認済みにする").click()
    admin.wait_for_url(f"{base}/staff/years")

    # publish: the confirmation lists what is open; refused first, then forced
    admin.goto(f"{base}/staff/years")
    admin.get_by_role("link", name="公開する…").click()
    admin.wait_for_url(f"{base}/staff/years/{OPEN_YEAR}/publish")
    look(admin, "06-publish-confirm", found)
    admin.get_by_role("button", name="公開する").click()
    assert admin.get_by_role("alert").inner_text().startswith("公開できませんでした")
    look(admin, "07-publish-refused", found)
    assert admin.get_by_role("link", name="提出状況の一覧").count() >= 1
    admin.get_by_label("確認が済んでいない所属があっても公開する").check()
    admin.get_by_role("button", name="公開する").click()
    admin.wait_for_url(f"{base}/staff/years")
    assert Workflow(mail_site.db).status(PLAN, OPEN_YEAR).is_published

    # the other new pages
    for name, path in (
        ("08-users", "/staff/users"),
        ("09-changes", "/staff/changes?division=kikaku-digital"),
        ("10-password", "/staff/account/password"),
        ("11-totp", "/staff/account/totp"),
        ("12-round-en", f"/staff/round?year={OPEN_YEAR}&lang=en"),
        ("13-login", "/login"),
    ):
        admin.goto(base + path)
        look(admin, name, found)
    assert found == {name: [] for name in found}

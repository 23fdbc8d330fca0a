"""In a real browser, two organisations' plans in one app: the plan list at ``/``, a
plan's pages under ``/p/{plan_id}/``, and its editor's staff pages after logging in there;
axe-core finds no WCAG 2.1 AA violation on any of them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from shinchoku.store import Database
from shinchoku.web import create_app
from tests.web.browser import browser, serving, violations
from tests.web.conftest import OPEN_YEAR, PASSWORD, Site, make_settings
from tests.web.test_organisations import A, org_sqlite_template

__all__ = ["browser", "org_sqlite_template"]  # fixtures


@pytest.fixture
def org_server(org_sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "shinchoku.sqlite"
    shutil.copyfile(org_sqlite_template, path)
    url = f"sqlite:///{path}"
    site = Site(url, tmp_path, create_app(make_settings(url, tmp_path)), Database(url), [])
    try:
        with serving(site) as base:
            yield base
    finally:
        site.db.dispose()


def test_plans_and_a_plans_pages_pass_axe(org_server: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(org_server + "/")
    assert page.get_by_role("link", name="仙台市デジタル推進計画").count() == 1
    found = {"/": violations(page)}
    page.get_by_role("link", name="仙台市デジタル推進計画").click()
    page.wait_for_url(f"{org_server}{A}/")
    found[f"{A}/"] = violations(page)
    page.goto(f"{org_server}{A}/login")
    page.get_by_label("ユーザー名").fill("editor_a")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{org_server}{A}/staff/my")  # the editor's home, in plan A
    found[f"{A}/staff/my"] = violations(page)
    page.get_by_role("link", name="年度の進行管理").first.click()
    page.wait_for_url(f"{org_server}{A}/staff/years")
    assert f"FY{OPEN_YEAR}" in page.content() or "令和6年度" in page.content()
    found[f"{A}/staff/years"] = violations(page)
    page.goto(org_server + "/staff/")  # the staff area at the root lists the plans
    assert page.locator(f'a[href="{A}/staff/"]').count() == 1
    assert page.locator('a[href="/p/ishinomaki-dx/staff/"]').count() == 0
    found["/staff/"] = violations(page)
    assert found == {path: [] for path in found}

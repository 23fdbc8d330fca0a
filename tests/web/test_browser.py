"""A real browser (Debian's chromium via Playwright) against a real server (uvicorn in a thread):
an editor enters a figure, an admin publishes, the public sees it; axe-core finds no
accessibility violations on the public pages."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.web.browser import browser, log_in, server, violations
from tests.web.conftest import KPI_X, OPEN_YEAR, Site, answer_cio

__all__ = ["browser", "server"]  # fixtures


def test_edit_publish_and_see_it_public(server: str, browser: Browser) -> None:
    # an editor of the unit enters the actual and the analysis
    editor = browser.new_context().new_page()
    editor.set_default_timeout(15000)
    log_in(editor, server, "editor_x")
    editor.goto(f"{server}/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}.html")
    editor.get_by_role("link", name="入力・修正").click()
    assert violations(editor) == []  # the form is accessible too
    editor.get_by_label("実績値", exact=True).fill("４１５")
    editor.get_by_label("時点").fill("R7.3")
    editor.get_by_label("要因分析").fill("研修の受講者が増え、公開数が伸びた。")
    editor.get_by_role("button", name="保存する").click()
    editor.wait_for_url(f"**/kpis/{KPI_X}.html?note=saved")
    history = editor.locator("section.history").inner_text()
    assert "４１５" in history and "研修の受講者が増え" in history and "editor_x" in history

    # an admin publishes the year
    admin = browser.new_context().new_page()
    log_in(admin, server, "admin")
    admin.goto(f"{server}/staff/years/{OPEN_YEAR}/publish")
    admin.get_by_label("確認が済んでいない所属があっても公開する").check()
    admin.get_by_role("button", name="公開する").click()
    admin.wait_for_url(f"{server}/staff/years")
    assert "公開済み" in admin.locator("table.years-table").inner_text()

    # the public sees the new figure
    public = browser.new_context().new_page()
    public.goto(f"{server}/fy/{OPEN_YEAR}/kpis/{KPI_X}.html")
    # in the tables' one style, the text as typed on demand
    assert "415" in public.locator("table.trend-table").inner_text()
    typed = public.locator("table.trend-table span.fig").last.get_attribute("title")
    assert typed == "記載どおり: ４１５"
    assert "研修の受講者が増え" in public.locator("section.analyses").inner_text()


def test_public_pages_pass_axe(server: str, browser: Browser, site: Site) -> None:
    answer_cio(site, "R2", 150, 60)  # the nation's ranking on two pages
    page = browser.new_page()
    found = {}
    for path in (
        "/",
        "/fy/2023/areas/citizen.html",
        f"/fy/2023/kpis/{KPI_X}.html",
        "/fy/2023/findings.html",
        "/fy/2023/findings.html?lang=en",
        "/fy/2023/kpis/nope.html",
        "/fy/2023/kpis/nope.html?lang=en",
        "/compare/",
        "/compare/dx-survey/cio/2023",
        "/compare/dx-survey/online-rate/2023?prefecture=040002",
        "/compare/dx-survey/online-rate/2023?prefecture=040002&lang=en",
        "/compare/dx-survey/cio/2020?page=2",
    ):
        page.goto(server + path)
        found[path] = violations(page)
    assert found == {path: [] for path in found}


def test_token_page_passes_axe(server: str, browser: Browser, site: Site) -> None:
    site.token("editor_x")
    page = browser.new_page()
    log_in(page, server, "admin")
    page.goto(f"{server}/staff/tokens")
    assert "editor_x" in page.locator("table.tokens-table").inner_text()
    assert violations(page) == []

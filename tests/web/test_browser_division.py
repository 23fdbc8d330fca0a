"""A division's year in a real browser: log in, my work, fill the figures (an unreadable one
shown in Japanese by 確認, then fixed), submit through the confirmation, withdraw,
resubmit. axe-core finds no violations on any of these pages; each page is saved as a
screenshot under /tmp/shots/div/ to be looked at."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from tests.web.browser import browser, log_in, server, shot, violations
from tests.web.conftest import KPI_X, MEASURE_X, OPEN_YEAR, UNIT_X

__all__ = ["browser", "server"]  # fixtures

SHOTS = Path("/tmp/shots/div")


def test_a_divisions_year(server: str, browser: Browser) -> None:
    page = browser.new_context(locale="ja-JP").new_page()
    page.set_default_timeout(20000)
    seen: dict[str, list[object]] = {}

    def look(name: str) -> None:
        seen[name] = violations(page)
        shot(page, SHOTS, name)

    log_in(page, server, "editor_x")
    page.wait_for_url(f"{server}/staff/my")
    assert "今年度の担当業務" in page.locator("h1").inner_text()
    assert "未入力" in page.locator("main").inner_text()
    look("1-my-work")

    page.locator(f'a[href="/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit"]').first.click()
    page.wait_for_url(f"**/kpis/{KPI_X}/edit")
    look("2-edit-form")
    page.get_by_label("実績値", exact=False).first.fill("四百十五件くらい")
    page.get_by_label("時点").fill("R7.3")
    page.get_by_role("button", name="確認").click()
    error = page.locator("p.field-error").first
    assert "四百十五件くらい" in error.inner_text() and "読み取れません" in error.inner_text()
    look("3-edit-error")

    page.locator("#value").fill("４１５")
    page.locator(f"#status-{MEASURE_X}").select_option(label="達成")
    page.locator(f"#analysis-{MEASURE_X}").fill("研修の受講者が増え、公開数が伸びた。")
    page.get_by_role("button", name="確認").click()
    assert "読み取れない入力はありません" in page.locator("main").inner_text()
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url(f"**/kpis/{KPI_X}.html?note=saved")

    page.goto(f"{server}/staff/my")
    assert "４１５" in page.locator("main").inner_text()
    page.get_by_role("link", name="提出の確認へ").first.click()
    page.wait_for_url(f"**/staff/my/{OPEN_YEAR}/units/{UNIT_X}/submit")
    assert "提出の確認" in page.locator("h1").inner_text()
    look("4-submit-confirm")
    page.get_by_role("button", name="この内容で提出する").click()
    page.wait_for_url(f"{server}/staff/my")
    assert "提出済み" in page.locator("main").inner_text()
    look("5-submitted")

    page.get_by_role("button", name="提出を取り下げる").click()
    page.wait_for_url(f"{server}/staff/my")
    assert page.get_by_role("link", name="提出の確認へ").count() == 1  # a draft again
    page.get_by_role("link", name="提出の確認へ").click()
    page.get_by_role("button", name="この内容で提出する").click()
    page.wait_for_url(f"{server}/staff/my")
    page.goto(f"{server}/staff/years")
    events = page.locator("table.events-table").inner_text()
    assert events.count("提出") >= 3 and "提出取下げ" in events
    look("6-years-events")

    # the error pages say where to go next: 409 (submitted), 403 (another division's), 404
    page.goto(f"{server}/staff/my/{OPEN_YEAR}/units/{UNIT_X}/submit")
    assert "次にできること" in page.locator("main").inner_text()
    look("10-error-409")
    page.goto(f"{server}/staff/my/{OPEN_YEAR}/units/kyoiku-kikaku/submit")
    look("11-error-403")
    page.goto(f"{server}/staff/fy/{OPEN_YEAR}/kpis/nope.html?lang=en")
    assert "What you can do next" in page.locator("main").inner_text()
    look("12-error-404-en")

    page.goto(f"{server}/staff/my?lang=en")
    assert "My work this year" in page.locator("h1").inner_text()
    look("7-my-work-en")
    assert seen == {name: [] for name in seen}


def test_the_year_at_a_glance(server: str, browser: Browser) -> None:
    page = browser.new_page()
    for lang, title, name in (
        ("ja", "領域別のKPIの判定", "8-home-chart"),
        ("en", "KPIs by status per area", "9-home-chart-en"),
    ):
        page.goto(f"{server}/?lang={lang}")
        chart = page.locator("svg.status-chart[role=img]")
        assert title in (chart.locator("title").first.text_content() or "")
        table = page.locator("table.status-chart-table").inner_text()
        assert title in table
        assert violations(page) == []
        shot(page, SHOTS, name)


def test_the_edit_form_checks_as_you_type(server: str, browser: Browser) -> None:
    """With scripts on, a changed field is checked by the 確認 round trip and its message
    appears beside it; fixing the field removes it. Nothing is saved meanwhile."""
    page = browser.new_page()
    page.set_default_timeout(20000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if "Security Policy" in m.text else None)
    log_in(page, server, "editor_x")
    page.goto(f"{server}/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit")
    page.locator("#value").fill("約四百件くらい")
    page.locator("#as_of").focus()  # leaving the field fires its change
    message = page.locator("#value").locator("xpath=ancestor::div[contains(@class,'field')]")
    message.locator("p.field-error").wait_for()
    assert "約四百件くらい" in message.locator("p.field-error").inner_text()
    assert page.locator("#value").get_attribute("aria-invalid") == "true"
    assert violations(page) == []
    shot(page, SHOTS, "13-live-check")
    page.locator("#value").fill("415")
    page.locator("#as_of").focus()
    message.locator("p.field-error").wait_for(state="detached")
    assert page.locator("#value").get_attribute("aria-invalid") is None
    assert errors == []  # no CSP refusal, no script error
    page.goto(f"{server}/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}.html")
    assert "415" not in page.locator("table.trend-table").inner_text()  # nothing was saved

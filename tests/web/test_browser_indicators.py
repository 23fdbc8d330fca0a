"""The national administrator's indicator sets in a real browser (Debian's chromium via
Playwright) against a real server: the page reached from the staff navigation, a set's
page, a survey file previewed and then imported through the file inputs, a file with a
bad cell refused; axe-core finds no violations on any of them, in Japanese and English.
Each page is photographed under /tmp/shots/indicators/."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page

from tests.web.browser import browser, log_in, server, shot, violations
from tests.web.conftest import SURVEY

__all__ = ["browser", "server"]  # fixtures

SHOTS = Path("/tmp/shots/indicators")


def look(page: Page, name: str, found: dict[str, object]) -> None:
    shot(page, SHOTS, name)
    found[name] = violations(page)


def test_a_survey_previewed_and_imported_in_a_browser(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    found: dict[str, object] = {}
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15000)
    log_in(page, server, "admin")
    page.get_by_role("link", name="指標セットの管理").click()
    page.wait_for_url(f"{server}/staff/indicators")
    look(page, "01-sets", found)
    page.get_by_role("link", name="dx-survey").click()
    page.wait_for_url(f"{server}/staff/indicators/dx-survey")
    look(page, "02-set", found)

    # a file with a bad cell: the problem, nothing imported
    bad = tmp_path / "r5-bad.csv"
    bad.write_text(
        SURVEY.read_text(encoding="utf-8").replace(
            "043010,蔵王町,R5,cio,ー", "043010,蔵王町,R5,cio,多分"
        ),
        encoding="utf-8",
    )
    page.get_by_label("調査ファイル（CSV・XLSX）").set_input_files(str(bad))
    page.get_by_role("button", name="プレビュー（試行）").click()
    page.wait_for_selector("table.problems-table")
    assert "r5-bad.csv:7（値）" in page.locator("table.problems-table").inner_text()
    look(page, "03-problems", found)

    # the file previewed, then chosen again and imported
    changed = tmp_path / "r5.csv"
    changed.write_text(
        SURVEY.read_text(encoding="utf-8").replace(
            "043010,蔵王町,R5,cio,ー", "043010,蔵王町,R5,cio,○"
        ),
        encoding="utf-8",
    )
    page.get_by_label("調査ファイル（CSV・XLSX）").set_input_files(str(changed))
    page.get_by_role("button", name="プレビュー（試行）").click()
    page.wait_for_selector("h1:has-text('取込みのプレビュー')")
    assert "043010" in page.locator("table.diff-table").inner_text()
    look(page, "04-preview", found)
    page.get_by_label("取り込むファイル（プレビューしたもの）").set_input_files(str(changed))
    page.get_by_role("button", name="取り込む", exact=True).click()
    page.wait_for_selector("h1:has-text('取込みの結果')")
    look(page, "05-imported", found)

    page.goto(f"{server}/staff/indicators/dx-survey?lang=en")
    assert "r5.csv" in page.locator("table.imports-table").inner_text()
    look(page, "06-set-en", found)
    page.goto(f"{server}/staff/indicators?lang=en")
    look(page, "07-sets-en", found)
    assert found == {name: [] for name in found}

"""Comparison pages and API over the test site (its survey: tests/data/survey/miyagi-dx.csv)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.conftest import Site, answer_cio


def test_national_page_has_map_and_table(site: Site) -> None:
    r = site.client().get("/compare/dx-survey/cio/2023")
    assert r.status_code == 200
    html = r.text
    assert 'role="img"' in html and '<title id="map-svg-title">' in html
    # 47 tiles, one per prefecture; 宮城: 3 of 5 municipalities answered yes → 60.0%
    assert len(re.findall(r'<path d="M\d+ \d+h44v44h-44z"', html)) == 47  # a tile each
    assert re.search(r"<th scope=\"row\"><a [^>]*>宮城県</a></th><td>60.0%</td>", html)
    assert "3 / 5" not in html  # nationally 1,741 municipalities are expected
    assert "5 / 1,741" in html


def test_prefecture_page_has_bars(site: Site) -> None:
    r = site.client().get("/compare/dx-survey/online-rate/2023?prefecture=040002&lang=en")
    assert r.status_code == 200
    assert r.text.count('fill="#2171b5"') == 3  # 仙台, 塩竈, 石巻
    assert "Not reported (32)" in r.text
    assert "75%" in r.text  # 仙台市 30 of 40


def test_api_and_not_found(site: Site) -> None:
    c = site.client()
    data = c.get("/api/compare/dx-survey/cio/2023?org=042021&prefecture=040002").json()
    assert data["distribution"]["rate"] == 0.6
    assert [g["id"] for g in data["focus"][0]["groups"]] == ["prefecture:040002", "kind:city"]
    assert c.get("/api/compare/dx-survey/nothing/2023").status_code == 404
    assert c.get("/compare/dx-survey/cio/2023?prefecture=999999").status_code == 404
    assert c.get("/api/organisations/041009").json()["members"][:1] == ["041017"]
    assert c.get("/api/organisations/041008").status_code == 404


def test_site_menu_links_the_comparison(site: Site) -> None:
    c = site.client()
    home = c.get("/").text
    assert re.search(r'<li><a href="/compare/">団体比較</a></li>', home)
    page = c.get("/compare/dx-survey/cio/2023").text
    assert '<a href="/compare/" aria-current="page">団体比較</a>' in page
    assert '<a href="/compare/">Comparison</a>' in c.get("/?lang=en").text


def test_kept_pages_follow_a_new_import(site: Site) -> None:
    from shinchoku.compare.indicators import bundled_set
    from shinchoku.compare.survey import import_survey
    from shinchoku.orgs import registry

    c = site.client()
    page, api = "/compare/dx-survey/cio/2023?prefecture=040002", "/api/compare/dx-survey/cio/2023"
    assert "60.0%" in c.get(page).text and "60.0%" in c.get(page).text  # built, then kept
    assert c.get(api).json()["distribution"]["yes"] == 3
    staff = site.client("admin")
    assert "ログアウト" in staff.get(page).text  # a visitor's kept page is not a user's
    assert "ログアウト" not in c.get(page).text
    survey = site.tmp_path / "r5.csv"
    survey.write_text("団体コード,年度,指標,値\n042056,R5,cio,○\n", encoding="utf-8")
    import_survey(site.db, survey, bundled_set(), registry())
    assert "80.0%" in c.get(page).text  # 気仙沼市 × → ○: 4 of 5
    assert c.get(api).json()["distribution"]["yes"] == 4


def test_prefecture_page_maps_its_municipalities(site: Site) -> None:
    html = site.client().get("/compare/dx-survey/online-rate/2023?prefecture=040002").text
    start = html.index('<section aria-labelledby="munimap-title">')
    section = html[start : html.index("</section>", start)]
    assert 'role="img" aria-labelledby="munimap-svg-title munimap-svg-desc"' in section
    # 宮城県's 35 municipalities, 仙台市 as one city: 3 reported, 32 hatched as 未回答
    assert section.count("<path d=") == 35
    assert section.count('fill="url(#munimap-missing)"') == 32
    assert "<title>仙台市: 75%</title>" in section
    assert "<title>七ヶ宿町: 未回答</title>" in section
    # the table beside it: one row per municipality, value and class
    row = r'<tr><td>(\d{6})</td><th scope="row">([^<]+)</th><td>([^<]+)</td>'
    rows = re.findall(row, section)
    assert len(rows) == 35 and rows[0] == ("041009", "仙台市", "75%")
    assert "気象庁" in section  # the boundaries' source, as its terms ask
    en = site.client().get("/compare/dx-survey/online-rate/2023?prefecture=040002&lang=en").text
    assert "<title>仙台市: 75%</title>" in en and "Not reported</li>" in en
    national = site.client().get("/compare/dx-survey/online-rate/2023").text
    assert "munimap" not in national


def test_national_ranking_is_shown_a_hundred_rows_a_page(site: Site) -> None:
    # 150 municipalities answer for 2020: the first 60 (by code) yes, the rest no
    towns = answer_cio(site, "R2", 150, 60)
    c = site.client()

    def ranking(html: str) -> list[tuple[str, str]]:
        start = html.index('<section aria-labelledby="table-title">')
        table = html[start : html.index("</table>", start)]
        return re.findall(r'<tr><td>(\d+)</td><td>(\d{6})</td><th scope="row">', table)

    first = c.get("/compare/dx-survey/cio/2020").text
    assert "1〜100行目／150団体" in first
    rows = ranking(first)
    assert len(rows) == 100
    assert rows[0] == ("1", towns[0]) and rows[59] == ("1", towns[59])
    assert rows[60] == ("61", towns[60])  # the noes share rank 61, by code
    assert re.search(r'<nav class="pager" aria-label="順位表のページ">', first)
    assert '<a href="/compare/dx-survey/cio/2020#table-title" aria-current="page">1</a>' in first
    assert '<a href="/compare/dx-survey/cio/2020?page=2#table-title">2</a>' in first

    second = c.get("/compare/dx-survey/cio/2020?page=2&lang=en").text
    assert "rows 101–150 of 150" in second
    assert ranking(second) == [("61", code) for code in towns[100:]]
    # past the last page, or a page of a prefecture (shown whole): not found
    assert c.get("/compare/dx-survey/cio/2020?page=3").status_code == 404
    assert c.get("/compare/dx-survey/cio/2020?prefecture=040002&page=2").status_code == 404
    assert c.get("/compare/dx-survey/cio/2020?page=0").status_code in (400, 422)
    # the API gives every row
    assert len(c.get("/api/compare/dx-survey/cio/2020").json()["organisations"]) == 1741


def test_a_database_of_comparisons_only_links_to_no_plan_pages(tmp_path: Path) -> None:
    """No plan stored: the comparison's menu has no plan's pages (KPI一覧, ダウンロード)
    that would only say there is no plan."""
    from starlette.testclient import TestClient

    from shinchoku.compare.indicators import bundled_set
    from shinchoku.compare.survey import import_survey
    from shinchoku.orgs import registry
    from shinchoku.store import Database
    from shinchoku.web.app import create_app
    from tests.web.conftest import make_settings

    url = f"sqlite:///{tmp_path / 'compare-only.sqlite'}"
    db = Database(url)
    db.migrate()
    survey = tmp_path / "r5.csv"
    survey.write_text("団体コード,年度,指標,値\n042021,R5,cio,○\n", encoding="utf-8")
    import_survey(db, survey, bundled_set(), registry())
    db.dispose()
    with TestClient(create_app(make_settings(url, tmp_path))) as c:
        page = c.get("/compare/dx-survey/cio/2023")
        assert page.status_code == 200
        nav = page.text[page.text.index('<nav class="site-nav"') :]
        nav = nav[: nav.index("</nav>")]
        assert 'href="/compare/"' in nav
        assert 'href="/kpis"' not in nav and 'href="/downloads"' not in nav

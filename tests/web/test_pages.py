"""Public pages: what a citizen sees of the published year, in Japanese and English."""

from __future__ import annotations

import re

from shinchoku.store.history import Workflow
from tests.web.conftest import KPI_X, OPEN_YEAR, PLAN, Site, csrf, edit_form


def text(html: str) -> str:
    """The page's text, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_summary_shows_areas_money_counts_and_last_year(site: Site) -> None:
    r = site.client().get("/")
    assert r.status_code == 200
    page = text(r.text)
    assert "令和5年度（2023年度）" in page
    assert "60件 20.2億円" in page  # D for Citizen
    assert "177件 62.4億円" in page  # the total
    assert "159件 65.8億円" in page  # last year beside (【参考】R4)
    # KPI status counts per area and in total (達成 17, 未達成 10 in the example)
    assert re.search(r"合計 27 36 177件 62.4億円 決算額 159件 65.8億円 予算額 17 10 1 7 1", page)


def test_area_page(site: Site) -> None:
    r = site.client().get("/fy/2023/areas/citizen.html")
    page = text(r.text)
    assert r.status_code == 200
    assert "最適化による県民サービスの向上" in page
    assert "オープンデータみやぎ推進事業" in page
    assert "キャッシュレス決済導入方針決定" in page  # a main initiative
    assert "<svg" in r.text  # headline cards carry their charts


def test_kpi_page_has_chart_table_analysis_and_outlook(site: Site) -> None:
    r = site.client().get(f"/fy/2023/kpis/{KPI_X}.html")
    assert r.status_code == 200
    assert 'class="trend-chart" role="img"' in r.text
    page = text(r.text)
    assert "年度別の目標値と実績値" in page  # the data as a table
    assert "３４５" in page  # the actual as typed
    assert "見通し" in page and "遅れ" in page  # outlook: off track
    assert "庁内向けの基礎・応用研修" in page  # 要因分析


def test_stable_links_go_to_the_latest_year(site: Site) -> None:
    r = site.client().get("/areas/citizen", follow_redirects=False)
    assert r.status_code == 307
    assert r.headers["location"] == "/fy/2023/areas/citizen.html"


def _kpis_found(html: str) -> int:
    found = re.search(r"該当するKPI: <strong>(\d+)</strong>", html)
    assert found
    return int(found.group(1))


def test_kpi_list_filters_without_javascript(site: Site) -> None:
    c = site.client()
    assert _kpis_found(c.get("/kpis").text) == 36
    assert _kpis_found(c.get("/kpis?status=achieved").text) == 17
    assert _kpis_found(c.get("/kpis?area=foundation").text) == 13  # sub-areas included
    assert _kpis_found(c.get("/kpis?division=kyoiku-kikaku").text) == 1
    r = c.get("/kpis?q=オープンデータ&status=not-achieved")
    assert _kpis_found(r.text) == 1
    assert "オープンデータみやぎ公開数" in r.text
    assert _kpis_found(c.get("/kpis?area=local&status=achieved&division=&q=").text) == 4
    assert '<form class="filters" method="get"' in r.text


def test_english(site: Site) -> None:
    c = site.client()
    r = c.get("/?lang=en")
    assert '<html lang="en">' in r.text
    assert "FY2023 (Reiwa 5)" in r.text
    assert "lang=en" in r.headers["set-cookie"]
    # the cookie keeps the choice
    assert '<html lang="en">' in c.get("/kpis").text
    assert '<html lang="ja">' in c.get("/kpis?lang=ja").text


def test_unpublished_year_is_not_public(site: Site) -> None:
    c = site.client()
    assert c.get(f"/fy/{OPEN_YEAR}/").status_code == 404
    assert c.get(f"/api/plans/{PLAN}/kpis?year={OPEN_YEAR}").status_code == 404
    assert c.get(f"/downloads/{OPEN_YEAR}/kpi_values.csv").status_code == 404


def test_drafts_stay_internal_until_published(site: Site) -> None:
    editor = site.client("editor_x")
    r = editor.post(
        f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit",
        data=edit_form("412", "R7.3", token=csrf(editor)),
        follow_redirects=False,
    )
    assert r.status_code == 303
    public = site.client()
    obs = public.get(f"/api/plans/{PLAN}/kpis/{KPI_X}/observations").json()
    assert [o["year"] for o in obs] == [2023]
    staff = site.client()
    token = site.token("viewer")
    obs = staff.get(
        f"/api/plans/{PLAN}/kpis/{KPI_X}/observations",
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert [(o["year"], o["value_text"]) for o in obs] == [(2023, "３４５"), (2024, "412")]
    Workflow(site.db).publish(site.db.load_plan(PLAN), OPEN_YEAR, "admin", (), force=True)
    page = text(public.get(f"/fy/{OPEN_YEAR}/kpis/{KPI_X}.html").text)
    assert "412" in page


def test_security_headers(site: Site) -> None:
    for path in ("/", "/api/plans", "/static/web.css", "/nowhere"):
        r = site.client().get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(site: Site) -> None:
    c = site.client()
    for path in ("/", "/fy/2023/areas/citizen.html", f"/fy/2023/kpis/{KPI_X}.html", "/kpis"):
        html = c.get(path).text
        assert "<script" not in html
        assert " style=" not in html and "<style" not in html


def test_error_shape(site: Site) -> None:
    c = site.client()
    body = c.get(f"/api/plans/{PLAN}/kpis/nope").json()
    assert body == {
        "code": "not-found",
        "message": "no KPI 'nope'",
        "place": {},
        "details": [],
    }
    body = c.get(f"/api/plans/{PLAN}/kpis?year=abc").json()
    assert body["code"] == "invalid-request"
    assert body["place"] == {"field": "query.year"}
    assert body["details"][0]["found"] == "abc"
    assert c.get("/api/nowhere").json()["code"] == "not-found"
    r = c.get("/fy/2023/kpis/nope.html")
    assert r.status_code == 404 and "not-found" in r.text


def test_downloads(site: Site) -> None:
    c = site.client()
    page = c.get("/downloads").text
    assert "/downloads/2023/kpi_values.csv" in page
    assert re.search(r'href="/downloads/2023/[^"/]+\.pdf"', page)
    assert re.search(r'href="/downloads/2023/[^"/]+\.xlsx"', page)
    r = c.get("/downloads/2023/kpi_values.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "open-data-datasets" in r.content.decode("utf-8-sig")
    xlsx = re.search(r'href="/downloads/2023/([^"/]+\.xlsx)"', page)
    assert xlsx
    r = c.get(f"/downloads/2023/{xlsx.group(1)}")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = c.get("/downloads/2023/datapackage.json")
    assert r.json()["resources"][0]["path"].endswith(".csv")


def _page_text(html: str) -> str:
    main = html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", main)


def test_error_pages_speak_the_readers_language(site: Site) -> None:
    c = site.client()
    ja = c.get("/fy/2023/kpis/nope.html")
    assert ja.status_code == 404
    text = _page_text(ja.text)
    assert "ページが見つかりません" in text and "見つかりませんでした" in text
    # no English words but the code itself, the address asked for (quoted) and 「KPI」
    # (the Japanese pages' own word, 「KPI一覧」)
    text = re.sub(r"「[^」]*」", " ", text.replace("not-found", ""))
    assert set(re.findall(r"[A-Za-z]{2,}", text)) <= {"HTTP", "KPI"}
    assert 'href="/kpis"' in ja.text  # where to go next
    en = c.get("/fy/2023/kpis/nope.html?lang=en")
    assert "Page not found" in en.text and "ページが見つかりません" not in en.text
    editor = site.client("editor_y")
    forbidden = editor.get(f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit")
    assert forbidden.status_code == 403
    assert "この操作は許可されていません" in _page_text(forbidden.text)
    assert "権限がありません" in _page_text(forbidden.text)
    forbidden_en = editor.get(f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit?lang=en")
    assert "Not allowed" in forbidden_en.text
    # The API keeps its one shape, in English.
    assert c.get(f"/api/plans/{PLAN}/kpis/nope").json()["message"] == "no KPI 'nope'"


def test_api_findings_carry_both_languages(site: Site) -> None:
    findings = site.client().get(f"/api/plans/{PLAN}/findings?year=2023").json()
    f = next(x for x in findings if x["code"] == "declared-status-mismatch")
    assert f["place"]["measure"] == "paperless-document-system"  # ids stay the keys
    assert f["title_ja"] == "記載の評価（達成状況）と数値の不一致"
    assert "「一部達成」と記載" in f["message_ja"] and '"Partly achieved"' in f["message"]
    assert f["params"]["found"] == "一部達成"

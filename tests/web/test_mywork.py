"""A division's side of the staff area: my work for the year, the guided edit form with its
確認 round trip, submit through a confirmation page, withdraw, resubmit."""

from __future__ import annotations

import re

from shinchoku.store.edits import observation_state
from shinchoku.workflow import UnitState
from tests.web.conftest import (
    KPI_X,
    KPI_Y,
    MEASURE_X,
    OPEN_YEAR,
    PLAN,
    UNIT_X,
    UNIT_Y,
    Site,
    csrf,
    edit_form,
)


def _state(site: Site, unit: str) -> UnitState:
    from shinchoku.store.history import Workflow

    return Workflow(site.db).status(PLAN, OPEN_YEAR).unit_state(unit)


def test_an_editor_lands_on_my_work_with_own_items_only(site: Site) -> None:
    c = site.client("editor_x", login=True)
    r = c.get("/staff/")
    assert r.status_code == 200 and str(r.url).endswith("/staff/my")
    html = r.text
    assert "今年度の担当業務" in html and "デジタルみやぎ推進課" in html
    assert f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit" in html  # one click to the form
    assert f"/kpis/{KPI_Y}/edit" not in html and "教育企画室" not in html
    assert "未入力" in html  # the open year has no actual yet
    assert f"/staff/my/{OPEN_YEAR}/units/{UNIT_X}/submit" in html


def test_admins_see_every_division(site: Site) -> None:
    html = site.client("admin").get("/staff/my").text
    assert "デジタルみやぎ推進課" in html and "教育企画室" in html
    assert site.client("admin").get("/staff/").text.count("今年度の担当業務") == 1  # nav only


def test_findings_on_my_work_are_the_audits(site: Site) -> None:
    c = site.client("admin")
    html = c.get("/staff/my").text
    refs = set(re.findall(r"findings\.html#([\w-]+)\">(F-\d{3})", html))
    findings = c.get(f"/staff/fy/{OPEN_YEAR}/findings.html").text
    assert refs, "the open year of the example has findings"
    for anchor, ref in refs:
        assert f'id="{anchor}"' in findings and ref in findings


def test_status_is_a_choice_from_the_plans_scheme(site: Site) -> None:
    c = site.client("editor_x")
    html = c.get(f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit").text
    select = re.search(rf'<select id="status-{MEASURE_X}".*?</select>', html, re.S)
    assert select, "the declared status is a <select>"
    options = re.findall(r"<option [^>]*>([^<]+)</option>", select.group(0))
    assert options[0] == "（未選択）" and {"達成", "未達成"} <= set(options)
    en = c.get(f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit?lang=en").text
    select = re.search(rf'<select id="status-{MEASURE_X}".*?</select>', en, re.S)
    assert select and "Achieved" in select.group(0)


def test_check_shows_the_save_errors_without_saving(site: Site) -> None:
    c = site.client("editor_x")
    path = f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit"
    form = edit_form("４１５件くらい", "R7.3", token=csrf(c, path))
    checked = c.post(path, data={**form, "check": "1"})
    saved = c.post(path, data=form)
    assert checked.status_code == saved.status_code == 422
    error = re.compile(r'<p class="field-error".*?</p>', re.S)
    assert error.findall(checked.text) == error.findall(saved.text) != []
    assert "４１５件くらい" in checked.text
    ok = c.post(path, data={**edit_form("415", "R7.3", token=form["csrf_token"]), "check": "1"})
    assert ok.status_code == 200 and "読み取れない入力はありません" in ok.text
    assert observation_state(site.db, PLAN, KPI_X, OPEN_YEAR).revision == 0  # nothing saved


def test_submit_confirm_withdraw_resubmit(site: Site) -> None:
    c = site.client("editor_x")
    confirm = c.get(f"/staff/my/{OPEN_YEAR}/units/{UNIT_X}/submit")
    assert confirm.status_code == 200
    assert "提出の確認" in confirm.text and "未入力" in confirm.text  # what is still open
    token = csrf(c, "/staff/my")
    r = c.post(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/submit",
        data={"csrf_token": token, "back": "my"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/staff/my"
    assert _state(site, UNIT_X) is UnitState.SUBMITTED
    html = c.get("/staff/my").text
    assert "提出を取り下げる" in html and f"/kpis/{KPI_X}/edit" not in html  # locked
    # a submitted unit has nothing to confirm
    assert c.get(f"/staff/my/{OPEN_YEAR}/units/{UNIT_X}/submit").status_code == 409
    r = c.post(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/withdraw",
        data={"csrf_token": token, "back": "my"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and _state(site, UNIT_X) is UnitState.DRAFT
    assert f"/kpis/{KPI_X}/edit" in c.get("/staff/my").text  # editable again
    c.post(f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/submit", data={"csrf_token": token})
    assert _state(site, UNIT_X) is UnitState.SUBMITTED
    events = c.get("/staff/years").text
    assert "提出取下げ" in events


def test_withdraw_is_refused_to_others_and_after_review(site: Site) -> None:
    editor = site.client("editor_x")
    token = csrf(editor, "/staff/my")
    editor.post(f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/submit", data={"csrf_token": token})
    other = site.client("editor_y")
    r = other.post(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/withdraw",
        data={"csrf_token": csrf(other, "/staff/my")},
    )
    assert r.status_code == 403 and _state(site, UNIT_X) is UnitState.SUBMITTED
    assert other.get(f"/staff/my/{OPEN_YEAR}/units/{UNIT_X}/submit").status_code == 403
    admin = site.client("admin")
    admin.post(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/review",
        data={"csrf_token": csrf(admin)},
    )
    r = editor.post(f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/withdraw", data={"csrf_token": token})
    assert r.status_code == 409 and _state(site, UNIT_X) is UnitState.REVIEWED
    assert "確認済み" in editor.get("/staff/my").text
    assert UNIT_Y not in editor.get("/staff/my").text


def test_error_pages_say_where_to_go_next(site: Site) -> None:
    public = site.client()
    missing = public.get("/fy/2023/kpis/nope.html")
    assert missing.status_code == 404
    assert "次にできること" in missing.text and 'href="/kpis"' in missing.text
    assert "/staff/" not in missing.text.split("error-next")[1]  # no staff links for the public
    en = public.get("/fy/2023/kpis/nope.html?lang=en")
    assert "What you can do next" in en.text and "次にできること" not in en.text
    other = site.client("editor_y")
    refused = other.get(f"/staff/my/{OPEN_YEAR}/units/{UNIT_X}/submit")
    assert refused.status_code == 403
    assert "政策担当課（管理者）に連絡" in refused.text and 'href="/staff/my"' in refused.text
    editor = site.client("editor_x")
    editor.post(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/submit",
        data={"csrf_token": csrf(editor, "/staff/my")},
    )
    state = editor.get(f"/staff/my/{OPEN_YEAR}/units/{UNIT_X}/submit")
    assert state.status_code == 409
    assert "ページを開き直して" in state.text and 'href="/staff/years"' in state.text


def test_a_field_error_says_why_in_the_readers_language(site: Site) -> None:
    c = site.client("editor_x")
    path = f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit"
    form = edit_form("小 88% 91%", "R7.3", token=csrf(c, path))
    error = re.compile(r'<p class="field-error".*?</p>', re.S)
    ja = " ".join(error.findall(c.post(path, data={**form, "check": "1"}).text))
    assert "「91%」に区分名がありません" in ja
    en = " ".join(error.findall(c.post(f"{path}?lang=en", data={**form, "check": "1"}).text))
    assert "the value &#39;91%&#39; has no label" in en

"""Editing figures: parsing, history, unit boundaries, conflicts, free text, the workflow."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from shinchoku.store.edits import measure_year_state, observation_state
from shinchoku.store.history import Workflow
from tests.web.conftest import (
    KPI_X,
    KPI_Y,
    MEASURE_X,
    MEASURE_Y,
    OPEN_YEAR,
    PLAN,
    UNIT_X,
    Site,
    csrf,
    edit_form,
)

EDIT_X = f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}/edit"
EDIT_Y = f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_Y}/edit"
SCRIPT = "<script>alert(1)</script>"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_editor_updates_actual_and_analysis_and_sees_history(site: Site) -> None:
    c = site.client("editor_x", login=True)
    r = c.post(
        EDIT_X,
        data=edit_form(
            "４２０",
            "R7.3",
            token=csrf(c),
            measures={MEASURE_X: (0, "【達成】", "研修の効果が出た。")},
        ),
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = c.get(r.headers["location"])
    assert "保存しました" in page.text
    history = text(re.search(r'<section class="history".*?</section>', page.text, re.S).group(0))
    assert "editor_x" in history
    assert "実績値 — ４２０" in history  # before none, after as typed
    assert "時点 — R7.3" in history
    assert "要因分析 open-data-miyagi — 研修の効果が出た。" in history
    obs = observation_state(site.db, PLAN, KPI_X, OPEN_YEAR)
    assert (obs.revision, obs.fields["value"], obs.by) == (1, "４２０", "editor_x")
    # saving the same again changes nothing and logs nothing
    again = edit_form(
        "４２０",
        "R7.3",
        token=csrf(c),
        obs_revision=1,
        measures={MEASURE_X: (1, "【達成】", "研修の効果が出た。")},
    )
    r = c.post(EDIT_X, data=again, follow_redirects=False)
    assert r.headers["location"].endswith("note=unchanged")
    assert len(site.db.engine.connect().exec_driver_sql("SELECT * FROM change_log").all()) == 4


def test_unreadable_values_are_shown_with_the_text_and_nothing_is_saved(site: Site) -> None:
    c = site.client("editor_x")
    r = c.post(
        EDIT_X,
        data=edit_form(
            "約5万x件",
            "R7.13",
            token=csrf(c),
            measures={MEASURE_X: (0, "たぶん達成", "書いた")},
        ),
    )
    assert r.status_code == 422
    errors = re.findall(r'<p class="field-error" id="err-([^"]+)">(.*?)</p>', r.text, re.S)
    fields = {k: text(v) for k, v in errors}
    assert set(fields) == {
        f"{KPI_X}-value",
        f"{KPI_X}-as_of",
        f"{MEASURE_X}-declared_status",
    }
    assert "「 約5万x件 」" in fields[f"{KPI_X}-value"]
    assert "受け付ける書き方" in fields[f"{KPI_X}-as_of"] and "R2.12" in fields[f"{KPI_X}-as_of"]
    assert "「 R7.13 」" in fields[f"{KPI_X}-as_of"]
    assert 'value="約5万x件"' in r.text  # what was typed stays in the field
    assert observation_state(site.db, PLAN, KPI_X, OPEN_YEAR).revision == 0
    assert measure_year_state(site.db, PLAN, MEASURE_X, OPEN_YEAR).revision == 0


@pytest.mark.parametrize("role", ["editor_y", "viewer"])
def test_an_editor_never_changes_another_units_figure(site: Site, role: str) -> None:
    c = site.client(role)
    token = csrf(c)
    assert c.get(EDIT_X).status_code == 403
    r = c.post(
        EDIT_X,
        data=edit_form("999", token=token, measures={MEASURE_X: (0, "達成", "x")}),
        follow_redirects=False,
    )
    assert r.status_code == 403
    api = site.token(role)
    h = {"Authorization": f"Bearer {api}"}
    assert (
        c.put(
            f"/api/plans/{PLAN}/kpis/{KPI_X}/observations/{OPEN_YEAR}",
            json={"value": "999", "revision": 0},
            headers=h,
        ).status_code
        == 403
    )
    assert (
        c.put(
            f"/api/plans/{PLAN}/measures/{MEASURE_X}/years/{OPEN_YEAR}",
            json={"analysis": "x", "revision": 0},
            headers=h,
        ).status_code
        == 403
    )
    assert observation_state(site.db, PLAN, KPI_X, OPEN_YEAR).revision == 0
    assert measure_year_state(site.db, PLAN, MEASURE_X, OPEN_YEAR).revision == 0


def test_fields_of_other_units_measures_are_ignored(site: Site) -> None:
    """editor_y's own KPI form cannot carry a measure of unit X."""
    c = site.client("editor_y")
    data = edit_form("73.0", token=csrf(c), measures={MEASURE_Y: (0, "達成", "ok")})
    data.update({f"rev__{MEASURE_X}": "0", f"analysis__{MEASURE_X}": "sneaked in"})
    assert c.post(EDIT_Y, data=data, follow_redirects=False).status_code == 303
    assert measure_year_state(site.db, PLAN, MEASURE_X, OPEN_YEAR).revision == 0
    assert measure_year_state(site.db, PLAN, MEASURE_Y, OPEN_YEAR).fields["analysis"] == "ok"


def test_second_save_gets_a_conflict_with_both_values(site: Site) -> None:
    first, second = site.client("editor_x"), site.client("admin")
    # both open the same KPI
    t1, t2 = csrf(first, EDIT_X), csrf(second, EDIT_X)
    r1 = first.post(
        EDIT_X,
        data=edit_form("410", token=t1, measures={MEASURE_X: (0, "", "first analysis")}),
        follow_redirects=False,
    )
    assert r1.status_code == 303
    r2 = second.post(
        EDIT_X,
        data=edit_form("430", token=t2, measures={MEASURE_X: (0, "", "second analysis")}),
    )
    assert r2.status_code == 409
    table = text(re.search(r'<table class="conflict-table">.*?</table>', r2.text, re.S).group(0))
    assert "実績値 430 410 editor_x" in table
    assert "first analysis" in table and "second analysis" in table
    # the first save survives; the second person's values are still in their form
    assert observation_state(site.db, PLAN, KPI_X, OPEN_YEAR).fields["value"] == "410"
    assert 'value="430"' in r2.text
    assert 'name="obs_revision" value="1"' in r2.text  # ready to save over, knowingly
    r3 = second.post(
        EDIT_X,
        data=edit_form("430", token=t2, obs_revision=1, measures={MEASURE_X: (1, "", "merged")}),
        follow_redirects=False,
    )
    assert r3.status_code == 303
    assert observation_state(site.db, PLAN, KPI_X, OPEN_YEAR).fields["value"] == "430"


def test_api_conflict_and_parse_errors(site: Site) -> None:
    c = site.client()
    h = {"Authorization": f"Bearer {site.token('editor_x')}"}
    url = f"/api/plans/{PLAN}/kpis/{KPI_X}/observations/{OPEN_YEAR}"
    r = c.put(url, json={"value": "400", "as_of": "R7.3", "revision": 0}, headers=h)
    assert r.status_code == 200
    assert r.json() == {
        "changes": [
            {"field": "value", "before": None, "after": "400"},
            {"field": "as_of", "before": None, "after": "R7.3"},
        ],
        "revision": 1,
    }
    r = c.put(url, json={"value": "401", "revision": 0}, headers=h)
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "edit-conflict"
    assert body["details"][0]["yours"] == "401" and body["details"][0]["theirs"] == "400"
    r = c.put(url, json={"value": "よんひゃく", "revision": 1}, headers=h)
    assert r.status_code == 422
    assert r.json()["details"][0]["found"] == "よんひゃく"
    assert "88.1%(R3)" in r.json()["details"][0]["expected"]  # what would have been read
    r = c.put(url, json={"value": "小 88% 91%", "revision": 1}, headers=h)
    detail = r.json()["details"][0]
    assert "the value '91%' has no label" in detail["message"]  # why, in both languages
    assert "「91%」に区分名がありません" in detail["message_ja"]


def test_free_text_is_shown_as_text_everywhere(site: Site) -> None:
    editor = site.client("editor_x")
    r = editor.post(
        EDIT_X,
        data=edit_form(SCRIPT, token=csrf(editor), measures={MEASURE_X: (0, "", SCRIPT)}),
    )
    assert r.status_code == 422  # not a number: shown back, escaped
    r = editor.post(
        EDIT_X,
        data=edit_form("400", token=csrf(editor), measures={MEASURE_X: (0, "", SCRIPT)}),
        follow_redirects=False,
    )
    assert r.status_code == 303
    pages = [
        f"/staff/fy/{OPEN_YEAR}/kpis/{KPI_X}.html",
        EDIT_X,
        f"/staff/fy/{OPEN_YEAR}/areas/citizen.html",
        f"/staff/kpis?year={OPEN_YEAR}&q={SCRIPT}",
    ]
    for path in pages:
        html = editor.get(path).text
        assert SCRIPT not in html, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in editor.get(pages[0]).text
    Workflow(site.db).publish(site.db.load_plan(PLAN), OPEN_YEAR, "admin", (), force=True)
    public = site.client()
    for path in (
        f"/fy/{OPEN_YEAR}/kpis/{KPI_X}.html",
        f"/fy/{OPEN_YEAR}/areas/citizen.html",
        f"/fy/{OPEN_YEAR}/",
        f"/kpis?q={SCRIPT}",
        f"/fy/{OPEN_YEAR}/findings.html",
    ):
        html = public.get(path).text
        assert SCRIPT not in html, path
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;"
        in public.get(f"/fy/{OPEN_YEAR}/areas/citizen.html").text
    )
    api = public.get(f"/api/plans/{PLAN}/measures/{MEASURE_X}?year={OPEN_YEAR}")
    assert api.headers["content-type"] == "application/json"
    assert api.json()["analysis"] == SCRIPT  # data stays data


def test_year_workflow(site: Site) -> None:
    admin, editor = site.client("admin"), site.client("editor_x")
    # the editor submits their unit; after that they cannot edit until sent back
    r = editor.post(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/submit",
        data={"csrf_token": csrf(editor)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert editor.get(EDIT_X).status_code == 403
    # publishing waits for every division to be reviewed
    r = admin.post(f"/staff/years/{OPEN_YEAR}/publish", data={"csrf_token": csrf(admin)})
    assert r.status_code == 409 and "units-not-reviewed" in r.text
    r = admin.post(
        f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/review",
        data={"csrf_token": csrf(admin)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = admin.post(
        f"/staff/years/{OPEN_YEAR}/publish",
        data={"csrf_token": csrf(admin), "force": "yes"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    st = Workflow(site.db).status(PLAN, OPEN_YEAR)
    assert st.is_published
    # published means locked, for admins too
    assert admin.get(EDIT_X).status_code == 409
    r = admin.put(
        f"/api/plans/{PLAN}/kpis/{KPI_X}/observations/{OPEN_YEAR}",
        json={"value": "1", "revision": 0},
        headers={"Authorization": f"Bearer {site.token('admin')}"},
    )
    assert r.status_code == 409 and r.json()["code"] == "year-not-open"
    # reopening needs a reason and is recorded
    r = admin.post(
        f"/staff/years/{OPEN_YEAR}/reopen",
        data={"csrf_token": csrf(admin), "reason": ""},
    )
    assert r.status_code == 422 and "reason-required" in r.text
    r = admin.post(
        f"/staff/years/{OPEN_YEAR}/reopen",
        data={"csrf_token": csrf(admin), "reason": "R6 の数値に誤り"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    events = [(e.action, e.user, e.note) for e in Workflow(site.db).events(PLAN, OPEN_YEAR)]
    assert events[-1] == ("reopen", "admin", "R6 の数値に誤り")
    assert [e[0] for e in events] == ["open", "submit", "review", "publish", "reopen"]
    assert "R6 の数値に誤り" in admin.get("/staff/years").text
    # reopened: the public still sees what was published
    assert site.client().get(f"/fy/{OPEN_YEAR}/").status_code == 200
    assert editor.get(EDIT_X).status_code == 200


def test_api_and_form_read_figures_as_printed(site: Site) -> None:
    c = site.client()
    h = {"Authorization": f"Bearer {site.token('editor_x')}"}
    url = f"/api/plans/{PLAN}/kpis/{KPI_X}/observations/{OPEN_YEAR}"
    r = c.put(url, json={"value": "1,023 データセット（R7.3末）", "revision": 0}, headers=h)
    assert r.status_code == 200, r.text
    obs = site.db.load_plan(PLAN).kpi(KPI_X).observations[OPEN_YEAR]
    assert (obs.value.value, obs.value.unit) == (1023, "データセット")
    assert obs.as_of is not None and (obs.as_of.fiscal_year, obs.as_of.month) == (2024, 3)
    form = site.client("editor_x", login=True)
    r = form.post(
        EDIT_X,
        data=edit_form("1,000→1,100 データセット", "", token=csrf(form), obs_revision=1),
        follow_redirects=False,
    )
    assert r.status_code == 303
    value = site.db.load_plan(PLAN).kpi(KPI_X).observations[OPEN_YEAR].value
    assert value.value == 1100 and value.start is not None and value.start.value == 1000


@pytest.mark.parametrize(
    ("printed", "parts"),
    [
        ("小 88% 中 91%", [("小", 88), ("中", 91)]),
        ("88%(男) 70.1%(女)(令和6年度)", [("男", Decimal(88)), ("女", Decimal("70.1"))]),
    ],
)
def test_api_and_form_read_labelled_values(
    site: Site, printed: str, parts: list[tuple[str, Decimal]]
) -> None:
    """Several labelled values in one cell (label before or after the value) are the
    figure's parts through the API and through the staff form alike."""
    c = site.client()
    h = {"Authorization": f"Bearer {site.token('editor_y')}"}
    url = f"/api/plans/{PLAN}/kpis/{KPI_Y}/observations/{OPEN_YEAR}"
    r = c.put(url, json={"value": printed, "revision": 0}, headers=h)
    assert r.status_code == 200, r.text
    value = site.db.load_plan(PLAN).kpi(KPI_Y).observations[OPEN_YEAR].value
    assert [(p.label, p.value) for p in value.parts] == parts
    form = site.client("editor_y", login=True)
    again = "中 91% 小 87%" if printed.startswith("小") else printed.replace("88", "87")
    r = form.post(
        EDIT_Y,
        data=edit_form(again, "", token=csrf(form), obs_revision=1),
        follow_redirects=False,
    )
    assert r.status_code == 303, text(r.text)
    value = site.db.load_plan(PLAN).kpi(KPI_Y).observations[OPEN_YEAR].value
    assert {p.label: p.value for p in value.parts} == {
        label: (Decimal(87) if v == 88 else v) for label, v in parts
    }


def test_api_and_form_load_an_as_of_clash_and_check_reports_it(site: Site) -> None:
    """「72.0%(令和5年度)」 with the 時点 R6.3 beside it: the figure loads through either
    channel, and the clash is the audit's finding (as-of-mismatch), not a refusal."""
    from shinchoku.audit import audit

    h = {"Authorization": f"Bearer {site.token('editor_y')}"}
    url = f"/api/plans/{PLAN}/kpis/{KPI_Y}/observations/{OPEN_YEAR}"
    body = {"value": "72.0%(令和5年度)", "as_of": "R6.3", "revision": 0}
    assert site.client().put(url, json=body, headers=h).status_code == 200
    form = site.client("editor_y", login=True)
    r = form.post(
        EDIT_Y,
        data=edit_form("73.0%(令和5年度)", "R6.3", token=csrf(form), obs_revision=1),
        follow_redirects=False,
    )
    assert r.status_code == 303, text(r.text)
    plan = site.db.load_plan(PLAN)
    obs = plan.kpi(KPI_Y).observations[OPEN_YEAR]
    assert obs.value.value == Decimal(73) and obs.as_of is not None
    assert obs.value.as_of is not None and obs.value.as_of.fiscal_year == 2023
    found = [(p.code, p.found, p.expected) for p in audit(plan, OPEN_YEAR)]
    assert ("as-of-mismatch", "令和5年度", "R6.3") in found

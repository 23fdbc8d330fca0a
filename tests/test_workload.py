"""What each division still owes for a year: its empty figures and its own findings."""

from __future__ import annotations

from shinchoku.audit import audit
from shinchoku.dataset import load_example
from shinchoku.japanese.periods import format_fiscal_year
from shinchoku.mail import reminder_letters
from shinchoku.workflow import submitting_units
from shinchoku.workload import unit_work

UNIT = "kikaku-digital"  # デジタルみやぎ推進課
KPI = "open-data-datasets"


def test_a_published_year_owes_nothing_and_an_open_one_its_figures() -> None:
    plan = load_example()
    assert list(unit_work(plan, 2023)) == submitting_units(plan)
    done = unit_work(plan, 2023, audit(plan, 2023))[UNIT]
    assert done.empty == [] and KPI in done.kpis
    todo = unit_work(plan, 2024, audit(plan, 2024))[UNIT]
    empty = {(e.kind, e.id) for e in todo.empty}
    assert ("observation", KPI) in empty
    assert {e.id for e in todo.empty if e.kind == "status"} == set(todo.measures)
    assert len(empty) == len(todo.empty)  # a KPI shown by two measures counts once


def test_findings_go_to_the_divisions_that_own_them() -> None:
    plan = load_example()
    report = audit(plan, 2024)
    work = unit_work(plan, 2024, report)
    for unit_id, w in work.items():
        for p in w.findings:
            assert p.place.measure in w.measures or p.place.kpi in w.kpis, (unit_id, p)
            assert p.severity.value != "info"
    owned = {id(p) for w in work.values() for p in w.findings}
    measures = {m for w in work.values() for m in w.measures}
    kpis = {k for w in work.values() for k in w.kpis}
    for p in report.problems:
        if p.severity.value == "info":
            continue
        if p.place.measure in measures or (p.place.measure is None and p.place.kpi in kpis):
            assert id(p) in owned, p
    assert owned  # the open year has findings, and they are someone's


def test_the_reminder_names_the_division_deadline_and_link() -> None:
    plan = load_example()
    work = unit_work(plan, 2024, audit(plan, 2024))
    [letter] = reminder_letters(
        plan,
        2024,
        [UNIT],
        {UNIT: ["x@pref.example.jp"]},
        work,
        "令和7年6月30日（月）",
        "https://example.jp/",
    )
    division = plan.org_unit(UNIT).label
    assert letter.to == "x@pref.example.jp"
    assert division in letter.subject and format_fiscal_year(2024, "both") in letter.subject
    assert letter.body.startswith(f"{division}　ご担当者様")
    assert "提出期限は令和7年6月30日（月）です。" in letter.body
    assert f"未入力 {len(work[UNIT].empty)}件" in letter.body
    assert "https://example.jp/staff/my" in letter.body
    # no deadline set: no deadline sentence; no address: no letter
    [bare] = reminder_letters(plan, 2024, [UNIT], {UNIT: ["x@e.jp"]}, work, None, "https://e.jp")
    assert "提出期限" not in bare.body
    assert reminder_letters(plan, 2024, [UNIT], {}, work, None, "https://e.jp") == []

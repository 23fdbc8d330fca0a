"""群馬県 第4次情報化推進計画: the printed 指標の評価 reproduced from the figures.

The scheme judges each indicator against its value at 策定時: 達成A (target met),
前進B (advanced), 横ばいC (no notable change), 後退D (regressed), written out in
plan.yaml as the source states it. The source does not say what a notable change is.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.audit import audit
from shinchoku.dataset import read_dataset
from shinchoku.method.evaluate import evaluate_kpi
from shinchoku.model import Figure, Plan, Settings

from .conftest import dataset


@pytest.fixture
def plan() -> Plan:
    return read_dataset(dataset("gunma-joho"))


def _printed(plan: Plan, year: int) -> dict[str, str]:
    return {
        k.id: o.declared_status
        for k in plan.kpis
        if (o := k.observations.get(year)) is not None and o.declared_status is not None
    }


def _with_tolerance(plan: Plan, tolerance: str) -> Plan:
    data = plan.settings.model_dump(mode="json")
    data["grading"]["tolerance"] = tolerance
    return plan.model_copy(update={"settings": Settings.model_validate(data)})


def _grade(plan: Plan, kpi_id: str, year: int) -> str | None:
    grade = evaluate_kpi(plan, plan.kpi(kpi_id), year).grade
    return grade.label if grade is not None else None


# The rows with one value per cell; the school-type row is graded per part (see below).
SINGLE = ("pupils-basic-operation", "students-active-use")


def test_printed_grades_of_the_final_year_are_reproduced(plan: Plan) -> None:
    printed = _printed(plan, 2019)
    assert printed == {
        **{k: "横ばいC" for k in (*SINGLE, "net-manners")},
        "wifi-prefectural-facilities": "前進B",
    }
    assert {k: _grade(plan, k, 2019) for k in SINGLE} == {k: printed[k] for k in SINGLE}
    assert {evaluate_kpi(plan, plan.kpi(k), 2019).status.value for k in SINGLE} == {"not-achieved"}


def test_the_unstated_threshold_is_a_finding(plan: Plan) -> None:
    """With no tolerance, 95.0% → 92.9% is 後退 and 82.5% → 85.0% is 前進: the printed
    横ばいC for both needs a threshold the source never states (5% of 策定時 reproduces
    every printed grade; 2% does not)."""
    strict = _with_tolerance(plan, "0")
    grades = {k: _grade(strict, k, 2019) for k in SINGLE}
    assert grades == {"pupils-basic-operation": "後退D", "students-active-use": "前進B"}
    narrow = _with_tolerance(plan, "0.02")
    assert _grade(narrow, "students-active-use", 2019) == "前進B"


def test_the_table_audits_clean(plan: Plan) -> None:
    assert [p.code for p in audit(plan, 2019)] == []
    assert [p.code for p in audit(plan, 2017)] == []


def test_printed_grades_of_an_earlier_year_are_reproduced(plan: Plan) -> None:
    """H29 has no target of its own: the printed 横ばいC is the change from 策定時
    (95.0% → 92.9%, 82.5% → 83.3%, both within 5 %), not 達成 against the final 100%."""
    assert 2017 not in plan.kpi("pupils-basic-operation").targets
    printed = _printed(plan, 2017)
    assert {k: printed[k] for k in SINGLE} == {k: "横ばいC" for k in SINGLE}
    assert {k: _grade(plan, k, 2017) for k in SINGLE} == {k: printed[k] for k in SINGLE}
    results = [evaluate_kpi(plan, plan.kpi(k), 2017) for k in SINGLE]
    assert {r.status.value for r in results} == {"not-achieved"}
    assert all(r.target is None and r.rate is None for r in results)


def test_a_year_with_no_target_is_achieved_against_the_final_target(plan: Plan) -> None:
    """A figure that meets the final target in an earlier year grades 達成A."""
    kpi = plan.kpi("students-active-use")
    obs = kpi.observations[2017]
    kpi.observations[2017] = obs.model_copy(update={"value": Figure.of("100%")})
    result = evaluate_kpi(plan, kpi, 2017)
    assert (result.status.value, result.grade and result.grade.label) == ("achieved", "達成A")


def test_a_wrong_printed_grade_is_a_finding(plan: Plan) -> None:
    kpi = plan.kpi("pupils-basic-operation")
    obs = kpi.observations[2019].model_copy(update={"declared_status": "前進B"})
    kpi.observations[2019] = obs
    found = {(p.code, p.place.kpi) for p in audit(plan, 2019)}
    assert found == {("declared-status-mismatch", "pupils-basic-operation")}


def test_school_type_row_loads_as_printed(plan: Plan) -> None:
    """「97.0%(小) 98.2%(中)」: one value per school type, no total."""
    kpi = plan.kpi("net-manners")
    assert kpi.baseline.value is not None and kpi.baseline.value.value is None
    parts = {p.label: p.value for p in kpi.observations[2019].value.parts}
    assert parts == {"小": Decimal("93.9"), "中": Decimal("96.4")}
    assert kpi.final_target is not None and kpi.final_target.text == "100%(小) 100%(中)"


def test_school_type_row_grades_as_printed(plan: Plan) -> None:
    """Each part is judged against its own 策定時 value; the row takes its worst part's
    grade: 小 97.0% → 93.9% and 中 98.2% → 96.4% are both within 5 %, so 横ばいC."""
    assert _grade(plan, "net-manners", 2019) == "横ばいC"


def test_wifi_row_reads_the_period_printed_before_each_value(plan: Plan) -> None:
    kpi = plan.kpi("wifi-prefectural-facilities")
    assert kpi.baseline.value is not None and kpi.baseline.value.value == Decimal("20.7")
    assert kpi.baseline.value.as_of is not None and kpi.baseline.value.as_of.fiscal_year == 2016
    target = kpi.final_target.figure if kpi.final_target is not None else None
    assert target is not None and target.value == Decimal("70.0")
    assert target.as_of is not None and target.as_of.fiscal_year == 2019
    latest = kpi.observations[2019].value
    assert latest is not None and latest.value == Decimal("32.8")
    assert _grade(plan, "wifi-prefectural-facilities", 2019) == "前進B"

"""浦河町 地方創生総合戦略: baselines and targets as printed (no actual is printed).

Three findings about the source itself, asserted as found (never corrected): a unit that
changes between baseline and target, one indicator printed twice with different
baselines, and a misprinted target.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from shinchoku.audit import audit
from shinchoku.dataset import read_dataset
from shinchoku.method.summary import summarise
from shinchoku.model import Figure, Plan
from shinchoku.problems import ShinchokuError

from .conftest import dataset, with_pending

MISPRINT = "4億3,0000万円"  # いちご生産額's target: a four-digit group after the comma


@pytest.fixture
def plan() -> Plan:
    return read_dataset(dataset("urakawa-sousei"))


def test_unit_changes_between_baseline_and_target(plan: Plan) -> None:
    [problem] = [p for p in audit(plan, 2019) if p.code == "unit-mismatch"]
    assert (problem.place.kpi, problem.place.field) == ("new-farmers-1", "baseline")
    assert (problem.found, problem.expected) == ("人/年", "組/年")


def test_one_indicator_printed_twice_with_different_baselines(plan: Plan) -> None:
    """新規就農者数 is printed under (1)① as 1.4人/年 and under (4)① as 1.4組/年."""
    first, second = plan.kpi("new-farmers-1"), plan.kpi("new-farmers-4")
    assert first.name == second.name == "新規就農者数"
    assert first.baseline.value is not None and second.baseline.value is not None
    assert (first.baseline.value.text, second.baseline.value.text) == ("1.4人/年", "1.4組/年")
    assert first.baseline.value.value == second.baseline.value.value


def test_indicator_shown_under_two_measures_is_one_kpi(plan: Plan) -> None:
    """商品開発数 is printed identically under (1)③ and (3)②: one KPI, shown twice."""
    places = [(a.id, m.id) for a, m in plan.kpi_places("products-developed")]
    assert places == [
        ("primary-industry", "primary-industry-kpis"),
        ("local-products", "local-products-kpis"),
    ]


def test_the_misprinted_target_is_refused_naming_the_text(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="two numbers side by side"):
        Figure.of(MISPRINT)
    folder = with_pending("urakawa-sousei", {"cells": []}, tmp_path)
    kpis = yaml.safe_load((folder / "kpis.yaml").read_text(encoding="utf-8"))
    kpis[0]["final_target"] = MISPRINT
    (folder / "kpis.yaml").write_text(yaml.safe_dump(kpis, allow_unicode=True), "utf-8")
    with pytest.raises(ShinchokuError) as exc:
        read_dataset(folder)
    [problem] = exc.value.problems
    assert problem.found == MISPRINT and "kpis.yaml" in problem.describe()


def test_summary_without_actuals(plan: Plan) -> None:
    s = summarise(plan, 2019)
    counts = {status: n for status, n in s.kpi_status.items() if n}
    assert counts == {"pending": 17, "no-target": 1}  # いちご生産額: its target is the misprint
    assert len(s.kpis) == 18


def test_none_with_its_unit_keeps_the_unit() -> None:
    """「― 件/年」: no baseline value, the unit kept as printed."""
    kpi = read_dataset(dataset("urakawa-sousei")).kpi("local-quality-certified")
    base = kpi.baseline.value
    assert base is not None and base.is_none and base.unit == "件/年"
    assert base.text == "― 件/年"

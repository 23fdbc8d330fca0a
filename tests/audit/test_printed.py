"""Findings on what a figure cell prints beside its number: its period, its "from" value."""

from __future__ import annotations

import shutil
from pathlib import Path

from shinchoku.audit import audit
from shinchoku.dataset import read_dataset
from shinchoku.model import Plan

from ..conftest import TOWN


def _town_with(tmp_path: Path, kpis: str) -> Plan:
    ds = tmp_path / "ds"
    shutil.copytree(TOWN, ds)
    path = ds / "kpis.yaml"
    path.write_text(path.read_text(encoding="utf-8") + kpis, encoding="utf-8")
    return read_dataset(ds)


def _found(plan: Plan, code: str) -> list[tuple[str | None, int | None, str | None, str | None]]:
    return [(p.place.kpi, p.place.year, p.found, p.expected) for p in audit(plan) if p.code == code]


def test_a_printed_period_unlike_the_as_of_point_is_a_finding(tmp_path: Path) -> None:
    plan = _town_with(
        tmp_path,
        """- id: printed
  name: 印字された時点
  unit: '%'
  baseline:
    value: 88.1%(平成28年度)
    as_of: H29年度
  observations:
    2023:
      value: 90.2%(R5)
    2024:
      value: 91.0%(R6.3)
      as_of: R6.3
""",
    )
    assert _found(plan, "as-of-mismatch") == [("printed", None, "平成28年度", "H29年度")]


def test_a_from_value_unlike_the_baseline_or_last_actual_is_a_finding(tmp_path: Path) -> None:
    plan = _town_with(
        tmp_path,
        """- id: changes
  name: 変化で書かれた目標
  unit: 件
  baseline:
    value: 2,300万件
    as_of: R4年度
  targets:
    2023: 2,300万件→2,800万件
    2024: 2,400万件→3,100万件
  final_target: 2,300万件→4,000万件
  observations:
    2023:
      value: 2,300万件→2,700万件
    2024:
      value: 2,750万件→2,900万件
""",
    )
    assert _found(plan, "start-mismatch") == [
        ("changes", 2024, "2,750万件", "2,300万件→2,700万件"),  # the FY2023 actual is 2,700万件
        ("changes", 2024, "2,400万件", "2,300万件"),  # the target starts from the baseline
    ]


def test_money_labelled_as_another_kind_is_a_finding(tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    shutil.copytree(TOWN, ds)
    path = ds / "areas" / "01-residents.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("amount: 40,000千円", "amount: 予算額：40,000千円", 1)
    path.write_text(text, encoding="utf-8")
    plan = read_dataset(ds)
    record = plan.area("residents").money[0]
    assert (record.amount.yen if record.amount else None) == 40_000_000
    found = [(p.place.area, p.place.year, p.found, p.expected) for p in audit(plan)]
    assert ("residents", 2023, "budget", "settled") in found
    assert [p.code for p in audit(plan) if p.place.area == "residents"].count(
        "money-kind-mismatch"
    ) == 1

"""Cells printed in the sources that the parser or model cannot take yet.

Each pending item is put into its dataset as printed; the load fails today. The marks
are strict: when the capability lands the test passes, the run fails, and the mark must
go (and the item move into the dataset proper, see each README).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from shinchoku.dataset import read_dataset
from shinchoku.problems import ShinchokuError

from .conftest import LOADABLE, MACHIZUKURI, dataset, pending_items, with_pending


def _cases() -> list[Any]:
    cases = []
    for name in LOADABLE:
        for item in pending_items(name):
            mark = pytest.mark.xfail(strict=True, raises=ShinchokuError, reason=item["needs"])
            cases.append(pytest.param(name, item, id=f"{name}:{item['id']}", marks=mark))
    return cases


@pytest.mark.parametrize(("name", "item"), _cases())
def test_pending_item_loads_as_printed(name: str, item: dict[str, Any], tmp_path: Path) -> None:
    plan = read_dataset(with_pending(name, item, tmp_path))
    texts = {c["text"] for c in item.get("cells", [])}
    for kpi in item.get("kpis", []):
        texts |= {str(kpi["baseline"]["value"])} if "baseline" in kpi else set()
    stored = {k.baseline.value.text for k in plan.kpis if k.baseline.value is not None}
    stored |= {k.final_target.text for k in plan.kpis if k.final_target is not None}
    assert texts <= stored  # kept exactly as printed
    measures = {m.id: m for _, m in plan.measures()}
    for entry in item.get("measure_fields", []):
        shown = measures[entry["measure"]].model_dump()[entry["field"]]
        assert entry["text"] in str(shown)


def test_every_loadable_dataset_loads_without_its_pending_items() -> None:
    for name in LOADABLE:
        assert read_dataset(dataset(name)).kpis


def test_a_short_year_without_the_plans_rule_fails_naming_the_setting(tmp_path: Path) -> None:
    """「(18年度)」 leaves out the era: without ``era_of_short_years`` it is refused."""
    copy = tmp_path / MACHIZUKURI
    shutil.copytree(dataset(MACHIZUKURI), copy)
    plan_yaml = copy / "plan.yaml"
    text = plan_yaml.read_text(encoding="utf-8")
    plan_yaml.write_text(text.replace("  era_of_short_years: 平成\n", ""), encoding="utf-8")
    with pytest.raises(ShinchokuError) as exc:
        read_dataset(copy)
    first = exc.value.problems[0]
    assert first.code == "unparseable-value"
    assert "kpis.yaml" in first.describe() and "[0].baseline.value" in first.describe()
    assert "settings.era_of_short_years" in first.describe()
    assert first.found == "43.3%\n(18年度)"

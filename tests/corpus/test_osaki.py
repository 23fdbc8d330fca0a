"""大崎町 総合戦略 〈基本目標①〉: the 平成27年度 actuals and the 達成率 the town printed.

Every figure cell repeats its KPI's name before the figure (「新規農業生産法人数5件」);
each loads as printed. The source prints no grade, only a 達成率 against the KPI for
平成32年3月: `summary` reproduces every printed rate that the figures determine, and
`check` compares each one with the computed rate.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from shinchoku.audit import audit
from shinchoku.dataset import read_dataset
from shinchoku.method.summary import summarise
from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError

from .conftest import dataset

NAME = "osaki-sousei"
YEAR = 2015

# KPI → (final target, actual 平成27年度, 達成率), as the source prints the figures and
# the rate (the rate of the first row is printed at the foot of the column).
PRINTED = {
    "job-fair-participants": ("300", "32", "10.7%"),
    "employment-consultations": ("100", "0", "0.0%"),
    "uij-turn-consultations": ("20", "0", "0.0%"),
    "siting-agreements": ("10", "1", "10.0%"),
    "one-stop-desk-uses": ("50", "0", "0.0%"),
    "startups": ("10", "1", "10.0%"),
    "new-certified-farmers": ("10", "12", "120.0%"),
    "new-farm-corporations": ("5", "1", "20.0%"),
    "new-farmers-successors": ("50", "0", "0.0%"),
}
# 地産地消の実践割合: 80%以上 targeted, 75%以上 reached, printed 93.8% (75 ÷ 80).
BOUNDED = "local-consumption-practice"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_dataset(dataset(NAME))


def test_every_cell_is_kept_as_printed_with_the_kpis_name(plan: Plan) -> None:
    for kpi in plan.kpis:
        assert kpi.final_target is not None
        obs = kpi.observations[YEAR]
        for text in (kpi.final_target.text, obs.value.text):
            assert text.startswith(kpi.name), text
    farms = plan.kpi("new-farm-corporations")
    assert farms.final_target is not None
    assert farms.final_target.text == "新規農業生産法人数5件"
    assert farms.final_target.value == Decimal(5)
    assert farms.observations[YEAR].value.text == "新規農業生産法人数1件"


@pytest.mark.parametrize("kpi_id", list(PRINTED))
def test_figures_read_from_the_named_cells(plan: Plan, kpi_id: str) -> None:
    target, actual, _ = PRINTED[kpi_id]
    kpi = plan.kpi(kpi_id)
    assert kpi.final_target is not None and kpi.final_target.value == Decimal(target)
    obs = kpi.observations[YEAR].value
    assert (obs.value, obs.unit) == (Decimal(actual), kpi.unit)


def test_summary_reproduces_every_printed_rate_the_figures_determine(plan: Plan) -> None:
    rows = {k.id: k for k in summarise(plan, YEAR).kpis}
    assert {k: rows[k].final_rate for k in PRINTED} == {k: v[2] for k, v in PRINTED.items()}
    # No target of its own in 平成27年度: the KPI is not judged, as the source grades nothing.
    assert {rows[k].status for k in PRINTED} == {"no-target"}


def test_a_rate_printed_for_a_bounded_actual_is_not_reproduced(plan: Plan) -> None:
    """The source divides 75 by 80; 「75%以上」 only says the share is at least 75 %."""
    kpi = plan.kpi(BOUNDED)
    obs = kpi.observations[YEAR]
    assert obs.stated_rate is not None and obs.stated_rate.text == "93.8%"
    assert obs.value.bound == "ge" and obs.value.value == Decimal(75)
    [row] = [k for k in summarise(plan, YEAR).kpis if k.id == BOUNDED]
    assert row.final_rate is None


def test_check_agrees_with_every_printed_rate(plan: Plan) -> None:
    codes = {p.code for p in audit(plan, YEAR)}
    assert "stated-rate-mismatch" not in codes


def test_check_compares_the_printed_rate_with_the_final_target(tmp_path: Path) -> None:
    """A rate printed otherwise than the figures give is reported, with both rates."""
    copy = _copy_with(tmp_path, "job-fair-participants", "stated_rate", "10.6%")
    [p] = [p for p in audit(read_dataset(copy), YEAR) if p.code == "stated-rate-mismatch"]
    assert (p.place.kpi, p.place.field) == ("job-fair-participants", "stated-rate")
    assert (str(p.found), str(p.expected)) == ("10.6%", "10.7%")


def test_a_cell_naming_another_kpi_is_refused_naming_the_text(tmp_path: Path) -> None:
    copy = _copy_with(tmp_path, "startups", "value", "新規認定農業者数 1 件")
    with pytest.raises(ShinchokuError) as info:
        read_dataset(copy)
    assert "新規認定農業者数 1 件" in str(info.value)


def _copy_with(tmp_path: Path, kpi_id: str, field: str, text: str) -> Path:
    import shutil

    dst = tmp_path / NAME
    shutil.copytree(dataset(NAME), dst)
    path = dst / "kpis.yaml"
    kpis = yaml.safe_load(path.read_text(encoding="utf-8"))
    [kpi] = [k for k in kpis if k["id"] == kpi_id]
    kpi["observations"][YEAR][field] = text
    path.write_text(yaml.safe_dump(kpis, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst

"""札幌市: two tables of the same city that write years differently.

The 新まちづくり計画 table prints 「(18年度)」 for 平成18年度 (FY2006); the manifesto
table prints 「11年度」 for 2011. A two-digit year cannot be read without knowing which
convention the source uses, so the parser must not guess.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from shinchoku.audit import audit
from shinchoku.dataset import read_dataset
from shinchoku.method.evaluate import evaluate_kpi, evaluate_measure
from shinchoku.model import Plan

from .conftest import MACHIZUKURI, dataset

# Cells of the 新まちづくり計画 table and what they mean: (KPI, field, value, FY).
CELLS = [
    ("easy-to-raise-children", "baseline", Decimal("43.3"), 2006),
    ("waiting-children", "target 2011", Decimal("0"), 2011),
    ("newborn-visits", "baseline", Decimal("62.2"), 2005),
    ("self-study", "baseline", None, 2006),
    ("jidokaikan-participants", "actual 2007", Decimal("450000"), 2007),
    ("school-refusal", "target 2010", Decimal("1.0"), 2010),
]


def test_machizukuri_cells_mean_what_the_table_says() -> None:
    plan = read_dataset(dataset(MACHIZUKURI))
    for kpi_id, field, value, year in CELLS:
        kpi = plan.kpi(kpi_id)
        if field == "baseline":
            fig = kpi.baseline.value
        elif field.startswith("target"):
            target = kpi.targets[int(field.split()[1])]
            fig = target.figure
        else:
            fig = kpi.observations[int(field.split()[1])].value
        assert fig is not None and fig.value == value
        assert fig.as_of is not None and fig.as_of.fiscal_year == year


def test_manifesto_figures_by_western_year() -> None:
    plan = read_dataset(dataset("sapporo-manifesto"))
    guests = plan.kpi("foreign-overnight-guests").observations
    assert {y: o.value.value for y, o in guests.items()} == {
        2011: Decimal("429240"),
        2012: Decimal("680765"),
        2013: Decimal("1054727"),
        2014: Decimal("599281"),
    }
    assert guests[2014].provisional  # 14年度上期: half a year
    # The printed target 100万人 is already passed in FY2013, the year before the last.
    assert guests[2013].value.value is not None and guests[2013].value.value >= 1_000_000


def test_manifesto_target_reads_its_year_and_its_change() -> None:
    """「14年度までに外国人宿泊者100万人 (50万人→100万人)」: 100万人 by FY2014 (this table's
    14年度 is 2014), starting from the baseline 50万人 the bracket gives."""
    kpi = read_dataset(dataset("sapporo-manifesto")).kpi("foreign-overnight-guests")
    target = kpi.final_target.figure if kpi.final_target is not None else None
    assert target is not None and target.value == Decimal(1_000_000)
    assert target.as_of is not None and target.as_of.fiscal_year == 2014
    assert target.start is not None and target.start.value == Decimal(500_000)
    base = kpi.baseline.value
    assert base is not None and base.value == Decimal(500_000) and base.text == "(50万人→100万人)"


def test_manifesto_grades_are_read_through_the_symbols() -> None:
    """◎ is read under the symbols scheme; the measure with no KPI keeps its printed grade."""
    plan = read_dataset(dataset("sapporo-manifesto"))
    results = {k.id: evaluate_kpi(plan, k, 2014) for k in plan.kpis}
    measures = {m.id: evaluate_measure(plan, m, 2014, results) for _, m in plan.measures()}
    declared = {m: r.declared.label if r.declared else None for m, r in measures.items()}
    assert declared == {"doshoku-fuka-kachi": "◎", "kanko-yuchi": "◎"}


def test_manifesto_tourism_grade_agrees() -> None:
    """「14年度までに…100万人」 is a deadline: the final 13年度 figure 1,054,727人 meets it, so
    14年度 is 達成 (◎, 105 %) although its own 上期 figure is provisional; meeting it before
    the deadline is no finding, and the printed ◎ is reproduced."""
    plan = read_dataset(dataset("sapporo-manifesto"))
    kpi = plan.kpi("foreign-overnight-guests")
    result = evaluate_kpi(plan, kpi, 2014)
    assert (result.status.value, result.met_in) == ("achieved", 2013)
    assert result.grade is not None and result.grade.label == "◎"
    # The rate, the final rate and the outlook are those of the figure that met it.
    assert result.rate == result.final_rate == Decimal("105.4727")
    assert result.outlook.status.value == "met"
    assert [p.code for p in audit(plan, 2014)] == []


def test_deadline_target_is_not_met_by_a_provisional_or_a_later_figure() -> None:
    """Only a final figure up to the deadline meets it: 13年度 made provisional leaves 14年度
    pending, and without the deadline (「100万人」) the 14年度 figure alone is judged."""
    data = read_dataset(dataset("sapporo-manifesto")).model_dump(mode="json")
    row = data["kpis"][0]
    row["observations"]["2013"] = {
        "value": row["observations"]["2013"]["value"],
        "provisional": True,
    }
    changed = Plan.model_validate(data)
    result = evaluate_kpi(changed, changed.kpi("foreign-overnight-guests"), 2014)
    assert (result.status.value, result.met_in) == ("pending", None)
    data = read_dataset(dataset("sapporo-manifesto")).model_dump(mode="json")
    data["kpis"][0]["final_target"] = "100万人"
    plain = Plan.model_validate(data)
    result = evaluate_kpi(plain, plain.kpi("foreign-overnight-guests"), 2014)
    assert (result.status.value, result.met_in) == ("pending", None)
    assert "final-target-met-early" in [p.code for p in audit(plain, 2014)]


def test_machizukuri_none_with_its_period_and_the_bounded_target() -> None:
    """「-\\n(18年度)」 is no value measured in 平成18年度; 「1.0%未満」 is a bound: an actual
    of 0.9% meets it, 1.0% does not, and 「0.5%未満」 is judged while 「1.5%未満」 is not."""
    plan = read_dataset(dataset(MACHIZUKURI))
    none = plan.kpi("self-study").baseline
    assert none.value is not None and none.value.is_none
    assert none.as_of is not None and none.as_of.fiscal_year == 2006
    kpi = plan.kpi("school-refusal")
    target = kpi.targets[2010].figure
    assert target is not None and (target.value, target.bound) == (Decimal("1.0"), "lt")
    for printed, status in [
        ("0.9%\n(22年度)", "achieved"),
        ("1.0%\n(22年度)", "not-achieved"),
        ("0.5%未満\n(22年度)", "achieved"),
        ("1.5%未満\n(22年度)", "pending"),
    ]:
        data = plan.model_dump(mode="json")
        row = next(k for k in data["kpis"] if k["id"] == "school-refusal")
        row["observations"]["2010"] = {"value": printed}
        result = evaluate_kpi(
            (changed := Plan.model_validate(data)), changed.kpi("school-refusal"), 2010
        )
        assert result.status.value == status, printed
        if status == "pending":
            assert result.reason is not None and "bound" in result.reason


def test_manifesto_measure_with_no_kpi_keeps_and_shows_its_target(tmp_path: Path) -> None:
    """道産食品's row prints 「11年度から実施」 as its 目標値等 and ◎ with no KPI: the text is
    kept as printed and shown beside the declared grade (report, XLSX, summary) and given
    in the open data's ``measure_target`` column."""
    import json

    from openpyxl import load_workbook

    from shinchoku.method.summary import summarise
    from shinchoku.publish import build_report

    plan = read_dataset(dataset("sapporo-manifesto"))
    [measure] = [m for _, m in plan.measures() if m.id == "doshoku-fuka-kachi"]
    assert (measure.kpis, measure.target) == ([], "11年度から実施")
    [row] = [m for m in summarise(plan, 2014).measures if m.id == measure.id]
    assert (row.status, row.declared, row.target) == ("no-kpi", "◎", "11年度から実施")
    build_report(plan, 2014, tmp_path, "html,xlsx,data")
    rows = json.loads((tmp_path / "data" / "measures.json").read_text(encoding="utf-8"))
    targets = {r["measure_id"]: r["measure_target"] for r in rows}
    assert targets == {"doshoku-fuka-kachi": "11年度から実施", "kanko-yuchi": None}
    html = (tmp_path / "areas" / "progress-3.html").read_text(encoding="utf-8")
    assert '【◎】</strong><span class="measure-target">目標: 11年度から実施</span>' in html
    # The deadline target met by 13年度's figure says so beside the provisional 上期 figure.
    assert "（H25に目標達成）" in html
    book = load_workbook(tmp_path / "report.xlsx")
    cells = {c.value for ws in book.worksheets for r in ws.iter_rows() for c in r}
    assert "◎（目標: 11年度から実施）" in cells


def test_a_deadline_before_the_plans_end_is_the_target_of_its_own_year() -> None:
    """With the plan running to 2016, 「14年度までに…」 is still FY2014's target (and so
    graded there, in the open data's target row too), not FY2016's."""
    from shinchoku.method import evaluate
    from shinchoku.method.evaluate import year_target
    from shinchoku.publish.tidy import KPI_VALUE_FIELDS, kpi_values

    data = read_dataset(dataset("sapporo-manifesto")).model_dump(mode="json")
    data["period"]["end"] = 2016
    plan = Plan.model_validate(data)
    kpi = plan.kpi("foreign-overnight-guests")
    assert year_target(plan, kpi, 2014) is kpi.final_target
    assert year_target(plan, kpi, 2016) is None
    assert evaluate(plan, 2014).kpis[kpi.id].status.value == "achieved"
    names = [f.name for f in KPI_VALUE_FIELDS]
    rows = [dict(zip(names, r, strict=True)) for r in kpi_values(plan)]
    targets = [(r["fiscal_year"], r["final"]) for r in rows if r["kind"] == "target"]
    assert targets == [(2014, True)]

"""Grading schemes: presets, boundaries, tolerance, unrounded rates, declared grades."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from shinchoku.audit import audit
from shinchoku.method import evaluate, grade_change, grade_rate, rate_display
from shinchoku.method.summary import summarise
from shinchoku.model import (
    PRESETS,
    Direction,
    GradingPreset,
    GradingScheme,
    Plan,
    Settings,
)


def _with(plan: Plan, **settings: Any) -> Plan:
    """The plan under other settings (validated like a dataset would be)."""
    data = plan.model_dump(mode="json")
    data["settings"] = {**data["settings"], **settings}
    return Plan.model_validate(data)


def _set_actual(plan: Plan, kpi_id: str, year: int, text: str) -> Plan:
    data = plan.model_dump(mode="json")
    kpi = next(k for k in data["kpis"] if k["id"] == kpi_id)
    obs = kpi["observations"][str(year)]  # JSON keys are text
    obs["value"] = text if isinstance(obs["value"], str) else {**obs["value"], "text": text}
    return Plan.model_validate(data)


def test_every_preset_is_valid_and_readable() -> None:
    for name, scheme in PRESETS.items():
        assert Settings(grading=name).scheme is scheme
        for g in scheme.grades:
            assert scheme.read(g.label) == g
            assert scheme.read(f"【{g.label}】") == g
    attributed = [s for s in PRESETS.values() if s.source is not None]
    assert len(attributed) >= 6
    assert len({s.source.government for s in attributed if s.source}) == len(attributed)


def test_every_source_is_cited_in_the_docs() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
    for name, scheme in PRESETS.items():
        assert f"| `{name.value}` |" in docs
        if scheme.source is not None:
            assert scheme.source.government in docs
            assert scheme.source.url.split("%")[0] in docs


def test_display_rounding_never_changes_a_grade(town: Plan) -> None:
    """99.96 % shows as 「100.0%」 (half-up, one decimal) but stays below the 100 % band."""
    kpi = town.kpi("online-procedures")
    target = kpi.targets[2024].value
    assert target is not None
    plan = _set_actual(town, "online-procedures", 2024, f"{target * D('0.9996')}")
    r = evaluate(plan, 2024).kpis["online-procedures"]
    assert r.rate is not None and r.rate < 100
    assert rate_display(r.rate, plan.settings) == D("100.0")
    assert r.grade is not None and r.grade.code == "B"
    truncating = _with(plan, rate_rounding="truncate", rate_decimals=0)
    r = evaluate(truncating, 2024).kpis["online-procedures"]
    assert rate_display(r.rate or D(0), truncating.settings) == D(99)
    assert r.grade is not None and r.grade.code == "B"


@pytest.mark.parametrize(
    ("rate", "code"),
    [("100", "A"), ("99.999", "B+"), ("80", "B+"), ("79.99", "B"), ("50", "B"), ("49.9", "C")],
)
def test_ibaraki_bands(rate: str, code: str) -> None:
    assert grade_rate(PRESETS[GradingPreset.IBARAKI], D(rate)).code == code


def test_above_boundary_and_one_sided_tolerance() -> None:
    """長与町: S only above the target; a fall within 10 % of the baseline is B, any rise A."""
    nagayo = PRESETS[GradingPreset.NAGAYO]
    assert not nagayo.grades[0].admits(D(100))
    assert nagayo.grades[0].admits(D("100.01"))
    up = Direction.HIGHER
    assert grade_change(nagayo, D("100.1"), D(100), up).code == "A"
    assert grade_change(nagayo, D(100), D(100), up).code == "B"
    assert grade_change(nagayo, D(90), D(100), up).code == "B"
    assert grade_change(nagayo, D("89.9"), D(100), up).code == "C"
    assert grade_change(nagayo, D(110), D(100), Direction.LOWER).code == "B"
    assert grade_change(nagayo, D(111), D(100), Direction.LOWER).code == "C"
    generic = PRESETS[GradingPreset.RELATIVE]  # tolerance 0, both ways
    assert grade_change(generic, D(100), D(100), up).label == "横ばいC"
    assert grade_change(generic, D("100.1"), D(100), up).label == "前進B"


def test_relative_preset_takes_the_plans_tolerance() -> None:
    """群馬県's FY2019 table: 82.5 % → 85.0 % is printed 横ばいC, 20.7 % → 32.8 % 前進B,
    95.0 % → 92.9 % 横ばいC. The source states no tolerance; 5 % reproduces the three."""
    up = Direction.HIGHER
    plain = Settings(grading="relative").scheme
    assert grade_change(plain, D("85.0"), D("82.5"), up).label == "前進B"
    gunma = Settings(grading="relative", flat_tolerance=D("0.05")).scheme
    assert gunma.tolerance == D("0.05")
    assert grade_change(gunma, D("85.0"), D("82.5"), up).label == "横ばいC"
    assert grade_change(gunma, D("32.8"), D("20.7"), up).label == "前進B"
    assert grade_change(gunma, D("92.9"), D("95.0"), up).label == "横ばいC"


def test_relative_labels_in_both_languages(town: Plan) -> None:
    plan = _with(town, grading="relative")
    grades = {k.id: (k.grade_label, k.grade_label_en) for k in summarise(plan, 2024).kpis}
    assert grades["online-procedures"] == ("達成A", "A achieved")
    # 18 minutes against a baseline of 25 (lower is better): advanced, not achieved (15)
    assert grades["counter-wait"] == ("前進B", "B advanced")
    # no baseline (R5新規): the change cannot be graded, the status shows
    assert grades["trained-staff"] == ("未達成", "Not achieved")


def test_scheme_written_out_in_the_plan(town: Plan) -> None:
    plan = _with(
        town,
        grading={
            "kind": "bands",
            "name": "進捗（◎○△×）",
            "grades": [
                {"code": "◎", "label": "◎", "label_en": "ahead", "min_rate": 100, "boundary": ">"},
                {"code": "○", "label": "○", "label_en": "on plan", "min_rate": 100},
                {"code": "△", "label": "△", "label_en": "behind", "min_rate": 60},
                {"code": "×", "label": "×", "label_en": "well behind"},
            ],
        },
    )
    r = evaluate(plan, 2024).kpis
    assert r["online-procedures"].grade_label("en") == "ahead"  # 108.3 % > 100 %
    assert r["counter-wait"].grade_label() == "△"  # 83.3 %
    exact = _set_actual(
        plan, "online-procedures", 2024, str(plan.kpi("online-procedures").targets[2024].value)
    )
    assert evaluate(exact, 2024).kpis["online-procedures"].grade_label() == "○"  # exactly 100 %


@pytest.mark.parametrize(
    ("grades", "message"),
    [
        (
            [
                {"code": "A", "label": "A", "min_rate": 50},
                {"code": "B", "label": "B", "min_rate": 80},
                {"code": "C", "label": "C"},
            ],
            "must not rise",
        ),
        (
            [
                {"code": "A", "label": "A", "min_rate": 50},
                {"code": "B", "label": "B", "min_rate": 10},
            ],
            "last band",
        ),
        (
            [{"code": "A", "label": "達成", "min_rate": 50}, {"code": "B", "label": "達成"}],
            "two grades",
        ),
    ],
)
def test_bad_schemes_are_refused(grades: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        GradingScheme.model_validate({"kind": "bands", "name": "x", "grades": grades})


def test_unknown_preset_names_the_presets() -> None:
    with pytest.raises(ValidationError, match="ibaraki"):
        Settings.model_validate({"grading": "stars"})


def test_legacy_bands_setting_still_loads(town: Plan) -> None:
    plan = _with(
        town,
        bands=[
            {"grade": "良", "min_rate": 90, "label": "良好"},
            {"grade": "可", "min_rate": None, "label": "要改善"},
        ],
    )
    assert isinstance(plan.settings.grading, GradingScheme)
    assert evaluate(plan, 2024).kpis["online-procedures"].grade_label() == "良"


def test_declared_grades_in_the_schemes_labels(town: Plan) -> None:
    """横ばいC declared where the figures give 前進B is a finding naming both and the rate;
    an agreeing declaration is silent; an unknown label names the accepted ones."""
    plan = _with(town, grading="relative")
    data = plan.model_dump(mode="json")
    kpis = {k["id"]: k for k in data["kpis"]}
    kpis["counter-wait"]["observations"]["2024"]["declared_status"] = "横ばいC"
    kpis["online-procedures"]["observations"]["2024"]["declared_status"] = "【達成A】"
    kpis["cashless-share"]["observations"]["2024"]["declared_status"] = "まずまず"
    plan = Plan.model_validate(data)
    found = {p.place.kpi: p for p in audit(plan, 2024) if p.place.field == "declared-status"}
    mismatch = found["counter-wait"]
    assert mismatch.code == "declared-status-mismatch"
    assert (mismatch.found, mismatch.expected) == ("横ばいC", "前進B")
    assert "rate 83.33%" in mismatch.message
    assert "online-procedures" not in found
    unknown = found["cashless-share"]
    assert unknown.code == "unknown-declared-status" and unknown.severity.value == "error"
    assert unknown.expected is not None and "横ばいC" in unknown.expected


def test_measure_with_no_kpi(town: Plan) -> None:
    """測定指標なし: counted apart, graded by its declaration, never 目標なし, no finding."""
    ev = evaluate(town, 2024)
    mr = ev.measures["cashless-promotion"]
    assert mr.status.value == "no-kpi" and mr.grade is None
    assert mr.grade_label() == "達成"
    counts = summarise(town, 2024).measure_status
    assert counts["no-kpi"] == 1 and counts["no-target"] == 0
    row = next(m for m in summarise(town, 2024).measures if m.id == "cashless-promotion")
    assert (row.status_ja, row.grade_label) == ("測定指標なし", "達成")
    assert not [p for p in audit(town, 2024) if p.place.measure == "cashless-promotion"]


def test_area_money_from_measures(town: Plan) -> None:
    """With the setting, an area with no record of its own sums its measures; a printed
    area total that differs from that sum is a finding naming both amounts."""
    plan = _with(town, area_money_from_measures=True)
    summary = {a.id: a for a in summarise(plan, 2024).areas}
    assert summary["cashless"].money is not None
    assert (summary["cashless"].money.projects, summary["cashless"].money.yen) == (1, 1_200_000)
    assert summarise(town, 2024).areas[0].money == summary["residents"].money  # recorded
    problems = [
        p
        for p in audit(plan, 2024)
        if p.code == "stated-total-mismatch" and p.place.area == "residents"
    ]
    assert {(p.found, p.expected) for p in problems} == {("6", "1"), ("42500000", "1200000")}
    assert all("sum of its measures and sub-areas" in p.message for p in problems)
    assert "42,500,000 yen" in next(p.message for p in problems if p.found == "42500000")


def test_a_measures_closed_year_budget_is_a_finding(town: Plan) -> None:
    data = town.model_dump(mode="json")
    area = next(a for a in data["areas"] if a["id"] == "residents")
    cashless = area["children"][0]["children"][1]
    cashless["measures"][1]["money"] = [
        {"year": 2023, "projects": 1, "amount": "900千円", "kind": "budget"}
    ]
    found = [
        p
        for p in audit(Plan.model_validate(data), 2024)
        if p.code == "past-year-budget-amount" and p.place.measure == "cashless-promotion"
    ]
    assert [(p.place.year, p.found, p.expected) for p in found] == [(2023, "予算額", "決算額")]

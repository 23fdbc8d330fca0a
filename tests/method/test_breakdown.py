"""Disaggregated KPIs: a result per part, and the KPI's own by the breakdown's rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.method import KpiStatus, OutlookStatus, evaluate_kpi
from shinchoku.method.breakdown import missing_parts
from shinchoku.model import (
    Breakdown,
    BreakdownRule,
    Figure,
    FigurePart,
    Grade,
    GradingPreset,
    Outcome,
    Plan,
    Target,
)


def _parts(**values: str) -> tuple[FigurePart, ...]:
    return tuple(FigurePart(label=k, value=Decimal(v), unit="%") for k, v in values.items())


def _code(grade: Grade | None) -> str | None:
    return None if grade is None else grade.code


def _set_rule(plan: Plan, kpi_id: str, rule: BreakdownRule) -> None:
    kpi = plan.kpi(kpi_id)
    assert kpi.breakdown is not None
    kpi.breakdown = kpi.breakdown.model_copy(update={"rule": rule})


def test_worst_part_decides(town: Plan) -> None:
    r = evaluate_kpi(town, town.kpi("ict-teachers"), 2024)
    assert [(p.label, p.rate, p.status, _code(p.grade)) for p in r.parts] == [
        ("小", Decimal("105.00"), KpiStatus.ACHIEVED, "A"),  # 84 / 80
        ("中", Decimal("90.0"), KpiStatus.NOT_ACHIEVED, "B"),  # 72 / 80
    ]
    assert (r.status, _code(r.grade), r.rate, r.actual) == (KpiStatus.NOT_ACHIEVED, "B", 90, None)
    assert [p.dimension("学校種") for p in r.parts] == ["小", "中"]


def test_per_part_final_target(town: Plan) -> None:
    r = evaluate_kpi(town, town.kpi("ict-teachers"), 2024)
    # Final targets 小 90% 中 85%: each part against its own.
    assert [round(p.final_rate or 0, 1) for p in r.parts] == [Decimal("93.3"), Decimal("84.7")]
    assert r.final_rate is not None and round(r.final_rate, 1) == Decimal("84.7")


def test_outlook_per_part_and_the_worst_for_the_kpi(town: Plan) -> None:
    """CAGR from each part's baseline (R4) to its final target (R8): both on track; the KPI,
    with no figures of its own, takes the part with the smaller margin (中)."""
    r = evaluate_kpi(town, town.kpi("ict-teachers"), 2024)
    small, middle = r.parts
    assert (small.outlook.status, middle.outlook.status) == (OutlookStatus.ON_TRACK,) * 2
    assert middle.outlook.ratio is not None and small.outlook.ratio is not None
    assert middle.outlook.ratio < small.outlook.ratio
    assert r.outlook == middle.outlook
    # A KPI with a figure of its own (the total rule) keeps its own outlook.
    seminar = evaluate_kpi(town, town.kpi("seminar-participants"), 2024)
    assert seminar.outlook.status is OutlookStatus.ON_TRACK
    assert {p.outlook.status for p in seminar.parts} == {OutlookStatus.INSUFFICIENT}


def test_all_must_meet(town: Plan) -> None:
    _set_rule(town, "ict-teachers", BreakdownRule.ALL)
    r = evaluate_kpi(town, town.kpi("ict-teachers"), 2024)
    assert (r.status, _code(r.grade)) == (KpiStatus.NOT_ACHIEVED, "D")  # follows the status
    kpi = town.kpi("ict-teachers")
    kpi.targets[2024] = Target(text="70")
    r = evaluate_kpi(town, kpi, 2024)
    assert (r.status, _code(r.grade)) == (KpiStatus.ACHIEVED, "A")


def test_total_rule_judges_the_total(town: Plan) -> None:
    r = evaluate_kpi(town, town.kpi("seminar-participants"), 2024)
    assert (r.status, _code(r.grade), r.actual, r.rate) == (KpiStatus.ACHIEVED, "A", 120, 120)
    # One target is the total's: a count's parts have none of their own.
    assert [(p.label, p.actual, p.status) for p in r.parts] == [
        ("男", 50, KpiStatus.NO_TARGET),
        ("女", 70, KpiStatus.NO_TARGET),
    ]


def test_total_part_is_the_kpis_figure_when_no_value_is_given(town: Plan) -> None:
    kpi = town.kpi("seminar-participants")
    kpi.observations[2024] = kpi.observations[2024].model_copy(
        update={"value": Figure.of("男 50人 女 40人 計 90人")}
    )
    r = evaluate_kpi(town, kpi, 2024)
    assert (r.actual, r.status, _code(r.grade)) == (90, KpiStatus.NOT_ACHIEVED, "B")


def test_total_rule_without_a_total_is_pending(town: Plan) -> None:
    kpi = town.kpi("seminar-participants")
    kpi.observations[2024] = kpi.observations[2024].model_copy(
        update={"value": Figure.of("男 50人 女 70人")}
    )
    r = evaluate_kpi(town, kpi, 2024)
    assert (r.status, r.reason) == (KpiStatus.PENDING, "the figure gives no total")
    assert [p.actual for p in r.parts] == [50, 70]


def test_missing_part_leaves_the_kpi_pending(town: Plan) -> None:
    kpi = town.kpi("ict-teachers")
    # The reader wants a lone value written alone, so a cell lacking 中 is given as parts.
    figure = Figure(text="小 84%", parts=_parts(小="84"))
    kpi.observations[2024] = kpi.observations[2024].model_copy(update={"value": figure})
    r = evaluate_kpi(town, kpi, 2024)
    assert r.status is KpiStatus.PENDING and r.reason == "中: no figure for the part"
    assert missing_parts(kpi.breakdown, figure) == ["中"]  # type: ignore[arg-type]


def test_relative_target_per_part(town: Plan) -> None:
    kpi = town.kpi("ict-teachers")
    kpi.targets[2024] = Target(text="前年度越え")
    r = evaluate_kpi(town, kpi, 2024)
    assert [(p.label, p.previous, p.status) for p in r.parts] == [
        ("小", 78, KpiStatus.ACHIEVED),
        ("中", 66, KpiStatus.ACHIEVED),
    ]
    assert r.status is KpiStatus.ACHIEVED


def test_a_part_is_graded_as_a_kpi_with_its_figures(town: Plan) -> None:
    """The part's unrounded rate (72 / 90.05 = 79.955…, next to the 80 % band) goes to the
    plan's grading exactly as a KPI of its own with those figures."""
    kpi = town.kpi("ict-teachers")
    kpi.targets[2024] = Target(text="小 80% 中 90.05%")
    r = evaluate_kpi(town, kpi, 2024)
    (small, middle) = r.parts
    assert small.target_value == 80 and middle.target_value == Decimal("90.05")
    assert middle.rate == Decimal(72) / Decimal("90.05") * 100  # unrounded
    observation = kpi.observations[2024].model_copy(update={"value": Figure.of("72")})
    alone = kpi.model_copy(
        update={
            "breakdown": None,
            "targets": {2024: Target(text="90.05")},
            "observations": {2024: observation},
        }
    )
    plain = evaluate_kpi(town, alone, 2024)
    assert (plain.rate, plain.status, plain.grade) == (middle.rate, middle.status, middle.grade)
    assert r.grade == middle.grade  # the worst part


def test_relative_grading_worst_part(town: Plan) -> None:
    town = town.model_copy(
        update={"settings": town.settings.model_copy(update={"grading": GradingPreset.RELATIVE})}
    )
    kpi = town.kpi("ict-teachers")
    kpi.observations[2024] = kpi.observations[2024].model_copy(
        update={"value": Figure.of("小 84% 中 58%")}
    )
    r = evaluate_kpi(town, kpi, 2024)
    outcomes = [p.grade.outcome if p.grade else None for p in r.parts]
    assert outcomes == [Outcome.ACHIEVED, Outcome.REGRESSED]  # 中: 58 < baseline 60
    assert r.grade == r.parts[1].grade


def test_two_dimensions_combined_labels() -> None:
    b = Breakdown(dimensions={"学校種": ["小", "中"], "性別": ["男", "女"]})
    assert b.resolve("男・小") == {"学校種": "小", "性別": "男"}
    assert b.resolve("女") == {"性別": "女"}
    assert b.resolve("計") == b.resolve("合計") == {}
    assert b.resolve("小・中") is None  # two values of one dimension
    assert b.resolve("高") is None
    figure = Figure.of("小・男 1人 小・女 2人 中・男 3人")
    assert missing_parts(b, figure) == ["中・女"]


def test_breakdown_declaration_errors() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        Breakdown(dimensions={"a": ["x"], "b": ["x"]})
    with pytest.raises(ValueError, match="also a total's label"):
        Breakdown(dimensions={"a": ["計"]})
    with pytest.raises(ValueError, match="has no values"):
        Breakdown(dimensions={"a": []})

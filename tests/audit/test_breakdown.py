"""Audit of disaggregated KPIs: undeclared labels, missing parts, totals against parts."""

from __future__ import annotations

from decimal import Decimal

from shinchoku.audit import audit
from shinchoku.model import Card, Figure, FigurePart, Plan, Target
from shinchoku.problems import Severity
from shinchoku.wording import problem_message


def _found(plan: Plan) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    """Findings on the town's two disaggregated KPIs."""
    return sorted(
        (p.code, p.place.kpi, p.place.field, p.found, p.expected)
        for p in audit(plan)
        if p.place.kpi in ("ict-teachers", "seminar-participants")
    )


def _figure(text: str, unit: str | None = None, **parts: str) -> Figure:
    """Parts given beside the text, for a cell the reader takes as one value (「小 84%」)."""
    return Figure(
        text=text,
        parts=tuple(FigurePart(label=k, value=Decimal(v), unit=unit) for k, v in parts.items()),
    )


def test_town_breakdowns_are_consistent(town: Plan) -> None:
    assert _found(town) == []


def test_total_differs_from_the_sum_of_a_count(town: Plan) -> None:
    kpi = town.kpi("seminar-participants")
    fig = Figure.of("男 50人 女 60人 計 120人")
    kpi.observations[2024] = kpi.observations[2024].model_copy(update={"value": fig})
    (problem,) = [p for p in audit(town) if p.code == "part-total-mismatch"]
    assert problem.severity is Severity.ERROR
    assert (problem.place.kpi, problem.place.field, problem.found, problem.expected) == (
        "seminar-participants",
        "actual",
        "120",
        "110",
    )


def test_rates_are_not_summed(town: Plan) -> None:
    kpi = town.kpi("ict-teachers")
    fig = Figure.of("小 84% 中 72% 計 80%")
    kpi.observations[2024] = kpi.observations[2024].model_copy(update={"value": fig})
    assert [p for p in audit(town) if p.code == "part-total-mismatch"] == []


def test_missing_part(town: Plan) -> None:
    kpi = town.kpi("ict-teachers")
    kpi.observations[2024] = kpi.observations[2024].model_copy(
        update={"value": _figure("小 84%", "%", 小="84")}
    )
    kpi.observations[2023] = kpi.observations[2023].model_copy(update={"value": Figure.of("72%")})
    assert _found(town) == [
        ("missing-part", "ict-teachers", "actual", "72%", "小、中"),
        ("missing-part", "ict-teachers", "actual", "小 84%", "中"),
    ]


def test_card_with_undeclared_label_and_another_value(town: Plan) -> None:
    area = town.area("schools")
    area.cards.append(
        Card(
            kpi="ict-teachers",
            actual=Figure.of("小 84% 中 70% 高 60%"),
        )
    )
    assert _found(town) == [
        ("undeclared-part-label", "ict-teachers", "card", "高", "小、中、計"),
        ("value-differs-between-places", "ict-teachers", "card", "中 70%", "中 72%"),
    ]


def test_part_unit_differs(town: Plan) -> None:
    kpi = town.kpi("ict-teachers")
    kpi.targets[2024] = Target(text="小 80% 中 80人")
    (problem,) = [p for p in audit(town) if p.place.kpi == "ict-teachers"]
    assert (problem.code, problem.place.year, problem.place.field) == (
        "unit-mismatch",
        2024,
        "target",
    )
    assert (problem.found, problem.expected) == ("人", "%")
    assert "「中 80人」の単位「人」" in problem_message(problem, "ja")
    assert 'The figure 中 80人 is in "人"' in problem_message(problem, "en")


def test_parts_on_a_kpi_without_breakdown(town: Plan) -> None:
    kpi = town.kpi("cashless-share")
    kpi.observations[2024] = kpi.observations[2024].model_copy(
        update={"value": Figure.of("本庁 40% 支所 30%")}
    )
    found = sorted(
        (p.code, p.place.field, p.found, p.expected)
        for p in audit(town)
        if p.place.kpi == "cashless-share" and p.code == "undeclared-part-label"
    )
    assert found == [
        ("undeclared-part-label", "actual", "支所", "—"),
        ("undeclared-part-label", "actual", "本庁", "—"),
    ]

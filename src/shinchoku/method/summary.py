"""The year's summary: areas with counts and money, totals, last year beside, KPIs.

A plain data structure that the CLI, the report and the web all render.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from shinchoku.japanese import format_fiscal_year
from shinchoku.method.aggregate import Evaluation, MoneyTotal, area_money, evaluate, plan_money
from shinchoku.method.breakdown import PartResult
from shinchoku.method.evaluate import STATUS_JA, KpiResult, MeasureResult
from shinchoku.method.rounding import format_money, format_rate, rate_display
from shinchoku.model import Area, Measure, Plan, Settings


@dataclass(frozen=True, slots=True)
class MoneyCell:
    year: int
    projects: int | None
    yen: int | None
    display: str  # e.g. "60件 20.2億円"
    amount_display: str  # e.g. "20.2億円"
    kind: str | None  # settled / budget / None when mixed
    recorded: bool


@dataclass(frozen=True, slots=True)
class AreaRow:
    id: str
    name: str
    label: str | None
    kind: str
    depth: int
    measures: int
    kpis: int
    kpi_status: dict[str, int]
    measure_status: dict[str, int]
    money: MoneyCell | None
    previous: MoneyCell | None
    projects_change: int | None
    yen_change: int | None


@dataclass(frozen=True, slots=True)
class PartRow:
    """One breakdown value of a disaggregated KPI (「男」, 「小・男」)."""

    label: str
    dimensions: dict[str, str]  # e.g. {"性別": "男"}
    target: str | None  # display form, e.g. "80%"
    actual: str | None
    rate: str | None
    final_rate: str | None
    status: str
    status_ja: str
    grade: str | None  # code of the grade under the plan's scheme; None when not judged
    grade_label: str  # the grade as printed in Japanese, else the status
    grade_label_en: str
    outlook: str


@dataclass(frozen=True, slots=True)
class KpiRow:
    id: str
    name: str
    unit: str | None
    areas: list[str]
    measures: list[str]
    headline: bool
    baseline: str | None
    baseline_as_of: str | None
    target: str | None
    final_target: str | None
    actual: str | None
    actual_value: str | None
    rate: str | None  # against the year's target, display form
    final_rate: str | None  # against the final target, display form
    status: str
    status_ja: str
    grade: str | None  # code of the grade under the plan's scheme; None when not judged
    grade_label: str  # the grade as printed in Japanese, else the status
    grade_label_en: str
    outlook: str
    observed_pace: str | None
    required_pace: str | None
    breakdown_rule: str | None = None  # worst / all / total, for a disaggregated KPI
    parts: list[PartRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MeasureRow:
    id: str
    name: str
    area: str
    kpis: list[str]
    status: str  # achieved … no-kpi (測定指標なし)
    status_ja: str
    grade: str | None  # computed grade's code; None when not judged
    grade_label: str  # computed grade, else (no KPI) the declared one, else the status
    grade_label_en: str
    declared: str | None  # as typed
    target: str | None = None  # the measure's own 目標 as printed (one with no KPI)


@dataclass(frozen=True, slots=True)
class Summary:
    plan_id: str
    plan_name: str
    year: int
    year_label: str
    previous_year: int
    areas: list[AreaRow]
    total: MoneyCell | None
    previous_total: MoneyCell | None
    kpi_status: dict[str, int]
    measure_status: dict[str, int]
    kpis: list[KpiRow] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def money_cell(total: MoneyTotal | None, settings: Settings) -> MoneyCell | None:
    if total is None:
        return None
    amount = format_money(total.yen, settings) if total.yen is not None else "—"
    count = f"{total.projects:,}件" if total.projects is not None else "—"
    return MoneyCell(
        year=total.year,
        projects=total.projects,
        yen=total.yen,
        display=f"{count} {amount}",
        amount_display=amount,
        kind=total.kind.value if total.kind is not None else None,
        recorded=total.recorded,
    )


def _diff(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a - b


def _pace(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.4g}"


def part_figure(value: Decimal | None, unit: str | None) -> str | None:
    """A part's figure for display: 「84%」「50人」."""
    return None if value is None else f"{value.normalize():f}{unit or ''}"


def part_rows(r: KpiResult, settings: Settings) -> list[PartRow]:
    unit = r.kpi.unit
    return [
        PartRow(
            label=p.label,
            dimensions=dict(p.dimensions),
            target=part_figure(p.target_value, unit),
            actual=part_figure(p.actual, unit),
            **_judgement(p, settings),
        )
        for p in r.parts
    ]


def _judgement(r: KpiResult | PartResult, settings: Settings) -> dict[str, Any]:
    """Rates, status, grade and outlook as the summary shows them: a KPI's or one part's."""
    return {
        "rate": None if r.rate is None else format_rate(r.rate, settings),
        "final_rate": None if r.final_rate is None else format_rate(r.final_rate, settings),
        "status": r.status.value,
        "status_ja": STATUS_JA[r.status.value],
        "grade": r.grade.code if r.grade is not None else None,
        "grade_label": r.grade_label("ja"),
        "grade_label_en": r.grade_label("en"),
        "outlook": r.outlook.status.value,
    }


def _kpi_row(
    plan: Plan, r: KpiResult, headline: set[str], places: list[tuple[Area, Measure]]
) -> KpiRow:
    s = plan.settings
    k = r.kpi
    obs = r.observation
    return KpiRow(
        id=k.id,
        name=k.name,
        unit=k.unit,
        areas=sorted({a.id for a, _ in places}),
        measures=[m.id for _, m in places],
        headline=k.id in headline,
        baseline=k.baseline.value.text if k.baseline.value is not None else k.baseline.note,
        baseline_as_of=k.baseline.as_of.text if k.baseline.as_of is not None else None,
        target=r.target.text if r.target is not None else None,
        final_target=k.final_target.text if k.final_target is not None else None,
        actual=obs.value.text if obs is not None else None,
        actual_value=(None if r.actual is None else f"{r.actual.normalize():f}"),
        **_judgement(r, s),
        observed_pace=_pace(r.outlook.observed_pace),
        required_pace=_pace(r.outlook.required_pace),
        breakdown_rule=None if k.breakdown is None else k.breakdown.rule.value,
        parts=part_rows(r, s),
    )


def summarise(plan: Plan, year: int | None = None, ev: Evaluation | None = None) -> Summary:
    fy = year or plan.report.year or plan.period.end
    if ev is None or ev.year != fy:
        ev = evaluate(plan, fy)
    s = plan.settings
    rows: list[AreaRow] = []
    for area, depth in plan.walk_areas():
        deep = s.area_money_from_measures
        cur, prev = area_money(area, fy, deep), area_money(area, fy - 1, deep)
        rows.append(_area_row(ev, area, depth, cur, prev, s))
    headline = {c.kpi for a, _ in plan.walk_areas() for c in a.cards}
    total, prev_total = plan_money(plan, fy), plan_money(plan, fy - 1)
    places = plan.places_by_kpi()
    return Summary(
        plan_id=plan.id,
        plan_name=plan.name,
        year=fy,
        year_label=format_fiscal_year(fy, "both"),
        previous_year=fy - 1,
        areas=rows,
        total=money_cell(total, s),
        previous_total=money_cell(prev_total, s),
        kpi_status=ev.kpi_status_counts(),
        measure_status=ev.measure_status_counts(),
        kpis=[_kpi_row(plan, ev.kpis[k.id], headline, places[k.id]) for k in plan.kpis],
        measures=[_measure_row(ev.measures[m.id], a) for a, m in plan.measures()],
    )


def _measure_row(r: MeasureResult, area: Area) -> MeasureRow:
    return MeasureRow(
        id=r.measure.id,
        name=r.measure.name,
        area=area.id,
        kpis=[ref.kpi for ref in r.measure.kpis],
        status=r.status.value,
        status_ja=STATUS_JA[r.status.value],
        grade=r.grade.code if r.grade is not None else None,
        grade_label=r.grade_label("ja"),
        grade_label_en=r.grade_label("en"),
        declared=r.declared_text,
        target=r.measure.target,
    )


def _area_row(
    ev: Evaluation,
    area: Area,
    depth: int,
    cur: MoneyTotal | None,
    prev: MoneyTotal | None,
    s: Settings,
) -> AreaRow:
    return AreaRow(
        id=area.id,
        name=area.name,
        label=area.label,
        kind=area.kind,
        depth=depth,
        measures=len(ev.area_measures(area)),
        kpis=len(ev.area_kpis(area)),
        kpi_status=ev.kpi_status_counts(area),
        measure_status=ev.measure_status_counts(area),
        money=money_cell(cur, s),
        previous=money_cell(prev, s),
        projects_change=_diff(cur.projects if cur else None, prev.projects if prev else None),
        yen_change=_diff(cur.yen if cur else None, prev.yen if prev else None),
    )


__all__ = [
    "AreaRow",
    "KpiRow",
    "MeasureRow",
    "MoneyCell",
    "PartRow",
    "Summary",
    "money_cell",
    "rate_display",
    "summarise",
]

"""Aggregation per area and for the plan, all from the rows below.

Money and project counts: a node's figure for a year is the sum of its
children's (and, where the plan sets ``area_money_from_measures``, of its
own measures'); where a node records its own figure, that record stands for
it (and the audit compares it with that sum). The plan total is
the sum of the top-level areas, or the plan-level record for years that
have only a total (the seed's 【参考】R4実績).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from shinchoku.method.evaluate import (
    KpiResult,
    KpiStatus,
    MeasureResult,
    MeasureStatus,
    evaluate_kpi,
    evaluate_measure,
)
from shinchoku.model import Area, Measure, MoneyKind, MoneyRecord, Plan


@dataclass(frozen=True, slots=True)
class MoneyTotal:
    year: int
    projects: int | None
    yen: int | None
    kinds: frozenset[MoneyKind]
    recorded: bool  # True: a record of this node; False: summed from below

    @property
    def kind(self) -> MoneyKind | None:
        return next(iter(self.kinds)) if len(self.kinds) == 1 else None


def _from_record(r: MoneyRecord) -> MoneyTotal:
    yen = r.amount.yen if r.amount is not None else None
    return MoneyTotal(r.year, r.projects, yen, frozenset({r.kind}), True)


def _sum(year: int, parts: list[MoneyTotal]) -> MoneyTotal | None:
    if not parts:
        return None
    projects = [p.projects for p in parts]
    yens = [p.yen for p in parts]
    return MoneyTotal(
        year=year,
        projects=None if None in projects else sum(p for p in projects if p is not None),
        yen=None if None in yens else sum(y for y in yens if y is not None),
        kinds=frozenset().union(*(p.kinds for p in parts)),
        recorded=False,
    )


def measure_money(measure: Measure, year: int) -> MoneyTotal | None:
    for r in measure.money:
        if r.year == year:
            return _from_record(r)
    return None


def measures_sum(area: Area, year: int) -> MoneyTotal | None:
    """The area's own measures' money for the year (not its sub-areas')."""
    return _sum(year, [t for m in area.measures if (t := measure_money(m, year)) is not None])


def children_sum(area: Area, year: int, from_measures: bool = False) -> MoneyTotal | None:
    """The sum of the sub-areas' money and, with ``from_measures``, the area's measures'."""
    parts = [t for c in area.children if (t := area_money(c, year, from_measures)) is not None]
    if from_measures:
        parts.extend(m for m in (measures_sum(area, year),) if m is not None)
    return _sum(year, parts)


def area_money(area: Area, year: int, from_measures: bool = False) -> MoneyTotal | None:
    for r in area.money:
        if r.year == year:
            return _from_record(r)
    return children_sum(area, year, from_measures)


def areas_sum(plan: Plan, year: int) -> MoneyTotal | None:
    deep = plan.settings.area_money_from_measures
    return _sum(year, [t for a in plan.areas if (t := area_money(a, year, deep)) is not None])


def plan_money(plan: Plan, year: int) -> MoneyTotal | None:
    for r in plan.money:
        if r.year == year:
            return _from_record(r)
    return areas_sum(plan, year)


def money_years(plan: Plan) -> list[int]:
    years = {r.year for r in plan.money}
    for a, _ in plan.walk_areas():
        years.update(r.year for r in a.money)
        for m in a.measures:
            years.update(r.year for r in m.money)
    return sorted(years)


@dataclass(slots=True)
class Evaluation:
    """Every KPI and measure of a plan evaluated for one fiscal year."""

    plan: Plan
    year: int
    kpis: dict[str, KpiResult] = field(default_factory=dict)
    measures: dict[str, MeasureResult] = field(default_factory=dict)

    def area_measures(self, area: Area, deep: bool = True) -> list[MeasureResult]:
        nodes = [a for a, _ in area.walk()] if deep else [area]
        return [self.measures[m.id] for a in nodes for m in a.measures]

    def area_kpis(self, area: Area, deep: bool = True) -> list[KpiResult]:
        seen: dict[str, KpiResult] = {}
        for mr in self.area_measures(area, deep):
            for k in mr.kpis:
                seen.setdefault(k.kpi.id, k)
        return list(seen.values())

    def kpi_status_counts(self, area: Area | None = None) -> dict[str, int]:
        results = self.area_kpis(area) if area is not None else list(self.kpis.values())
        counts = Counter(r.status.value for r in results)
        return {s.value: counts.get(s.value, 0) for s in KpiStatus}

    def measure_status_counts(self, area: Area | None = None) -> dict[str, int]:
        if area is not None:
            results = self.area_measures(area)
        else:
            results = list(self.measures.values())
        counts = Counter(r.status.value for r in results)
        return {s.value: counts.get(s.value, 0) for s in MeasureStatus}


def evaluate(plan: Plan, year: int) -> Evaluation:
    ev = Evaluation(plan, year)
    for kpi in plan.kpis:
        ev.kpis[kpi.id] = evaluate_kpi(plan, kpi, year)
    for _, m in plan.measures():
        ev.measures[m.id] = evaluate_measure(plan, m, year, ev.kpis)
    return ev


def change(current: int | None, previous: int | None) -> tuple[int | None, Decimal | None]:
    """Year-on-year change: difference and percent (unrounded)."""
    if current is None or previous is None:
        return None, None
    diff = current - previous
    pct = Decimal(diff) / Decimal(previous) * 100 if previous else None
    return diff, pct

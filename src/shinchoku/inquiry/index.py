"""Lookups by id into a plan, built once per collection (the model's own are linear)."""

from __future__ import annotations

from shinchoku.model import KPI, Area, Guideline, Measure, Plan


class PlanIndex:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.kpis: dict[str, KPI] = {k.id: k for k in plan.kpis}
        self.measures: dict[str, Measure] = {}
        self.areas: dict[str, Area] = {}
        self.parents: dict[str, str] = {}  # area id → parent area id
        self.kpi_measures: dict[str, list[str]] = {}  # KPI id → ids of its measures
        for area, _ in plan.walk_areas():
            self.areas[area.id] = area
            for child in area.children:
                self.parents[child.id] = area.id
            for m in area.measures:
                self.measures[m.id] = m
                for ref in m.kpis:
                    self.kpi_measures.setdefault(ref.kpi, []).append(m.id)

    def guideline(self, area_id: str, guideline_id: str) -> Guideline | None:
        area = self.areas.get(area_id)
        if area is None:
            return None
        return next((g for g in area.guidelines if g.id == guideline_id), None)

    def ancestors(self, area_id: str) -> list[str]:
        out: list[str] = []
        parent = self.parents.get(area_id)
        while parent is not None:
            out.append(parent)
            parent = self.parents.get(parent)
        return out

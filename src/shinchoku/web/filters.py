"""The KPI list's filters, one rule for the page (its form) and the API (its query)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shinchoku.model import Plan


@dataclass(frozen=True, slots=True)
class KpiFilter:
    """What a KPI must match to be listed; a filter left empty matches every KPI."""

    area: str | None = None  # an area id: KPIs of this area or of an area below it
    status: str | None = None  # a KpiStatus value, e.g. "achieved"
    division: str | None = None  # an org unit id: KPIs of its measures
    q: str | None = None  # words that must all be in the name, English name or id
    only: frozenset[str] | None = None  # KPI ids (the staff list's "mine")

    @classmethod
    def of(
        cls,
        area: str | None = None,
        status: str | None = None,
        division: str | None = None,
        q: str | None = None,
        only: frozenset[str] | None = None,
    ) -> KpiFilter:
        """From form or query values: an empty value is no filter."""
        return cls(area or None, status or None, division or None, (q or "").strip() or None, only)

    def matcher(self, plan: Plan) -> Callable[[str, str], bool]:
        """``match(kpi_id, status)`` for the KPIs of ``plan``."""
        wanted_areas: set[str] | None = None
        if self.area is not None:
            found = next((a for a, _ in plan.walk_areas() if a.id == self.area), None)
            wanted_areas = {x.id for x, _ in found.walk()} if found is not None else set()
        words = [w.casefold() for w in self.q.split()] if self.q is not None else []
        places_of = plan.places_by_kpi()  # one walk for every KPI asked about

        def match(kpi_id: str, status: str) -> bool:
            if self.only is not None and kpi_id not in self.only:
                return False
            if self.status is not None and status != self.status:
                return False
            places = places_of.get(kpi_id, [])
            if wanted_areas is not None and not wanted_areas & {a.id for a, _ in places}:
                return False
            if self.division is not None and self.division not in {
                u for _, m in places for u in m.org_units
            }:
                return False
            if words:
                kpi = plan.kpi(kpi_id)
                hay = " ".join([kpi.name, kpi.name_en or "", kpi.id]).casefold()
                return all(w in hay for w in words)
            return True

        return match

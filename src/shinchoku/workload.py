"""What each division (org unit) still owes for a fiscal year: its figures left empty and
the audit's findings about its own measures and KPIs.

One reading for every place that asks — the office's round page, the confirmations before
review and publish, the reminders: a KPI is the division's when one of its measures shows
it; a figure is **empty** when the KPI has no 実績値 for the year, or the measure no
declared status (状況); a **finding** is the audit's (the same as ``shinchoku check``)
about a measure or a KPI of the division, informational notes left out. The division's
own my-work page (:mod:`shinchoku.web.mywork`) counts with the same reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from shinchoku.model import KPI, Plan
from shinchoku.problems import Problem, Severity


@dataclass(frozen=True, slots=True)
class EmptyFigure:
    kind: str  # "observation" (a KPI's 実績値) or "status" (a measure's 状況)
    id: str  # the KPI's or the measure's id
    name: str


@dataclass(slots=True)
class UnitWork:
    unit_id: str
    kpis: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    empty: list[EmptyFigure] = field(default_factory=list)
    findings: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.findings if p.severity is Severity.ERROR]


def has_actual(kpi: KPI, year: int) -> bool:
    """Whether the KPI's 実績値 for ``year`` is entered. A none marker (「ー」) is an
    answer the division gave (the published reports print it), so it is not empty."""
    return year in kpi.observations


def owed(severity: Severity | str) -> bool:
    """Whether a finding of ``severity`` is one a division has to look at (an
    informational note is not)."""
    return Severity(severity) is not Severity.INFO


def unit_work(plan: Plan, year: int, report: Iterable[Problem] = ()) -> dict[str, UnitWork]:
    """Per org unit that answers for a measure, in plan order: what it still owes (its
    findings: those of ``report``, the year's audit)."""
    work: dict[str, UnitWork] = {}
    kpi_owners: dict[str, list[str]] = {}
    measure_owners: dict[str, list[str]] = {}
    for unit in plan.org_units:
        measures = [m for _, m in plan.measures() if unit.id in m.org_units]
        if not measures:
            continue
        w = work[unit.id] = UnitWork(unit.id)
        for m in measures:
            w.measures.append(m.id)
            measure_owners.setdefault(m.id, []).append(unit.id)
            entry = m.years.get(year)
            if entry is None or not entry.declared_status:
                w.empty.append(EmptyFigure("status", m.id, m.name))
            for ref in m.kpis:
                if ref.kpi not in w.kpis:
                    w.kpis.append(ref.kpi)
                    kpi_owners.setdefault(ref.kpi, []).append(unit.id)
        for kpi_id in w.kpis:
            kpi = plan.kpi(kpi_id)
            if not has_actual(kpi, year):
                w.empty.append(EmptyFigure("observation", kpi.id, kpi.name))
    for p in report:
        if not owed(p.severity):
            continue
        if p.place.measure is not None:
            owners = measure_owners.get(p.place.measure, [])
        elif p.place.kpi is not None:
            owners = kpi_owners.get(p.place.kpi, [])
        else:
            continue
        for unit_id in owners:
            work[unit_id].findings.append(p)
    return work

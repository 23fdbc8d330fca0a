"""Findings about the figures a reply sets: reported as warnings, never a refusal.

Each figure is checked against its KPI (unit, a percentage typed as a fraction, the
range of its history, a cumulative count going down, a move away from the target),
and the audit is run on the plan before and after: what the replies newly bring about
(a declared status the figures contradict, totals that no longer add up…) is reported
under the audit's own codes, placed at the cell that caused it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from shinchoku.audit import CHECKS
from shinchoku.inquiry import codes as c
from shinchoku.inquiry.index import PlanIndex
from shinchoku.inquiry.replies import Edit
from shinchoku.inquiry.values import unit_differs
from shinchoku.japanese import normalise_unit
from shinchoku.method import evaluate, series
from shinchoku.method.rates import is_better
from shinchoku.model import KPI, Area, Observation, Plan
from shinchoku.problems import Place, Problem, Severity
from shinchoku.wording import printed

PLAUSIBLE_FACTOR = Decimal(10)  # a figure 10× beyond its history is worth a look

# Audit findings a reply can bring about and its division can resolve. Findings about
# what the printed report shows (headline cards, printed rates) are the office's, and
# the audit reports them when the report is checked.
AUDIT_CODES = frozenset(
    {
        "declared-status-mismatch",
        "declared-status-unverifiable",
        "unknown-declared-status",
        "stated-total-mismatch",
        "observation-earlier-year",
        "relative-target-unverifiable",
        "analysis-refers-to-missing-kpi",
    }
)
# What a division is chased about: the above, and the figures still missing.
CHASE_CODES = AUDIT_CODES | {"missing-observation", "past-year-budget-amount"}


def figure_findings(index: PlanIndex, year: int, edits: Iterable[Edit]) -> Iterator[Problem]:
    """Findings about each figure set, against its KPI as stored before the replies."""
    for e in edits:
        if e.target.kind == "observation":
            kpi = index.kpis[e.target.ids[0]]
            yield from _observation(index.plan, kpi, year, e.value, e.place)


def _observation(
    plan: Plan, kpi: KPI, year: int, obs: Observation, place: Place
) -> Iterator[Problem]:
    place = Place(**{**place.to_dict(), "kpi": kpi.id, "year": year})
    value = obs.value.value
    if unit_differs(obs.value, kpi.unit):
        yield c.UNIT_MISMATCH(
            place,
            f"{obs.value.text!r} is not in the KPI's unit",
            obs.value.unit or "",
            kpi.unit or "",
            figure=printed(obs.value),
        )
    if value is None:
        return
    known = series(kpi)
    history = [v for y, v in known if y != (obs.data_year or year)]
    if not history:  # a new KPI: its targets give the scale
        targets = (kpi.targets.get(year), kpi.final_target or kpi.targets.get(plan.period.end))
        history = [v for v in (t.value for t in targets if t is not None) if v is not None]
    percent = kpi.unit is not None and normalise_unit(kpi.unit) == "%"
    if percent and 0 < value <= 1 and any(h > 1 for h in history):
        yield c.PERCENT_AS_FRACTION(
            place,
            f"{obs.value.text} looks like a fraction; a percentage of {value * 100:f} was meant?",
            obs.value.text,
            f"{value * 100:f}",
        )
    elif history:
        top = max(abs(h) for h in history)
        positive = [h for h in history if h > 0]
        if top > 0 and abs(value) > top * PLAUSIBLE_FACTOR:
            yield c.VALUE_IMPLAUSIBLE(
                place, "more than 10 times the largest figure known for the KPI", value, top
            )
        elif value > 0 and positive and value * PLAUSIBLE_FACTOR < min(positive):
            yield c.VALUE_IMPLAUSIBLE(
                place,
                "less than a tenth of the smallest figure known for the KPI",
                value,
                min(positive),
            )
        elif value < 0 <= min(history):
            yield c.VALUE_IMPLAUSIBLE(place, "negative, unlike every known figure", value)
    before = [(y, v) for y, v in known if y < (obs.data_year or year)]
    if not before:
        return
    prev_year, prev = before[-1]
    if kpi.cumulative and value < prev:
        yield c.CUMULATIVE_DECREASE(
            place, f"a cumulative count below the FY{prev_year} figure", value, f">= {prev}"
        )
    elif not kpi.cumulative and is_better(prev, value, kpi.direction):
        yield c.MOVED_AWAY(
            place,
            f"worse than the FY{prev_year} figure for a KPI where {kpi.direction.value} is better",
            value,
            prev,
        )


# The audit checks that can yield AUDIT_CODES; the others (cards, printed rates, units,
# targets against the baseline) are left out, they concern the plan, not a reply.
_CHECKS = frozenset({"money_totals", "observations", "declared_statuses", "analysis_numbering"})


def audit_findings(index: PlanIndex, year: int, applied: Iterable[Edit]) -> list[Problem]:
    """Audit findings about what the edits set, on the plan after the edits.

    The audit runs on a plan cut down to the measures and KPIs the edits touch (and
    every area, for the money sums), so its cost follows the replies, not the plan.
    """
    where: dict[tuple[str, str], Place] = {}
    for e in applied:
        kind, ids = e.target.kind, e.target.ids
        if kind == "observation":
            where.setdefault(("kpi", ids[0]), e.place)
            for m in index.kpi_measures.get(ids[0], []):
                where.setdefault(("measure", m), e.place)
        elif kind == "measure":
            where[("measure", ids[0])] = e.place
        elif kind == "money":
            for area in (ids[0], *index.ancestors(ids[0])):
                where.setdefault(("area", area), e.place)
    if not where:
        return []
    plan = _cut(index, {i for k, i in where if k == "measure"}, {i for k, i in where if k == "kpi"})
    checks = [chk for chk in CHECKS if chk.__name__ in _CHECKS]
    if len(checks) != len(_CHECKS):  # the audit was reorganised: run all of it
        checks = list(CHECKS)
    ev = evaluate(plan, year)
    out: list[Problem] = []
    for check in checks:
        for p in check(plan, ev):
            if p.code not in AUDIT_CODES:
                continue
            cell = _place_of(p.place, where)
            if cell is None:
                continue
            severity = Severity.INFO if p.severity is Severity.INFO else Severity.WARNING
            merged = Place(
                **{**p.place.to_dict(), "file": cell.file, "sheet": cell.sheet, "cell": cell.cell}
            )
            out.append(
                Problem(p.code, severity, p.message, merged, p.found, p.expected, p.params, p.kind)
            )
    return out


def _cut(index: PlanIndex, measures: set[str], kpis: set[str]) -> Plan:
    """The plan with only the given measures (and their KPIs), every area kept."""
    keep = set(kpis)
    for m in measures:
        keep.update(r.kpi for r in index.measures[m].kpis)

    def area(a: Area) -> Area:
        return a.model_copy(
            update={
                "measures": [m for m in a.measures if m.id in measures],
                "guidelines": [],
                "cards": [],
                "children": [area(ch) for ch in a.children],
            }
        )

    plan = index.plan
    return plan.model_copy(
        update={
            "areas": [area(a) for a in plan.areas],
            "kpis": [k for k in plan.kpis if k.id in keep],
            "statements": [],
        }
    )


def _place_of(place: Place, where: dict[tuple[str, str], Place]) -> Place | None:
    for key, value in (("measure", place.measure), ("kpi", place.kpi)):
        if value is not None and (key, value) in where:
            return where[(key, value)]
    if place.area is not None and place.field == "money" and ("area", place.area) in where:
        return where[("area", place.area)]
    return None

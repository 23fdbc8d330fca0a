"""Disaggregated KPIs: a result per breakdown value and the KPI's own by its rule.

Each part (「男」「小・男」) is judged like a KPI: its figure against its target (the
target's part of the same label, or the one target for every part), the plan's grading
from the unrounded rate. The KPI's own status and grade then follow the breakdown's
rule:

* ``worst``: the worst part's grade (ties: the lower rate); not achieved when any part
  is not;
* ``all``: achieved only when every part meets its target; the grade follows the
  status alone (the top grade, or the bottom one);
* ``total``: the total's own figure, judged as any KPI.

Under ``worst`` and ``all`` a part without a final figure (or missing) leaves the KPI
pending, the KPI's rate is its lowest part's and, when the KPI has no figures of its own,
its outlook is its worst part's.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from decimal import Decimal

from shinchoku.method.evaluate import (
    KpiResult,
    KpiStatus,
    judge,
    judged_grade,
    outlook_to_final,
    status_label,
    target_rates,
    year_target,
)
from shinchoku.method.outlook import Outlook, OutlookStatus
from shinchoku.method.rates import progress_rate
from shinchoku.model import (
    COMBINED_LABEL_SEPARATOR,
    KPI,
    Breakdown,
    BreakdownRule,
    Figure,
    Grade,
    Plan,
    Settings,
    TargetKind,
)

_JUDGED = (KpiStatus.ACHIEVED, KpiStatus.NOT_ACHIEVED)
# Best first; a part without enough figures leaves the KPI's outlook undecided.
_OUTLOOK_ORDER = [
    OutlookStatus.MET,
    OutlookStatus.ON_TRACK,
    OutlookStatus.AT_RISK,
    OutlookStatus.OFF_TRACK,
    OutlookStatus.INSUFFICIENT,
]


@dataclass(frozen=True, slots=True)
class PartResult:
    """One breakdown value (or combination) of a KPI in one fiscal year."""

    label: str  # canonical: values in declaration order, joined by 「・」
    dimensions: tuple[tuple[str, str], ...]  # (dimension, value) pairs, e.g. (("性別", "男"),)
    target_value: Decimal | None
    actual: Decimal | None
    previous: Decimal | None
    rate: Decimal | None  # unrounded
    final_rate: Decimal | None
    progress: Decimal | None
    status: KpiStatus
    grade: Grade | None  # under the plan's scheme; None when the part is not judged
    outlook: Outlook
    reason: str | None = None

    def dimension(self, name: str) -> str | None:
        return dict(self.dimensions).get(name)

    def grade_label(self, lang: str = "ja") -> str:
        """The grade in the report language, or the status when there is no grade."""
        if self.grade is not None:
            return self.grade.text(lang)
        return status_label(self.status.value, lang)


def canonical_label(breakdown: Breakdown, dims: dict[str, str]) -> str:
    return COMBINED_LABEL_SEPARATOR.join(dims[d] for d in breakdown.dimensions if d in dims)


def part_values(breakdown: Breakdown, figure: Figure | None) -> dict[str, Decimal]:
    """A figure's parts by canonical label (the total left out)."""
    out: dict[str, Decimal] = {}
    for part in figure.parts if figure is not None else ():
        dims = breakdown.resolve(part.label)
        if dims:  # None: undeclared (the model refuses it); {}: the total
            out[canonical_label(breakdown, dims)] = part.value
    return out


def expected_parts(breakdown: Breakdown, figure: Figure | None) -> list[dict[str, str]]:
    """The parts a figure should have: every combination of the values of the dimensions
    its parts use (each set of dimensions on its own); without parts, each dimension's
    values."""
    signatures: list[tuple[str, ...]] = []
    for part in figure.parts if figure is not None else ():
        dims = breakdown.resolve(part.label)
        if dims and tuple(dims) not in signatures:
            signatures.append(tuple(dims))
    if not signatures:
        signatures = [(d,) for d in breakdown.dimensions]
    out: list[dict[str, str]] = []
    for sig in signatures:
        for combo in itertools.product(*(breakdown.dimensions[d] for d in sig)):
            out.append(dict(zip(sig, combo, strict=True)))
    return out


def missing_parts(breakdown: Breakdown, figure: Figure) -> list[str]:
    """Labels of the expected parts a figure lacks."""
    present = part_values(breakdown, figure)
    labels = [canonical_label(breakdown, d) for d in expected_parts(breakdown, figure)]
    return [label for label in labels if label not in present]


def _part_figure(
    breakdown: Breakdown, figure: Figure | None, label: str, parts: dict[str, Decimal]
) -> Decimal | None:
    """A part's own target (or baseline), or the one figure for every part.

    Under the ``total`` rule one figure is the total's (a count's target is not each
    part's), so a part then has a target only when the figure gives one per part.
    """
    if figure is None:
        return None
    if parts:
        return parts.get(label)
    return None if breakdown.rule is BreakdownRule.TOTAL else figure.value


def part_series(kpi: KPI, breakdown: Breakdown, label: str) -> dict[int, Decimal]:
    """A part's known figures by the fiscal year they describe: baseline, then actuals."""
    points: dict[int, Decimal] = {}
    b = kpi.baseline
    if b.as_of is not None and (v := part_values(breakdown, b.value).get(label)) is not None:
        points[b.as_of.fiscal_year] = v
    for y, obs in sorted(kpi.observations.items()):
        if (v := part_values(breakdown, obs.value).get(label)) is not None:
            points[obs.data_year or y] = v
    return points


def evaluate_parts(plan: Plan, kpi: KPI, year: int) -> tuple[PartResult, ...]:
    """A result per expected part of the year's figure."""
    breakdown = kpi.breakdown
    assert breakdown is not None
    settings = plan.settings
    target = year_target(plan, kpi, year)
    final = kpi.final_target or kpi.targets.get(plan.period.end)
    obs = kpi.observations.get(year)
    figure = obs.value if obs is not None else None
    actuals = part_values(breakdown, figure)
    target_parts = part_values(breakdown, target.figure if target is not None else None)
    final_parts = part_values(breakdown, final.figure if final is not None else None)
    base_parts = part_values(breakdown, kpi.baseline.value)
    kind = target.kind if target is not None else TargetKind.NONE
    results: list[PartResult] = []
    for dims in expected_parts(breakdown, figure):
        label = canonical_label(breakdown, dims)
        actual = actuals.get(label)
        target_value = _part_figure(
            breakdown, target.figure if target else None, label, target_parts
        )
        final_value = _part_figure(breakdown, final.figure if final else None, label, final_parts)
        base = _part_figure(breakdown, kpi.baseline.value, label, base_parts)
        points = part_series(kpi, breakdown, label)
        previous = points.get(year - 1)
        status, reason = judge(kpi, settings, year, kind, obs, actual, target_value, previous)
        if actual is None and obs is not None and status is KpiStatus.PENDING:
            reason = "no figure for the part"
        rate, final_rate = target_rates(kpi, actual, target_value, final_value)
        progress = None
        if actual is not None and base is not None and target_value is not None:
            progress = progress_rate(actual, base, target_value)
        results.append(
            PartResult(
                label=label,
                dimensions=tuple(dims.items()),
                target_value=target_value,
                actual=actual,
                previous=previous,
                rate=rate,
                final_rate=final_rate,
                progress=progress,
                status=status,
                grade=judged_grade(settings, kpi, status, rate, actual, base),
                outlook=outlook_to_final(plan, kpi, points.items(), final_value, year),
                reason=reason,
            )
        )
    return tuple(results)


def grade_rank(settings: Settings, grade: Grade | None) -> int:
    """Position of a grade from best (0) under the plan's scheme; no grade ranks last."""
    scheme = settings.scheme
    return len(scheme.grades) if grade is None else scheme.rank(grade)


def _lowest(rates: list[Decimal | None]) -> Decimal | None:
    known = [r for r in rates if r is not None]
    return min(known) if known else None


def disaggregate(plan: Plan, result: KpiResult) -> KpiResult:
    """The KPI's result with its parts, its own status and grade by the breakdown's rule."""
    kpi = result.kpi
    breakdown = kpi.breakdown
    assert breakdown is not None
    parts = evaluate_parts(plan, kpi, result.year)
    with_parts = dataclasses.replace(result, parts=parts)
    if breakdown.rule is BreakdownRule.TOTAL:
        obs = result.observation
        if result.status is KpiStatus.PENDING and obs is not None and obs.value.parts:
            if result.actual is None:
                return dataclasses.replace(with_parts, reason="the figure gives no total")
        return with_parts
    if result.outlook.status is OutlookStatus.INSUFFICIENT and parts:
        # No figures of its own: the KPI is as far from its final target as its worst part.
        worst_outlook = max(
            (p.outlook for p in parts),
            key=lambda o: (_OUTLOOK_ORDER.index(o.status), -(o.ratio or 0)),
        )
        with_parts = dataclasses.replace(with_parts, outlook=worst_outlook)
    settings = plan.settings
    pending = next((p for p in parts if p.status is KpiStatus.PENDING), None)
    judged = [p for p in parts if p.status in _JUDGED]
    rate = _lowest([p.rate for p in judged])
    final_rate = _lowest([p.final_rate for p in judged])
    if pending is not None:
        reason = f"{pending.label}: {pending.reason}"
        status = KpiStatus.PENDING
        return dataclasses.replace(
            with_parts,
            status=status,
            reason=reason,
            rate=rate,
            final_rate=final_rate,
            grade=None,
        )
    if not judged:
        ended = all(p.status is KpiStatus.ENDED for p in parts)
        status = KpiStatus.ENDED if ended else KpiStatus.NO_TARGET
        return dataclasses.replace(with_parts, status=status, grade=None)
    met = all(p.status is KpiStatus.ACHIEVED for p in judged)
    status = KpiStatus.ACHIEVED if met else KpiStatus.NOT_ACHIEVED
    if breakdown.rule is BreakdownRule.WORST:
        worst = max(judged, key=lambda p: (grade_rank(settings, p.grade), -(p.rate or 0)))
        grade, progress = worst.grade, worst.progress
    else:  # ALL: the grade follows the status alone, the scheme's top or bottom grade
        grade = judged_grade(settings, kpi, status, None, None, None)
        grade, progress = grade or settings.scheme.grades[-1], None
    return dataclasses.replace(
        with_parts,
        status=status,
        reason=None,
        rate=rate,
        final_rate=final_rate,
        progress=progress,
        grade=grade,
    )

"""The lines of a disaggregated KPI's breakdown values, for every report format."""

from __future__ import annotations

from decimal import Decimal

from shinchoku.method import KpiResult
from shinchoku.method.breakdown import part_values
from shinchoku.method.rounding import format_rate, rate_display
from shinchoku.model import Plan
from shinchoku.publish.view import PartLine
from shinchoku.publish.words import Words
from shinchoku.wording import number_text


def part_lines(plan: Plan, r: KpiResult, words: Words) -> tuple[PartLine, ...]:
    """One line per part of the year's result, with the part's own baseline and final
    target where the KPI gives them per part."""
    kpi = r.kpi
    b = kpi.breakdown
    if b is None:
        return ()
    s = plan.settings
    final = kpi.final_target or kpi.targets.get(plan.period.end)
    baselines = part_values(b, kpi.baseline.value)
    finals = part_values(b, final.figure if final is not None else None)

    def shown(value: Decimal | None) -> str | None:
        # The tables' one style: the unit is in the KPI's row heading, not in each cell.
        return None if value is None else number_text(value)

    return tuple(
        PartLine(
            label=p.label,
            dimensions=p.dimensions,
            baseline=shown(baselines.get(p.label)),
            baseline_value=baselines.get(p.label),
            final_target=shown(finals.get(p.label)),
            final_target_value=finals.get(p.label),
            target=shown(p.target_value),
            target_value=p.target_value,
            actual=shown(p.actual),
            actual_value=p.actual,
            rate=format_rate(p.rate, s),
            rate_value=None if p.rate is None else rate_display(p.rate, s),
            final_rate=format_rate(p.final_rate, s),
            final_rate_value=None if p.final_rate is None else rate_display(p.final_rate, s),
            status=p.status.value,
            status_label=words.status_label(p.status.value),
            grade=p.grade_label(words.lang),
            outlook=p.outlook.status.value,
            outlook_label=words.outlook_label(p.outlook.status.value),
        )
        for p in r.parts
    )

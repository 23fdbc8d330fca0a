"""The fiscal years a plan can be asked about: those of its period."""

from __future__ import annotations

from shinchoku.model.plan import Plan
from shinchoku.problems import Place, Problem, Severity, ShinchokuError


def require_year(plan: Plan, year: int) -> None:
    """Refuse a fiscal year outside the plan's period (``year-outside-plan``)."""
    if plan.period.start <= year <= plan.period.end:
        return
    raise ShinchokuError(
        Problem(
            "year-outside-plan",
            Severity.ERROR,
            f"FY{year} is outside the plan's period FY{plan.period.start}–FY{plan.period.end}",
            Place(year=year),
            found=str(year),
        )
    )

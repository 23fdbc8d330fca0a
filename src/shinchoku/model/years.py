"""The fiscal years a plan can be asked about: those of its period."""

from __future__ import annotations

from shinchoku.model.plan import Plan
from shinchoku.problems import FiscalYear, Place
from shinchoku.problems.store import YEAR_OUTSIDE_PLAN


def require_year(plan: Plan, year: int) -> None:
    """Refuse a fiscal year outside the plan's period (``year-outside-plan``)."""
    if plan.period.start <= year <= plan.period.end:
        return
    raise YEAR_OUTSIDE_PLAN.error(
        Place(year=year),
        found=str(year),
        start=FiscalYear(plan.period.start),
        end=FiscalYear(plan.period.end),
    )

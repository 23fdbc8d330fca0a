"""Audit: recompute every figure a person typed and report each contradiction."""

from __future__ import annotations

from shinchoku.audit import breakdown as _breakdown  # noqa: F401  (registers its checks)
from shinchoku.audit import printed as _printed  # noqa: F401  (registers its checks)
from shinchoku.audit.catalogue import CATALOGUE, FindingType
from shinchoku.audit.checks import CHECKS
from shinchoku.audit.grades import declared_statuses  # registers the check with CHECKS
from shinchoku.method import Evaluation, evaluate
from shinchoku.model import Plan
from shinchoku.problems import Report


def audit(plan: Plan, year: int | None = None, evaluation: Evaluation | None = None) -> Report:
    """All findings for the plan's report year (or ``year``)."""
    fy = year or plan.report.year or plan.period.end
    ev = evaluation if evaluation is not None and evaluation.year == fy else evaluate(plan, fy)
    report = Report()
    for check in CHECKS:
        report.extend(check(plan, ev))
    return report


__all__ = ["CATALOGUE", "CHECKS", "FindingType", "audit", "declared_statuses"]

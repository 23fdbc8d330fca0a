"""The methodology: rates, rounding, status, grading, outlook and aggregation."""

from shinchoku.method.aggregate import (
    Evaluation,
    MoneyTotal,
    area_money,
    change,
    evaluate,
    money_years,
    plan_money,
)
from shinchoku.method.evaluate import (
    STATUS_EN,
    STATUS_JA,
    KpiResult,
    KpiStatus,
    MeasureResult,
    MeasureStatus,
    evaluate_kpi,
    series,
    status_label,
)
from shinchoku.method.grading import (
    accepted_labels,
    grade_change,
    grade_kpi,
    grade_measure,
    grade_rate,
    read_declared,
    status_words,
)
from shinchoku.method.outlook import Outlook, OutlookStatus, project
from shinchoku.method.rates import achievement_rate, progress_rate
from shinchoku.method.rounding import (
    format_money,
    format_rate,
    money_in_unit,
    rate_display,
    round_decimal,
)

__all__ = [
    "STATUS_EN",
    "STATUS_JA",
    "Evaluation",
    "KpiResult",
    "KpiStatus",
    "MeasureResult",
    "MeasureStatus",
    "MoneyTotal",
    "Outlook",
    "OutlookStatus",
    "accepted_labels",
    "achievement_rate",
    "area_money",
    "change",
    "evaluate",
    "evaluate_kpi",
    "format_money",
    "format_rate",
    "grade_change",
    "grade_kpi",
    "grade_measure",
    "grade_rate",
    "money_in_unit",
    "money_years",
    "plan_money",
    "progress_rate",
    "project",
    "rate_display",
    "read_declared",
    "round_decimal",
    "series",
    "status_label",
    "status_words",
]

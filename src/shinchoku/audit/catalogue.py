"""The catalogue of finding codes. The docs page is generated from it."""

from __future__ import annotations

from shinchoku.problems import ProblemType, Severity

FindingType = ProblemType

CATALOGUE: dict[str, FindingType] = {}


def _finding(code: str, severity: Severity, title: str, description: str) -> FindingType:
    ft = FindingType(code, severity, title, description)
    CATALOGUE[code] = ft
    return ft


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

STATED_TOTAL_MISMATCH = _finding(
    "stated-total-mismatch",
    ERROR,
    "Stated total differs from the sum of its parts",
    "A project count or amount printed for an area or the plan differs from the sum of the "
    "rows below it, or an area records money that differs from its sub-areas' sum (and, "
    "where the plan sets area_money_from_measures, its measures'); both amounts are named.",
)
STATED_MONEY_DISPLAY_MISMATCH = _finding(
    "stated-money-display-mismatch",
    ERROR,
    "Printed amount differs from the recorded amount",
    "An amount printed in a display form (e.g. 20.2億円) is not what the recorded amount "
    "gives under the plan's money rounding rule.",
)
STATED_RATE_MISMATCH = _finding(
    "stated-rate-mismatch",
    ERROR,
    "Stated 達成率 differs from the computed rate",
    "An achievement rate printed in the source differs from the rate computed from the "
    "KPI's own figures under the plan's rounding rule. A warning when the figures are "
    "approximate (約), since the exact figures may give the printed rate.",
)
DECLARED_STATUS_MISMATCH = _finding(
    "declared-status-mismatch",
    ERROR,
    "Declared grade contradicts the figures",
    "The grade a division declared for a measure or a KPI, in the labels of the plan's "
    "grading scheme (e.g. 達成 / 一部達成 / 未達成, 横ばいC, ◎), differs from the grade "
    "computed from the unrounded figures; the message names both labels and the rate.",
)
DECLARED_STATUS_UNVERIFIABLE = _finding(
    "declared-status-unverifiable",
    WARNING,
    "Declared grade cannot be verified",
    "A grade is declared but the figures cannot give one: the year's figure is not final "
    "(an earlier year's figure, or finalised next year), or there is no target or figure. "
    "A measure with no KPI (測定指標なし) is graded by its declaration and never listed.",
)
UNKNOWN_DECLARED_STATUS = _finding(
    "unknown-declared-status",
    ERROR,
    "Declared grade is not a label of the scheme",
    "The declared grade of a measure or a KPI is not one of the labels of the plan's grading "
    "scheme; the message names the accepted labels.",
)
UNIT_MISMATCH = _finding(
    "unit-mismatch",
    WARNING,
    "Unit differs from the KPI's unit",
    "A figure is written with a unit that differs from the unit of its KPI (e.g. 人/年 for a "
    "KPI counted in 回/年).",
)
TARGET_BELOW_BASELINE = _finding(
    "target-below-baseline",
    WARNING,
    "Target is not beyond the baseline",
    "A yearly or final target is worse than the baseline for the KPI's direction, so it can "
    "be met without progress.",
)
FINAL_TARGET_MET_EARLY = _finding(
    "final-target-met-early",
    INFO,
    "Final target already met",
    "The final-year target is already met by the baseline or by a figure before the final "
    "year; the target may need raising.",
)
OBSERVATION_EARLIER_YEAR = _finding(
    "observation-earlier-year",
    WARNING,
    "Figure is older than the year it is reported for",
    "The actual reported for a year describes an earlier year (「R4年度数値」) or was "
    "measured before the year began.",
)
OBSERVATION_BASIS_DIFFERS = _finding(
    "observation-basis-differs",
    WARNING,
    "Figure measured against another basis",
    "The actual is printed against a different basis than the KPI's (e.g. R4年度比 for a "
    "KPI defined as R3比).",
)
VALUE_DIFFERS_BETWEEN_PLACES = _finding(
    "value-differs-between-places",
    ERROR,
    "Same KPI, different values in two places",
    "A headline card or a main initiative prints a baseline, as-of point, actual or target "
    "for a KPI that differs from the KPI's own figures.",
)
PAST_YEAR_BUDGET_AMOUNT = _finding(
    "past-year-budget-amount",
    WARNING,
    "Closed year reported with a budget amount",
    "Money for a fiscal year before the report year is a budget (予算額), although the "
    "settled amount (決算額) should be known.",
)
MISSING_OBSERVATION = _finding(
    "missing-observation",
    WARNING,
    "No figure for a year with a target",
    "The KPI has a target for the year but no actual.",
)
RELATIVE_TARGET_UNVERIFIABLE = _finding(
    "relative-target-unverifiable",
    WARNING,
    "Relative target without the figure to compare",
    "A target such as 前年度越え needs the previous year's figure, which is missing.",
)
ANALYSIS_REFERS_TO_MISSING_KPI = _finding(
    "analysis-refers-to-missing-kpi",
    INFO,
    "Analysis mentions a KPI number the measure lacks",
    "The factor analysis text refers to a numbered KPI (e.g. ③) that the measure does not have.",
)
AS_OF_MISMATCH = _finding(
    "as-of-mismatch",
    WARNING,
    "Printed period differs from the as-of point",
    "A figure prints the period it was measured in (e.g. 88.1%(平成28年度)) and the "
    "baseline or actual gives a different as-of point; the as-of point is used.",
)
START_MISMATCH = _finding(
    "start-mismatch",
    WARNING,
    "The 'from' of a from→to cell differs from the figure it starts from",
    "A target printed as a change (2,300万件→3,100万件) starts from a value other than the "
    "baseline, or an actual printed so starts from a value other than the previous year's "
    "actual (or the baseline when there is none).",
)
MONEY_KIND_MISMATCH = _finding(
    "money-kind-mismatch",
    ERROR,
    "Amount labelled as another kind of money",
    "An amount printed with a label (決算額：…, (予算額(事業費)…), 事業費 …) is recorded as "
    "another kind (settled 決算額, budget 予算額, project cost 事業費).",
)

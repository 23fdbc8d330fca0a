"""Grades under a plan's scheme, always from the unrounded figures (DESIGN §3).

Display rounding never changes a grade: 99.96 % shown as 「100%」 (half-up, 0 decimals)
is still below a 100 % band. :func:`grade_rate` is the one function that grades a single
rate; disaggregated KPIs grade each part with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from shinchoku.method.rates import is_better
from shinchoku.model import (
    PRESETS,
    Direction,
    Grade,
    GradingPreset,
    GradingScheme,
    MeasureRule,
    Outcome,
    SchemeKind,
    ToleranceSide,
)


def status_words(scheme: GradingScheme) -> GradingScheme | None:
    """The status words 達成 / 一部達成 / 未達成, when the scheme is not itself the status one.

    Units commonly declare a status even where the plan grades in bands or symbols; such a
    declaration is compared with the computed status rather than the grade.
    """
    return None if scheme.kind is SchemeKind.STATUS else PRESETS[GradingPreset.ACHIEVEMENT]


def read_declared(scheme: GradingScheme, text: str | None) -> Grade | None:
    """A declared grade in the scheme's labels, or a status word (see :func:`status_words`)."""
    grade = scheme.read(text)
    words = status_words(scheme)
    if grade is None and words is not None:
        grade = words.read(text)
    return grade


def accepted_labels(scheme: GradingScheme) -> list[str]:
    words = status_words(scheme)
    return scheme.accepted() + (words.accepted() if words is not None else [])


def grade_rate(scheme: GradingScheme, rate: Decimal) -> Grade:
    """The band of an unrounded achievement rate (percent) under a bands scheme."""
    for g in scheme.grades:
        if g.min_rate is None or g.admits(rate):
            return g
    return scheme.grades[-1]


def grade_change(
    scheme: GradingScheme, actual: Decimal, baseline: Decimal, direction: Direction
) -> Grade:
    """前進 / 横ばい / 後退 against the baseline, within the scheme's tolerance."""
    tolerance = abs(baseline) * scheme.tolerance
    distance = abs(actual - baseline)
    if scheme.tolerance_side is ToleranceSide.BOTH and distance <= tolerance:
        outcome = Outcome.FLAT
    elif is_better(actual, baseline, direction):
        outcome = Outcome.ADVANCED
    elif distance <= tolerance:  # level, or worse within the tolerance
        outcome = Outcome.FLAT
    else:
        outcome = Outcome.REGRESSED
    grade = scheme.with_outcome(outcome)
    assert grade is not None  # the scheme validates that every outcome has a grade
    return grade


def grade_kpi(
    scheme: GradingScheme,
    achieved: bool,
    rate: Decimal | None,
    actual: Decimal | None,
    baseline: Decimal | None,
    direction: Direction,
) -> Grade | None:
    """The grade of a judged KPI (its year's status is achieved or not achieved).

    ``rate`` is unrounded. A relative target (前年度越え, 維持) has a status but no rate:
    under bands it takes the best band when achieved and the last otherwise. A relative
    scheme without a baseline cannot grade the change: None.
    """
    if scheme.kind is SchemeKind.STATUS:
        return scheme.with_outcome(Outcome.ACHIEVED if achieved else Outcome.NOT_ACHIEVED)
    if scheme.kind is SchemeKind.BANDS:
        if rate is None:
            return scheme.grades[0] if achieved else scheme.grades[-1]
        return grade_rate(scheme, rate)
    top = scheme.grades[0]
    if top.min_rate is not None and rate is not None:
        met = top.admits(rate)
    else:
        met = achieved
    if met:
        return top
    if actual is None or baseline is None:
        return None
    return grade_change(scheme, actual, baseline, direction)


def grade_measure(
    scheme: GradingScheme,
    outcome: Outcome | None,
    kpi_grades: Sequence[Grade | None],
    rates: Sequence[Decimal],
) -> Grade | None:
    """A measure's grade from its judged KPIs, by the scheme's measure rule.

    ``outcome`` is the measure's status (achieved / partial / not-achieved) or None when
    it is not judged (pending, no target, ended, no KPI): then there is no grade.
    """
    if outcome is None:
        return None
    rule = scheme.rule
    if rule is MeasureRule.STATUS:
        return scheme.with_outcome(outcome)
    if rule is MeasureRule.MEAN_RATE and rates:
        return grade_rate(scheme, sum(rates, Decimal(0)) / len(rates))
    graded = [g for g in kpi_grades if g is not None]
    if not graded:
        return None
    return max(graded, key=scheme.rank)


__all__ = [
    "accepted_labels",
    "grade_change",
    "grade_kpi",
    "grade_measure",
    "grade_rate",
    "read_declared",
    "status_words",
]

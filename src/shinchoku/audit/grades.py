"""Declared grades against the computed ones, read through the plan's grading scheme."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN, Decimal

from shinchoku.audit import catalogue as c
from shinchoku.audit.checks import _num, check
from shinchoku.method import (
    Evaluation,
    KpiResult,
    MeasureStatus,
    accepted_labels,
    read_declared,
    status_words,
)
from shinchoku.method.evaluate import STATUS_JA
from shinchoku.model import Grade, GradingScheme, Plan
from shinchoku.problems import Place, Problem


def _rate(rate: Decimal) -> str:
    """An unrounded rate for a message: two decimals, cut (never rounded up to a band)."""
    return f"{rate.quantize(Decimal('0.01'), rounding=ROUND_DOWN).normalize():f}%"


def _kpi_detail(k: KpiResult) -> str:
    text = f"{k.kpi.id}: {k.grade_label()}"
    if k.actual is None:
        return text
    rate = f", {_rate(k.rate)}" if k.rate is not None else ""
    return f"{text} ({_num(k.actual)} vs {_num(k.target_value)}{rate})"


@check
def declared_statuses(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """Declared grades, read through the plan's scheme, against the computed grades.

    A status word (達成 / 一部達成 / 未達成) declared under a scheme of other labels is
    compared with the computed status instead.
    """
    scheme = plan.settings.scheme
    accepted = " / ".join(accepted_labels(scheme))
    for area, m in plan.measures():
        mr = ev.measures[m.id]
        if mr.declared_text is None:
            continue
        place = Place(area=area.id, measure=m.id, year=ev.year, field="declared status")
        if mr.declared is None:
            yield _unknown(place, mr.declared_text, scheme.name, accepted)
            continue
        if mr.status is MeasureStatus.NO_KPI:
            continue  # 測定指標なし: the declaration is the grade
        computed = _computed(scheme, mr.declared, mr.grade, mr.status.value)
        if computed is None:
            reasons = sorted({k.reason for k in mr.kpis if k.reason})
            yield c.DECLARED_STATUS_UNVERIFIABLE(
                place,
                f"declared {mr.declared.label} but the figures give "
                f"{STATUS_JA[mr.status.value]}" + (f" ({'; '.join(reasons)})" if reasons else ""),
                mr.declared_text,
                STATUS_JA[mr.status.value],
            )
        elif computed.code != mr.declared.code:
            detail = ", ".join(_kpi_detail(k) for k in mr.kpis)
            yield c.DECLARED_STATUS_MISMATCH(
                place,
                f"declared {mr.declared.label} but the figures give {computed.label}: {detail}",
                mr.declared_text,
                computed.label,
            )
    for kpi in plan.kpis:
        o = kpi.observations.get(ev.year)
        if o is None or o.declared_status is None:
            continue
        r = ev.kpis[kpi.id]
        place = Place(kpi=kpi.id, year=ev.year, field="declared status")
        declared = read_declared(scheme, o.declared_status)
        if declared is None:
            yield _unknown(place, o.declared_status, scheme.name, accepted)
            continue
        computed = _computed(scheme, declared, r.grade, r.status.value)
        if computed is not None and computed.code != declared.code:
            rate = f", rate {_rate(r.rate)}" if r.rate is not None else ""
            yield c.DECLARED_STATUS_MISMATCH(
                place,
                f"declared {declared.label} but the figures give {computed.label}{rate}",
                o.declared_status,
                computed.label,
            )


def _unknown(place: Place, text: str, scheme: str, accepted: str) -> Problem:
    return c.UNKNOWN_DECLARED_STATUS(
        place, f"declared {text!r}: not a grade of {scheme} ({accepted})", text, accepted
    )


def _computed(
    scheme: GradingScheme, declared: Grade, grade: Grade | None, status: str
) -> Grade | None:
    """What a declaration is compared with: the computed grade, or for a status word
    under another scheme, the computed status as a status word."""
    words = status_words(scheme)
    if words is None or declared in scheme.grades:
        return grade
    try:
        return words.grade(status)
    except KeyError:  # pending, no target, ended: not judged
        return None

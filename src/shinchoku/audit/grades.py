"""Declared grades against the computed ones, read through the plan's grading scheme."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import ROUND_DOWN, Decimal

from shinchoku.audit import catalogue as c
from shinchoku.audit.checks import check
from shinchoku.method import (
    REASON_WORDS,
    STATUS_WORDS,
    Evaluation,
    KpiResult,
    MeasureStatus,
    read_declared,
    status_words,
)
from shinchoku.model import Grade, GradingScheme, Plan
from shinchoku.problems import Place, Printed, Problem, Wording
from shinchoku.wording import number_text

_NONE = Wording("", "")


def _rate(rate: Decimal) -> str:
    """An unrounded rate for a message: two decimals, cut (never rounded up to a band)."""
    return f"{number_text(rate.quantize(Decimal('0.01'), rounding=ROUND_DOWN))}%"


def _grade(grade: Grade) -> Wording:
    return Wording(grade.text("ja"), grade.text("en"))


def _quantity(value: Decimal, unit: str | None) -> str:
    """「1,731件」「97.4%」: half-width digits, separators, the unit once."""
    return f"{number_text(value)}{unit or ''}"


def _kpi_detail(results: Iterable[KpiResult], with_names: bool = True) -> Wording:
    """「（KPI「…」は実績値394件・目標値800件（達成率49.25%）で未達成）」 for each KPI."""
    ja: list[str] = []
    en: list[str] = []
    for k in results:
        label = Wording(k.grade_label("ja"), k.grade_label("en"))
        name_ja = f"KPI「{k.kpi.name}」は" if with_names else ""
        name_en = f'KPI "{k.kpi.name_en or k.kpi.name}": ' if with_names else ""
        if k.actual is not None and k.target_value is not None:
            a, t = (_quantity(v, k.kpi.unit) for v in (k.actual, k.target_value))
            rate_ja = f"（達成率{_rate(k.rate)}）" if k.rate is not None else ""
            rate_en = f" (rate {_rate(k.rate)})" if k.rate is not None else ""
            ja.append(f"{name_ja}実績値{a}・目標値{t}{rate_ja}で{label.ja}")
            en.append(f"{name_en}{a} against {t}{rate_en}, {label.en}")
        else:
            ja.append(f"{name_ja}{label.ja}")
            en.append(f"{name_en}{label.en}")
    if not ja:
        return _NONE
    return Wording(f"（{'、'.join(ja)}）", f" ({'; '.join(en)})")


@check
def declared_statuses(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """Declared grades, read through the plan's scheme, against the computed grades.

    A status word (達成 / 一部達成 / 未達成) declared under a scheme of other labels is
    compared with the computed status instead.
    """
    scheme = plan.settings.scheme
    for area, m in plan.measures():
        mr = ev.measures[m.id]
        if mr.declared_text is None:
            continue
        place = Place(area=area.id, measure=m.id, year=ev.year, field="declared-status")
        if mr.declared is None:
            yield _unknown(place, mr.declared_text, scheme)
            continue
        if mr.status is MeasureStatus.NO_KPI:
            continue  # 測定指標なし: the declaration is the grade
        computed = _computed(scheme, mr.declared, mr.grade, mr.status.value)
        if computed is None:
            reasons = [REASON_WORDS.get(r, Wording(r, r)) for r in sorted(_reasons(mr.kpis))]
            yield c.DECLARED_STATUS_UNVERIFIABLE(
                place,
                found=Wording(mr.declared_text, mr.declared.text("en")),
                expected=STATUS_WORDS[mr.status.value],
                reasons=Wording(
                    "".join(f"、{w.ja}" for w in reasons), "".join(f"; {w.en}" for w in reasons)
                ),
            )
        elif computed.code != mr.declared.code:
            yield c.DECLARED_STATUS_MISMATCH(
                place,
                found=Wording(mr.declared_text, mr.declared.text("en")),
                expected=_grade(computed),
                detail=_kpi_detail(mr.kpis),
            )
    for kpi in plan.kpis:
        o = kpi.observations.get(ev.year)
        if o is None or o.declared_status is None:
            continue
        r = ev.kpis[kpi.id]
        place = Place(kpi=kpi.id, year=ev.year, field="declared-status")
        declared = read_declared(scheme, o.declared_status)
        if declared is None:
            yield _unknown(place, o.declared_status, scheme)
            continue
        computed = _computed(scheme, declared, r.grade, r.status.value)
        if computed is not None and computed.code != declared.code:
            yield c.DECLARED_STATUS_MISMATCH(
                place,
                found=Wording(o.declared_status, declared.text("en")),
                expected=_grade(computed),
                detail=_kpi_detail([r], with_names=False),
            )


def _reasons(results: Iterable[KpiResult]) -> set[str]:
    return {k.reason for k in results if k.reason}


def _unknown(place: Place, text: str, scheme: GradingScheme) -> Problem:
    grades = list(scheme.grades)
    words = status_words(scheme)
    if words is not None:
        grades += words.grades
    return c.UNKNOWN_DECLARED_STATUS(
        place,
        found=Printed(text),
        expected=Wording(
            " / ".join(g.text("ja") for g in grades), " / ".join(g.text("en") for g in grades)
        ),
        scheme=Wording(scheme.name, scheme.name_en or "the plan's scheme"),
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

"""Status and grade of each KPI and measure for a fiscal year (DESIGN §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from shinchoku.japanese import normalise_unit
from shinchoku.method.bounds import UNDECIDED, bounded_met, holds, target_condition
from shinchoku.method.grading import grade_kpi, grade_measure, read_declared
from shinchoku.method.outlook import Outlook, OutlookStatus, project
from shinchoku.method.rates import achievement_rate, is_better, is_met, progress_rate
from shinchoku.method.rounding import rate_display
from shinchoku.model import (
    KPI,
    Figure,
    Grade,
    Measure,
    Observation,
    Outcome,
    Plan,
    RateBasis,
    SchemeKind,
    Settings,
    Target,
    TargetKind,
)
from shinchoku.problems import Wording

if TYPE_CHECKING:
    from shinchoku.method.breakdown import PartResult


class KpiStatus(StrEnum):
    ACHIEVED = "achieved"  # 達成
    NOT_ACHIEVED = "not-achieved"  # 未達成
    PENDING = "pending"  # no final figure for the year yet
    NO_TARGET = "no-target"  # 目標なし
    ENDED = "ended"  # no target and no figure: the measure has ended


class MeasureStatus(StrEnum):
    ACHIEVED = "achieved"  # 達成: every KPI achieved
    PARTIAL = "partial"  # 一部達成: some
    NOT_ACHIEVED = "not-achieved"  # 未達成: none
    PENDING = "pending"
    ENDED = "ended"
    NO_TARGET = "no-target"
    NO_KPI = "no-kpi"  # 測定指標なし: graded by its declaration only


STATUS_JA: dict[str, str] = {
    "achieved": "達成",
    "partial": "一部達成",
    "not-achieved": "未達成",
    "pending": "確定待ち",
    "no-target": "目標なし",
    "ended": "終了",
    "no-kpi": "測定指標なし",
}
# Why a KPI is pending, as the evaluation says it, worded for readers.
REASON_WORDS: dict[str, Wording] = {
    "no figure for the year": Wording("年度の実績値がない", "no figure for the year"),
    "the figure is not final for the year": Wording(
        "年度の数値が確定していない", "the figure is not final for the year"
    ),
    "no figure for the previous year": Wording(
        "前年度の実績値がない", "no figure for the previous year"
    ),
}

STATUS_EN: dict[str, str] = {
    "achieved": "Achieved",
    "partial": "Partly achieved",
    "not-achieved": "Not achieved",
    "pending": "Pending",
    "no-target": "No target",
    "ended": "Ended",
    "no-kpi": "No indicator",
}
STATUS_WORDS: dict[str, Wording] = {k: Wording(ja, STATUS_EN[k]) for k, ja in STATUS_JA.items()}

_OUTCOMES: dict[MeasureStatus, Outcome] = {
    MeasureStatus.ACHIEVED: Outcome.ACHIEVED,
    MeasureStatus.PARTIAL: Outcome.PARTIAL,
    MeasureStatus.NOT_ACHIEVED: Outcome.NOT_ACHIEVED,
}


def status_label(status: str, lang: str = "ja") -> str:
    return (STATUS_JA if lang == "ja" else STATUS_EN)[status]


@dataclass(frozen=True, slots=True)
class KpiResult:
    """One KPI in one fiscal year, everything computed."""

    kpi: KPI
    year: int
    target: Target | None
    target_value: Decimal | None
    observation: Observation | None
    actual: Decimal | None
    previous: Decimal | None  # the figure a relative target is compared with
    rate: Decimal | None  # unrounded, against the year's target
    final_rate: Decimal | None  # unrounded, against the final target
    progress: Decimal | None
    status: KpiStatus
    grade: Grade | None  # under the plan's scheme; None when the year is not judged
    outlook: Outlook
    reason: str | None = None
    parts: tuple[PartResult, ...] = ()  # one per breakdown value, for a disaggregated KPI
    met_in: int | None = None  # a deadline target (「14年度までに」) met by this year's figure

    def grade_label(self, lang: str = "ja") -> str:
        """The grade in the report language, or the status when there is no grade."""
        if self.grade is not None:
            return self.grade.text(lang)
        return status_label(self.status.value, lang)

    def card_rate(self, settings: Settings) -> Decimal | None:
        return self.final_rate if settings.card_rate_basis is RateBasis.FINAL else self.rate

    def rate_shown(self, settings: Settings) -> Decimal | None:
        return None if self.rate is None else rate_display(self.rate, settings)


@dataclass(frozen=True, slots=True)
class MeasureResult:
    measure: Measure
    year: int
    kpis: list[KpiResult] = field(default_factory=list)
    status: MeasureStatus = MeasureStatus.PENDING
    grade: Grade | None = None  # computed; None when the measure is not judged
    declared: Grade | None = None  # the declared text read through the scheme (or a status word)
    declared_text: str | None = None

    def grade_label(self, lang: str = "ja") -> str:
        """The computed grade, else the declared one (a measure with no KPI), else the status."""
        shown = self.grade or (self.declared if self.status is MeasureStatus.NO_KPI else None)
        if shown is not None:
            return shown.text(lang)
        return status_label(self.status.value, lang)


def series(kpi: KPI) -> list[tuple[int, Decimal]]:
    """Known figures by the fiscal year they describe: baseline, then actuals."""
    points: dict[int, Decimal] = {}
    b = kpi.baseline
    base = figure_value(kpi, b.value)
    if base is not None and b.as_of is not None:
        points[b.as_of.fiscal_year] = base
    for year, obs in sorted(kpi.observations.items()):
        value = figure_value(kpi, obs.value)
        if value is not None:
            points[obs.data_year or year] = value
    return sorted(points.items())


def _previous(kpi: KPI, year: int) -> Decimal | None:
    return dict(series(kpi)).get(year - 1)


def _final_year_target(kpi: KPI, plan: Plan) -> Target | None:
    return kpi.final_target or kpi.targets.get(plan.period.end)


def _is_final(obs: Observation | None, year: int) -> bool:
    if obs is None:
        return False
    return not (obs.provisional or obs.finalised_later or (obs.data_year or year) < year)


def _progress_means_something(
    kpi: KPI, obs: Observation | None, target: Target | None, base: Decimal, target_value: Decimal
) -> bool:
    """進捗率 is a share of the way from the baseline to the target: it says nothing when
    the target is not beyond the baseline (「1,860%」 beside 未達成), or when the baseline,
    target and actual are not counted alike (another unit, another basis)."""
    if not is_better(target_value, base, kpi.direction):
        return False
    if obs is not None and obs.basis is not None:
        return False
    return counted_alike(kpi, [kpi.baseline.value, target.figure if target else None])


def counted_alike(kpi: KPI, figures: list[Figure | None] | None = None) -> bool:
    """Whether the KPI's figures (all of them, or ``figures`` and its actuals) share one
    unit: a change or a pace between figures counted differently means nothing."""
    if figures is None:
        figures = [kpi.baseline.value, *(t.figure for t in kpi.targets.values())]
    figures = [*figures, *(o.value for o in kpi.observations.values())]
    if any(o.basis is not None for o in kpi.observations.values()):
        return False
    units = {normalise_unit(f.unit) for f in figures if f is not None and f.unit}
    return len(units | ({normalise_unit(kpi.unit)} if kpi.unit else set())) <= 1


def figure_value(kpi: KPI, figure: Figure | None) -> Decimal | None:
    """The KPI's own figure: the value, or the total part of a disaggregated figure."""
    if figure is None:
        return None
    if figure.value is not None or kpi.breakdown is None:
        return figure.value
    total = next((p for p in figure.parts if kpi.breakdown.resolve(p.label) == {}), None)
    return total.value if total is not None else None


def judge(
    kpi: KPI,
    settings: Settings,
    year: int,
    kind: TargetKind,
    obs: Observation | None,
    actual: Decimal | None,
    target_value: Decimal | None,
    previous: Decimal | None,
    target_bound: str | None = None,
) -> tuple[KpiStatus, str | None]:
    """Status of a figure against its target (the KPI's own, or one part's).

    A figure or target printed as a bound (「1.0%未満」) is judged by
    :mod:`shinchoku.method.bounds`: only when the bound decides it.
    """
    if kind is TargetKind.NONE:
        ended = actual is None and obs is not None
        return (KpiStatus.ENDED if ended else KpiStatus.NO_TARGET), None
    if actual is None:
        return KpiStatus.PENDING, "no figure for the year"
    if not _is_final(obs, year):
        return KpiStatus.PENDING, "the figure is not final for the year"
    if kind is TargetKind.VALUE:
        if target_value is None:
            return KpiStatus.NO_TARGET, None
        actual_bound = obs.value.bound if obs is not None else None
        condition = target_condition(kpi.direction, target_bound)
        if actual_bound is not None:
            decided = (
                None
                if condition is None
                else bounded_met(actual_bound, actual, condition, target_value)
            )
            if decided is None:
                return KpiStatus.PENDING, UNDECIDED
            return (KpiStatus.ACHIEVED if decided else KpiStatus.NOT_ACHIEVED), None
        if target_bound is not None and condition is not None:
            met = holds(actual, condition, target_value)
            return (KpiStatus.ACHIEVED if met else KpiStatus.NOT_ACHIEVED), None
        met = is_met(actual, target_value, kpi.direction, settings.flat_tolerance)
        return (KpiStatus.ACHIEVED if met else KpiStatus.NOT_ACHIEVED), None
    if previous is None:
        return KpiStatus.PENDING, "no figure for the previous year"
    if kind is TargetKind.BEAT_PREVIOUS:
        better = is_better(actual, previous, kpi.direction)
        return (KpiStatus.ACHIEVED if better else KpiStatus.NOT_ACHIEVED), None
    # MAINTAIN
    worse = is_better(previous, actual, kpi.direction)
    return (KpiStatus.NOT_ACHIEVED if worse else KpiStatus.ACHIEVED), None


def year_target(plan: Plan, kpi: KPI, year: int) -> Target | None:
    """The year's target; the final target stands for its deadline year's
    (「14年度までに」), else for the plan's final year's."""
    target = kpi.targets.get(year)
    final = kpi.final_target
    if target is None and final is not None and year == (final.deadline or plan.period.end):
        target = final
    return target


def met_by_deadline(
    kpi: KPI, settings: Settings, target: Target, year: int
) -> tuple[int, Decimal] | None:
    """The first year, up to ``year`` and the target's deadline, whose final figure meets a
    target printed with a deadline (「14年度までに100万人」), with that figure.

    Such a target asks for the value to be reached by the deadline: once a final figure
    reaches it, it is met, whatever a later provisional figure says (docs/methodology.md).
    """
    value = figure_value(kpi, target.figure)
    if target.deadline is None or value is None or target.figure is None:
        return None
    if target.figure.bound is not None:
        return None
    for y, obs in sorted(kpi.observations.items()):
        if y > min(year, target.deadline):
            break
        actual = figure_value(kpi, obs.value)
        if actual is None or obs.value.bound is not None or not _is_final(obs, y):
            continue
        if is_met(actual, value, kpi.direction, settings.flat_tolerance):
            return (obs.data_year or y), actual
    return None


def evaluate_kpi(plan: Plan, kpi: KPI, year: int) -> KpiResult:
    settings = plan.settings
    target = year_target(plan, kpi, year)
    obs = kpi.observations.get(year)
    actual = figure_value(kpi, obs.value) if obs is not None else None
    target_value = figure_value(kpi, target.figure) if target is not None else None
    previous = _previous(kpi, year)
    final = _final_year_target(kpi, plan)
    final_value = figure_value(kpi, final.figure) if final is not None else None

    rate = final_rate = progress = None
    if actual is not None and target_value is not None:
        rate = achievement_rate(actual, target_value, kpi.direction)
    if actual is not None and final_value is not None:
        final_rate = achievement_rate(actual, final_value, kpi.direction)
    base = figure_value(kpi, kpi.baseline.value)
    if (
        actual is not None
        and base is not None
        and target_value is not None
        and _progress_means_something(kpi, obs, target, base, target_value)
    ):
        progress = progress_rate(actual, base, target_value)

    kind = target.kind if target is not None else TargetKind.NONE
    judged, judged_value, judged_rate = target, target_value, rate
    if kind is TargetKind.NONE and _judged_on_the_final_target(settings, final, actual):
        # A relative scheme grades a year with no target of its own: 達成 against the
        # final target, otherwise the change from the baseline (docs/methodology.md).
        kind, judged, judged_value, judged_rate = TargetKind.VALUE, final, final_value, final_rate
    target_bound = judged.figure.bound if judged is not None and judged.figure else None
    status, reason = judge(
        kpi, settings, year, kind, obs, actual, judged_value, previous, target_bound
    )
    met_in, graded_actual = None, actual
    met = met_by_deadline(kpi, settings, judged, year) if judged is not None else None
    if met is not None and judged_value is not None and status is not KpiStatus.ACHIEVED:
        # Reached by an earlier final figure: the deadline target is met (and graded) on it.
        met_in, graded_actual = met
        status, reason = KpiStatus.ACHIEVED, None
        judged_rate = achievement_rate(graded_actual, judged_value, kpi.direction)
        rate = judged_rate  # the rate the status stands on, as the measure is graded by it
        if judged is final:
            final_rate = judged_rate
    bounded = met_in is None and obs is not None and obs.value.bound is not None
    if bounded:
        # A bound is not a figure to divide: no rate, no change to grade by.
        rate = final_rate = progress = judged_rate = None

    if final_value is not None:
        pts = [(y, v) for y, v in series(kpi) if y <= year]
        outlook = project(
            pts,
            final_value,
            plan.period.end,
            kpi.direction,
            settings.outlook_method,
            settings.outlook_at_risk_ratio,
        )
    else:
        outlook = Outlook(OutlookStatus.INSUFFICIENT, settings.outlook_method, reason="no target")
    if met_in is not None and judged is final:
        outlook = Outlook(OutlookStatus.MET, settings.outlook_method)  # met by its deadline
    grade = judged_grade(
        settings, kpi, status, judged_rate, None if bounded else graded_actual, base
    )
    result = KpiResult(
        kpi=kpi,
        year=year,
        target=target,
        target_value=target_value,
        observation=obs,
        actual=actual,
        previous=previous,
        rate=rate,
        final_rate=final_rate,
        progress=progress,
        status=status,
        grade=grade,
        outlook=outlook,
        reason=reason,
        met_in=met_in,
    )
    if kpi.breakdown is None:
        return result
    from shinchoku.method.breakdown import disaggregate  # it builds on this module

    return disaggregate(plan, result)


def _judged_on_the_final_target(
    settings: Settings, final: Target | None, actual: Decimal | None
) -> bool:
    """Whether a year with no target of its own is judged against the final target: under
    a relative scheme (graded by the change from the baseline), with a figure and a final
    target that is a value."""
    return (
        settings.scheme.kind is SchemeKind.RELATIVE
        and actual is not None
        and final is not None
        and final.kind is TargetKind.VALUE
    )


def judged_grade(
    settings: Settings,
    kpi: KPI,
    status: KpiStatus,
    rate: Decimal | None,
    actual: Decimal | None,
    base: Decimal | None,
) -> Grade | None:
    """The grade of a judged figure (a KPI's own, or one part's); None when not judged."""
    if status not in (KpiStatus.ACHIEVED, KpiStatus.NOT_ACHIEVED):
        return None
    achieved = status is KpiStatus.ACHIEVED
    return grade_kpi(settings.scheme, achieved, rate, actual, base, kpi.direction)


def evaluate_measure(
    plan: Plan, measure: Measure, year: int, results: dict[str, KpiResult]
) -> MeasureResult:
    """Status from the KPIs: all achieved → 達成, some → 一部達成, none → 未達成."""
    kpis = [results[r.kpi] for r in measure.kpis]
    judged = [k for k in kpis if k.status in (KpiStatus.ACHIEVED, KpiStatus.NOT_ACHIEVED)]
    achieved = sum(1 for k in judged if k.status is KpiStatus.ACHIEVED)
    if not kpis:
        status = MeasureStatus.NO_KPI
    elif any(k.status is KpiStatus.PENDING for k in kpis):
        status = MeasureStatus.PENDING
    elif not judged:
        if kpis and all(k.status is KpiStatus.ENDED for k in kpis):
            status = MeasureStatus.ENDED
        else:
            status = MeasureStatus.NO_TARGET
    elif achieved == len(judged):
        status = MeasureStatus.ACHIEVED
    elif achieved:
        status = MeasureStatus.PARTIAL
    else:
        status = MeasureStatus.NOT_ACHIEVED
    scheme = plan.settings.scheme
    grade = grade_measure(
        scheme,
        _OUTCOMES.get(status),
        [k.grade for k in judged],
        [k.rate for k in judged if k.rate is not None],
    )
    my = measure.years.get(year)
    declared_text = my.declared_status if my is not None else None
    return MeasureResult(
        measure=measure,
        year=year,
        kpis=kpis,
        status=status,
        grade=grade,
        declared=read_declared(scheme, declared_text),
        declared_text=declared_text,
    )

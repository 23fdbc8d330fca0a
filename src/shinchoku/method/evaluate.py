"""Status and grade of each KPI and measure for a fiscal year (DESIGN §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from shinchoku.method.outlook import Outlook, OutlookStatus, project
from shinchoku.method.rates import achievement_rate, is_better, is_met, progress_rate
from shinchoku.method.rounding import rate_display
from shinchoku.model import (
    KPI,
    GradingPreset,
    Measure,
    Observation,
    Plan,
    RateBasis,
    Settings,
    Target,
    TargetKind,
)


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


STATUS_JA: dict[str, str] = {
    "achieved": "達成",
    "partial": "一部達成",
    "not-achieved": "未達成",
    "pending": "確定待ち",
    "no-target": "目標なし",
    "ended": "終了",
}

_DECLARED: dict[str, MeasureStatus] = {
    "達成": MeasureStatus.ACHIEVED,
    "一部達成": MeasureStatus.PARTIAL,
    "未達成": MeasureStatus.NOT_ACHIEVED,
}


def read_declared(text: str | None) -> MeasureStatus | None:
    """「【達成】」「達成」 → ACHIEVED; an unknown word → None."""
    if text is None:
        return None
    return _DECLARED.get(text.strip().strip("【】[]（）() "))


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
    grade: str
    outlook: Outlook
    reason: str | None = None

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
    grade: str = ""
    declared: MeasureStatus | None = None
    declared_text: str | None = None


def series(kpi: KPI) -> list[tuple[int, Decimal]]:
    """Known figures by the fiscal year they describe: baseline, then actuals."""
    points: dict[int, Decimal] = {}
    b = kpi.baseline
    if b.value is not None and b.value.value is not None and b.as_of is not None:
        points[b.as_of.fiscal_year] = b.value.value
    for year, obs in sorted(kpi.observations.items()):
        if obs.value.value is not None:
            points[obs.data_year or year] = obs.value.value
    return sorted(points.items())


def _previous(kpi: KPI, year: int) -> Decimal | None:
    return dict(series(kpi)).get(year - 1)


def _final_year_target(kpi: KPI, plan: Plan) -> Target | None:
    return kpi.final_target or kpi.targets.get(plan.period.end)


def _is_final(obs: Observation | None, year: int) -> bool:
    if obs is None:
        return False
    return not (obs.provisional or obs.finalised_later or (obs.data_year or year) < year)


def evaluate_kpi(plan: Plan, kpi: KPI, year: int) -> KpiResult:
    settings = plan.settings
    target = kpi.targets.get(year)
    if target is None and year == plan.period.end:
        target = kpi.final_target
    obs = kpi.observations.get(year)
    actual = obs.value.value if obs is not None else None
    target_value = target.value if target is not None else None
    previous = _previous(kpi, year)
    final = _final_year_target(kpi, plan)
    final_value = final.value if final is not None else None
    reason = None

    rate = final_rate = progress = None
    if actual is not None and target_value is not None:
        rate = achievement_rate(actual, target_value, kpi.direction)
    if actual is not None and final_value is not None:
        final_rate = achievement_rate(actual, final_value, kpi.direction)
    base = kpi.baseline.value.value if kpi.baseline.value is not None else None
    if actual is not None and base is not None and target_value is not None:
        progress = progress_rate(actual, base, target_value)

    kind = target.kind if target is not None else TargetKind.NONE
    if kind is TargetKind.NONE:
        status = KpiStatus.ENDED if actual is None and obs is not None else KpiStatus.NO_TARGET
    elif actual is None:
        status, reason = KpiStatus.PENDING, "no figure for the year"
    elif not _is_final(obs, year):
        status, reason = KpiStatus.PENDING, "the figure is not final for the year"
    elif kind is TargetKind.VALUE:
        assert target_value is not None
        met = is_met(actual, target_value, kpi.direction, settings.flat_tolerance)
        status = KpiStatus.ACHIEVED if met else KpiStatus.NOT_ACHIEVED
    elif previous is None:
        status, reason = KpiStatus.PENDING, "no figure for the previous year"
    elif kind is TargetKind.BEAT_PREVIOUS:
        better = is_better(actual, previous, kpi.direction)
        status = KpiStatus.ACHIEVED if better else KpiStatus.NOT_ACHIEVED
    else:  # MAINTAIN
        worse = is_better(previous, actual, kpi.direction)
        status = KpiStatus.NOT_ACHIEVED if worse else KpiStatus.ACHIEVED

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
    grade = kpi_grade(settings, status, rate, actual, base, kpi)
    return KpiResult(
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
    )


def kpi_grade(
    settings: Settings,
    status: KpiStatus,
    rate: Decimal | None,
    actual: Decimal | None,
    base: Decimal | None,
    kpi: KPI,
) -> str:
    """The grade of one KPI under the plan's grading scheme."""
    if status not in (KpiStatus.ACHIEVED, KpiStatus.NOT_ACHIEVED):
        return STATUS_JA[status.value]
    if settings.grading is GradingPreset.ACHIEVEMENT:
        return STATUS_JA[status.value]
    if settings.grading is GradingPreset.RELATIVE:
        if status is KpiStatus.ACHIEVED:
            return "achieved"
        if actual is None or base is None:
            return "flat"
        tolerance = abs(base) * settings.flat_tolerance
        if abs(actual - base) <= tolerance:
            return "flat"
        return "advanced" if is_better(actual, base, kpi.direction) else "regressed"
    if rate is None:  # relative targets (前年度越え, 維持) have a status but no rate
        bands = settings.effective_bands()
        return bands[0].grade if status is KpiStatus.ACHIEVED else bands[-1].grade
    return band_grade(settings, rate)


def band_grade(settings: Settings, rate: Decimal | None) -> str:
    bands = settings.effective_bands()
    if rate is None:
        return bands[-1].grade
    shown = rate_display(rate, settings)
    for band in bands:
        if band.min_rate is None or shown >= band.min_rate:
            return band.grade
    return bands[-1].grade


_RELATIVE_ORDER = ["achieved", "advanced", "flat", "regressed"]


def evaluate_measure(
    plan: Plan, measure: Measure, year: int, results: dict[str, KpiResult]
) -> MeasureResult:
    """Status from the KPIs: all achieved → 達成, some → 一部達成, none → 未達成."""
    kpis = [results[r.kpi] for r in measure.kpis]
    judged = [k for k in kpis if k.status in (KpiStatus.ACHIEVED, KpiStatus.NOT_ACHIEVED)]
    achieved = sum(1 for k in judged if k.status is KpiStatus.ACHIEVED)
    if any(k.status is KpiStatus.PENDING for k in kpis):
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
    settings = plan.settings
    if (
        status
        not in (
            MeasureStatus.ACHIEVED,
            MeasureStatus.PARTIAL,
            MeasureStatus.NOT_ACHIEVED,
        )
        or settings.grading is GradingPreset.ACHIEVEMENT
    ):
        grade = STATUS_JA[status.value]
    elif settings.grading is GradingPreset.RELATIVE:
        grade = max((k.grade for k in judged), key=_RELATIVE_ORDER.index)
    else:
        rates = [k.rate for k in judged if k.rate is not None]
        mean = sum(rates, Decimal(0)) / len(rates) if rates else None
        grade = band_grade(settings, mean)
    my = measure.years.get(year)
    declared_text = my.declared_status if my is not None else None
    return MeasureResult(
        measure=measure,
        year=year,
        kpis=kpis,
        status=status,
        grade=grade,
        declared=read_declared(declared_text),
        declared_text=declared_text,
    )

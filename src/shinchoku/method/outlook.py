"""Outlook to the final year, after the UN SDG / Open SDG progress methodology.

The observed annual pace (linear: least-squares slope; CAGR: compound annual
growth rate) is set beside the pace required to reach the final target from
the latest figure. Their ratio grades the outlook:

* on track  — the target is already met, or the projection reaches it
  (ratio ≥ 1);
* at risk   — ratio ≥ ``outlook_at_risk_ratio`` (default 0.5);
* off track — slower than that, or moving away from the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from shinchoku.method.rates import is_met
from shinchoku.model import Direction, OutlookMethod
from shinchoku.problems import Wording


class OutlookStatus(StrEnum):
    MET = "met"  # the final target is already met
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    INSUFFICIENT = "insufficient-data"


OUTLOOK_WORDS: dict[str, Wording] = {
    "met": Wording("達成済み", "Met"),
    "on-track": Wording("順調", "On track"),
    "at-risk": Wording("要注意", "At risk"),
    "off-track": Wording("遅れ", "Off track"),
    "insufficient-data": Wording("判定不能", "Insufficient data"),
}


@dataclass(frozen=True, slots=True)
class Outlook:
    status: OutlookStatus
    method: OutlookMethod
    observed_pace: Decimal | None = None  # per year: units (linear) or share (CAGR)
    required_pace: Decimal | None = None
    projected: Decimal | None = None  # value projected for the final year
    ratio: Decimal | None = None
    reason: str | None = None


def _slope(points: list[tuple[int, Decimal]]) -> Decimal:
    n = Decimal(len(points))
    mx = sum((Decimal(x) for x, _ in points), Decimal(0)) / n
    my = sum((y for _, y in points), Decimal(0)) / n
    sxx = sum(((Decimal(x) - mx) ** 2 for x, _ in points), Decimal(0))
    sxy = sum(((Decimal(x) - mx) * (y - my) for x, y in points), Decimal(0))
    return sxy / sxx


def _cagr(first: Decimal, last: Decimal, years: int) -> Decimal | None:
    if first <= 0 or last <= 0 or years <= 0:
        return None
    return Decimal(float(last / first) ** (1.0 / years) - 1.0)


def project(
    points: list[tuple[int, Decimal]],
    target: Decimal,
    final_year: int,
    direction: Direction,
    method: OutlookMethod,
    at_risk_ratio: Decimal,
) -> Outlook:
    """Outlook from ``points`` (fiscal year, value), sorted or not."""
    pts = sorted(dict(points).items())
    if not pts:
        return Outlook(OutlookStatus.INSUFFICIENT, method, reason="no figures")
    last_year, last = pts[-1]
    if is_met(last, target, direction, Decimal(0)):
        return Outlook(OutlookStatus.MET, method, projected=last, reason="final target met")
    if len(pts) < 2:
        return Outlook(OutlookStatus.INSUFFICIENT, method, reason="fewer than two figures")
    remaining = final_year - last_year
    if remaining <= 0:
        return Outlook(OutlookStatus.OFF_TRACK, method, projected=last, reason="final year passed")
    if direction is Direction.KEEP:
        return Outlook(OutlookStatus.INSUFFICIENT, method, reason="keep-at-target has no pace")
    first_year, first = pts[0]
    if method is OutlookMethod.CAGR:
        observed = _cagr(first, last, last_year - first_year)
        required = _cagr(last, target, remaining)
        if observed is None or required is None:
            return Outlook(OutlookStatus.INSUFFICIENT, method, reason="CAGR needs positive figures")
        projected = last * (1 + observed) ** remaining
    else:
        observed = _slope(pts)
        required = (target - last) / remaining
        projected = last + observed * remaining
    if required == 0:
        ratio = None
        status = OutlookStatus.ON_TRACK
    else:
        ratio = observed / required
        if ratio >= 1:
            status = OutlookStatus.ON_TRACK
        elif ratio >= at_risk_ratio:
            status = OutlookStatus.AT_RISK
        else:
            status = OutlookStatus.OFF_TRACK
    return Outlook(status, method, observed, required, projected, ratio)

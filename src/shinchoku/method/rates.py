"""Achievement rate (達成率) and progress rate (進捗率), unrounded, in percent."""

from __future__ import annotations

from decimal import Decimal

from shinchoku.model import Direction

HUNDRED = Decimal(100)


def achievement_rate(actual: Decimal, target: Decimal, direction: Direction) -> Decimal | None:
    """達成率 in percent.

    Higher is better: ``actual / target``. Lower is better: ``target / actual``;
    a zero target is met (100 %) when the actual is at or below zero. Keep at
    target: ``actual / target``; the status, not the rate, judges the distance.
    """
    if direction is Direction.LOWER:
        if target == 0:
            return HUNDRED if actual <= 0 else Decimal(0)
        if actual <= 0:
            return None
        return target / actual * HUNDRED
    if target == 0:
        return HUNDRED if actual >= 0 else Decimal(0)
    return actual / target * HUNDRED


def progress_rate(actual: Decimal, baseline: Decimal, target: Decimal) -> Decimal | None:
    """進捗率: share of the way from baseline to target, in percent."""
    if target == baseline:
        return None
    return (actual - baseline) / (target - baseline) * HUNDRED


def is_met(actual: Decimal, target: Decimal, direction: Direction, tolerance: Decimal) -> bool:
    """Whether ``actual`` meets ``target``; ``tolerance`` is a share for keep-at-target."""
    if direction is Direction.LOWER:
        return actual <= target
    if direction is Direction.KEEP:
        return abs(actual - target) <= abs(target) * tolerance
    return actual >= target


def is_better(a: Decimal, b: Decimal, direction: Direction) -> bool:
    """Whether ``a`` is strictly better than ``b``."""
    return a < b if direction is Direction.LOWER else a > b

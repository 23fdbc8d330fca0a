"""Figures printed as bounds (「1.0%未満」) judged against a target.

A bound says only on which side of its value the figure lies. A bounded actual meets
its target when every figure the bound admits would meet it, misses it when none would,
and otherwise cannot be judged (the KPI stays pending, with the reason). A bounded
target (「1.0%未満」 as the 目標値) is met by the figures its bound admits.
"""

from __future__ import annotations

from decimal import Decimal

from shinchoku.model import Direction

_UPPER = frozenset({"lt", "le"})  # the figure is below (or at) the value
UNDECIDED = "the bound printed with the figure does not decide whether the target is met"


def target_condition(direction: Direction, target_bound: str | None) -> str | None:
    """How a figure must stand to its target value to meet it; None for keep-at-target."""
    if target_bound is not None:
        return target_bound
    if direction is Direction.LOWER:
        return "le"
    if direction is Direction.KEEP:
        return None
    return "ge"


def holds(value: Decimal, op: str, target: Decimal) -> bool:
    """Whether ``value`` ``op`` ``target`` (lt, le, gt, ge)."""
    return {
        "lt": value < target,
        "le": value <= target,
        "gt": value > target,
        "ge": value >= target,
    }[op]


def bounded_met(bound: str, value: Decimal, condition: str, target: Decimal) -> bool | None:
    """Whether every figure ``bound`` ``value`` admits meets ``condition`` ``target``:
    True when all do, False when none does, None when the bound does not decide."""
    if (bound in _UPPER) == (condition in _UPPER):
        # Same side: all meet it when the bound's edge does; some always do.
        if bound in _UPPER:
            edge_in = value < target or (value == target and (bound, condition) != ("le", "lt"))
        else:
            edge_in = value > target or (value == target and (bound, condition) != ("ge", "gt"))
        return True if edge_in else None
    # Opposite sides: none meets it when the bound stops short; never all.
    if bound in _UPPER:
        short = value < target or (value == target and (bound, condition) != ("le", "ge"))
    else:
        short = value > target or (value == target and (bound, condition) != ("ge", "le"))
    return False if short else None

"""A figure printed as a bound (「1.0%未満」) is graded only when the bound decides it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shinchoku.method.bounds import bounded_met, holds, target_condition
from shinchoku.model import Direction

D = Decimal

# actual bound, its value, lower/higher is better, target → met (None: undecidable)
CASES = [
    ("lt", D("1.0"), Direction.LOWER, D("2.0"), True),  # 1.0%未満 against ≤2.0%: met
    ("lt", D("1.0"), Direction.LOWER, D("0.5"), None),  # against ≤0.5%: cannot say
    ("lt", D("1.0"), Direction.LOWER, D("1.0"), True),  # below 1.0 is within ≤1.0
    ("le", D("1.0"), Direction.LOWER, D("1.0"), True),
    ("gt", D("2.0"), Direction.LOWER, D("1.0"), False),  # above 2.0 never ≤1.0
    ("ge", D("1.0"), Direction.LOWER, D("1.0"), None),  # exactly 1.0 would meet it
    ("gt", D("1.0"), Direction.LOWER, D("1.0"), False),
    ("ge", D(100), Direction.HIGHER, D(80), True),  # 100件以上 against ≥80件
    ("gt", D(50), Direction.HIGHER, D(80), None),
    ("lt", D(50), Direction.HIGHER, D(80), False),
    ("le", D(80), Direction.HIGHER, D(80), None),
]


@pytest.mark.parametrize(("bound", "value", "direction", "target", "met"), CASES)
def test_a_bounded_actual_is_judged_only_when_the_bound_decides(
    bound: str, value: Decimal, direction: Direction, target: Decimal, met: bool | None
) -> None:
    condition = target_condition(direction, None)
    assert condition is not None
    assert bounded_met(bound, value, condition, target) is met


def test_keep_at_target_has_no_side() -> None:
    assert target_condition(Direction.KEEP, None) is None
    assert target_condition(Direction.KEEP, "lt") == "lt"  # a bounded target says it


ops = st.sampled_from(["lt", "le", "gt", "ge"])
small = st.integers(min_value=-20, max_value=20).map(Decimal)


@given(ops, small, ops, small)
def test_a_decision_agrees_with_every_figure_the_bound_admits(
    bound: str, value: Decimal, condition: str, target: Decimal
) -> None:
    decided = bounded_met(bound, value, condition, target)
    # The figures the bound admits, on a grid fine enough to reach every edge.
    admitted = [D(n) / 2 for n in range(-60, 61) if holds(D(n) / 2, bound, value)]
    outcomes = {holds(v, condition, target) for v in admitted}
    if decided is None:
        assert outcomes == {True, False}
    else:
        assert outcomes == {decided}

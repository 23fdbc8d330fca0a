"""The role rules of a division's own steps: submit from a draft, withdraw a submission the
office has not reviewed; its editors and admins only, in an open year."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field

import pytest

from shinchoku.workflow import (
    UNIT_STEPS,
    Action,
    Role,
    UnitState,
    YearState,
    YearStatus,
    is_own_unit,
    may_submit,
    may_withdraw,
    unit_step,
)

UNIT, OTHER = "jumin", "kyoiku"


@dataclass(frozen=True)
class Person:
    role: Role
    units: Set[str] = field(default_factory=frozenset)
    disabled: bool = False


EDITOR = Person(Role.EDITOR, frozenset({UNIT}))
STRANGER = Person(Role.EDITOR, frozenset({OTHER}))
ADMIN = Person(Role.ADMIN)
VIEWER = Person(Role.VIEWER)
GONE = Person(Role.EDITOR, frozenset({UNIT}), disabled=True)


def status(state: UnitState, year: YearState = YearState.OPEN) -> YearStatus:
    return YearStatus(2024, year, {UNIT: state})


def test_withdraw_is_submitted_to_draft_only() -> None:
    assert UNIT_STEPS[Action.WITHDRAW] == (frozenset({UnitState.SUBMITTED}), UnitState.DRAFT)
    assert unit_step(UnitState.SUBMITTED, Action.WITHDRAW) is UnitState.DRAFT
    assert unit_step(UnitState.DRAFT, Action.WITHDRAW) is None
    assert unit_step(UnitState.REVIEWED, Action.WITHDRAW) is None  # the office returns it


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        (EDITOR, True),
        (ADMIN, True),
        (STRANGER, False),
        (VIEWER, False),
        (GONE, False),
        (None, False),
    ],
)
def test_who_may_withdraw(who: Person | None, allowed: bool) -> None:
    assert may_withdraw(who, UNIT, status(UnitState.SUBMITTED)) is allowed
    assert is_own_unit(who, UNIT) is allowed


@pytest.mark.parametrize("state", [UnitState.DRAFT, UnitState.REVIEWED])
def test_nothing_to_withdraw_unless_submitted(state: UnitState) -> None:
    assert not may_withdraw(EDITOR, UNIT, status(state))
    assert not may_withdraw(ADMIN, UNIT, status(state))


def test_no_step_in_a_published_year() -> None:
    published = status(UnitState.SUBMITTED, YearState.PUBLISHED)
    assert not may_withdraw(ADMIN, UNIT, published)
    assert not may_submit(ADMIN, UNIT, status(UnitState.DRAFT, YearState.PUBLISHED))


def test_submit_and_withdraw_alternate() -> None:
    assert may_submit(EDITOR, UNIT, status(UnitState.DRAFT))
    assert not may_submit(EDITOR, UNIT, status(UnitState.SUBMITTED))
    assert not may_submit(STRANGER, UNIT, status(UnitState.DRAFT))

"""The year workflow and the role rules: the domain's, called by the store, the CLI, the
web app and 照会 alike.

A fiscal year is **open** (figures may be edited) or **published** (locked; the public
sees it). Inside an open year each org unit (division) goes draft → submitted →
reviewed; an admin publishes the year. Which step may follow which is
:data:`UNIT_STEPS`; who may take a step is the role rules below:

* admin — everything: open, publish and reopen a year, review divisions, manage users,
  edit any figure of the open year;
* editor — bound to org units: edits the open year's figures (actual, as-of point,
  declared status, 要因分析) of measures and KPIs of their own units, while their unit's
  submission is still a draft; submits their unit, and withdraws the submission while
  the office has not reviewed it;
* viewer — reads the internal pages, drafts included; changes nothing.

The store (:class:`shinchoku.store.history.Workflow`) applies the steps inside one
locked transaction; this module only decides.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from shinchoku.model import Measure, Plan


class YearState(StrEnum):
    OPEN = "open"
    PUBLISHED = "published"


class UnitState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"


class Action(StrEnum):
    OPEN = "open"
    SUBMIT = "submit"
    REVIEW = "review"
    RETURN = "return"
    PUBLISH = "publish"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"


class Role(StrEnum):
    ADMIN = "admin"  # everything: open, publish, reopen a year; manage users
    EDITOR = "editor"  # the open year's figures of their own org units
    VIEWER = "viewer"  # internal read, drafts included


# A division's steps inside an open year: the states a step starts from, and where it ends.
UNIT_STEPS: dict[Action, tuple[frozenset[UnitState], UnitState]] = {
    Action.SUBMIT: (frozenset({UnitState.DRAFT}), UnitState.SUBMITTED),
    Action.REVIEW: (frozenset({UnitState.SUBMITTED}), UnitState.REVIEWED),
    Action.RETURN: (frozenset({UnitState.SUBMITTED, UnitState.REVIEWED}), UnitState.DRAFT),
    # the division takes its submission back before the office has reviewed it
    Action.WITHDRAW: (frozenset({UnitState.SUBMITTED}), UnitState.DRAFT),
}


def unit_step(current: UnitState, action: Action) -> UnitState | None:
    """The state a division's ``action`` leads to from ``current``; None when it may not."""
    start, end = UNIT_STEPS[action]
    return end if current in start else None


@dataclass(frozen=True, slots=True)
class YearStatus:
    """A fiscal year's place in the workflow."""

    year: int
    state: YearState | None  # None: never opened
    units: dict[str, UnitState]
    published_at: datetime | None = None
    published_by: str | None = None
    times_published: int = 0

    @property
    def is_open(self) -> bool:
        return self.state is YearState.OPEN

    @property
    def is_published(self) -> bool:
        return self.state is YearState.PUBLISHED

    @property
    def has_snapshot(self) -> bool:
        return self.times_published > 0

    def unit_state(self, unit_id: str) -> UnitState:
        return self.units.get(unit_id, UnitState.DRAFT)


class Actor(Protocol):
    """Who takes a step: a staff account as the rules see it."""

    @property
    def role(self) -> Role: ...
    @property
    def units(self) -> Set[str]: ...
    @property
    def disabled(self) -> bool: ...


def submitting_units(plan: Plan) -> list[str]:
    """Org units that answer for at least one measure: the divisions that submit."""
    used = {u for _, m in plan.measures() for u in m.org_units}
    return [u.id for u in plan.org_units if u.id in used]


def is_staff(user: Actor | None) -> bool:
    return user is not None and not user.disabled


def is_admin(user: Actor | None) -> bool:
    return user is not None and not user.disabled and user.role is Role.ADMIN


def may_edit_measure(user: Actor | None, measure: Measure, status: YearStatus) -> bool:
    """May ``user`` change the measure's texts (declared status, 要因分析) this year?"""
    if user is None or user.disabled or not status.is_open:
        return False
    if user.role is Role.ADMIN:
        return True
    if user.role is not Role.EDITOR:
        return False
    return any(
        u in user.units and status.unit_state(u) is UnitState.DRAFT for u in measure.org_units
    )


def editable_measures(
    user: Actor | None, plan: Plan, kpi_id: str, status: YearStatus
) -> list[Measure]:
    """The measures showing ``kpi_id`` whose texts ``user`` may change this year."""
    return [m for _, m in plan.kpi_places(kpi_id) if may_edit_measure(user, m, status)]


def may_edit_kpi(user: Actor | None, plan: Plan, kpi_id: str, status: YearStatus) -> bool:
    """May ``user`` change the KPI's actual this year? Admins always; editors via a measure."""
    if user is None or user.disabled or not status.is_open:
        return False
    if user.role is Role.ADMIN:
        return True
    return bool(editable_measures(user, plan, kpi_id, status))


def _may_step_own_unit(
    user: Actor | None, unit_id: str, status: YearStatus, action: Action
) -> bool:
    """A division's own step: its editors and admins, in an open year, from a state the
    step starts from."""
    if not status.is_open or unit_step(status.unit_state(unit_id), action) is None:
        return False
    return is_own_unit(user, unit_id)


def may_submit(user: Actor | None, unit_id: str, status: YearStatus) -> bool:
    """May ``user`` submit the division ``unit_id`` now? Its own editors and admins, while a
    draft of an open year."""
    return _may_step_own_unit(user, unit_id, status, Action.SUBMIT)


def may_withdraw(user: Actor | None, unit_id: str, status: YearStatus) -> bool:
    """May ``user`` take back the division's submission now? Its own editors and admins,
    while submitted and not yet reviewed, in an open year."""
    return _may_step_own_unit(user, unit_id, status, Action.WITHDRAW)


def is_own_unit(user: Actor | None, unit_id: str) -> bool:
    """Does the division ``unit_id`` belong to ``user`` (an enabled admin, or its editor)?"""
    if user is None or user.disabled:
        return False
    return user.role is Role.ADMIN or (user.role is Role.EDITOR and unit_id in user.units)


def user_kpis(user: Actor, plan: Plan) -> list[str]:
    """KPIs under measures of the user's units (all KPIs for admins and viewers)."""
    if user.role is not Role.EDITOR:
        return [k.id for k in plan.kpis]
    mine = {r.kpi for _, m in plan.measures() if set(m.org_units) & user.units for r in m.kpis}
    return [k.id for k in plan.kpis if k.id in mine]

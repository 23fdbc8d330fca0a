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

A user may also be bound to an **organisation** (団体コード); a plan may belong to one
(``Plan.organisation``). How far a user reaches into a plan is :func:`reach`:

* a user with no organisation is installation-wide: every plan is their own (an admin
  without one is the national / installation administrator: indicator sets, surveys,
  every plan, every user);
* a user of an organisation owns that organisation's plans only; a plan with no
  organisation is managed by installation-wide users only;
* a 都道府県's users also *supervise* their municipalities' plans: they read the drafts
  and its admins (the policy office) review or return a division's submission, but never
  edit figures, open or publish a year, or manage those users.

Every rule below takes the plan's organisation (``plan_org``), so a unit id that repeats
across plans is checked against the plan too.

The store (:class:`shinchoku.store.history.Workflow`) applies the steps inside one
locked transaction; this module only decides.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from shinchoku.orgs.codes import NATION_CODE, prefecture_code
from shinchoku.problems import Place, ShinchokuError, Wording

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


class Reach(StrEnum):
    """How far a user reaches into a plan (:func:`reach`)."""

    NONE = "none"  # another organisation's plan: nothing internal
    SUPERVISED = "supervised"  # a municipality's plan, for its prefecture: read and review
    OWN = "own"  # the user's organisation's plan (every plan, for installation-wide users)


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
    @property
    def organisation(self) -> str | None: ...  # 団体コード; None: installation-wide


def submitting_units(plan: Plan) -> list[str]:
    """Org units that answer for at least one measure: the divisions that submit."""
    used = {u for _, m in plan.measures() for u in m.org_units}
    return [u.id for u in plan.org_units if u.id in used]


def is_prefecture(code: str) -> bool:
    """Is the 団体コード ``code`` a 都道府県's (municipality digits 000, not 国's)?"""
    return code != NATION_CODE and code[2:5] == "000"


def reach(user: Actor | None, plan_org: str | None) -> Reach:
    """How far ``user`` reaches into a plan of the organisation ``plan_org`` (None: a plan
    of no organisation)."""
    if user is None or user.disabled:
        return Reach.NONE
    if user.organisation is None:
        return Reach.OWN
    if plan_org is None:
        return Reach.NONE
    if plan_org == user.organisation:
        return Reach.OWN
    if is_prefecture(user.organisation) and prefecture_code(plan_org) == user.organisation:
        return Reach.SUPERVISED
    return Reach.NONE


def is_staff(user: Actor | None) -> bool:
    return user is not None and not user.disabled


def is_admin(user: Actor | None) -> bool:
    """An enabled admin (of any organisation, or installation-wide)."""
    return user is not None and not user.disabled and user.role is Role.ADMIN


def is_national_admin(user: Actor | None) -> bool:
    """The installation's administrator: an admin of no organisation. Manages indicator
    sets and surveys, every plan and every user."""
    return is_admin(user) and user is not None and user.organisation is None


def may_import_survey(user: Actor | None, prefecture: str | None = None) -> bool:
    """May ``user`` import figures of common indicators: any survey file (the national
    administrator), or the replies to a prefecture's 照会 of its municipalities (that
    prefecture's office too)?"""
    if is_national_admin(user):
        return True
    return (
        prefecture is not None
        and is_admin(user)
        and user is not None
        and user.organisation == prefecture
    )


def may_read_plan(user: Actor | None, plan_org: str | None) -> bool:
    """May ``user`` see the plan's internal pages (drafts included)?"""
    return reach(user, plan_org) is not Reach.NONE


def may_manage_plan(user: Actor | None, plan_org: str | None) -> bool:
    """May ``user`` act as the plan's policy office: open, publish and reopen its years, run
    its round (deadlines, reminders), manage its users and tokens?"""
    return is_admin(user) and reach(user, plan_org) is Reach.OWN


def may_review(user: Actor | None, plan_org: str | None) -> bool:
    """May ``user`` review or return a division's submission in the plan? Its own office,
    and for a municipality's plan its prefecture's office too."""
    return is_admin(user) and reach(user, plan_org) is not Reach.NONE


def may_manage_user(actor: Actor | None, organisation: str | None) -> bool:
    """May ``actor`` create or change an account of ``organisation`` (None: an
    installation-wide account)? The national admin any; an organisation's admin only its
    own organisation's."""
    if not is_admin(actor) or actor is None:
        return False
    return actor.organisation is None or actor.organisation == organisation


def organisation_words(code: str | None) -> Wording:
    """An organisation as a refusal names it: 「仙台市 041009」, or installation-wide."""
    if code is None:
        return Wording("団体の指定なし", "no organisation")
    from shinchoku.orgs import registry

    org = registry().get(code)
    return Wording(f"{org.name} {code}", f"{org.name} {code}") if org else Wording(code, code)


class Named(Actor, Protocol):
    """An actor with its account name (what a refusal names)."""

    @property
    def name(self) -> str: ...


def plan_refused(
    user: Named, plan_id: str, plan_org: str | None, action: str, place: Place | None = None
) -> ShinchokuError:
    """``plan-of-another-organisation``: ``user`` may not ``action`` (read, edit, manage,
    review) the plan ``plan_id`` of ``plan_org``; the message names the plan and both
    organisations."""
    from shinchoku.problems.store import ORG_ACTION_WORDS, PLAN_OF_ANOTHER_ORGANISATION

    return PLAN_OF_ANOTHER_ORGANISATION.error(
        place or Place(),
        plan=plan_id,
        owner=organisation_words(plan_org),
        user=user.name,
        organisation=organisation_words(user.organisation),
        action=ORG_ACTION_WORDS[action],
    )


def may_edit_measure(
    user: Actor | None, plan_org: str | None, measure: Measure, status: YearStatus
) -> bool:
    """May ``user`` change the measure's texts (declared status, 要因分析) this year?"""
    if user is None or user.disabled or not status.is_open:
        return False
    if reach(user, plan_org) is not Reach.OWN:
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
    return [
        m
        for _, m in plan.kpi_places(kpi_id)
        if may_edit_measure(user, plan.organisation, m, status)
    ]


def may_edit_kpi(user: Actor | None, plan: Plan, kpi_id: str, status: YearStatus) -> bool:
    """May ``user`` change the KPI's actual this year? The plan's own admins always; its
    own editors via a measure."""
    if user is None or user.disabled or not status.is_open:
        return False
    if reach(user, plan.organisation) is not Reach.OWN:
        return False
    if user.role is Role.ADMIN:
        return True
    return bool(editable_measures(user, plan, kpi_id, status))


def _may_step_own_unit(
    user: Actor | None, plan_org: str | None, unit_id: str, status: YearStatus, action: Action
) -> bool:
    """A division's own step: its editors and admins, in an open year, from a state the
    step starts from."""
    if not status.is_open or unit_step(status.unit_state(unit_id), action) is None:
        return False
    return is_own_unit(user, plan_org, unit_id)


def may_submit(user: Actor | None, plan_org: str | None, unit_id: str, status: YearStatus) -> bool:
    """May ``user`` submit the division ``unit_id`` now? Its own editors and admins, while a
    draft of an open year."""
    return _may_step_own_unit(user, plan_org, unit_id, status, Action.SUBMIT)


def may_withdraw(
    user: Actor | None, plan_org: str | None, unit_id: str, status: YearStatus
) -> bool:
    """May ``user`` take back the division's submission now? Its own editors and admins,
    while submitted and not yet reviewed, in an open year."""
    return _may_step_own_unit(user, plan_org, unit_id, status, Action.WITHDRAW)


def is_own_unit(user: Actor | None, plan_org: str | None, unit_id: str) -> bool:
    """Does the division ``unit_id`` of a plan of ``plan_org`` belong to ``user`` (an
    enabled admin of the plan, or its editor)?"""
    if user is None or user.disabled or reach(user, plan_org) is not Reach.OWN:
        return False
    return user.role is Role.ADMIN or (user.role is Role.EDITOR and unit_id in user.units)


def user_kpis(user: Actor, plan: Plan) -> list[str]:
    """KPIs under measures of the user's units (all KPIs for admins and viewers); none for
    an editor of another organisation."""
    if user.role is not Role.EDITOR:
        return [k.id for k in plan.kpis]
    if reach(user, plan.organisation) is not Reach.OWN:
        return []
    mine = {r.kpi for _, m in plan.measures() if set(m.org_units) & user.units for r in m.kpis}
    return [k.id for k in plan.kpis if k.id in mine]

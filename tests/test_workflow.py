"""The role rules of a division's own steps: submit from a draft, withdraw a submission the
office has not reviewed; its editors and admins only, in an open year. And the rules of
organisations: who reaches which plan, and what each may do there."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field

import pytest

from shinchoku.workflow import (
    UNIT_STEPS,
    Action,
    Reach,
    Role,
    UnitState,
    YearState,
    YearStatus,
    is_national_admin,
    is_own_unit,
    is_prefecture,
    may_edit_measure,
    may_import_survey,
    may_manage_plan,
    may_manage_user,
    may_read_plan,
    may_review,
    may_submit,
    may_withdraw,
    plan_refused,
    reach,
    unit_step,
)

UNIT, OTHER = "jumin", "kyoiku"


@dataclass(frozen=True)
class Person:
    role: Role
    units: Set[str] = field(default_factory=frozenset)
    disabled: bool = False
    organisation: str | None = None
    name: str = "someone"


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
    assert may_withdraw(who, None, UNIT, status(UnitState.SUBMITTED)) is allowed
    assert is_own_unit(who, None, UNIT) is allowed


@pytest.mark.parametrize("state", [UnitState.DRAFT, UnitState.REVIEWED])
def test_nothing_to_withdraw_unless_submitted(state: UnitState) -> None:
    assert not may_withdraw(EDITOR, None, UNIT, status(state))
    assert not may_withdraw(ADMIN, None, UNIT, status(state))


def test_no_step_in_a_published_year() -> None:
    published = status(UnitState.SUBMITTED, YearState.PUBLISHED)
    assert not may_withdraw(ADMIN, None, UNIT, published)
    assert not may_submit(ADMIN, None, UNIT, status(UnitState.DRAFT, YearState.PUBLISHED))


def test_submit_and_withdraw_alternate() -> None:
    assert may_submit(EDITOR, None, UNIT, status(UnitState.DRAFT))
    assert not may_submit(EDITOR, None, UNIT, status(UnitState.SUBMITTED))
    assert not may_submit(STRANGER, None, UNIT, status(UnitState.DRAFT))


# -- organisations -----------------------------------------------------------------------

MIYAGI, SENDAI, ISHINOMAKI, YAMAGATA = "040002", "041009", "042021", "060003"
NATIONAL = Person(Role.ADMIN)
SENDAI_OFFICE = Person(Role.ADMIN, organisation=SENDAI)
SENDAI_EDITOR = Person(Role.EDITOR, frozenset({UNIT}), organisation=SENDAI)
SENDAI_VIEWER = Person(Role.VIEWER, organisation=SENDAI)
MIYAGI_OFFICE = Person(Role.ADMIN, organisation=MIYAGI)
MIYAGI_VIEWER = Person(Role.VIEWER, organisation=MIYAGI)
ISHINOMAKI_EDITOR = Person(Role.EDITOR, frozenset({UNIT}), organisation=ISHINOMAKI)
YAMAGATA_OFFICE = Person(Role.ADMIN, organisation=YAMAGATA)


def test_prefecture_codes() -> None:
    assert is_prefecture(MIYAGI) and not is_prefecture(SENDAI)
    assert not is_prefecture("000000")  # 国 is no prefecture


@pytest.mark.parametrize(
    ("who", "plan_org", "expected"),
    [
        (NATIONAL, SENDAI, Reach.OWN),
        (NATIONAL, None, Reach.OWN),
        (SENDAI_OFFICE, SENDAI, Reach.OWN),
        (SENDAI_OFFICE, ISHINOMAKI, Reach.NONE),
        (SENDAI_OFFICE, MIYAGI, Reach.NONE),  # a municipality does not reach its prefecture
        (SENDAI_OFFICE, None, Reach.NONE),  # a plan of no organisation: installation-wide only
        (MIYAGI_OFFICE, SENDAI, Reach.SUPERVISED),
        (MIYAGI_VIEWER, ISHINOMAKI, Reach.SUPERVISED),
        (MIYAGI_OFFICE, MIYAGI, Reach.OWN),
        (YAMAGATA_OFFICE, SENDAI, Reach.NONE),  # another prefecture's municipality
        (ISHINOMAKI_EDITOR, SENDAI, Reach.NONE),
        (Person(Role.ADMIN, organisation=SENDAI, disabled=True), SENDAI, Reach.NONE),
        (None, SENDAI, Reach.NONE),
    ],
)
def test_reach(who: Person | None, plan_org: str | None, expected: Reach) -> None:
    assert reach(who, plan_org) is expected
    assert may_read_plan(who, plan_org) is (expected is not Reach.NONE)


def test_the_office_manages_its_own_plan_and_the_prefecture_reviews_it() -> None:
    assert may_manage_plan(SENDAI_OFFICE, SENDAI) and may_review(SENDAI_OFFICE, SENDAI)
    assert may_review(MIYAGI_OFFICE, SENDAI) and not may_manage_plan(MIYAGI_OFFICE, SENDAI)
    assert not may_review(MIYAGI_VIEWER, SENDAI)  # reads, but reviewing is an admin's
    assert not may_review(SENDAI_OFFICE, ISHINOMAKI) and not may_review(YAMAGATA_OFFICE, SENDAI)
    assert may_manage_plan(NATIONAL, SENDAI) and may_manage_plan(NATIONAL, None)


def test_figures_are_edited_by_the_plans_own_staff_only() -> None:
    draft = status(UnitState.DRAFT)
    from shinchoku.model import Measure

    measure = Measure(id="m", name="施策", org_units=[UNIT], kpis=[])
    assert may_edit_measure(SENDAI_EDITOR, SENDAI, measure, draft)
    assert may_edit_measure(SENDAI_OFFICE, SENDAI, measure, draft)
    # the same unit id in another organisation's plan is not theirs
    assert not may_edit_measure(SENDAI_EDITOR, ISHINOMAKI, measure, draft)
    assert not may_edit_measure(ISHINOMAKI_EDITOR, SENDAI, measure, draft)
    # the prefecture reviews its municipalities' plans but never edits their figures
    assert not may_edit_measure(MIYAGI_OFFICE, SENDAI, measure, draft)
    assert not is_own_unit(MIYAGI_OFFICE, SENDAI, UNIT)
    assert may_submit(SENDAI_EDITOR, SENDAI, UNIT, draft)
    assert not may_submit(ISHINOMAKI_EDITOR, SENDAI, UNIT, draft)
    assert not may_withdraw(MIYAGI_OFFICE, SENDAI, UNIT, status(UnitState.SUBMITTED))


def test_who_may_import_survey_figures() -> None:
    assert may_import_survey(NATIONAL) and may_import_survey(NATIONAL, MIYAGI)
    # a prefecture's office: the replies to its own 照会 only
    assert may_import_survey(MIYAGI_OFFICE, MIYAGI)
    assert not may_import_survey(MIYAGI_OFFICE)  # not a national survey
    assert not may_import_survey(YAMAGATA_OFFICE, MIYAGI)
    assert not may_import_survey(SENDAI_OFFICE, MIYAGI)  # a municipality's office
    assert not may_import_survey(MIYAGI_VIEWER, MIYAGI) and not may_import_survey(None)


def test_accounts_are_managed_within_the_organisation() -> None:
    assert is_national_admin(NATIONAL) and not is_national_admin(SENDAI_OFFICE)
    assert may_manage_user(NATIONAL, SENDAI) and may_manage_user(NATIONAL, None)
    assert may_manage_user(SENDAI_OFFICE, SENDAI)
    assert not may_manage_user(SENDAI_OFFICE, None)  # no installation-wide accounts
    assert not may_manage_user(SENDAI_OFFICE, ISHINOMAKI)
    assert not may_manage_user(MIYAGI_OFFICE, SENDAI)  # the prefecture reviews, not manages
    assert not may_manage_user(SENDAI_EDITOR, SENDAI)


def test_a_refusal_names_the_plan_and_both_organisations() -> None:
    err = plan_refused(ISHINOMAKI_EDITOR, "sendai-dx", SENDAI, "edit")
    assert err.problem.code == "plan-of-another-organisation"
    from shinchoku.wording import problem_message

    ja, en = problem_message(err.problem, "ja"), problem_message(err.problem, "en")
    assert "sendai-dx" in ja and "仙台市 041009" in ja and "石巻市 042021" in ja and "編集" in ja
    assert "'sendai-dx'" in en and "to edit" in en and "石巻市 042021" in en

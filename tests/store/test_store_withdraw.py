"""A division withdraws its submission: submitted → draft, recorded as a year event; refused
once reviewed or when not submitted. SQLite and PostgreSQL, the Miyagi example."""

from __future__ import annotations

import pytest

from shinchoku.dataset import load_example
from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from shinchoku.store.history import Workflow
from shinchoku.workflow import UnitState, submitting_units

OPEN = 2024


@pytest.fixture
def example(db: Database) -> Plan:
    plan = load_example()
    db.load_dataset_plan(plan)
    Workflow(db).open(plan.id, OPEN, "admin")
    return plan


def test_withdraw_makes_a_submission_a_draft_again(db: Database, example: Plan) -> None:
    wf = Workflow(db)
    unit = submitting_units(example)[0]
    wf.submit(example.id, OPEN, unit, "clerk")
    assert wf.status(example.id, OPEN).unit_state(unit) is UnitState.SUBMITTED
    wf.withdraw(example.id, OPEN, unit, "clerk")
    assert wf.status(example.id, OPEN).unit_state(unit) is UnitState.DRAFT
    wf.submit(example.id, OPEN, unit, "clerk")  # and it can be submitted again
    assert wf.status(example.id, OPEN).unit_state(unit) is UnitState.SUBMITTED
    events = [(e.action, e.org_unit_id, e.user) for e in wf.events(example.id, OPEN)]
    assert events[-3:] == [
        ("submit", unit, "clerk"),
        ("withdraw", unit, "clerk"),
        ("submit", unit, "clerk"),
    ]


def test_withdraw_is_refused_unless_submitted_and_unreviewed(db: Database, example: Plan) -> None:
    wf = Workflow(db)
    unit = submitting_units(example)[0]
    with pytest.raises(ShinchokuError) as caught:
        wf.withdraw(example.id, OPEN, unit, "clerk")  # a draft
    assert caught.value.problem.code == "unit-state-invalid"
    wf.submit(example.id, OPEN, unit, "clerk")
    wf.review(example.id, OPEN, unit, "admin")
    before = wf.events(example.id, OPEN)
    with pytest.raises(ShinchokuError) as caught:
        wf.withdraw(example.id, OPEN, unit, "clerk")  # reviewed: only the office returns it
    assert caught.value.problem.code == "unit-state-invalid"
    assert wf.status(example.id, OPEN).unit_state(unit) is UnitState.REVIEWED
    assert wf.events(example.id, OPEN) == before

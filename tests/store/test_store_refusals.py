"""The store's refusals are catalogued problems, worded in both languages: the year
workflow's steps out of order and the account rules."""

from __future__ import annotations

import pytest

from shinchoku.dataset import load_example
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from shinchoku.store.accounts import Accounts
from shinchoku.store.history import Workflow
from shinchoku.wording import problem_message

PASSWORD = "correct horse battery staple"


def _refused(code: str, step: object, *args: object) -> ShinchokuError:
    with pytest.raises(ShinchokuError) as caught:
        step(*args)  # type: ignore[operator]
    assert caught.value.problem.code == code
    return caught.value


def test_workflow_steps_out_of_order(db: Database) -> None:
    plan = load_example()
    db.save_plan(plan)
    wf = Workflow(db)
    wf.open(plan.id, 2024, "admin")
    again = _refused("year-already-opened", wf.open, plan.id, 2024, "admin")
    assert problem_message(again.problem, "ja") == "令和6年度は既に開始されています。"
    _refused("year-not-published", wf.reopen, plan.id, 2023, "admin", "誤りの訂正")
    missing = _refused("unit-not-found", wf.submit, plan.id, 2024, "no-such-unit", "admin")
    assert "「no-such-unit」" in problem_message(missing.problem, "ja")
    draft = _refused("unit-state-invalid", wf.review, plan.id, 2024, "kikaku-digital", "admin")
    assert (
        problem_message(draft.problem, "ja")
        == "所属「kikaku-digital」は未提出のため、確認済みにできません。"
    )
    assert problem_message(draft.problem, "en") == (
        "Org unit kikaku-digital is a draft; it cannot be reviewed."
    )


def test_account_rules(db: Database) -> None:
    accounts = Accounts(db)
    _refused("user-name-invalid", accounts.add_user, "a b", "admin", PASSWORD)
    _refused("editor-needs-unit", accounts.add_user, "ed", "editor", PASSWORD, [])
    accounts.add_user("kanri", "admin", PASSWORD)
    exists = _refused("user-exists", accounts.add_user, "kanri", "viewer", PASSWORD)
    assert exists.problem.kind is not None and exists.problem.kind.status == 409
    accounts.add_user("etsuran", "viewer", PASSWORD)
    accounts.disable("etsuran")
    disabled = _refused("user-disabled", accounts.create_token, "etsuran")
    assert problem_message(disabled.problem, "ja") == "ユーザー「etsuran」は無効にされています。"

"""Staff accounts in the store: the rules hold for every caller (CLI, web, scripts)."""

from __future__ import annotations

import pytest

from shinchoku.dataset import load_example
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from shinchoku.store.accounts import Accounts

PASSWORD = "a long enough password"


def test_editor_units_must_be_units_of_a_stored_plan(db: Database) -> None:
    accounts = Accounts(db)
    # No plan stored yet: nothing to check against, the unit is taken as given.
    assert accounts.add_user("early", "editor", PASSWORD, ["later-unit"]).units == {"later-unit"}
    db.save_plan(load_example())
    with pytest.raises(ShinchokuError) as caught:
        accounts.add_user("sato", "editor", PASSWORD, ["kikaku-digital", "no-such-unit"])
    assert (caught.value.problem.code, caught.value.problem.found) == (
        "unit-not-found",
        "no-such-unit",
    )
    assert accounts.get("sato") is None  # nothing written
    user = accounts.add_user("tanaka", "editor", PASSWORD, ["kikaku-digital"])
    assert user.units == {"kikaku-digital"}

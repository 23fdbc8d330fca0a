"""``shinchoku year`` and ``shinchoku token``: the office's scripted work through the same
workflow, role rules and history as the staff pages; a published year refuses every load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.store import Database
from shinchoku.store.accounts import Accounts
from shinchoku.store.history import Workflow

from .conftest import TOWN

runner = CliRunner()
PASSWORD = "correct horse battery staple"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The town's plan loaded; an admin and an editor."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHINCHOKU_DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert runner.invoke(app, ["load", str(TOWN), "--db", url]).exit_code == 0
    database = Database(url)
    accounts = Accounts(database)
    accounts.add_user("boss", "admin", PASSWORD)
    accounts.add_user("clerk", "editor", PASSWORD, ["jumin"])
    database.dispose()
    return url


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_year_steps_go_through_the_workflow(db: str) -> None:
    assert run("year", "open", "2024", "--by", "boss", "--db", db)[0] == 0
    assert run("year", "submit", "2024", "--unit", "jumin", "--by", "clerk", "--db", db)[0] == 0
    code, _, stderr = run("year", "publish", "2024", "--by", "boss", "--db", db)
    assert code == 1 and "units-not-reviewed" in stderr and "kyoiku" in stderr
    assert run("year", "publish", "2024", "--by", "boss", "--force", "--db", db)[0] == 0
    listed = json.loads(run("year", "list", "--json", "--db", db)[1])
    states = {y["year"]: (y["state"], y["published_by"]) for y in listed["years"]}
    assert states[2024] == ("published", "boss") and states[2023] == ("not opened", None)
    database = Database(db)
    events = [(e.action, e.user, e.org_unit_id) for e in Workflow(database).events(listed["plan"])]
    database.dispose()
    assert events == [
        ("open", "boss", None),
        ("submit", "clerk", "jumin"),
        ("publish", "boss", None),
    ]


def test_a_division_withdraws_its_submission(db: str) -> None:
    assert run("year", "open", "2024", "--by", "boss", "--db", db)[0] == 0
    code, _, stderr = run(
        "year", "withdraw", "2024", "--unit", "jumin", "--by", "clerk", "--db", db
    )
    assert code == 1 and "unit-state-invalid" in stderr  # a draft: nothing to withdraw
    code, _, stderr = run(
        "year", "withdraw", "2024", "--unit", "kyoiku", "--by", "clerk", "--db", db
    )
    assert code == 1 and "forbidden" in stderr  # not the clerk's division
    assert run("year", "submit", "2024", "--unit", "jumin", "--by", "clerk", "--db", db)[0] == 0
    code, stdout, _ = run(
        "year", "withdraw", "2024", "--unit", "jumin", "--by", "clerk", "--db", db
    )
    assert code == 0 and "jumin" in stdout
    listed = json.loads(run("year", "list", "--json", "--db", db)[1])
    year = next(y for y in listed["years"] if y["year"] == 2024)
    assert year["units"]["jumin"] == "draft"
    database = Database(db)
    events = [(e.action, e.user) for e in Workflow(database).events(listed["plan"])]
    database.dispose()
    assert events[-1] == ("withdraw", "clerk")


def test_role_rules_hold_on_the_command_line(db: str) -> None:
    code, _, stderr = run("year", "open", "2024", "--by", "clerk", "--db", db)
    assert code == 1 and "forbidden" in stderr
    code, _, stderr = run("year", "open", "2024", "--by", "nobody", "--db", db)
    assert code == 1 and "user-not-found" in stderr
    assert run("year", "open", "2024", "--by", "boss", "--db", db)[0] == 0
    code, _, stderr = run("year", "submit", "2024", "--unit", "kyoiku", "--by", "clerk", "--db", db)
    assert code == 1 and "forbidden" in stderr
    code, _, stderr = run("year", "open", "2025", "--by", "boss", "--db", db)
    assert code == 1 and "another-year-open" in stderr
    code, _, stderr = run("year", "open", "2030", "--by", "boss", "--db", db)
    assert code == 1 and "year-outside-plan" in stderr


@pytest.mark.parametrize("overwrite", [[], ["--overwrite-edits"]])
def test_load_refuses_a_published_year_until_reopened(
    db: str, tmp_path: Path, overwrite: list[str]
) -> None:
    run("year", "open", "2024", "--by", "boss", "--db", db)
    run("year", "publish", "2024", "--by", "boss", "--force", "--db", db)
    corrected = tmp_path / "corrected"
    shutil.copytree(TOWN, corrected)
    kpis = corrected / "kpis.yaml"
    kpis.write_text(kpis.read_text("utf-8").replace("value: '18'", "value: '19'"), "utf-8")
    db_file = tmp_path / "x.sqlite"
    before = db_file.read_bytes()

    code, _, stderr = run("load", str(corrected), "--db", db, *overwrite)
    assert code == 1
    assert "year-published" in stderr and "counter-wait" in stderr and "「18」→「19」" in stderr
    assert db_file.read_bytes() == before

    code, _, stderr = run("year", "reopen", "2024", "--by", "boss", "--db", db)
    assert code == 2  # the reason is required
    reason = ["--reason", "counter-wait corrected by 住民課"]
    assert run("year", "reopen", "2024", "--by", "boss", *reason, "--db", db)[0] == 0
    code, stdout, _ = run("load", str(corrected), "--db", db, *overwrite)
    assert code == 0, stdout
    database = Database(db)
    plan = database.load_plan()
    notes = [e.note for e in Workflow(database).events(plan.id, 2024) if e.action == "reopen"]
    database.dispose()
    assert plan.kpi("counter-wait").observations[2024].value.text == "19"
    assert notes == ["counter-wait corrected by 住民課"]


def test_tokens_are_listed_and_revoked_one_at_a_time(db: str) -> None:
    first = run("user", "token", "clerk", "--label", "nightly import", "--db", db)[1].strip()
    second = run("user", "token", "clerk", "--label", "laptop", "--db", db)[1].strip()
    listed = json.loads(run("token", "list", "--json", "--db", db)[1])
    assert [(t["user"], t["label"], t["revoked_at"]) for t in listed] == [
        ("clerk", "nightly import", None),
        ("clerk", "laptop", None),
    ]
    code, _, stderr = run("token", "revoke", str(listed[0]["id"]), "--by", "clerk", "--db", db)
    assert code == 1 and "forbidden" in stderr
    code, stdout, _ = run("token", "revoke", str(listed[0]["id"]), "--by", "boss", "--db", db)
    assert code == 0 and "nightly import" in stdout
    database = Database(db)
    accounts = Accounts(database)
    try:
        assert accounts.user_for_token(first) is None
        user = accounts.user_for_token(second)
        assert user is not None and user.name == "clerk"
    finally:
        database.dispose()
    after = json.loads(run("token", "list", "--user", "clerk", "--json", "--db", db)[1])
    assert [(t["revoked_by"], t["last_used_at"] is not None) for t in after] == [
        ("boss", False),
        (None, True),
    ]
    code, _, stderr = run("token", "revoke", "999", "--by", "boss", "--db", db)
    assert code == 1 and "token-not-found" in stderr


def test_the_office_reviews_and_returns_from_the_cli(db: str) -> None:
    assert run("year", "open", "2024", "--by", "boss", "--db", db)[0] == 0
    assert run("year", "submit", "2024", "--unit", "jumin", "--by", "clerk", "--db", db)[0] == 0
    # the division itself neither reviews nor returns its own submission
    code, _, stderr = run("year", "review", "2024", "--unit", "jumin", "--by", "clerk", "--db", db)
    assert code == 1 and "forbidden" in stderr
    # a return needs a reason, on this channel as on the staff pages
    ret = ("year", "return", "2024", "--unit", "jumin", "--by", "boss", "--db", db)
    code, _, stderr = run(*ret, "--reason", " 　")
    assert code == 1 and "reason-required" in stderr
    code, stdout, _ = run(*ret, "--reason", "単位を確認してください")
    assert code == 0 and "差し戻しました" in stdout
    database = Database(db)
    wf = Workflow(database)
    plan_id = database.load_plan(None).id
    assert wf.returns(plan_id, 2024)["jumin"].note == "単位を確認してください"
    assert wf.status(plan_id, 2024).unit_state("jumin").value == "draft"
    assert run("year", "submit", "2024", "--unit", "jumin", "--by", "clerk", "--db", db)[0] == 0
    code, stdout, _ = run("year", "review", "2024", "--unit", "jumin", "--by", "boss", "--db", db)
    assert code == 0 and "確認済みにしました" in stdout
    assert wf.status(plan_id, 2024).unit_state("jumin").value == "reviewed"
    database.dispose()

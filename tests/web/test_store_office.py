"""The office's round in the store, on SQLite and on PostgreSQL: migration 0010 down and up,
year deadlines, the mails sent, returns with a reason, the change log's filters, and the
account rules the CLI and the staff pages share."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
import sqlalchemy as sa
from alembic import command

from shinchoku.problems import ShinchokuError
from shinchoku.store import Database, alembic_config
from shinchoku.store.accounts import Accounts
from shinchoku.store.edits import MeasureYearEdit, ObservationEdit, apply_edits
from shinchoku.store.history import JST, ChangeFilter, Workflow
from shinchoku.store.tables import ChangeRow
from shinchoku.workflow import Role
from tests.web.conftest import (
    KPI_X,
    KPI_Y,
    MEASURE_X,
    OPEN_YEAR,
    PASSWORD,
    PLAN,
    UNIT_X,
    UNIT_Y,
    prepare,
    temporary_database,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path, template_db: Path) -> Iterator[Database]:
    with temporary_database(request.param, tmp_path) as url:
        if request.param == "sqlite":
            shutil.copyfile(template_db, tmp_path / "shinchoku.sqlite")
        else:
            prepare(url)
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()


def _code(exc: pytest.ExceptionInfo[ShinchokuError]) -> str:
    return exc.value.problem.code


def test_migration_0010_down_and_up_keeps_users(db: Database) -> None:
    accounts, wf = Accounts(db), Workflow(db)
    accounts.update("editor_x", "editor", [UNIT_X], "x@pref.example.jp")
    wf.set_deadline(PLAN, OPEN_YEAR, date(2025, 6, 30), "admin")
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0009")
    with db.engine.connect() as conn:
        inspector = sa.inspect(conn)
        columns = {c["name"] for c in inspector.get_columns("users")}
        tables = set(inspector.get_table_names())
    assert {"email", "must_change_password", "totp_secret"}.isdisjoint(columns)
    assert {"year_deadlines", "sent_mails"}.isdisjoint(tables) and "users" in tables
    db.migrate()
    user = accounts.get("editor_x")
    assert user is not None and user.units == {UNIT_X}  # kept
    assert (user.email, user.must_change_password, user.totp) == (None, False, False)
    assert accounts.authenticate("editor_x", PASSWORD) is not None
    assert wf.deadline(PLAN, OPEN_YEAR) is None


def test_deadline_is_set_moved_and_checked(db: Database) -> None:
    wf = Workflow(db)
    assert wf.deadline(PLAN, OPEN_YEAR) is None
    wf.set_deadline(PLAN, OPEN_YEAR, date(2025, 6, 30), "admin")
    wf.set_deadline(PLAN, OPEN_YEAR, date(2025, 7, 15), "boss")
    dl = wf.deadline(PLAN, OPEN_YEAR)
    assert dl is not None and (dl.deadline, dl.set_by) == (date(2025, 7, 15), "boss")
    with pytest.raises(ShinchokuError) as exc:
        wf.set_deadline(PLAN, 1999, date(2025, 7, 15), "boss")
    assert _code(exc) == "year-outside-plan"


def test_mails_are_recorded_newest_first(db: Database) -> None:
    wf = Workflow(db)
    wf.record_mail(PLAN, OPEN_YEAR, "reminder", UNIT_X, "a@example.jp", "件名1", "admin")
    wf.record_mail(PLAN, OPEN_YEAR, "reminder", UNIT_Y, "b@example.jp", "件名2", "admin")
    mails = wf.mails(PLAN, OPEN_YEAR)
    assert [(m.org_unit_id, m.recipient, m.subject) for m in mails] == [
        (UNIT_Y, "b@example.jp", "件名2"),
        (UNIT_X, "a@example.jp", "件名1"),
    ]
    assert wf.mails(PLAN, OPEN_YEAR - 1) == []


def test_a_return_keeps_its_reason_until_the_division_submits_again(db: Database) -> None:
    wf = Workflow(db)
    wf.submit(PLAN, OPEN_YEAR, UNIT_X, "editor_x")
    with pytest.raises(ShinchokuError) as exc:  # every channel gives a reason
        wf.send_back(PLAN, OPEN_YEAR, UNIT_X, "admin", " 　\n")
    assert _code(exc) == "reason-required" and exc.value.problem.place.field == "reason"
    assert wf.status(PLAN, OPEN_YEAR).unit_state(UNIT_X).value == "submitted"
    wf.send_back(PLAN, OPEN_YEAR, UNIT_X, "admin", "  実績値の単位を確認してください  ")
    assert wf.status(PLAN, OPEN_YEAR).unit_state(UNIT_X).value == "draft"
    ret = wf.returns(PLAN, OPEN_YEAR)[UNIT_X]
    assert (ret.user, ret.note) == ("admin", "実績値の単位を確認してください")
    wf.submit(PLAN, OPEN_YEAR, UNIT_X, "editor_x")
    assert wf.returns(PLAN, OPEN_YEAR) == {}


def test_the_change_log_filters_by_kpi_division_user_and_day(db: Database) -> None:
    r1 = apply_edits(db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 0, value="410")], user="alice")
    r2 = apply_edits(
        db,
        PLAN,
        OPEN_YEAR,
        [ObservationEdit(KPI_Y, 0, value="80%")],
        [MeasureYearEdit(MEASURE_X, 0, analysis="順調")],
        user="bob",
    )
    assert r1.ok and r2.ok
    wf = Workflow(db)
    every = wf.find_changes(PLAN, ChangeFilter())
    assert {c.user for c in every} == {"alice", "bob"}
    assert [c.id for c in every] == sorted((c.id for c in every), reverse=True)
    assert {c.kpi_id for c in wf.find_changes(PLAN, ChangeFilter(kpi_id=KPI_X))} == {KPI_X}
    bobs = wf.find_changes(PLAN, ChangeFilter(user="bob"))
    assert bobs and {c.user for c in bobs} == {"bob"}
    # a division: its KPIs' figures and its measures' texts
    unit_x = wf.find_changes(
        PLAN, ChangeFilter(kpi_ids=frozenset({KPI_X}), measure_ids=frozenset({MEASURE_X}))
    )
    assert {(c.kpi_id, c.measure_id) for c in unit_x} == {(KPI_X, None), (None, MEASURE_X)}
    today = datetime.now(JST).date()
    assert len(wf.find_changes(PLAN, ChangeFilter(since=today, until=today))) == len(every)
    assert wf.find_changes(PLAN, ChangeFilter(until=today - timedelta(days=1))) == []
    assert wf.find_changes(PLAN, ChangeFilter(since=today + timedelta(days=1))) == []
    assert len(wf.find_changes(PLAN, ChangeFilter(), limit=1)) == 1
    assert wf.change_users(PLAN) == ["alice", "bob"]


def test_a_day_in_japan_starts_at_midnight_jst_on_every_database(db: Database) -> None:
    """A change made at 00:30 JST (15:30 UTC the day before) belongs to the Japanese day."""
    assert apply_edits(
        db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 0, value="410")], user="alice"
    ).ok
    just_after_midnight = datetime(2026, 12, 1, 0, 30, tzinfo=JST)
    with db.engine.begin() as conn:
        conn.execute(sa.update(ChangeRow).values(at=just_after_midnight))
    wf = Workflow(db)
    (change,) = wf.find_changes(PLAN, ChangeFilter())
    assert change.at == just_after_midnight and change.at.utcoffset() == timedelta(0)
    day = date(2026, 12, 1)
    assert len(wf.find_changes(PLAN, ChangeFilter(since=day, until=day))) == 1
    assert wf.find_changes(PLAN, ChangeFilter(until=day - timedelta(days=1))) == []
    assert wf.find_changes(PLAN, ChangeFilter(since=day + timedelta(days=1))) == []


def test_account_rules_are_the_stores(db: Database) -> None:
    accounts = Accounts(db)
    with pytest.raises(ShinchokuError) as exc:
        accounts.add_user("newbie", "editor", PASSWORD, ["no-such-unit"])
    assert _code(exc) == "unit-not-found"
    with pytest.raises(ShinchokuError) as exc:
        accounts.add_user("newbie", "editor", PASSWORD, [])
    assert _code(exc) == "editor-needs-unit"
    with pytest.raises(ShinchokuError) as exc:
        accounts.add_user("newbie", "viewer", PASSWORD, [], "not an address")
    assert _code(exc) == "email-invalid"
    assert accounts.get("newbie") is None
    user = accounts.add_user("newbie", "editor", PASSWORD, [UNIT_Y], " y@pref.example.jp ")
    assert (user.units, user.email) == ({UNIT_Y}, "y@pref.example.jp")
    user = accounts.update("newbie", Role.EDITOR, [UNIT_X, UNIT_Y], "y2@pref.example.jp")
    assert user.units == {UNIT_X, UNIT_Y} and user.email == "y2@pref.example.jp"
    with pytest.raises(ShinchokuError) as exc:
        accounts.update("newbie", Role.EDITOR, [], None)
    assert _code(exc) == "editor-needs-unit"
    accounts.update("editor_x", Role.EDITOR, [UNIT_X], "x@pref.example.jp")
    assert accounts.emails_of_units([UNIT_X, UNIT_Y]) == {
        UNIT_X: ["x@pref.example.jp", "y2@pref.example.jp"],
        UNIT_Y: ["y2@pref.example.jp"],
    }
    accounts.disable("newbie")  # disabled editors get no mail
    assert accounts.emails_of_units([UNIT_Y]) == {UNIT_Y: []}
    assert accounts.authenticate("newbie", PASSWORD) is None
    accounts.enable("newbie")
    assert accounts.authenticate("newbie", PASSWORD) is not None


def test_a_temporary_password_must_be_changed(db: Database) -> None:
    accounts = Accounts(db)
    temporary = accounts.reset_password("viewer")
    assert accounts.authenticate("viewer", PASSWORD) is None
    user = accounts.authenticate("viewer", temporary)
    assert user is not None and user.must_change_password
    with pytest.raises(ShinchokuError) as exc:
        accounts.change_password("viewer", "wrong password!", "a new password here")
    assert _code(exc) == "password-wrong"
    with pytest.raises(ShinchokuError) as exc:
        accounts.change_password("viewer", temporary, "short")
    assert _code(exc) == "password-too-short"
    user = accounts.change_password("viewer", temporary, "a new password here")
    assert not user.must_change_password
    assert accounts.authenticate("viewer", "a new password here") is not None


def test_totp_enrolment_and_check(db: Database) -> None:
    accounts = Accounts(db)
    secret = pyotp.random_base32()
    with pytest.raises(ShinchokuError) as exc:
        accounts.enrol_totp(
            "admin", secret, "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
        )
    assert _code(exc) == "totp-code-wrong"
    user = accounts.enrol_totp("admin", secret, pyotp.TOTP(secret).now())
    assert user.totp
    assert accounts.check_totp(user, pyotp.TOTP(secret).now())
    assert not accounts.check_totp(user, "12345")
    assert not accounts.check_totp(user, pyotp.TOTP(pyotp.random_base32()).now() + "x")
    assert not accounts.disable_totp("admin").totp

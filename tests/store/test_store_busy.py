"""A database another writer holds past the wait is refused as busy, not as a crash."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from shinchoku.dataset import load_example
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database, database


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "SQLITE_BUSY_SECONDS", 1)


def _migrated(path: Path) -> Database:
    db = Database(f"sqlite:///{path}")
    db.migrate()
    return db


def test_a_lock_held_by_another_process_is_database_busy(tmp_path: Path, short_wait: None) -> None:
    db = _migrated(tmp_path / "busy.sqlite")
    try:
        other = sqlite3.connect(tmp_path / "busy.sqlite", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # what another program's writer holds
        try:
            with pytest.raises(ShinchokuError) as caught:
                db.save_plan(load_example())
            assert [p.code for p in caught.value.problems] == ["database-busy"]
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert db.save_plan(load_example())  # the lock gone, the same write goes through
    finally:
        db.dispose()


def test_a_writer_of_the_same_process_held_too_long_is_database_busy(
    tmp_path: Path, short_wait: None
) -> None:
    db = _migrated(tmp_path / "busy.sqlite")
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with db.writing():
            holding.set()
            done.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(30)
        with pytest.raises(ShinchokuError) as caught:
            db.save_plan(load_example())
        assert [p.code for p in caught.value.problems] == ["database-busy"]
    finally:
        done.set()
        thread.join()
        db.dispose()

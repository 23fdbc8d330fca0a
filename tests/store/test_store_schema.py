"""Schema and configuration: migrations match the tables, URLs, no early connection."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from shinchoku.problems import ShinchokuError
from shinchoku.source import database_url
from shinchoku.store import Database, alembic_config
from shinchoku.store.tables import Base


def test_migrated_schema_matches_tables(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert head is not None and context.get_current_revision() == head


def test_migrate_twice(db: Database) -> None:
    db.migrate()
    assert sorted(sa.inspect(db.engine).get_table_names()) == sorted(
        [*Base.metadata.tables, "alembic_version"]
    )


def test_sqlite_foreign_keys_are_on(tmp_path: object) -> None:
    db = Database(f"sqlite:///{tmp_path}/fk.sqlite")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()


def test_postgres_url_uses_psycopg() -> None:
    db = Database("postgresql://user:secret@db.example:5432/shinchoku")
    assert db.url.drivername == "postgresql+psycopg"
    assert "secret" not in repr(db)
    assert db._engine is None  # nothing created, nothing connected


def test_unsupported_url() -> None:
    with pytest.raises(ShinchokuError) as caught:
        Database("mysql://localhost/x")
    assert caught.value.problem.code == "database-url-unsupported"


def test_default_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHINCHOKU_DATABASE_URL", raising=False)
    assert database_url() is None  # nothing to read from
    assert database_url(default=True) == "sqlite:///shinchoku.sqlite"
    (tmp_path / "shinchoku.sqlite").touch()
    assert database_url() == "sqlite:///shinchoku.sqlite"
    monkeypatch.setenv("SHINCHOKU_DATABASE_URL", "postgresql://localhost/x")
    assert database_url() == database_url(default=True) == "postgresql://localhost/x"
    assert database_url("sqlite:///other.sqlite") == "sqlite:///other.sqlite"

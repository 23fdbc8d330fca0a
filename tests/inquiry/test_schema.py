"""The inquiry tables are on the store's metadata, and migration 0002 creates them."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shinchoku.store import Database
from shinchoku.store.tables import Base


def test_migrations_create_the_inquiry_tables(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'schema.sqlite'}")
    try:
        db.migrate()
        names = set(sa.inspect(db.engine).get_table_names())
        assert {"inquiry_rounds", "inquiry_forms", "inquiry_replies"} <= names
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
        assert [d for d in diff if "inquiry" in repr(d)] == []
    finally:
        db.dispose()


def test_importing_the_tables_is_light() -> None:
    """The migrations import every table: no openpyxl behind them."""
    import subprocess
    import sys

    code = (
        "import sys, shinchoku.store.tables;"
        "assert 'openpyxl' not in sys.modules and 'python_calamine' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

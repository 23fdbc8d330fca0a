"""Comparison fixtures: a migrated database on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shinchoku.store import Database
from tests.store.conftest import BACKENDS, temporary_database

SURVEY = Path(__file__).parent.parent / "data" / "survey" / "miyagi-dx.csv"


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with temporary_database(request.param, tmp_path) as url:
        database = Database(url)
        database.migrate()
        try:
            yield database
        finally:
            database.dispose()


from tests.store.conftest import plan_data  # noqa: E402,F401  (the store's plan fixture)

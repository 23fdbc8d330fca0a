"""Where a plan comes from: a dataset folder, a database, or the bundled example.

The CLI, the report builder and the web app all resolve their plan here, so
the rule is the same everywhere: an explicit dataset, else an explicit
database URL (``--db`` or ``SHINCHOKU_DATABASE_URL``), else the default SQLite
file if it exists, else the bundled example.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, overload

from shinchoku.dataset import load_example, read_dataset
from shinchoku.model import Plan

DEFAULT_SQLITE = "shinchoku.sqlite"
ENV_URL = "SHINCHOKU_DATABASE_URL"


@dataclass(frozen=True, slots=True)
class PlanSource:
    kind: str  # "dataset", "database" or "example"
    location: str

    def describe(self, lang: str = "en") -> str:
        if lang == "ja":
            return {
                "dataset": f"データセット {self.location}",
                "database": f"データベース {self.location}",
                "example": "同梱の例",
            }[self.kind]
        return {
            "dataset": f"dataset {self.location}",
            "database": f"database {self.location}",
            "example": "the bundled example",
        }[self.kind]


@overload
def database_url(explicit: str | None = None, *, default: Literal[True]) -> str: ...
@overload
def database_url(explicit: str | None = None, *, default: bool = False) -> str | None: ...
def database_url(explicit: str | None = None, *, default: bool = False) -> str | None:
    """The database to use: ``explicit`` (``--db``), else ``SHINCHOKU_DATABASE_URL``, else
    ``shinchoku.sqlite`` in the current directory — when it exists, or always with
    ``default`` (for commands that write, such as ``load``); else None.

    The one rule for every command, the web server and the migrations.
    """
    if explicit:
        return explicit
    env = os.environ.get(ENV_URL)
    if env:
        return env
    if default or Path(DEFAULT_SQLITE).is_file():
        return f"sqlite:///{DEFAULT_SQLITE}"
    return None


def resolve(dataset: str | Path | None = None, db: str | None = None) -> PlanSource:
    if dataset is not None:
        return PlanSource("dataset", str(dataset))
    url = database_url(db)
    if url is not None:
        return PlanSource("database", url)
    return PlanSource("example", "")


def open_plan(
    dataset: str | Path | None = None, db: str | None = None, plan_id: str | None = None
) -> tuple[Plan, PlanSource]:
    src = resolve(dataset, db)
    if src.kind == "dataset":
        return read_dataset(src.location), src
    if src.kind == "database":
        from shinchoku.store import Database

        database = Database(src.location)
        try:
            database.migrate(create=False)  # reading: never make an empty database
            return database.load_plan(plan_id), src
        finally:
            database.dispose()
    return load_example(), src

"""Whether a fiscal year may be written, decided inside the transaction that writes it.

A year is **open** or **published** (:class:`YearState`, one :class:`YearStateRow` per plan
and year). A published year is locked for every channel — dataset loads, 照会 replies,
the web form and the API — until an admin reopens it. The check holds only if nothing
can publish between the check and the write, so every writer of a plan's figures first
takes the plan's write lock in its own transaction (:func:`lock_plan`) and reads the
year's state after it:

* SQLite: every write transaction starts with ``BEGIN IMMEDIATE``
  (:meth:`~shinchoku.store.database.Database.writing`), so there is one writer at a time
  and the state read is the latest.
* PostgreSQL: a transaction-scoped advisory lock per plan. Single-figure edits take it
  shared (they run side by side, each row guarded by its revision); publishing,
  reopening and whole-plan writes (loads, 照会 collection) take it exclusive, so they
  wait for the edits in flight and the edits that come later see the new state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import Connection, DateTime, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from shinchoku.problems import Place, Problem, Wording
from shinchoku.problems.store import YEAR_NOT_OPEN, YEAR_PUBLISHED, YEAR_STATE_WORDS
from shinchoku.store.rows import Row
from shinchoku.store.sync import Changes, key_columns
from shinchoku.store.tables import Base
from shinchoku.workflow import YearState

# First key of the two-key advisory lock: "shinchoku plan" (the second is the plan id's hash).
_LOCK_SPACE = 0x5348_4B50


class YearStateRow(Base):
    __tablename__ = "year_states"

    plan_id: Mapped[str] = mapped_column(String(), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(64))


def lock_plan(conn: Connection, plan_id: str, *, exclusive: bool) -> None:
    """Take the plan's write lock for the rest of the transaction (PostgreSQL).

    On SQLite the transaction already holds the database's write lock (``BEGIN
    IMMEDIATE``); there is nothing more to take.
    """
    if conn.dialect.name != "postgresql":
        return
    lock = func.pg_advisory_xact_lock if exclusive else func.pg_advisory_xact_lock_shared
    conn.execute(select(lock(_LOCK_SPACE, func.hashtext(plan_id))))


def year_states(conn: Connection, plan_id: str) -> dict[int, YearState]:
    """The state of every year of the plan that was ever opened."""
    rows = conn.execute(
        select(YearStateRow.year, YearStateRow.state).where(YearStateRow.plan_id == plan_id)
    )
    return {int(y): YearState(s) for y, s in rows}


def published_years(conn: Connection, plan_id: str) -> set[int]:
    return {y for y, s in year_states(conn, plan_id).items() if s is YearState.PUBLISHED}


def require_open(conn: Connection, plan_id: str, year: int) -> None:
    """Raise ``year-not-open`` unless ``year`` is open (call after :func:`lock_plan`)."""
    state = year_states(conn, plan_id).get(year)
    if state is not YearState.OPEN:
        raise YEAR_NOT_OPEN.error(Place(year=year), state=YEAR_STATE_WORDS[state])


# Which column of a row names the figure, per table with a ``year`` column.
_SUBJECT = {
    "targets": "kpi",
    "observations": "kpi",
    "measure_years": "measure",
    "money": "area",
    "statements": "area",
}


def _place(table: str, row: Row, year: int) -> Place:
    subject = _SUBJECT.get(table)
    value = row.get(f"{subject}_id") if subject else None
    return Place(
        path=table,
        year=year,
        kpi=value if subject == "kpi" else None,
        measure=value if subject == "measure" else None,
        area=value if subject == "area" else None,
    )


def _text(row: Row | None) -> str | None:
    if row is None:
        return None
    for column in ("value_text", "text", "amount_text", "declared_status", "projects_text"):
        if row.get(column) is not None:
            return str(row[column])
    return None


def published_changes(
    changes: Iterable[Changes], stored: dict[str, list[Row]], published: set[int]
) -> Iterator[Problem]:
    """Every row of a published year that ``changes`` would insert, change or delete."""
    if not published:
        return
    for c in changes:
        table = c.table.name
        if "year" not in c.table.c:
            continue
        keys = key_columns(c.table)
        have = {tuple(r[k] for k in keys): r for r in stored.get(table, [])}
        for row in c.inserts:
            if row["year"] in published:
                yield _refused(table, row, int(row["year"]), None, _text(row), "added")
        for key, values in c.updates:
            old = have[key]
            new_year = values["year"] if "year" in values else old["year"]
            for year in sorted({int(old["year"]), int(new_year)}):
                if year in published:
                    what = ", ".join(sorted(values))
                    yield _refused(table, old, year, _text(old), _text({**old, **values}), what)
        for key in c.deletes:
            old = have[key]
            if old["year"] in published:
                yield _refused(table, old, int(old["year"]), _text(old), None, "removed")


def _refused(
    table: str, row: Row, year: int, before: str | None, after: str | None, what: str
) -> Problem:
    b = before or ""
    if what == "removed":
        change = Wording(f"（{table}: 「{b}」の削除）", f" ({table}: {b!r} removed)")
    else:
        a = after or ""
        change = Wording(f"（{table}: 「{b}」→「{a}」）", f" ({table}: {b!r} → {a!r})")
    return YEAR_PUBLISHED(_place(table, row, year), found=before, expected=after, change=change)

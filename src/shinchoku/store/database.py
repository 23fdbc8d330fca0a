"""The :class:`Database`: a plan store on SQLite (default) or PostgreSQL, from a URL."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, create_engine, event, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError, Wording
from shinchoku.problems import store as s_
from shinchoku.store import sync
from shinchoku.store.overwrite import overwritten_edits
from shinchoku.store.rows import Row, plan_from_rows, plan_rows
from shinchoku.store.tables import SYNC_ORDER, PlanRow
from shinchoku.store.years import lock_plan, published_changes, published_years

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
TABLES: tuple[Table, ...] = tuple(m.__table__ for m in SYNC_ORDER)  # type: ignore[misc]
TABLE_NAMES: tuple[str, ...] = tuple(t.name for t in TABLES)
_PLANS: Table = PlanRow.__table__  # type: ignore[assignment]

# SQLite: how long a writer waits for another's transaction to end before giving up.
SQLITE_BUSY_SECONDS = 60
# Execution option marking a connection whose transactions write (BEGIN IMMEDIATE on SQLite).
_WRITES = "shinchoku_writes"


_CREDENTIALS = re.compile(r"^([A-Za-z0-9+.-]*:/*)[^@\s]*@")  # user:password@ of a URL


def database_url(url: str) -> URL:
    """Parse a database URL; ``postgresql://`` means the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        shown = _CREDENTIALS.sub(r"\1***@", url)
        raise s_.DATABASE_URL_INVALID.error(found=shown) from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise s_.DATABASE_URL_UNSUPPORTED.error(found=parsed.render_as_string(hide_password=True))
    return parsed


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration built in code: no alembic.ini is needed."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What :meth:`Database.save_plan` wrote, as row counts per table."""

    plan_id: str
    changed: bool
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def counts(self) -> tuple[int, int, int]:
        """Rows inserted, updated and deleted, over every table."""
        ins, upd, dele = (sum(d.values()) for d in (self.inserted, self.updated, self.deleted))
        return ins, upd, dele

    def describe(self) -> str:
        """e.g. ``'inserted 120 rows, updated 1, deleted 0'`` (for the log)."""
        return "inserted {} rows, updated {}, deleted {}".format(*self.counts())


def _scope_column(table: Table) -> str:
    return "id" if table is _PLANS else "plan_id"


class Database:
    """Plans stored in SQL. Nothing connects until a method needs the database."""

    def __init__(self, url: str) -> None:
        self.url: URL = database_url(url)
        self._engine: Engine | None = None

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)!r})"

    @property
    def engine(self) -> Engine:
        """The engine for reading (and for code that manages its own transactions)."""
        if self._engine is None:
            # Enough connections for every thread of a web worker's pool (40), so a busy
            # office waits on locks, never on the pool.
            pool: dict[str, Any] = {"pool_size": 10, "max_overflow": 40, "pool_timeout": 120}
            if self.url.get_backend_name() == "sqlite":
                self._engine = create_engine(
                    self.url, connect_args={"timeout": SQLITE_BUSY_SECONDS}, **pool
                )
                _sqlite_setup(self._engine)
            else:
                self._engine = create_engine(self.url, **pool)
        return self._engine

    @property
    def write_engine(self) -> Engine:
        """The same pool; its transactions write (SQLite: ``BEGIN IMMEDIATE``)."""
        return self.engine.execution_options(**{_WRITES: True})

    def dispose(self) -> None:
        """Close every pooled connection."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()

    def migrate(self, *, create: bool = True) -> None:
        """Bring the schema to the newest migration (``alembic upgrade head``).

        Without ``create`` a SQLite file that does not exist is refused rather than made
        (commands that only read never leave an empty database behind). A database that
        cannot be reached, or a SQLite file in a folder that does not exist, is a
        :class:`ShinchokuError` naming the URL with its password masked.
        """
        _check_reachable(self.url, create)
        try:
            with self.engine.connect():
                pass
        except (OperationalError, InterfaceError) as exc:
            raise _unreachable(self.url, exc) from exc
        with self.writing() as conn:
            command.upgrade(alembic_config(conn), "head")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session in one writing transaction: committed on success, rolled back on
        error. On SQLite it holds the write lock from its first statement, so what it
        reads stays true until it commits."""
        with Session(self.write_engine) as s, s.begin():
            yield s

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """An ORM session that only reads: never takes the write lock."""
        with Session(self.engine) as s, s.begin():
            yield s

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A connection in one writing transaction (Core), like :meth:`session`."""
        with self.write_engine.begin() as conn:
            yield conn

    # -- plans ---------------------------------------------------------------------

    def list_plans(self) -> list[tuple[str, str]]:
        """(id, name) of every stored plan, by id."""
        with self.engine.connect() as conn:
            result = conn.execute(select(_PLANS.c.id, _PLANS.c.name).order_by(_PLANS.c.id))
            return [(r.id, r.name) for r in result]

    def save_plan(self, plan: Plan) -> SaveResult:
        """Store ``plan`` in one transaction, writing only the rows that differ.

        Refused (``year-published``, nothing written) when it would change a figure of
        a published year.
        """
        with self.writing() as conn:
            result = write_plan(conn, plan, datetime.now(UTC))
        log.info("saved plan %s: %s", plan.id, result.describe())
        return result

    def load_dataset_plan(self, plan: Plan, *, overwrite_edits: bool = False) -> SaveResult:
        """Save a plan read from a dataset, refusing to overwrite later edits.

        Figures entered since the last load (web, API, 照会) are replaced only with
        ``overwrite_edits``; otherwise the load is refused, naming each one, and the
        database is left as it was. Figures of a published year are never replaced
        (``year-published``): reopen the year first.
        """
        with self.writing() as conn:
            result = write_plan(conn, plan, datetime.now(UTC), keep_edits=not overwrite_edits)
        log.info("loaded plan %s: %s", plan.id, result.describe())
        return result

    def load_plan(self, plan_id: str | None = None) -> Plan:
        """The stored plan ``plan_id``; without an id, the only plan stored."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                # One snapshot for all the selects below.
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                plan_id = plan_id if plan_id is not None else _only_plan(conn)
                return read_plan(conn, plan_id)


def _stored(conn: Connection, plan_id: str) -> dict[str, list[Row]]:
    return {t.name: sync.stored_rows(conn, t, _scope_column(t), plan_id) for t in TABLES}


def read_plan(conn: Connection, plan_id: str) -> Plan:
    """The stored plan ``plan_id``, read on an open transaction."""
    rows = _stored(conn, plan_id)
    if not rows["plans"]:
        raise s_.PLAN_NOT_FOUND.error(found=plan_id, plan=s_.plan_named(plan_id))
    return plan_from_rows(rows)


def write_plan(
    conn: Connection, plan: Plan, now: datetime, *, keep_edits: bool = False
) -> SaveResult:
    """The rows of ``plan`` that differ, written on an open writing transaction.

    Takes the plan's write lock first, then refuses — raising, so the caller's
    transaction is rolled back — a change to any figure of a published year
    (``year-published``) and, with ``keep_edits``, the replacement of a figure entered
    since the last load (``load-overwrites-edit``). Callers that record more in the same
    transaction (the inquiry's reply rows) use this; everyone else calls
    :meth:`Database.save_plan` or :meth:`Database.load_dataset_plan`.
    """
    desired = plan_rows(plan)
    lock_plan(conn, plan.id, exclusive=True)
    stored = _stored(conn, plan.id)
    changes = [sync.diff(t, stored[t.name], desired.get(t.name, [])) for t in TABLES]
    refused = list(published_changes(changes, stored, published_years(conn, plan.id)))
    if keep_edits and stored["plans"]:
        refused += overwritten_edits(plan_from_rows(stored), plan)
    if refused:
        raise ShinchokuError(refused)
    for c in changes:
        sync.write(conn, c, now)
    for c in reversed(changes):
        sync.remove(conn, c)
    return SaveResult(
        plan_id=plan.id,
        changed=any(c.inserts or c.updates or c.deletes for c in changes),
        inserted={c.table.name: len(c.inserts) for c in changes},
        updated={c.table.name: len(c.updates) for c in changes},
        deleted={c.table.name: len(c.deletes) for c in changes},
    )


def _only_plan(conn: Connection) -> str:
    ids = list(conn.execute(select(_PLANS.c.id).order_by(_PLANS.c.id)).scalars())
    if not ids:
        raise s_.PLAN_NOT_FOUND.error(plan=Wording("", ""))
    if len(ids) > 1:
        raise s_.PLAN_AMBIGUOUS.error(found=", ".join(ids), count=len(ids))
    return str(ids[0])


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL or an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):  # a URI filename: leave it to SQLite
        return None
    return Path(url.database)


def _check_reachable(url: URL, create: bool) -> None:
    path = sqlite_path(url)
    if path is None:
        return
    shown = url.render_as_string(hide_password=True)
    if not path.parent.is_dir():
        raise s_.DATABASE_FOLDER_NOT_FOUND.error(found=shown, folder=str(path.parent))
    if not create and not path.exists():
        raise s_.DATABASE_NOT_FOUND.error(found=shown, path=str(path))


def _unreachable(url: URL, exc: Exception) -> ShinchokuError:
    """The driver's reason, first line only, never the password."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    text = reason[0] if reason else type(exc).__name__
    if url.password:
        text = text.replace(str(url.password), "***")
    return s_.DATABASE_UNREACHABLE.error(
        found=url.render_as_string(hide_password=True), reason=text
    )


def _sqlite_setup(engine: Engine) -> None:
    """Foreign keys on, write-ahead log, a busy timeout, and transactions that say what
    they are (pysqlite's own handling defers BEGIN to the first write).

    A reading transaction starts with a plain ``BEGIN`` and, in WAL mode, never waits
    for a writer. A writing one starts with ``BEGIN IMMEDIATE``: it takes the write lock
    at once (waiting up to the busy timeout for another writer), so it cannot fail
    half-way with "database is locked" when it first writes after reading. Writers of
    one process also queue on a lock of their own first: a thread waiting there wakes
    the moment the writer before it is done, where SQLite's busy handler polls with
    sleeps and lets late comers overtake early ones.
    """
    writer = threading.RLock()

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if not conn.get_execution_options().get(_WRITES, False):
            conn.exec_driver_sql("BEGIN")
            return
        if not writer.acquire(timeout=SQLITE_BUSY_SECONDS):
            raise s_.DATABASE_BUSY.error()
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except OperationalError as exc:
            writer.release()
            # Another process held the lock for the whole busy timeout.
            if "locked" in str(exc.orig):
                raise s_.DATABASE_BUSY.error() from exc
            raise
        except BaseException:
            writer.release()
            raise
        conn.info[_WRITES] = True

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _end(conn: Connection) -> None:
        if conn.info.pop(_WRITES, False):
            writer.release()

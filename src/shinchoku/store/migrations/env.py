"""Alembic environment: runs on the connection :meth:`Database.migrate` hands over.

Run by hand with ``alembic -x url=sqlite:///shinchoku.sqlite`` and a config whose
``script_location`` is this folder (see :func:`shinchoku.store.alembic_config`).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from shinchoku.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite alters tables by copying them.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from shinchoku.source import database_url
    from shinchoku.store.database import Database

    url = database_url(context.get_x_argument(as_dictionary=True).get("url"), default=True)
    db = Database(url)
    try:
        with db.engine.begin() as conn:
            _run(conn)
    finally:
        db.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported")
run_migrations_online()

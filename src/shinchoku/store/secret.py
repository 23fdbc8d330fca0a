"""The installation secret: a random key made once per database, never shown.

It signs what leaves the installation and must come back unaltered (the 照会 forms'
keys, :mod:`shinchoku.inquiry.layout`), so a form re-keyed by hand — or made by another
installation — is told apart from one this database made. Migration ``0008`` creates
the table; the key itself is made the first time it is asked for.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError

from shinchoku.store.database import Database
from shinchoku.store.tables import SECRET_BYTES, InstallationSecretRow

_TABLE: Table = InstallationSecretRow.__table__  # type: ignore[assignment]


def installation_secret(database: Database, *, create: bool = False) -> bytes | None:
    """The installation's key; made and stored on first use when ``create``, else None."""
    with database.engine.connect() as conn:
        stored = conn.execute(select(_TABLE.c.secret).where(_TABLE.c.id == 1)).scalar()
    if stored is not None or not create:
        return None if stored is None else bytes.fromhex(stored)
    key = secrets.token_hex(SECRET_BYTES)
    try:
        with database.writing() as conn:
            conn.execute(
                insert(_TABLE), [{"id": 1, "secret": key, "created_at": datetime.now(UTC)}]
            )
    except IntegrityError:  # made at the same moment by another process: use theirs
        return installation_secret(database)
    return bytes.fromhex(key)

"""The installation secret: a random key made once per database, never shown.

It signs what leaves the installation and must come back unaltered (the 照会 forms'
keys, :mod:`shinchoku.inquiry.layout`), so a form re-keyed by hand — or made by another
installation — is told apart from one this database made. Migration ``0008`` creates
the table; the key itself is made the first time it is asked for.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, String, Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from shinchoku.store.database import Database
from shinchoku.store.tables import Base

SECRET_BYTES = 32


class InstallationSecretRow(Base):
    """The one row holding the installation's signing key (hex)."""

    __tablename__ = "installation_secret"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 1
    secret: Mapped[str] = mapped_column(String(2 * SECRET_BYTES))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


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

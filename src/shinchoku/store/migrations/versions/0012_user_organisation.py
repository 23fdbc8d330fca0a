"""Each user's organisation (団体コード): several organisations' plans in one database,
each edited only by its own staff.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

Written by hand: the column is :attr:`~shinchoku.store.tables.UserRow.organisation`.
Existing users get none, which is installation-wide: exactly what they could do before.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("organisation", sa.String(length=6), nullable=True))


def downgrade() -> None:
    # In place on both engines (SQLite 3.35+), as 0010 does: a batch rebuild of ``users``
    # would drop a table that the sessions' and tokens' foreign keys refer to.
    op.execute("ALTER TABLE users DROP COLUMN organisation")

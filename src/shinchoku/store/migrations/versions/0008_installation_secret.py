"""The installation secret that signs the keys of 照会 forms.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

Written by hand: the table is defined in :mod:`shinchoku.store.secret`; the key is made
the first time it is needed, not here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "installation_secret",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_installation_secret")),
    )


def downgrade() -> None:
    op.drop_table("installation_secret")

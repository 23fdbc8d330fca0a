"""A measure's own 目標 as printed (a measure with no KPI, e.g. 「11年度から実施」).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

Written by hand: one nullable column, ``measures.target``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("measures", sa.Column("target", sa.Text(), nullable=True))


def downgrade() -> None:
    # In place on both engines (SQLite 3.35+): a batch rebuild of ``measures`` would drop
    # a table that other tables' foreign keys refer to.
    op.execute("ALTER TABLE measures DROP COLUMN target")

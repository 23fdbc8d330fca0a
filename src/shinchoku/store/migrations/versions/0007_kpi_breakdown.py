"""Disaggregated KPIs: the breakdown declaration, and parts a figure's text does not give.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

Written by hand like 0001.

A figure keeps its text and its parts re-derive from it; the ``*_parts`` columns hold
parts only when they were given beside a text that cannot be split into them (NULL
otherwise).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True)

_COLUMNS = (
    ("kpis", "breakdown"),
    ("kpis", "baseline_parts"),
    ("kpis", "final_target_parts"),
    ("targets", "parts"),
    ("observations", "value_parts"),
)


# Plain ALTER TABLE, also on SQLite (DROP COLUMN since 3.35): a batch copy of ``kpis``
# would drop a table other tables refer to, which SQLite's foreign keys refuse.


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.add_column(table, sa.Column(column, JSON, nullable=True))


def downgrade() -> None:
    for table, column in reversed(_COLUMNS):
        op.drop_column(table, column)

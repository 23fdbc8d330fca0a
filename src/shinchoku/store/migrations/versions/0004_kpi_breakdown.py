"""Disaggregated KPIs: the breakdown declaration, and parts a figure's text does not give.

Revision ID: 0004
Revises: 0007
Create Date: 2025-01-04

Written by hand like 0001. Numbered 0004 but applied after 0007 (integrity), the head when
it was merged: databases already at 0007 then gain these columns on the next migrate.

A figure keeps its text and its parts re-derive from it; the ``*_parts`` columns hold
parts only when they were given beside a text that cannot be split into them (NULL
otherwise).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0007"
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

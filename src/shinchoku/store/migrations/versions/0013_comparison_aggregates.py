"""The comparison's aggregates per indicator, year and scope, kept by the import.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30

Written by hand. A comparison's trend and its 47 prefectures' aggregates are each
computed from one indicator's figures of every year — 17,880 rows nationally, read and
aggregated on every first visit (0.3–0.9 CPU-seconds under load). The survey import and
the 照会 collect now compute them when they change the figures, in the same transaction,
into ``comparison_aggregates`` (:mod:`shinchoku.compare.aggregates`): a first visit
reads 57 rows of it and one year's figures. The table starts empty: until the next
import of a set, its comparisons are computed from the figures as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shinchoku.store.types import ExactDecimal

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "comparison_aggregates",
        sa.Column("set_id", sa.String(), nullable=False),
        sa.Column("indicator_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(6), nullable=False),
        sa.Column("reported", sa.Integer(), nullable=False),
        sa.Column("value", ExactDecimal(), nullable=True),
        sa.Column("basis", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint(
            "set_id", "indicator_id", "year", "scope", name="pk_comparison_aggregates"
        ),
    )


def downgrade() -> None:
    op.drop_table("comparison_aggregates")

"""Money on measures: project count and 決算額 / 予算額 per measure and fiscal year.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

Written by hand like 0001. Grading schemes need no schema change: they live in the
plan's settings (a JSON column).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True)


def upgrade() -> None:
    op.create_table(
        "measure_money",
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("measure_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("projects", sa.Integer(), nullable=True),
        sa.Column("amount_text", sa.Text(), nullable=True),
        sa.Column("amount_yen", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("provenance", JSON, nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id", "measure_id"],
            ["measures.plan_id", "measures.id"],
            name=op.f("fk_measure_money_plan_id_measure_id_measures"),
        ),
        sa.PrimaryKeyConstraint(
            "plan_id", "measure_id", "year", "kind", name=op.f("pk_measure_money")
        ),
    )


def downgrade() -> None:
    op.drop_table("measure_money")

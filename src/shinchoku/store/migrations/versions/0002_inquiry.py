"""照会 (inquiry): rounds, the forms sent out, the replies collected.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02

Written by hand, like 0001: it describes these tables as they were first made, whatever
:mod:`shinchoku.store.tables.inquiry` later becomes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True)


def _stamp(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "inquiry_rounds",
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("contact", sa.Text(), nullable=True),
        _stamp("made_at"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_inquiry_rounds_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("plan_id", "year", name=op.f("pk_inquiry_rounds")),
    )
    op.create_table(
        "inquiry_forms",
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        _stamp("made_at"),
        sa.ForeignKeyConstraint(
            ["plan_id", "year"],
            ["inquiry_rounds.plan_id", "inquiry_rounds.year"],
            name=op.f("fk_inquiry_forms_plan_id_year_inquiry_rounds"),
        ),
        sa.PrimaryKeyConstraint("plan_id", "year", "form", name=op.f("pk_inquiry_forms")),
    )
    op.create_table(
        "inquiry_replies",
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        _stamp("collected_at"),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("findings", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_inquiry_replies_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint(
            "plan_id", "year", "form", "checksum", name=op.f("pk_inquiry_replies")
        ),
    )


def downgrade() -> None:
    op.drop_table("inquiry_replies")
    op.drop_table("inquiry_forms")
    op.drop_table("inquiry_rounds")

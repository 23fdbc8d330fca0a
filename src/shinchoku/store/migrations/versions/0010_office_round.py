"""The policy office's round: a deadline per year, the e-mails sent, and for each user an
e-mail address, a must-change-password mark (temporary passwords) and a TOTP secret.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

Written by hand: the tables are :class:`~shinchoku.store.tables.YearDeadlineRow` and
:class:`~shinchoku.store.tables.SentMailRow`; the columns are on ``users``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_USER_COLUMNS = ("email", "must_change_password", "totp_secret")


def upgrade() -> None:
    op.create_table(
        "year_deadlines",
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", "year", name=op.f("pk_year_deadlines")),
    )
    op.create_table(
        "sent_mails",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("org_unit_id", sa.String(), nullable=True),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("sent_by", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_mails")),
    )
    op.create_index(
        op.f("ix_sent_mails_plan_id_year"), "sent_mails", ["plan_id", "year"], unique=False
    )
    op.add_column("users", sa.Column("email", sa.String(length=254), nullable=True))
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("users", sa.Column("totp_secret", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # In place on both engines (SQLite 3.35+): a batch rebuild of ``users`` would drop a
    # table that the sessions' and tokens' foreign keys refer to.
    for column in _USER_COLUMNS:
        op.execute(f"ALTER TABLE users DROP COLUMN {column}")
    op.drop_index(op.f("ix_sent_mails_plan_id_year"), table_name="sent_mails")
    op.drop_table("sent_mails")
    op.drop_table("year_deadlines")

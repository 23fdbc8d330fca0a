"""Web: staff accounts, API tokens, sessions, the year workflow and the change log.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03

Written by hand like 0001: it describes this revision's schema whatever later revisions
change. The tables are defined in :mod:`shinchoku.store.accounts` and
:mod:`shinchoku.store.history`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True)


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "user_org_units",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_user_org_units_user_id_users"),
        sa.PrimaryKeyConstraint("user_id", "org_unit_id", name="pk_user_org_units"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        _when("created_at"),
        _when("last_used_at", nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_api_tokens_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sessions_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        _when("at"),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_username_ip_at", "login_failures", ["username", "ip", "at"])
    op.create_table(
        "year_states",
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        _when("updated_at"),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", "year", name="pk_year_states"),
    )
    op.create_table(
        "unit_states",
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.String(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        _when("updated_at"),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", "year", "org_unit_id", name="pk_unit_states"),
    )
    op.create_table(
        "year_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("org_unit_id", sa.String(), nullable=True),
        sa.Column("user_name", sa.String(64), nullable=False),
        _when("at"),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_year_events"),
    )
    op.create_index("ix_year_events_plan_id_year", "year_events", ["plan_id", "year"])
    op.create_table(
        "published_years",
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("snapshot", JSON, nullable=False),
        _when("published_at"),
        sa.Column("published_by", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", "year", name="pk_published_years"),
    )
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.String(), nullable=False),
        _when("at"),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("kpi_id", sa.String(), nullable=True),
        sa.Column("measure_id", sa.String(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_change_log"),
    )
    op.create_index("ix_change_log_plan_id_kpi_id", "change_log", ["plan_id", "kpi_id"])
    op.create_index("ix_change_log_plan_id_measure_id", "change_log", ["plan_id", "measure_id"])
    op.create_table(
        "plan_revisions",
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", name="pk_plan_revisions"),
    )


def downgrade() -> None:
    op.drop_table("plan_revisions")
    op.drop_index("ix_change_log_plan_id_measure_id", table_name="change_log")
    op.drop_index("ix_change_log_plan_id_kpi_id", table_name="change_log")
    op.drop_table("change_log")
    op.drop_table("published_years")
    op.drop_index("ix_year_events_plan_id_year", table_name="year_events")
    op.drop_table("year_events")
    op.drop_table("unit_states")
    op.drop_table("year_states")
    op.drop_index("ix_login_failures_username_ip_at", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_index("ix_sessions_user_id", table_name="sessions")
    op.drop_table("sessions")
    op.drop_index("ix_api_tokens_user_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("user_org_units")
    op.drop_table("users")

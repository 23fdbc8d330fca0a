"""Initial schema: plans, org units, areas, measures, KPIs, targets, observations, money.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written by hand; it must not import the current table definitions, so that it keeps
describing the first schema whatever later revisions change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from shinchoku.store.types import ExactDecimal

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True)


def _id(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=nullable)


def _text(name: str, nullable: bool = True) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _int(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _bool(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False)


def _figure(prefix: str) -> list[sa.Column[Any]]:
    """A figure as text, exact value, unit and 約 flag."""
    return [
        _text(f"{prefix}_text"),
        sa.Column(f"{prefix}_value", ExactDecimal(), nullable=True),
        _text(f"{prefix}_unit"),
        _bool(f"{prefix}_approximate"),
    ]


def _point(prefix: str) -> list[sa.Column[Any]]:
    return [_text(f"{prefix}_text"), _int(f"{prefix}_fy", True), _int(f"{prefix}_month", True)]


def _managed() -> list[sa.Column[Any]]:
    """Optimistic locking for rows edited one at a time."""
    return [_int("revision"), sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False)]


def _fk(table: str, cols: list[str], ref: str, ref_cols: list[str]) -> sa.ForeignKeyConstraint:
    name = f"fk_{table}_{'_'.join(cols)}_{ref}"
    return sa.ForeignKeyConstraint(cols, [f"{ref}.{c}" for c in ref_cols], name=op.f(name))


def _plan_fk(table: str) -> sa.ForeignKeyConstraint:
    return _fk(table, ["plan_id"], "plans", ["id"])


def _pk(table: str, *cols: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*cols, name=op.f(f"pk_{table}"))


def _month_check(table: str, column: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} BETWEEN 1 AND 12", name=op.f(f"ck_{table}_{column}_range"))


def _index(table: str, *cols: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(cols)}"), table, list(cols), unique=False)


def upgrade() -> None:
    op.create_table(
        "plans",
        _id("id"),
        _text("name", False),
        _text("name_en"),
        _text("government"),
        _int("period_start"),
        _int("period_end"),
        _text("basic_goal"),
        _text("slogan"),
        sa.Column("settings", JSON, nullable=False),
        sa.Column("report", JSON, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _pk("plans", "id"),
    )
    op.create_table(
        "org_units",
        _id("plan_id"),
        _id("id"),
        _int("position"),
        _text("department", False),
        _text("division", False),
        _text("department_en"),
        _text("division_en"),
        _plan_fk("org_units"),
        _pk("org_units", "plan_id", "id"),
    )
    op.create_table(
        "areas",
        _id("plan_id"),
        _id("id"),
        _id("parent_id", True),
        _int("position"),
        _int("depth"),
        sa.Column("kind", sa.String(length=64), nullable=False),
        _text("label"),
        _text("name", False),
        _text("name_en"),
        sa.Column("guidelines", JSON, nullable=False),
        sa.Column("cards", JSON, nullable=False),
        _fk("areas", ["plan_id", "parent_id"], "areas", ["plan_id", "id"]),
        _plan_fk("areas"),
        _pk("areas", "plan_id", "id"),
    )
    _index("areas", "plan_id", "parent_id")
    op.create_table(
        "kpis",
        _id("plan_id"),
        _id("id"),
        _int("position"),
        _text("name", False),
        _text("name_en"),
        _text("unit"),
        sa.Column("direction", sa.String(length=16), nullable=False),
        _bool("cumulative"),
        *_figure("baseline"),
        *_point("baseline_as_of"),
        _text("baseline_note"),
        _text("final_target_text"),
        _text("final_target_note"),
        _text("source"),
        sa.Column("notes", JSON, nullable=False),
        _month_check("kpis", "baseline_as_of_month"),
        _plan_fk("kpis"),
        _pk("kpis", "plan_id", "id"),
    )
    op.create_table(
        "measures",
        _id("plan_id"),
        _id("id"),
        _id("area_id"),
        _int("position"),
        _text("name", False),
        _text("name_en"),
        _text("org_unit_text"),
        _fk("measures", ["plan_id", "area_id"], "areas", ["plan_id", "id"]),
        _pk("measures", "plan_id", "id"),
    )
    _index("measures", "plan_id", "area_id")
    op.create_table(
        "measure_org_units",
        _id("plan_id"),
        _id("measure_id"),
        _id("org_unit_id"),
        _int("position"),
        _fk("measure_org_units", ["plan_id", "measure_id"], "measures", ["plan_id", "id"]),
        _fk("measure_org_units", ["plan_id", "org_unit_id"], "org_units", ["plan_id", "id"]),
        _pk("measure_org_units", "plan_id", "measure_id", "org_unit_id"),
    )
    op.create_table(
        "measure_kpis",
        _id("plan_id"),
        _id("measure_id"),
        _id("kpi_id"),
        _int("number", True),
        _int("position"),
        _fk("measure_kpis", ["plan_id", "kpi_id"], "kpis", ["plan_id", "id"]),
        _fk("measure_kpis", ["plan_id", "measure_id"], "measures", ["plan_id", "id"]),
        _pk("measure_kpis", "plan_id", "measure_id", "kpi_id"),
    )
    _index("measure_kpis", "plan_id", "kpi_id")
    op.create_table(
        "targets",
        _id("plan_id"),
        _id("kpi_id"),
        _int("year"),
        _text("text", False),
        _text("note"),
        _fk("targets", ["plan_id", "kpi_id"], "kpis", ["plan_id", "id"]),
        _pk("targets", "plan_id", "kpi_id", "year"),
    )
    op.create_table(
        "observations",
        _id("plan_id"),
        _id("kpi_id"),
        _int("year"),
        _text("value_text", False),
        sa.Column("value", ExactDecimal(), nullable=True),
        _text("unit"),
        _bool("approximate"),
        *_point("as_of"),
        _int("data_year", True),
        _bool("provisional"),
        _bool("finalised_later"),
        _text("basis"),
        _text("declared_status"),
        *_figure("stated_rate"),
        _text("note"),
        sa.Column("provenance", JSON, nullable=True),
        *_managed(),
        _month_check("observations", "as_of_month"),
        _fk("observations", ["plan_id", "kpi_id"], "kpis", ["plan_id", "id"]),
        _pk("observations", "plan_id", "kpi_id", "year"),
    )
    op.create_table(
        "measure_years",
        _id("plan_id"),
        _id("measure_id"),
        _int("year"),
        _text("declared_status"),
        _text("analysis"),
        sa.Column("provenance", JSON, nullable=True),
        *_managed(),
        _fk("measure_years", ["plan_id", "measure_id"], "measures", ["plan_id", "id"]),
        _pk("measure_years", "plan_id", "measure_id", "year"),
    )
    op.create_table(
        "money",
        _id("plan_id"),
        _id("scope"),
        _int("year"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        _id("area_id", True),
        _int("position"),
        _int("projects", True),
        _text("amount_text"),
        sa.Column("amount_yen", sa.BigInteger(), nullable=True),
        _text("note"),
        sa.Column("provenance", JSON, nullable=True),
        *_managed(),
        sa.CheckConstraint(
            "(area_id IS NULL AND scope = '') OR area_id = scope",
            name=op.f("ck_money_scope_is_area"),
        ),
        _fk("money", ["plan_id", "area_id"], "areas", ["plan_id", "id"]),
        _plan_fk("money"),
        _pk("money", "plan_id", "scope", "year", "kind"),
    )
    _index("money", "plan_id", "area_id")
    op.create_table(
        "statements",
        _id("plan_id"),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        _text("location", False),
        _id("area_id", True),
        _int("year"),
        *_figure("projects"),
        _text("amount_text"),
        sa.Column("kind", sa.String(length=16), nullable=True),
        _fk("statements", ["plan_id", "area_id"], "areas", ["plan_id", "id"]),
        _plan_fk("statements"),
        _pk("statements", "plan_id", "position"),
    )


def downgrade() -> None:
    for table in (
        "statements",
        "money",
        "measure_years",
        "observations",
        "targets",
        "measure_kpis",
        "measure_org_units",
        "measures",
        "kpis",
        "areas",
        "org_units",
        "plans",
    ):
        op.drop_table(table)

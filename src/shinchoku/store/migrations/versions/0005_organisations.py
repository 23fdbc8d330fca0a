"""Many governments in one database: organisations, indicator sets, figures, peer groups.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Written by hand like 0001. A plan may name the organisation it belongs to
(``plans.organisation``), and a KPI the common indicator it reports (``kpis.indicator``).
The new tables are defined in :mod:`shinchoku.store.tables.compare`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shinchoku.store.types import ExactDecimal

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True)
CODE = sa.String(6)


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("organisation", CODE, nullable=True))
    with op.batch_alter_table("kpis") as batch:
        batch.add_column(sa.Column("indicator", sa.Text(), nullable=True))
    op.create_table(
        "organisations",
        sa.Column("code", CODE, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kana", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("parent", CODE, nullable=True),
        sa.Column("prefecture", CODE, nullable=True),
        sa.Column("population", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("code", name="pk_organisations"),
    )
    op.create_table(
        "indicator_sets",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("owner", CODE, nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("definition", JSON, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner"], ["organisations.code"], name="fk_indicator_sets_owner_organisations"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_indicator_sets"),
    )
    op.create_table(
        "indicators",
        sa.Column("set_id", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("computation", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"], ["indicator_sets.id"], name="fk_indicators_set_id_indicator_sets"
        ),
        sa.PrimaryKeyConstraint("set_id", "id", name="pk_indicators"),
    )
    op.create_table(
        "survey_imports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("set_id", sa.String(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"], ["indicator_sets.id"], name="fk_survey_imports_set_id_indicator_sets"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_survey_imports"),
    )
    op.create_table(
        "figures",
        sa.Column("set_id", sa.String(), nullable=False),
        sa.Column("indicator_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("org_code", CODE, nullable=False),
        sa.Column("value", ExactDecimal(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("cell", sa.String(16), nullable=True),
        sa.ForeignKeyConstraint(
            ["set_id", "indicator_id"],
            ["indicators.set_id", "indicators.id"],
            name="fk_figures_set_id_indicator_id_indicators",
        ),
        sa.ForeignKeyConstraint(
            ["org_code"], ["organisations.code"], name="fk_figures_org_code_organisations"
        ),
        sa.ForeignKeyConstraint(
            ["import_id"], ["survey_imports.id"], name="fk_figures_import_id_survey_imports"
        ),
        sa.PrimaryKeyConstraint("set_id", "indicator_id", "year", "org_code", name="pk_figures"),
    )
    op.create_index("ix_figures_org_code", "figures", ["org_code"])
    op.create_table(
        "peer_groups",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("owner", CODE, nullable=True),
        sa.ForeignKeyConstraint(
            ["owner"], ["organisations.code"], name="fk_peer_groups_owner_organisations"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_peer_groups"),
    )
    op.create_table(
        "peer_group_members",
        sa.Column("group_id", sa.String(), nullable=False),
        sa.Column("org_code", CODE, nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["peer_groups.id"], name="fk_peer_group_members_group_id_peer_groups"
        ),
        sa.ForeignKeyConstraint(
            ["org_code"],
            ["organisations.code"],
            name="fk_peer_group_members_org_code_organisations",
        ),
        sa.PrimaryKeyConstraint("group_id", "org_code", name="pk_peer_group_members"),
    )


def downgrade() -> None:
    for table in (
        "peer_group_members",
        "peer_groups",
        "figures",
        "survey_imports",
        "indicators",
        "indicator_sets",
        "organisations",
    ):
        op.drop_table(table)
    with op.batch_alter_table("kpis") as batch:
        batch.drop_column("indicator")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("organisation")

"""Who imported each survey file (or collected each 照会 round's replies).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30

Written by hand: the column is :attr:`~shinchoku.store.tables.SurveyImportRow.imported_by`,
the staff account's name (the web app's national administrator, or ``--by`` on the
command line). Imports made before it, or from the command line without ``--by``, have
none.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("survey_imports", sa.Column("imported_by", sa.String(), nullable=True))


def downgrade() -> None:
    # In place on both engines (SQLite 3.35+), as 0012 does: a batch rebuild would drop
    # a table that the figures' foreign keys refer to.
    op.execute("ALTER TABLE survey_imports DROP COLUMN imported_by")

"""The comparison's covering index on figures: one indicator's values, every year.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

Written by hand. A comparison reads one indicator of a set for every year (its values
and its trend): 17,880 rows nationally. The primary key finds them, but the rows lie
wherever the import wrote them — a national survey is written year by year, so one
indicator's rows are spread over nearly every block of the table (EXPLAIN ANALYZE at
1.07 million figures: a bitmap heap scan of 10,795 blocks, 129 ms). With the value in
the index the read is an index-only scan of about 110 blocks (4 ms). docs/compare.md has
the plans.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["set_id", "indicator_id", "year", "org_code", "value"]


def upgrade() -> None:
    op.create_index("ix_figures_series", "figures", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_figures_series", table_name="figures")

"""札幌市's manifesto table in the store: an org unit given as a 所管部 alone has no
division; a measure with no KPI keeps its own 目標 as printed (measures.target)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from shinchoku.dataset import read_dataset
from shinchoku.store import Database, alembic_config
from tests.store.test_store_plans import stored

SAPPORO = Path(__file__).parents[1] / "data" / "sapporo-manifesto"


def test_a_department_alone_round_trips_with_no_division(db: Database) -> None:
    plan = read_dataset(SAPPORO)
    assert plan.org_unit("sangyo-shinko").division is None
    assert plan.org_unit("sangyo-shinko").label == "産業振興部"
    db.save_plan(plan)
    assert db.load_plan(plan.id) == plan
    assert {r["division"] for r in stored(db, "org_units", plan_id=plan.id)} == {""}
    targets = {r["id"]: r["target"] for r in stored(db, "measures", plan_id=plan.id)}
    assert targets == {"doshoku-fuka-kachi": "11年度から実施", "kanko-yuchi": None}


def test_migration_0009_down_and_up(db: Database) -> None:
    plan = read_dataset(SAPPORO)
    db.save_plan(plan)
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0008")
    with db.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("measures")}
    assert "target" not in columns and "org_unit_text" in columns
    db.migrate()
    assert db.load_plan(plan.id) != plan  # the target was dropped, the rest kept
    [m] = [m for _, m in db.load_plan(plan.id).measures() if m.id == "doshoku-fuka-kachi"]
    assert (m.target, m.years[2014].declared_status) == (None, "◎")

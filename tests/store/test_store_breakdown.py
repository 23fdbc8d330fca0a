"""Disaggregated KPIs in the store: the declaration round-trips, parts re-derive from the
text, and parts given beside a text that does not hold them are kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from shinchoku.model import Figure, FigurePart, Plan
from shinchoku.store import Database, alembic_config
from shinchoku.store.edits import ObservationEdit, apply_edits
from shinchoku.store.history import Workflow
from tests.store.test_store_plans import stored


def test_town_plan_with_breakdowns_round_trips(db: Database, town: Plan) -> None:
    db.save_plan(town)
    loaded = db.load_plan(town.id)
    assert loaded == town
    kpi = loaded.kpi("ict-teachers")
    assert kpi.breakdown is not None and kpi.breakdown.dimensions == {"学校種": ["小", "中"]}
    assert [(p.label, str(p.value)) for p in kpi.observations[2024].value.parts] == [
        ("小", "84"),
        ("中", "72"),
    ]
    assert kpi.final_target is not None and kpi.final_target.figure is not None
    assert [p.label for p in kpi.final_target.figure.parts] == ["小", "中"]
    assert str(loaded.kpi("seminar-participants").observations[2024].value.value) == "120"
    assert not db.save_plan(loaded).changed


def test_breakdown_columns(db: Database, town: Plan) -> None:
    db.save_plan(town)
    (row,) = stored(db, "kpis", plan_id=town.id, id="seminar-participants")
    assert row["breakdown"] == {"dimensions": {"性別": ["男", "女"]}, "rule": "total"}
    (obs,) = stored(db, "observations", plan_id=town.id, kpi_id="seminar-participants")
    assert obs["value_text"] == "男 50人 女 70人 計 120人"
    assert obs["value_parts"] is None  # the text gives them
    plain = stored(db, "observations", plan_id=town.id, kpi_id="counter-wait")
    assert {r["value_parts"] for r in plain} == {None}


def test_parts_given_beside_an_unreadable_text_are_kept(db: Database, town: Plan) -> None:
    kpi = town.kpi("seminar-participants")
    parts = (FigurePart(label="男", value=Decimal(50)), FigurePart(label="女", value=Decimal(70)))
    figure = Figure(text="120人（男女別は別表）", value=Decimal(120), unit="人", parts=parts)
    kpi.observations[2024] = kpi.observations[2024].model_copy(update={"value": figure})
    db.save_plan(town)
    (obs,) = stored(db, "observations", plan_id=town.id, kpi_id="seminar-participants")
    assert [p["label"] for p in obs["value_parts"]] == ["男", "女"]
    loaded = db.load_plan(town.id).kpi("seminar-participants").observations[2024].value
    assert loaded == figure
    assert not db.save_plan(db.load_plan(town.id)).changed


def test_changed_part_is_an_update(db: Database, town: Plan) -> None:
    db.save_plan(town)
    kpi = town.kpi("ict-teachers")
    kpi.observations[2024] = kpi.observations[2024].model_copy(
        update={"value": Figure.of("小 84% 中 81%")}
    )
    result = db.save_plan(town)
    assert {t: n for t, n in result.updated.items() if n} == {"plans": 1, "observations": 1}
    parts = db.load_plan(town.id).kpi("ict-teachers").observations[2024].value.parts
    assert [(p.label, str(p.value)) for p in parts] == [("小", "84"), ("中", "81")]


def test_an_edited_figure_loses_the_parts_kept_beside_its_old_text(
    db: Database, town: Plan
) -> None:
    db.save_plan(town)
    Workflow(db).open(town.id, 2024, "admin")  # edits go to an open year only
    (row,) = stored(db, "observations", plan_id=town.id, kpi_id="ict-teachers", year=2024)
    result = apply_edits(
        db,
        town.id,
        2024,
        [ObservationEdit(kpi_id="ict-teachers", revision=row["revision"], value="75%")],
        user="kyoiku-editor",
    )
    assert not result.errors and not result.conflicts
    (row,) = stored(db, "observations", plan_id=town.id, kpi_id="ict-teachers", year=2024)
    assert (row["value_text"], row["value_parts"]) == ("75%", None)
    figure = db.load_plan(town.id).kpi("ict-teachers").observations[2024].value
    assert (figure.value, figure.parts) == (75, ())


def test_migration_0007_down_and_up(db: Database, plan_data: dict[str, Any]) -> None:
    plan = Plan.model_validate(plan_data)
    db.save_plan(plan)
    before = ScriptDirectory.from_config(alembic_config()).get_revision("0007").down_revision
    assert isinstance(before, str)
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), before)
    with db.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("kpis")}
    assert "breakdown" not in columns and "baseline_text" in columns
    db.migrate()
    assert db.load_plan(plan.id) == plan  # the other columns kept their rows
    assert {r["breakdown"] for r in stored(db, "kpis", plan_id=plan.id)} == {None}


def test_a_web_edit_with_an_undeclared_label_is_refused(db: Database, town: Plan) -> None:
    db.save_plan(town)
    Workflow(db).open(town.id, 2024, "admin")
    (row,) = stored(db, "observations", plan_id=town.id, kpi_id="ict-teachers", year=2024)
    edit = ObservationEdit(kpi_id="ict-teachers", revision=row["revision"], value="小 85% 高 73%")
    result = apply_edits(db, town.id, 2024, [edit], user="kyoiku-editor")
    (error,) = result.errors
    assert error.code == "unparseable-value"
    assert (error.place.kpi, error.place.field, error.found) == (
        "ict-teachers",
        "value",
        "小 85% 高 73%",
    )
    assert "'高'" in error.message and "小、中、計" in error.message
    assert db.load_plan(town.id) == town  # nothing written
    ok = ObservationEdit(kpi_id="ict-teachers", revision=row["revision"], value="小 85% 中 73%")
    assert not apply_edits(db, town.id, 2024, [ok], user="kyoiku-editor").errors
    figure = db.load_plan(town.id).kpi("ict-teachers").observations[2024].value
    assert [(p.label, str(p.value)) for p in figure.parts] == [("小", "85"), ("中", "73")]

"""The store's single-figure edits on SQLite and on PostgreSQL: revisions, conflicts,
all-or-nothing, the change log, and the workflow's snapshot."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from shinchoku.store import Database
from shinchoku.store.edits import (
    MeasureYearEdit,
    ObservationEdit,
    apply_edits,
    observation_state,
)
from shinchoku.store.history import Workflow
from shinchoku.web.service import public_plan
from tests.web.conftest import KPI_X, MEASURE_X, OPEN_YEAR, PLAN, prepare, temporary_database


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path, template_db: Path) -> Iterator[Database]:
    with temporary_database(request.param, tmp_path) as url:
        if request.param == "sqlite":
            shutil.copyfile(template_db, tmp_path / "shinchoku.sqlite")
        else:
            prepare(url, users=False)
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()


def test_second_writer_conflicts_and_the_first_survives(db: Database) -> None:
    first = apply_edits(db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 0, value="410")], user="alice")
    assert first.ok and first.revisions[("observation", KPI_X)] == 1
    second = apply_edits(
        db,
        PLAN,
        OPEN_YEAR,
        [ObservationEdit(KPI_X, 0, value="430")],
        [MeasureYearEdit(MEASURE_X, 0, analysis="bob's")],
        user="bob",
    )
    assert not second.ok
    (c,) = second.conflicts
    assert c.code == "edit-conflict" and c.place.kpi == KPI_X
    assert (c.place.field, c.args["yours"], c.args["theirs"], c.args["by"]) == (
        "value",
        "430",
        "410",
        "alice",
    )
    state = observation_state(db, PLAN, KPI_X, OPEN_YEAR)
    assert (state.revision, state.fields["value"]) == (1, "410")
    # all or nothing: bob's analysis was not written either
    assert db.load_plan(PLAN).area("citizen").measures[0].years.get(OPEN_YEAR) is None
    history = Workflow(db).changes(PLAN, KPI_X, [MEASURE_X])
    assert [(h.user, h.field, h.before, h.after) for h in history] == [
        ("alice", "value", None, "410")
    ]


def test_unchanged_fields_do_not_conflict(db: Database) -> None:
    apply_edits(db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 0, value="410")], user="alice")
    # bob started before alice saved, but sends only the as-of point
    r = apply_edits(db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 0, as_of="R7.3")], user="bob")
    assert r.conflicts and r.conflicts[0].place.field == "as_of"
    r = apply_edits(
        db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 1, value="410", as_of="R7.3")], user="bob"
    )
    assert r.ok and [c.field for c in r.changes] == ["as_of"]


def test_edit_keeps_the_value_parsed_like_the_dataset(db: Database) -> None:
    r = apply_edits(
        db,
        PLAN,
        OPEN_YEAR,
        [ObservationEdit(KPI_X, 0, value="約5万2千件", as_of="R7.3")],
        user="alice",
    )
    assert r.ok
    obs = db.load_plan(PLAN).kpi(KPI_X).observations[OPEN_YEAR]
    assert obs.value.text == "約5万2千件"
    assert obs.value.value == 52000 and obs.value.approximate and obs.value.unit == "件"
    assert obs.as_of is not None and (obs.as_of.fiscal_year, obs.as_of.month) == (2024, 3)
    assert obs.provenance is not None and obs.provenance.source == "web"
    assert obs.provenance.user == "alice"


def test_publish_snapshot_is_what_the_public_sees(db: Database) -> None:
    wf = Workflow(db)
    apply_edits(db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 0, value="410")], user="alice")
    wf.publish(db.load_plan(PLAN), OPEN_YEAR, "admin", (), force=True)
    wf.reopen(PLAN, OPEN_YEAR, "admin", "fix")
    apply_edits(db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 1, value="420")], user="alice")
    public = public_plan(db.load_plan(PLAN), wf.snapshots(PLAN))
    assert public.kpi(KPI_X).observations[OPEN_YEAR].value.text == "410"
    assert db.load_plan(PLAN).kpi(KPI_X).observations[OPEN_YEAR].value.text == "420"


def test_edit_accepts_the_kpis_own_unit(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE kpis SET unit = '団体等' WHERE plan_id = %s AND id = %s"
            if db.engine.dialect.name == "postgresql"
            else "UPDATE kpis SET unit = '団体等' WHERE plan_id = ? AND id = ?",
            (PLAN, KPI_X),
        )
    r = apply_edits(db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 0, value="14 団体等")], user="a")
    assert r.ok, r.errors
    obs = db.load_plan(PLAN).kpi(KPI_X).observations[OPEN_YEAR]
    assert (obs.value.value, obs.value.unit) == (14, "団体等")
    r = apply_edits(db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 1, value="14 団体")], user="a")
    assert r.ok  # another known unit is read; the audit reports the mismatch


def test_edits_read_short_years_by_the_plans_rule(tmp_path: Path) -> None:
    """The web form and the API (both through apply_edits) read 「1,054,727人(13年度)」 and
    the 時点 「14年度上期」 with the plan's rule for years without their era, as the
    dataset does (札幌市's manifesto: 13年度 is 2013)."""
    from shinchoku.dataset import read_dataset
    from tests.corpus.conftest import dataset

    plan = read_dataset(dataset("sapporo-manifesto"))
    with Database(f"sqlite:///{tmp_path / 'sapporo.sqlite'}") as db:
        db.migrate()
        db.save_plan(plan)
        Workflow(db).open(plan.id, 2014, "admin")
        kpi = "foreign-overnight-guests"
        revision = observation_state(db, plan.id, kpi, 2014).revision
        edit = ObservationEdit(kpi, revision, value="1,054,727人(13年度)", as_of="14年度")
        result = apply_edits(db, plan.id, 2014, [edit], user="editor")
        assert result.ok, result.errors
        obs = db.load_plan(plan.id).kpi(kpi).observations[2014]
    assert obs.value.as_of is not None and obs.value.as_of.fiscal_year == 2013
    assert obs.as_of is not None and obs.as_of.fiscal_year == 2014

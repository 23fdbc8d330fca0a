"""照会 replies for a disaggregated KPI: parts as typed, labels checked against the KPI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from shinchoku.inquiry import collect, make_forms
from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database

from .conftest import cell_of, fill

YEAR = 2025
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
ROW = ("ict-teaching", "ict-teachers")


@pytest.fixture
def town_round(tmp_path: Path, town: Plan) -> Iterator[tuple[Database, Path]]:
    """The town plan in a database, and the FY2025 form of its education board."""
    db = Database(f"sqlite:///{tmp_path / 'town.sqlite'}")
    db.migrate()
    db.save_plan(town)
    made = make_forms(town, YEAR, tmp_path / "forms", deadline=date(2026, 5, 29), database=db)
    form = next(m.path for m in made if m.form == "kyoiku")
    yield db, form
    db.dispose()


def test_parts_typed_in_a_reply_are_collected(
    tmp_path: Path, town_round: tuple[Database, Path]
) -> None:
    db, form = town_round
    reply = fill(form, tmp_path / "reply.xlsx", {ROW: {"in.value": "小 88% 中 79%"}})
    collect([reply], YEAR, database=db, now=NOW)
    figure = db.load_plan().kpi("ict-teachers").observations[YEAR].value
    assert [(p.label, str(p.value)) for p in figure.parts] == [("小", "88"), ("中", "79")]


def test_an_undeclared_label_in_a_reply_is_refused(
    tmp_path: Path, town_round: tuple[Database, Path]
) -> None:
    db, form = town_round
    reply = fill(form, tmp_path / "reply.xlsx", {ROW: {"in.value": "小 88% 高 79%"}})
    with pytest.raises(ShinchokuError) as caught:
        collect([reply], YEAR, database=db, now=NOW)
    (p,) = caught.value.problems
    assert (p.code, p.place.cell, p.found) == (
        "unparseable-value",
        cell_of(reply, ROW, "in.value"),
        "小 88% 高 79%",
    )
    assert "'高'" in p.message and "小、中、計" in p.message
    assert YEAR not in db.load_plan().kpi("ict-teachers").observations

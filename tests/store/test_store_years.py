"""A published year never changes: loads are refused naming each figure, edits racing a
publish are either in its snapshot or refused. SQLite and PostgreSQL, the Miyagi example."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest

from shinchoku.dataset import load_example
from shinchoku.model import Figure, Plan
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from shinchoku.store.edits import ObservationEdit, apply_edits
from shinchoku.store.history import Workflow
from tests.store.test_store_plans import dump

PUBLISHED, OPEN = 2023, 2024


@pytest.fixture
def example(db: Database) -> Plan:
    """The example loaded, FY2023 published, FY2024 open."""
    plan = load_example()
    db.load_dataset_plan(plan)
    wf = Workflow(db)
    wf.open(plan.id, PUBLISHED, "admin")
    wf.publish(plan.id, PUBLISHED, "admin", force=True)
    wf.open(plan.id, OPEN, "admin")
    return plan


def _corrected(plan: Plan, year: int) -> tuple[Plan, str, str]:
    """The plan with one actual and one 要因分析 of ``year`` changed: (plan, KPI, measure)."""
    changed = plan.model_copy(deep=True)
    kpi = next(k for k in changed.kpis if year in k.observations)
    kpi.observations[year] = kpi.observations[year].model_copy(update={"value": Figure.of("999")})
    _, measure = next((a, m) for a, m in changed.measures() if year in m.years)
    measure.years[year] = measure.years[year].model_copy(update={"analysis": "書き換え"})
    return changed, kpi.id, measure.id


@pytest.mark.parametrize("overwrite", [False, True])
def test_load_refuses_to_change_a_published_year(
    db: Database, example: Plan, overwrite: bool
) -> None:
    changed, kpi, measure = _corrected(example, PUBLISHED)
    before = dump(db)
    with pytest.raises(ShinchokuError) as caught:
        db.load_dataset_plan(changed, overwrite_edits=overwrite)
    problems = caught.value.problems
    assert {p.code for p in problems} == {"year-published"}
    assert {(p.place.kpi, p.place.measure, p.place.year) for p in problems} == {
        (kpi, None, PUBLISHED),
        (None, measure, PUBLISHED),
    }
    assert "999" in {p.expected for p in problems}
    assert dump(db) == before


def test_a_year_not_published_still_loads(db: Database, example: Plan) -> None:
    changed = example.model_copy(deep=True)
    kpi = next(k for k in changed.kpis if 2022 in k.targets)
    kpi.targets[2022] = kpi.targets[2022].model_copy(update={"text": "500"})
    result = db.load_dataset_plan(changed)
    assert (result.inserted["targets"], result.updated["targets"]) == (0, 1)
    assert db.load_plan(example.id).kpi(kpi.id).targets[2022].text == "500"


def test_reopen_makes_the_year_writable_and_is_recorded(db: Database, example: Plan) -> None:
    wf = Workflow(db)
    wf.publish(example.id, OPEN, "admin", force=True)  # one open year at a time
    wf.reopen(example.id, PUBLISHED, "admin", "R5 actual corrected by the division")
    changed, kpi, _ = _corrected(example, PUBLISHED)
    db.load_dataset_plan(changed)
    assert db.load_plan(example.id).kpi(kpi).observations[PUBLISHED].value.text == "999"
    reopen = [e for e in wf.events(example.id, PUBLISHED) if e.action == "reopen"]
    assert [(e.user, e.note) for e in reopen] == [("admin", "R5 actual corrected by the division")]
    # the public snapshot keeps the published figure until the year is published again
    assert wf.snapshots(example.id)[PUBLISHED].observations[kpi]["value"] != "999"


def test_an_edit_after_publishing_is_refused(db: Database, example: Plan) -> None:
    kpi = example.kpis[0].id
    Workflow(db).publish(example.id, OPEN, "admin", force=True)
    before = dump(db)
    with pytest.raises(ShinchokuError) as caught:
        apply_edits(db, example.id, OPEN, [ObservationEdit(kpi, 0, value="5")], user="alice")
    assert caught.value.problem.code == "year-not-open"
    assert dump(db) == before


def test_saves_racing_a_publish_are_in_its_snapshot_or_refused(db: Database, example: Plan) -> None:
    kpis = [k.id for k in example.kpis[:4]]
    acknowledged: dict[str, list[str]] = {k: [] for k in kpis}
    refused: dict[str, int] = dict.fromkeys(kpis, 0)
    errors: list[BaseException] = []
    go = threading.Barrier(len(kpis) + 1)

    published = threading.Event()

    def editor(kpi: str) -> None:
        revision = 0
        try:
            go.wait()
            for n in itertools.count(1):
                after = published.is_set()  # this save starts after the publish returned
                value = str(n)
                try:
                    result = apply_edits(
                        db,
                        example.id,
                        OPEN,
                        [ObservationEdit(kpi, revision, value=value)],
                        user=kpi,
                    )
                except ShinchokuError as exc:
                    assert exc.problem.code == "year-not-open"
                    refused[kpi] += 1
                    return
                assert result.ok, result.conflicts
                revision = result.revisions[("observation", kpi)]
                acknowledged[kpi].append(value)
                if after:
                    return  # saved into a published year: the assertions below fail
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=editor, args=(k,)) for k in kpis]
    for t in threads:
        t.start()
    go.wait()
    while not all(acknowledged.values()):  # every editor has saved at least once
        threading.Event().wait(0.005)
    Workflow(db).publish(example.id, OPEN, "admin", force=True)
    published.set()
    for t in threads:
        t.join()
    assert errors == []
    assert refused == dict.fromkeys(kpis, 1)
    snapshot: dict[str, Any] = Workflow(db).snapshots(example.id)[OPEN].observations
    live = db.load_plan(example.id)
    for kpi in kpis:
        last = acknowledged[kpi][-1]
        assert snapshot[kpi]["value"] == last, kpi
        assert live.kpi(kpi).observations[OPEN].value.text == last, kpi

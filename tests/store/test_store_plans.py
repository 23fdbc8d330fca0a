"""Saving and loading plans: round trip, idempotence, minimal writes, all-or-nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database, sync
from shinchoku.store.tables import Base


def dump(db: Database) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table (the Alembic version too), as text, in key order."""
    out: dict[str, list[tuple[str, ...]]] = {}
    meta = sa.MetaData()
    meta.reflect(db.engine)
    with db.engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(sa.select(table).order_by(*order))
            out[name] = [tuple(repr(v) for v in r) for r in rows]
    return out


def stored(db: Database, table: str, **where: Any) -> list[dict[str, Any]]:
    t = Base.metadata.tables[table]
    query = sa.select(t).where(*(t.c[k] == v for k, v in where.items()))
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def total(counts: dict[str, int]) -> int:
    return sum(counts.values())


def test_round_trip(db: Database, plan_data: dict[str, Any]) -> None:
    plan = Plan.model_validate(plan_data)
    result = db.save_plan(plan)
    assert result.changed
    assert result.inserted["observations"] == 5
    assert result.inserted["money"] == 4
    loaded = db.load_plan("miyagi-test")
    assert loaded == plan
    assert loaded.model_dump(mode="json") == plan.model_dump(mode="json")
    assert db.load_plan() == plan
    assert db.list_plans() == [("miyagi-test", "みやぎ情報化推進ポリシー")]


def test_decimals_keep_their_digits(db: Database, plan_data: dict[str, Any]) -> None:
    db.save_plan(Plan.model_validate(plan_data))
    loaded = db.load_plan()
    assert str(loaded.kpi("kpi-paper").observations[2022].value.value) == "60.50"
    assert str(loaded.kpi("kpi-ict").observations[2023].value.value) == "523000.0"
    assert str(loaded.kpi("kpi-paper").baseline.value.value) == "71.0"  # type: ignore[union-attr]


def test_shared_kpi_is_one_row(db: Database, plan_data: dict[str, Any]) -> None:
    db.save_plan(Plan.model_validate(plan_data))
    assert len(stored(db, "kpis", id="kpi-ict")) == 1
    refs = stored(db, "measure_kpis", kpi_id="kpi-ict")
    assert sorted((r["measure_id"], r["number"]) for r in refs) == [
        ("m-online", 2),
        ("m-school", None),
    ]
    loaded = db.load_plan()
    assert [m.id for _, m in loaded.kpi_places("kpi-ict")] == ["m-online", "m-school"]


def test_saving_twice_changes_nothing(db: Database, plan_data: dict[str, Any]) -> None:
    plan = Plan.model_validate(plan_data)
    db.save_plan(plan)
    before = stored(db, "observations", kpi_id="kpi-online", year=2023)
    dumped = dump(db)
    again = db.save_plan(plan)
    assert not again.changed
    assert total(again.inserted) == total(again.updated) == total(again.deleted) == 0
    assert stored(db, "observations", kpi_id="kpi-online", year=2023) == before
    assert before[0]["revision"] == 1
    assert dump(db) == dumped


def test_saving_the_loaded_plan_changes_nothing(db: Database, plan_data: dict[str, Any]) -> None:
    # Per-year dicts come back in year order; a reordered dict is the same plan.
    plan_data["kpis"][0]["targets"] = dict(reversed(plan_data["kpis"][0]["targets"].items()))
    db.save_plan(Plan.model_validate(plan_data))
    assert not db.save_plan(db.load_plan()).changed


def test_changed_observation_is_one_update(db: Database, plan_data: dict[str, Any]) -> None:
    db.save_plan(Plan.model_validate(plan_data))
    (before,) = stored(db, "observations", kpi_id="kpi-online", year=2023)
    plan_data["kpis"][0]["observations"][2023]["value"] = "1,800件"
    plan = Plan.model_validate(plan_data)
    result = db.save_plan(plan)
    assert result.changed
    # Besides the observation only the plan row changes: it carries the content hash.
    assert {t: n for t, n in result.updated.items() if n} == {"observations": 1, "plans": 1}
    assert total(result.inserted) == total(result.deleted) == 0
    (after,) = stored(db, "observations", kpi_id="kpi-online", year=2023)
    assert after["revision"] == before["revision"] + 1
    assert after["value_text"] == "1,800件"
    (other,) = stored(db, "observations", kpi_id="kpi-online", year=2022)
    assert other["revision"] == 1
    assert db.load_plan() == plan


def test_trailing_zero_is_a_change(db: Database, plan_data: dict[str, Any]) -> None:
    db.save_plan(Plan.model_validate(plan_data))
    plan_data["kpis"][2]["observations"][2022]["value"] = {"text": "60.50", "value": "60.5"}
    plan = Plan.model_validate(plan_data)
    assert db.save_plan(plan).updated["observations"] == 1
    assert db.load_plan().model_dump(mode="json") == plan.model_dump(mode="json")


def test_removed_kpi_loses_its_rows(db: Database, plan_data: dict[str, Any]) -> None:
    db.save_plan(Plan.model_validate(plan_data))
    plan_data["kpis"] = [k for k in plan_data["kpis"] if k["id"] != "kpi-paper"]
    plan = Plan.model_validate(plan_data)
    result = db.save_plan(plan)
    assert {t: n for t, n in result.deleted.items() if n} == {
        "kpis": 1,
        "targets": 2,
        "observations": 2,
    }
    for table in ("targets", "observations"):
        assert stored(db, table, kpi_id="kpi-paper") == []
    assert stored(db, "kpis", id="kpi-paper") == []
    assert db.load_plan() == plan


def test_restructured_tree(db: Database, plan_data: dict[str, Any]) -> None:
    """An area removed, its measure moved, a KPI unshared: parents and children in order."""
    db.save_plan(Plan.model_validate(plan_data))
    citizen, foundation = plan_data["areas"]
    (municipal,) = foundation.pop("children")
    citizen["measures"].extend(municipal["measures"])
    citizen["children"] = [{"id": "new-section", "name": "新しい節", "kind": "section"}]
    plan_data["statements"][1]["area"] = "new-section"
    plan = Plan.model_validate(plan_data)
    result = db.save_plan(plan)
    assert result.deleted["areas"] == 1
    assert result.inserted["areas"] == 1
    assert result.updated["measures"] == 1
    assert result.deleted["money"] == 1
    assert db.load_plan() == plan


def test_removed_subtree(db: Database, plan_data: dict[str, Any]) -> None:
    db.save_plan(Plan.model_validate(plan_data))
    plan_data["areas"].pop()  # 基盤取組 and its sub-area, measure and money
    plan = Plan.model_validate(plan_data)
    result = db.save_plan(plan)
    assert {t: n for t, n in result.deleted.items() if n} == {
        "areas": 2,
        "measures": 1,
        "measure_org_units": 2,
        "measure_kpis": 1,
        "measure_years": 1,
        "money": 1,
    }
    assert db.load_plan() == plan


def test_failed_save_changes_nothing(
    db: Database, db_url: str, plan_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    db.save_plan(Plan.model_validate(plan_data))
    path = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite") else None
    db.dispose()  # WAL: the last connection to close writes the log into the file
    raw = path.read_bytes() if path else b""
    before = dump(db)

    real_write = sync.write

    def failing_write(conn: sa.Connection, changes: sync.Changes, now: Any) -> None:
        real_write(conn, changes, now)
        if changes.table.name == "observations":
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(sync, "write", failing_write)
    plan_data["name"] = "改名"
    plan_data["kpis"][0]["observations"][2023]["value"] = "1,800件"
    plan_data["kpis"].append({"id": "kpi-new", "name": "新指標"})
    plan_data["areas"][0]["money"].pop()
    with pytest.raises(RuntimeError, match="disk on fire"):
        db.save_plan(Plan.model_validate(plan_data))

    assert dump(db) == before
    if path:
        db.dispose()
        assert path.read_bytes() == raw


def test_constraint_violation_rolls_back(db: Database, plan_data: dict[str, Any]) -> None:
    db.save_plan(Plan.model_validate(plan_data))
    before = dump(db)
    plan_data["kpis"].append({"id": "kpi-new", "name": "新指標", "targets": {2024: "10"}})
    obs = plan_data["kpis"][0]["observations"][2022]
    obs["as_of"] = {"text": "R4.13", "fiscal_year": 2022, "month": 13}  # no such month
    with pytest.raises(sa.exc.IntegrityError):
        db.save_plan(Plan.model_validate(plan_data))
    assert dump(db) == before


def test_duplicate_money_is_a_problem(db: Database, plan_data: dict[str, Any]) -> None:
    plan_data["money"].append({"year": 2023, "projects": 1, "kind": "settled"})
    with pytest.raises(ShinchokuError) as caught:
        db.save_plan(Plan.model_validate(plan_data))
    assert caught.value.problem.code == "duplicate-key"
    assert db.list_plans() == []


def test_two_plans_live_side_by_side(db: Database, plan_data: dict[str, Any]) -> None:
    first = Plan.model_validate(plan_data)
    plan_data.update(id="sendai-test", name="仙台市DX推進計画")
    plan_data["kpis"] = [k for k in plan_data["kpis"] if k["id"] != "kpi-paper"]
    second = Plan.model_validate(plan_data)
    db.save_plan(first)
    db.save_plan(second)
    assert db.list_plans() == [
        ("miyagi-test", "みやぎ情報化推進ポリシー"),
        ("sendai-test", "仙台市DX推進計画"),
    ]
    assert db.load_plan("miyagi-test") == first
    assert db.load_plan("sendai-test") == second
    with pytest.raises(ShinchokuError) as caught:
        db.load_plan()
    assert caught.value.problem.code == "plan-ambiguous"
    assert not db.save_plan(first).changed
    assert not db.save_plan(second).changed


def test_missing_plan(db: Database) -> None:
    with pytest.raises(ShinchokuError) as caught:
        db.load_plan()
    assert caught.value.problem.code == "plan-not-found"
    with pytest.raises(ShinchokuError) as caught:
        db.load_plan("nope")
    assert caught.value.problem.code == "plan-not-found"


def test_session_commits(db: Database, plan_data: dict[str, Any]) -> None:
    from shinchoku.store.tables import ObservationRow

    db.save_plan(Plan.model_validate(plan_data))
    with db.session() as s:
        row = s.get(ObservationRow, ("miyagi-test", "kpi-paper", 2022))
        assert row is not None
        row.note = "確認済"
        row.revision += 1
    assert db.load_plan().kpi("kpi-paper").observations[2022].note == "確認済"

"""Organisations, indicator sets, peer groups and plans of organisations in the store."""

from __future__ import annotations

from typing import Any

import pytest

from shinchoku.compare import aggregates, store
from shinchoku.compare.indicators import IndicatorSet, bundled_set
from shinchoku.compare.peers import peer_groups
from shinchoku.compare.sets import SetSaved, store_set
from shinchoku.compare.survey import import_survey
from shinchoku.model import Plan
from shinchoku.orgs import registry
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from tests.compare.conftest import SURVEY


def test_organisations_sync_once(db: Database) -> None:
    with db.engine.begin() as conn:
        assert store.sync_organisations(conn, registry()) == (1960, 0)
        assert store.sync_organisations(conn, registry()) == (0, 0)
        stored = store.stored_registry(conn)
    assert stored.counts() == registry().counts()
    assert stored.find("041009").name == "仙台市"


def test_indicator_set_saved_once_and_indicators_with_figures_kept(db: Database) -> None:
    iset = bundled_set()
    import_survey(db, SURVEY, iset, registry())
    with db.engine.begin() as conn:
        assert store.save_indicator_set(conn, iset) is False
        assert store.load_indicator_set(conn, "dx-survey") == iset
        assert store.list_indicator_sets(conn) == [("dx-survey", "自治体DX推進状況調査")]
    data: dict[str, Any] = iset.canonical()
    data["indicators"] = [i for i in data["indicators"] if i["id"] != "cio"]
    with pytest.raises(ShinchokuError) as caught, db.engine.begin() as conn:
        store.save_indicator_set(conn, IndicatorSet.model_validate(data))
    assert (caught.value.problem.code, caught.value.problem.found) == (
        "indicator-has-figures",
        "cio",
    )
    data["indicators"] = [i for i in iset.canonical()["indicators"] if i["id"] != "ai"]
    with db.engine.begin() as conn:
        assert store.save_indicator_set(conn, IndicatorSet.model_validate(data)) is True
        assert store.load_indicator_set(conn, "dx-survey").get("ai") is None


def test_peer_groups_built_in_and_user(db: Database) -> None:
    r = registry()
    with db.engine.begin() as conn:
        store.sync_organisations(conn, r)
        members = store.save_peer_group(
            conn, "sanriku", "三陸沿岸", ["042056", "０４２０２１", "04606"], r, owner="040002"
        )
        assert members == ["042021", "042056", "046060"]
        with pytest.raises(ShinchokuError) as caught:
            store.save_peer_group(conn, "bad", "bad", ["042057"], r)
        assert caught.value.problem.place.path == "members[0]"
        groups = store.user_peer_groups(conn)
    found = [(g.id, len(g.members)) for g in peer_groups(r.find("042056"), r, groups)]
    assert found == [("prefecture:040002", 35), ("kind:city", 710), ("user:sanriku", 3)]
    assert [g.id for g in peer_groups(r.find("040002"), r)] == ["prefectures"]


def test_plan_belongs_to_an_organisation(db: Database, plan_data: dict[str, Any]) -> None:
    plan_data["organisation"] = "040002"
    plan_data["kpis"][0]["indicator"] = "dx-survey/online-procedures"
    plan = Plan.model_validate(plan_data)
    db.save_plan(plan)
    loaded = db.load_plan(plan.id)
    assert loaded.organisation == "040002"
    assert loaded.kpis[0].indicator == "dx-survey/online-procedures"
    assert loaded == plan


def test_migration_0011_series_index_down_and_up(db: Database) -> None:
    import sqlalchemy as sa
    from alembic import command

    from shinchoku.store import alembic_config

    def indexes() -> dict[str, list[str | None]]:
        with db.engine.connect() as conn:
            return {
                i["name"]: i["column_names"]
                for i in sa.inspect(conn).get_indexes("figures")
                if i["name"]
            }

    assert indexes()["ix_figures_series"] == [
        "set_id",
        "indicator_id",
        "year",
        "org_code",
        "value",
    ]
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0010")  # below 0011, whatever follows it
    assert "ix_figures_series" not in indexes()
    db.migrate()
    assert "ix_figures_series" in indexes()


def test_migration_0013_aggregates_down_and_up(db: Database) -> None:
    import sqlalchemy as sa
    from alembic import command

    from shinchoku.store import alembic_config

    def tables() -> set[str]:
        with db.engine.connect() as conn:
            return set(sa.inspect(conn).get_table_names())

    assert "comparison_aggregates" in tables()
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0012")
    assert "comparison_aggregates" not in tables()
    db.migrate()
    assert "comparison_aggregates" in tables()


def test_set_summaries_and_imports(db: Database) -> None:
    r = registry()
    with db.engine.begin() as conn:
        assert store_set(conn, bundled_set(), r) is SetSaved.ADDED
        assert store_set(conn, bundled_set(), r) is SetSaved.UNCHANGED
        (empty,) = store.set_summaries(conn)
    assert (empty.id, empty.indicators, empty.years, empty.figures, empty.last_import) == (
        "dx-survey",
        10,
        (),
        0,
        None,
    )
    import_survey(db, SURVEY, bundled_set(), r)
    with db.engine.connect() as conn:
        (s,) = store.set_summaries(conn)
        imports = store.survey_imports(conn, "dx-survey")
    assert (s.years, s.figures) == ((2022, 2023), 21)
    assert s.last_import == imports[0]
    assert (imports[0].file, imports[0].rows, len(imports)) == ("miyagi-dx.csv", 21, 1)
    # a new version: its aggregates again, of the new basis
    data: dict[str, Any] = bundled_set().canonical()
    data["as_of"] = "R7.4"
    newer = IndicatorSet.model_validate(data)
    with db.engine.begin() as conn:
        assert store_set(conn, newer, r) is SetSaved.CHANGED
        assert aggregates.current(conn, "dx-survey", aggregates.basis(newer.content_hash(), r))


def test_a_set_of_no_organisation_is_refused(db: Database) -> None:
    data: dict[str, Any] = bundled_set().canonical()
    data["owner"] = "999999"
    with pytest.raises(ShinchokuError) as caught, db.engine.begin() as conn:
        store_set(conn, IndicatorSet.model_validate(data), registry())
    p = caught.value.problem
    assert (p.code, p.place.field, p.found) == ("org-unknown", "owner", "999999")
    with db.engine.connect() as conn:
        assert store.list_indicator_sets(conn) == []

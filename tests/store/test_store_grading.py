"""Money on measures, measures with no KPI and a written-out grading scheme in the store."""

from __future__ import annotations

from shinchoku.method import evaluate
from shinchoku.model import GradingScheme, Plan
from shinchoku.store import Database
from tests.store.test_store_plans import stored


def test_town_round_trip_with_measure_money_and_scheme(db: Database, town: Plan) -> None:
    data = town.model_dump(mode="json")
    data["settings"]["grading"] = "nagayo"
    data["settings"]["area_money_from_measures"] = True
    plan = Plan.model_validate(data)
    result = db.save_plan(plan)
    assert result.inserted["measure_money"] == 1
    row = stored(db, "measure_money", measure_id="cashless-promotion")
    assert [(r["year"], r["kind"], r["projects"], r["amount_yen"]) for r in row] == [
        (2024, "settled", 1, 1_200_000)
    ]
    loaded = db.load_plan(plan.id)
    assert loaded == plan
    assert loaded.settings.scheme.source is not None
    assert loaded.settings.scheme.source.government == "長崎県長与町"
    ev = evaluate(loaded, 2024)
    assert ev.measures["cashless-promotion"].status.value == "no-kpi"
    assert not db.save_plan(loaded).changed


def test_written_out_scheme_survives_the_json_column(db: Database, town: Plan) -> None:
    data = town.model_dump(mode="json")
    data["settings"]["grading"] = {
        "kind": "relative",
        "name": "基準値との比較",
        "grades": [
            {"code": "A", "label": "達成A", "label_en": "achieved", "outcome": "achieved"},
            {"code": "B", "label": "前進B", "outcome": "advanced"},
            {"code": "C", "label": "横ばいC", "outcome": "flat"},
            {"code": "D", "label": "後退D", "outcome": "regressed"},
        ],
        "tolerance": "0.05",
        "tolerance_side": "both",
    }
    plan = Plan.model_validate(data)
    db.save_plan(plan)
    loaded = db.load_plan(plan.id)
    assert isinstance(loaded.settings.grading, GradingScheme)
    assert loaded.settings.grading == plan.settings.grading
    assert str(loaded.settings.grading.tolerance) == "0.05"

"""JSON Schema of the dataset, generated from the model."""

from __future__ import annotations

from typing import Any

from shinchoku.model import KPI, Area, Plan


def dataset_schema() -> dict[str, Any]:
    """One schema document: the whole plan, plus the shape of each file."""
    plan = Plan.model_json_schema(mode="validation")
    defs: dict[str, Any] = dict(plan.pop("$defs", {}))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://shinchoku.example/schema/dataset.json",
        "title": "shinchoku dataset",
        "description": (
            "A dataset folder holds plan.yaml (a Plan without areas and kpis), "
            "areas/*.yaml (one Area each, in file-name order) and kpis.yaml (a list of KPI). "
            "Together they form the Plan below. Figures may be written as the source writes "
            "them (「約5万2千件」「R2.12」「2,022,951千円」) and keep that text."
        ),
        "$defs": {
            **defs,
            "Plan": plan,
            "PlanFile": {
                "description": "plan.yaml",
                "allOf": [{"$ref": "#/$defs/Plan"}],
                "not": {"anyOf": [{"required": ["areas"]}, {"required": ["kpis"]}]},
            },
            "AreaFile": {"description": "areas/NN-id.yaml", "$ref": "#/$defs/Area"},
            "KpisFile": {
                "description": "kpis.yaml",
                "type": "array",
                "items": {"$ref": "#/$defs/KPI"},
            },
        },
        "$ref": "#/$defs/Plan",
    }


__all__ = ["KPI", "Area", "dataset_schema"]

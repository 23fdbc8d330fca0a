"""照会 under a plan's own grading scheme: the drop-down lists its labels, replies are read
through it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from shinchoku.dataset import load_example
from shinchoku.inquiry import collect, make_forms
from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database

from .conftest import YEAR, fill, input_sheet

DIGITAL = "kikaku-digital"
MEASURE = ("open-data-miyagi", "open-data-datasets")


def _relative_plan() -> Plan:
    data = load_example().model_dump(mode="json")
    data["settings"]["grading"] = "relative"
    return Plan.model_validate(data)


def test_relative_labels_in_the_form_and_the_reply(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'shinchoku.sqlite'}")
    try:
        db.migrate()
        plan = _relative_plan()
        db.save_plan(plan)
        made = {m.form: m for m in make_forms(plan, YEAR, tmp_path / "forms", database=db)}
        ws = input_sheet(openpyxl.load_workbook(made[DIGITAL].path), "kpis")
        lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert '"達成A,前進B,横ばいC,後退D,達成,一部達成,未達成"' in lists

        reply = fill(made[DIGITAL].path, tmp_path / "ok.xlsx", {MEASURE: {"in.status": "横ばいC"}})
        collect([reply], YEAR, database=db)
        measure = next(m for _, m in db.load_plan().measures() if m.id == MEASURE[0])
        assert measure.years[YEAR].declared_status == "横ばいC"

        bad = fill(made[DIGITAL].path, tmp_path / "bad.xlsx", {MEASURE: {"in.status": "概ね達成"}})
        with pytest.raises(ShinchokuError) as caught:
            collect([bad], YEAR, database=db)
        [p] = caught.value.problems
        assert (p.code, p.found) == ("unknown-status", "概ね達成")
        assert "横ばいC" in p.message
    finally:
        db.dispose()

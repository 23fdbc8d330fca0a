"""Replies made from a real form and then changed by hand in openpyxl, the way a form
comes back altered: each refusal and finding the collector can give is produced here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from shinchoku.inquiry import MadeForm, collect, make_forms
from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database

from .conftest import YEAR, field_columns, fill, input_sheet

DIGITAL = "kikaku-digital"
OPEN_DATA = ("open-data-miyagi", "open-data-datasets")


def refused(paths: list[Path], db: Database) -> list[str]:
    with pytest.raises(ShinchokuError) as caught:
        collect(paths, YEAR, database=db)
    return [p.code for p in caught.value.problems]


def found(path: Path, db: Database) -> list[str]:
    return [p.code for p in collect([path], YEAR, database=db, dry_run=True).report]


def test_a_deleted_column_is_named(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    wb = openpyxl.load_workbook(forms[DIGITAL].path)
    ws = input_sheet(wb, "kpis")
    _, cols = field_columns(ws)
    ws.delete_cols(cols["in.as_of"])
    wb.save(tmp_path / "列削除.xlsx")
    with pytest.raises(ShinchokuError) as caught:
        collect([tmp_path / "列削除.xlsx"], YEAR, database=db)
    [problem] = caught.value.problems
    assert problem.code == "column-missing"
    assert problem.place.sheet == ws.title and "in.as_of" in problem.message


def test_a_copied_input_sheet_is_refused(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    wb = openpyxl.load_workbook(forms[DIGITAL].path)
    wb.copy_worksheet(input_sheet(wb, "kpis"))
    wb.save(tmp_path / "シート複製.xlsx")
    assert refused([tmp_path / "シート複製.xlsx"], db) == ["sheet-duplicated"]

    wb = openpyxl.load_workbook(forms[DIGITAL].path)
    wb.copy_worksheet(wb["_meta"])
    wb.save(tmp_path / "meta複製.xlsx")
    assert refused([tmp_path / "meta複製.xlsx"], db) == ["sheet-duplicated"]


def test_a_form_of_a_newer_format_is_refused(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    wb = openpyxl.load_workbook(forms[DIGITAL].path)
    assert wb["_meta"]["A2"].value == "format"
    wb["_meta"]["B2"] = "99"
    wb.save(tmp_path / "新版.xlsx")
    assert refused([tmp_path / "新版.xlsx"], db) == ["form-version-unsupported"]


def test_a_form_of_an_org_unit_the_plan_lacks_is_refused(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    wb = openpyxl.load_workbook(forms[DIGITAL].path)
    assert wb["_meta"]["A6"].value == "form"
    wb["_meta"]["B6"] = "kikaku-haishi"
    wb.save(tmp_path / "所属なし.xlsx")
    assert refused([tmp_path / "所属なし.xlsx"], db) == ["unknown-form"]


def test_a_row_for_a_kpi_the_plan_dropped_is_stale(
    tmp_path: Path, plan: Plan, forms: dict[str, MadeForm]
) -> None:
    made = make_forms(plan, YEAR, tmp_path / "forms")
    [form] = [m for m in made if m.form == DIGITAL]
    measure, kpi = OPEN_DATA
    [target] = [m for _, m in plan.measures() if m.id == measure]
    target.kpis = [r for r in target.kpis if r.kpi != kpi]
    with pytest.raises(ShinchokuError) as caught:
        collect([form.path], YEAR, plan=plan)
    assert [p.code for p in caught.value.problems] == ["stale-form"]
    assert kpi in str(caught.value.problems[0].found)


def test_a_reply_to_forms_made_again_is_collected_with_a_warning(
    tmp_path: Path, db: Database, plan: Plan, forms: dict[str, MadeForm]
) -> None:
    reply = fill(forms[DIGITAL].path, tmp_path / "旧様式.xlsx", {OPEN_DATA: {"in.value": "412"}})
    # A figure entered since: the web-meeting row is pre-filled with it in the new forms.
    changed = db.load_plan()
    web = changed.kpi("web-meetings")
    web.observations[YEAR] = web.observations[YEAR - 1]
    db.save_plan(changed)
    make_forms(
        changed,
        YEAR,
        tmp_path / "again",
        deadline=date(2025, 6, 13),
        contact="企画部 デジタルみやぎ推進課（内線 9999）",
        database=db,
    )
    result = collect([reply], YEAR, database=db, dry_run=True)
    assert [p.code for p in result.report] == ["form-superseded"]
    assert len(result.changes) == 1


def test_remarks_without_a_value_store_nothing(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    reply = fill(forms[DIGITAL].path, tmp_path / "時点のみ.xlsx", {OPEN_DATA: {"in.as_of": "R7.3"}})
    result = collect([reply], YEAR, database=db, dry_run=True)
    assert [p.code for p in result.report] == ["remarks-without-value"]
    assert result.changes == []


def test_a_rate_written_as_a_fraction_is_queried(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    keys = ("mynumber-card-promotion", "mynumber-card-rate")
    reply = fill(forms[DIGITAL].path, tmp_path / "割合.xlsx", {keys: {"in.value": "0.81"}})
    assert "percent-as-fraction" in found(reply, db)
    reply = fill(forms[DIGITAL].path, tmp_path / "百分率.xlsx", {keys: {"in.value": "81"}})
    assert "percent-as-fraction" not in found(reply, db)


def test_a_cumulative_count_that_went_down_is_queried(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    keys = ("free-public-wifi", "free-wifi-spots")  # cumulative; FY2023: 1,023
    reply = fill(forms[DIGITAL].path, tmp_path / "減少.xlsx", {keys: {"in.value": "1,000"}})
    assert "cumulative-decrease" in found(reply, db)
    reply = fill(forms[DIGITAL].path, tmp_path / "増加.xlsx", {keys: {"in.value": "1,100"}})
    assert "cumulative-decrease" not in found(reply, db)

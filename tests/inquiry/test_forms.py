"""The forms: who gets one, what they hold, how they are protected, same bytes each time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from shinchoku.inquiry import MadeForm, make_forms
from shinchoku.model import Plan
from shinchoku.store import Database
from shinchoku.store.secret import installation_secret

from .conftest import CONTACT, DEADLINE, YEAR, field_columns, input_sheet, row_of


def test_one_form_per_division_and_one_for_the_office(forms: dict[str, MadeForm]) -> None:
    assert list(forms) == [
        "kikaku-digital",
        "kikaku-sangyo-digital",
        "nosei-shokusan",
        "nosei-nogyo",
        "nosei-nariwai",
        "somu-gyosei",
        "somu-kensei-bunsho",
        "kyoiku-kikaku",
        "police-joho",
        "_office",
    ]
    assert forms["kikaku-digital"].path.name == "R6照会_企画部_デジタルみやぎ推進課.xlsx"
    assert forms["_office"].path.name == "R6照会_政策担当課.xlsx"


def test_same_bytes_every_time(
    tmp_path: Path, plan: Plan, db: Database, forms: dict[str, MadeForm]
) -> None:
    """The same plan, year, deadline, contact and database: the same bytes."""
    again = make_forms(plan, YEAR, tmp_path, deadline=DEADLINE, contact=CONTACT, database=db)
    for m in again:
        assert m.path.read_bytes() == forms[m.form].path.read_bytes(), m.path.name
    secret = installation_secret(db)
    assert secret is not None
    # In another process (another hash seed) too: the office's form, the richest.
    code = (
        "import sys; from datetime import date; from shinchoku.dataset import load_example;"
        "from shinchoku.inquiry.forms import plan_forms; from shinchoku.inquiry.xlsx import render;"
        f"spec = plan_forms(load_example(), {YEAR})[-1];"
        f"spec.secret = bytes.fromhex({secret.hex()!r});"
        f"sys.stdout.buffer.write(render(spec, date(2025, 5, 30), {CONTACT!r}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        env={"PYTHONHASHSEED": "7", "PYTHONPATH": str(Path(__file__).parents[2] / "src")},
    )
    assert done.stdout == forms["_office"].path.read_bytes()


def test_cover_sheet(forms: dict[str, MadeForm]) -> None:
    wb = openpyxl.load_workbook(forms["kikaku-digital"].path)
    assert wb.sheetnames == ["表紙", "施策・KPI", "_meta"]
    texts = [str(c.value) for row in wb["表紙"].iter_rows() for c in row if c.value]
    joined = "\n".join(texts)
    assert "令和6年度（2024年度）「みやぎ情報化推進ポリシー」進捗状況照会" in joined
    assert "令和7年5月30日（金）" in joined
    assert CONTACT in joined
    assert "企画部 デジタルみやぎ推進課" in joined
    assert "記入要領" in joined and "黄色のセル" in joined


def test_kpi_sheet_prefilled_and_protected(forms: dict[str, MadeForm]) -> None:
    wb = openpyxl.load_workbook(forms["somu-gyosei"].path)
    ws = input_sheet(wb, "kpis")
    field_row, cols = field_columns(ws)
    assert ws.protection.sheet and not ws.protection.password
    assert ws.row_dimensions[field_row].hidden
    for f in ("key.plan", "key.year", "key.measure", "key.kpi", "key.prefill"):
        letter = ws.cell(1, cols[f]).column_letter
        assert ws.column_dimensions[letter].hidden, f
    headers = {f: ws.cell(field_row + 1, c).value for f, c in cols.items()}
    assert headers["target"] == "R6年度末目標値"
    assert headers["actual.2023"] == "R5年度実績値"
    r = row_of(ws, ("telework", "telework-pc-rate"))
    assert ws.cell(r, cols["number"]).value == "②"
    assert ws.cell(r, cols["baseline"]).value == "約１８％"
    assert ws.cell(r, cols["actual.2023"]).value == "約１６％"
    assert ws.cell(r, cols["target"]).value == "３０％"
    for f in ("in.value", "in.as_of", "in.remarks"):
        cell = ws.cell(r, cols[f])
        assert cell.protection.locked is False and cell.number_format == "@"
    assert ws.cell(r, cols["kpi"]).protection.locked is not False
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    status = next(dv for dv in validations.values() if dv.type == "list")
    assert status.formula1 == '"達成,一部達成,未達成"'
    assert wb["_meta"].sheet_state == "veryHidden"


def test_a_kpi_under_two_measures_takes_input_once(forms: dict[str, MadeForm]) -> None:
    wb = openpyxl.load_workbook(forms["kyoiku-kikaku"].path)
    ws = input_sheet(wb, "kpis")
    _, cols = field_columns(ws)
    first = row_of(ws, ("education-informatization", "ict-teaching-skill", "input"))
    second = row_of(ws, ("ict-lesson-improvement", "ict-teaching-skill", "ref"))
    assert ws.cell(first, cols["in.value"]).protection.locked is False
    assert ws.cell(second, cols["in.value"]).protection.locked is not False
    assert ws.cell(second, cols["in.status"]).protection.locked is False  # its own measure


def test_office_form(forms: dict[str, MadeForm]) -> None:
    wb = openpyxl.load_workbook(forms["_office"].path)
    assert wb.sheetnames == ["表紙", "事業数・決算額", "主要取組", "KPI（施策外）", "_meta"]
    money = input_sheet(wb, "money")
    _, cols = field_columns(money)
    r = row_of(money, ("citizen", "2024", "settled"))
    assert money.cell(r, cols["reference"]).value == "R6年度 予算額 63件 2,093,959千円"
    assert money.cell(r, cols["in.amount"]).protection.locked is False
    loose = input_sheet(wb, "kpis")
    row_of(loose, ("", "miyamari-members"))


def test_form_for_a_year_with_figures_is_prefilled(tmp_path: Path, plan: Plan) -> None:
    made = {m.form: m for m in make_forms(plan, 2023, tmp_path)}
    wb = openpyxl.load_workbook(made["kyoiku-kikaku"].path)
    ws = input_sheet(wb, "kpis")
    _, cols = field_columns(ws)
    r = row_of(ws, ("education-informatization", "ict-teaching-skill"))
    assert ws.cell(r, cols["in.value"]).value == "72.9"
    assert ws.cell(r, cols["in.remarks"]).value == "R4年度数値 ※翌年度に数値確定"
    assert ws.cell(r, cols["target"]).value == "７１．０（R5目標）"
    assert ws.cell(r, cols["in.status"]).value == "達成"


def test_text_is_never_a_formula(tmp_path: Path, plan: Plan) -> None:
    measure = next(m for _, m in plan.measures() if m.id == "telework")
    measure.name = '=HYPERLINK("http://example.invalid","押してください")'
    made = {m.form: m for m in make_forms(plan, YEAR, tmp_path)}
    wb = openpyxl.load_workbook(made["somu-gyosei"].path)
    ws = input_sheet(wb, "kpis")
    _, cols = field_columns(ws)
    cell = ws.cell(row_of(ws, ("telework", "mobile-work")), cols["measure"])
    assert cell.data_type == "s" and cell.value == measure.name

"""照会 round trip on a corpus plan: forms out to each 所管部, replies back in, on SQLite
and PostgreSQL. 札幌市's manifesto table is the corpus plan that prints who is
responsible (所管部); the others print no org unit (see the last test)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from shinchoku.dataset import read_dataset
from shinchoku.inquiry import collect, make_forms
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from tests.inquiry.conftest import fill
from tests.store.conftest import BACKENDS, temporary_database

from .conftest import LOADABLE, dataset

NAME = "sapporo-manifesto"
TOURISM = ("kanko-yuchi", "foreign-overnight-guests")


def _without_year(tmp_path: Path, year: int) -> Path:
    """The dataset as it stood before the divisions reported ``year``."""
    dst = tmp_path / NAME
    shutil.copytree(dataset(NAME), dst)
    kpis_file = dst / "kpis.yaml"
    kpis = yaml.safe_load(kpis_file.read_text(encoding="utf-8"))
    for kpi in kpis:
        kpi.get("observations", {}).pop(year, None)
    kpis_file.write_text(yaml.safe_dump(kpis, allow_unicode=True, sort_keys=False), "utf-8")
    return dst


@pytest.mark.parametrize("backend", BACKENDS)
def test_division_reports_the_printed_figure(backend: str, tmp_path: Path) -> None:
    folder = _without_year(tmp_path, 2013)
    plan = read_dataset(folder)
    with temporary_database(backend, tmp_path) as url, Database(url) as db:
        db.migrate()
        db.save_plan(plan)
        made = {m.form: m for m in make_forms(plan, 2013, tmp_path / "forms", database=db)}
        # One form per 所管部; the measure with two 所管部 is on both forms.
        assert set(made) == {"sangyo-shinko", "seisaku-kikaku", "kanko-convention"}
        reply = fill(
            made["seisaku-kikaku"].path,
            tmp_path / "回答_政策企画部.xlsx",
            {TOURISM: {"in.value": "1,054,727"}},  # the figure as 【外国人宿泊者数】 prints it
        )
        result = collect([reply], 2013, database=db)
        assert result.applied
        stored = db.load_plan(plan.id)
    obs = stored.kpi("foreign-overnight-guests").observations[2013]
    assert (obs.value.value, obs.value.text) == (Decimal("1054727"), "1,054,727")
    assert obs.provenance is not None and obs.provenance.file == "回答_政策企画部.xlsx"
    # Nothing else moved: the other years are the printed fragments.
    years = stored.kpi("foreign-overnight-guests").observations
    assert years[2012].value.text == "12年度外国人宿泊者数680,765人"


@pytest.mark.parametrize("backend", BACKENDS)
def test_untouched_forms_change_nothing(backend: str, tmp_path: Path) -> None:
    plan = read_dataset(dataset(NAME))
    with temporary_database(backend, tmp_path) as url, Database(url) as db:
        db.migrate()
        db.save_plan(plan)
        made = make_forms(plan, 2014, tmp_path / "forms", database=db)
        result = collect([m.path for m in made], 2014, database=db)
        assert result.changes == []
        assert db.load_plan(plan.id).model_dump() == plan.model_dump()


def test_form_offers_the_plans_grades(tmp_path: Path) -> None:
    """The form prefills 達成状況 ◎ as printed and offers the symbols scheme's grades."""
    import openpyxl

    from tests.inquiry.conftest import field_columns, input_sheet, row_of

    plan = read_dataset(dataset(NAME))
    [form] = [m for m in make_forms(plan, 2014, tmp_path) if m.form == "sangyo-shinko"]
    ws = input_sheet(openpyxl.load_workbook(form.path), "kpis")
    _, cols = field_columns(ws)
    cell = ws.cell(row_of(ws, ("doshoku-fuka-kachi",)), cols["in.status"])
    assert cell.value == "◎"
    [choices] = [
        dv.formula1 for dv in ws.data_validations.dataValidation if cell.coordinate in dv.sqref
    ]
    assert all(symbol in choices for symbol in "◎○△×")


@pytest.mark.parametrize("name", ["gunma-joho", "urakawa-sousei", "osaki-sousei"])
def test_every_kpi_is_asked_of_someone(name: str, tmp_path: Path) -> None:
    """The tables print no 担当所属: the office's form carries every measure and KPI."""
    plan = read_dataset(dataset(name))
    made = make_forms(plan, LOADABLE[name], tmp_path)
    assert [m.form for m in made] == ["_office"]
    asked = {k for m in made for _, (_, k, _) in _row_keys(m.path)}
    assert asked >= {k.id for k in plan.kpis}


def _row_keys(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    import openpyxl

    from tests.inquiry.conftest import field_columns, input_sheet

    ws = input_sheet(openpyxl.load_workbook(path), "kpis")
    field_row, cols = field_columns(ws)
    names = [f for f in cols if f.startswith("key.")]
    names = [n for n in names if n not in ("key.plan", "key.year", "key.prefill")]
    out = []
    for r in range(field_row + 2, ws.max_row + 1):
        keys = tuple(str(ws.cell(r, cols[n]).value or "") for n in names)
        if any(keys):
            out.append((r, keys))
    return out


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_office_answers_a_measure_with_no_division(backend: str, tmp_path: Path) -> None:
    """群馬県's table prints no 担当課: the office's reply sets a measure's 要因分析, and
    `inquiry status` counts the office's form."""
    from shinchoku.inquiry.status import status

    plan = read_dataset(dataset("gunma-joho"))
    year = LOADABLE["gunma-joho"]
    measure = next(m for _, m in plan.measures() if m.kpis)
    with temporary_database(backend, tmp_path) as url, Database(url) as db:
        db.migrate()
        db.save_plan(plan)
        [office] = make_forms(plan, year, tmp_path / "forms", database=db)
        keys = (measure.id, measure.kpis[0].kpi, "input")
        reply = fill(office.path, tmp_path / "回答.xlsx", {keys: {"in.analysis": "要因の記入"}})
        result = collect([reply], year, database=db)
        assert [(ch.form, ch.field) for ch in result.changes] == [("_office", "要因分析")]
        stored = db.load_plan(plan.id)
        [(_, m)] = [(a, m) for a, m in stored.measures() if m.id == measure.id]
        assert m.years[year].analysis == "要因の記入"
        [form] = status(db, year).forms
        assert (form.form, form.replies, form.changes) == ("_office", 1, 1)


def test_a_reply_typed_as_the_source_prints_it_is_refused_naming_the_cell(
    tmp_path: Path,
) -> None:
    """「13年度外国人宿泊者数1,054,727人」 is how the table prints the figure; typed into a
    form it is refused (the labelled-value parser is not there yet), naming the cell."""
    folder = _without_year(tmp_path, 2013)
    plan = read_dataset(folder)
    with Database(f"sqlite:///{tmp_path / 'db.sqlite'}") as db:
        db.migrate()
        db.save_plan(plan)
        made = {m.form: m for m in make_forms(plan, 2013, tmp_path / "forms", database=db)}
        reply = fill(
            made["seisaku-kikaku"].path,
            tmp_path / "回答.xlsx",
            {TOURISM: {"in.value": "13年度外国人宿泊者数1,054,727人"}},
        )
        with pytest.raises(ShinchokuError) as exc:
            collect([reply], 2013, database=db)
        assert 2013 not in db.load_plan(plan.id).kpi("foreign-overnight-guests").observations
    [problem] = exc.value.problems
    assert problem.found == "13年度外国人宿泊者数1,054,727人"
    assert problem.place.file == "回答.xlsx" and problem.place.cell


def test_a_plan_with_nothing_to_ask_says_so(tmp_path: Path) -> None:
    plan = read_dataset(dataset("gunma-joho"))
    empty = plan.model_copy(update={"areas": [], "kpis": []})
    with pytest.raises(ShinchokuError) as exc:
        make_forms(empty, LOADABLE["gunma-joho"], tmp_path / "forms")
    assert [p.code for p in exc.value.problems] == ["nothing-to-ask"]
    assert not (tmp_path / "forms").exists()


def test_a_department_alone_is_labelled_and_named_without_a_division(tmp_path: Path) -> None:
    """札幌市's 所管部 prints the 部 only: no trailing space in the label, no ``__``."""
    plan = read_dataset(dataset(NAME))
    made = {m.form: m for m in make_forms(plan, LOADABLE[NAME], tmp_path)}
    assert made["sangyo-shinko"].label == "産業振興部"
    assert made["sangyo-shinko"].path.name == "H26照会_産業振興部.xlsx"


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_reply_reads_short_years_by_the_plan_and_a_clash_is_a_finding(
    backend: str, tmp_path: Path
) -> None:
    """「1,054,727人(13年度)」 in a reply is read with the plan's rule for years printed
    without their era (this table's 13年度 is 2013), as the dataset reads it; a 時点 that
    disagrees with it (14年度) is loaded and reported by `check` (as-of-mismatch)."""
    from shinchoku.audit import audit

    folder = _without_year(tmp_path, 2013)
    plan = read_dataset(folder)
    with temporary_database(backend, tmp_path) as url, Database(url) as db:
        db.migrate()
        db.save_plan(plan)
        made = {m.form: m for m in make_forms(plan, 2013, tmp_path / "forms", database=db)}
        reply = fill(
            made["seisaku-kikaku"].path,
            tmp_path / "回答.xlsx",
            {TOURISM: {"in.value": "1,054,727人(13年度)", "in.as_of": "14年度"}},
        )
        assert collect([reply], 2013, database=db).applied
        stored = db.load_plan(plan.id)
    obs = stored.kpi("foreign-overnight-guests").observations[2013]
    assert obs.value.value == Decimal(1054727)
    assert obs.value.as_of is not None and obs.value.as_of.fiscal_year == 2013
    assert obs.as_of is not None and obs.as_of.fiscal_year == 2014
    found = [(p.code, p.found, p.expected) for p in audit(stored, 2013)]
    assert ("as-of-mismatch", "13年度", "14年度") in found

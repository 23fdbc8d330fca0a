"""照会 cannot be forged: keys are signed per installation, ownership comes from the plan.

The attacker here knows the form format and the (public) fingerprint recipe: they
re-key a workbook, fix the ``_meta`` rows and recompute the fingerprint, which is
enough to pass every check but the signature and the ownership rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import openpyxl
import pytest

from shinchoku.dataset import load_example
from shinchoku.inquiry import MadeForm, collect, make_forms
from shinchoku.inquiry.guard import Limits, check_file
from shinchoku.inquiry.layout import MARKER, fingerprint
from shinchoku.inquiry.reader import read_reply
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from shinchoku.store.secret import installation_secret
from tests.store.conftest import BACKENDS, temporary_database

from .conftest import YEAR, field_columns, input_sheet

DIGITAL = "kikaku-digital"
OTHER_KPI = "telework-pc-rate"  # a KPI of somu-gyosei's measure 'telework'
LOOSE_KPI = "miyamari-members"  # belongs to no measure: on the office's 施策外 sheet


@pytest.fixture(params=BACKENDS)
def stored(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Database, dict[str, MadeForm]]]:
    """The example in a fresh database (SQLite, PostgreSQL) and its signed FY2024 forms."""
    with temporary_database(request.param, tmp_path) as url:
        db = Database(url)
        try:
            db.migrate()
            plan = load_example()
            db.save_plan(plan)
            made = make_forms(plan, YEAR, tmp_path / "forms", database=db)
            yield db, {m.form: m for m in made}
        finally:
            db.dispose()


def rekey(
    src: Path,
    dst: Path,
    rows: Mapping[tuple[str, str], tuple[str, str]],
    form: str | None = None,
    values: Mapping[tuple[str, str], str] | None = None,
) -> Path:
    """Re-key rows (measure, kpi) → (measure, kpi), relabel the form, recompute the
    fingerprint: what someone with the format description and openpyxl can do."""
    wb = openpyxl.load_workbook(src)
    ws = input_sheet(wb, "kpis")
    field_row, cols = field_columns(ws)
    for r in range(field_row + 2, ws.max_row + 1):
        key = (
            str(ws.cell(r, cols["key.measure"]).value or ""),
            str(ws.cell(r, cols["key.kpi"]).value or ""),
        )
        if key in rows:
            new = rows[key]
            ws.cell(r, cols["key.measure"]).value = new[0]
            ws.cell(r, cols["key.kpi"]).value = new[1]
            if values and new in values:
                ws.cell(r, cols["in.value"]).value = values[new]
    meta = next(s for s in wb.worksheets if s.cell(1, 1).value == MARKER)
    for r in range(2, meta.max_row + 1):
        name = meta.cell(r, 1).value
        if name == "row" and meta.cell(r, 2).value == "kpis":
            key = (str(meta.cell(r, 3).value or ""), str(meta.cell(r, 4).value or ""))
            if key in rows:
                meta.cell(r, 3).value, meta.cell(r, 4).value = rows[key]
        elif name == "form" and form is not None:
            meta.cell(r, 2).value = form
    wb.save(dst)
    reply = read_reply(check_file(dst, Limits()))
    prints = [(row.key, row.prefill) for sheet in reply.sheets.values() for row in sheet.rows]
    computed = fingerprint(reply.meta["plan"], YEAR, reply.meta["form"], prints)
    wb = openpyxl.load_workbook(dst)
    meta = next(s for s in wb.worksheets if s.cell(1, 1).value == MARKER)
    for r in range(2, meta.max_row + 1):
        if meta.cell(r, 1).value == "fingerprint":
            meta.cell(r, 2).value = computed
    wb.save(dst)
    return dst


def test_forms_are_signed_with_the_installation_secret(
    stored: tuple[Database, dict[str, MadeForm]],
) -> None:
    db, forms = stored
    secret = installation_secret(db)
    assert secret is not None and len(secret) == 32
    assert installation_secret(db, create=True) == secret  # made once
    wb = openpyxl.load_workbook(forms[DIGITAL].path)
    meta = next(s for s in wb.worksheets if s.cell(1, 1).value == MARKER)
    names = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(2, 12)}
    assert isinstance(names["signature"], str) and len(names["signature"]) == 64


def test_a_division_reply_relabelled_as_the_office_form_is_refused(
    tmp_path: Path, stored: tuple[Database, dict[str, MadeForm]]
) -> None:
    db, forms = stored
    before = db.load_plan().kpi(OTHER_KPI).observations.get(YEAR)
    forged = rekey(
        forms[DIGITAL].path,
        tmp_path / "forged.xlsx",
        {("open-data-miyagi", "open-data-datasets"): ("", OTHER_KPI)},
        form="_office",
        values={("", OTHER_KPI): "99"},
    )
    with pytest.raises(ShinchokuError) as caught:
        collect([forged], YEAR, database=db)
    [problem] = caught.value.problems
    assert problem.code == "signature-mismatch"
    assert (problem.place.file, problem.place.sheet) == ("forged.xlsx", "_meta")
    assert problem.place.cell is not None and problem.place.cell.startswith("B")
    assert db.load_plan().kpi(OTHER_KPI).observations.get(YEAR) == before
    # The same file in a dry run (nothing written) is still refused: its signature is
    # there and does not match.
    with pytest.raises(ShinchokuError) as caught:
        collect([forged], YEAR, database=db, dry_run=True)
    assert [p.code for p in caught.value.problems] == ["signature-mismatch"]


def test_an_unsigned_form_is_not_applied(
    tmp_path: Path, stored: tuple[Database, dict[str, MadeForm]]
) -> None:
    db, _ = stored
    unsigned = make_forms(db.load_plan(), YEAR, tmp_path / "unsigned")  # no database
    with pytest.raises(ShinchokuError) as caught:
        collect([unsigned[0].path], YEAR, database=db)
    assert [p.code for p in caught.value.problems] == ["signature-mismatch"]
    assert collect([unsigned[0].path], YEAR, database=db, dry_run=True).changes == []


@pytest.mark.parametrize(
    ("rows", "form"),
    [
        # another division's measure and KPI, on a division's form
        ({("open-data-miyagi", "open-data-datasets"): ("telework", OTHER_KPI)}, None),
        # a measure's KPI on the office's 施策外 sheet
        ({("open-data-miyagi", "open-data-datasets"): ("", OTHER_KPI)}, "_office"),
        # a row with no measure on a division's form
        ({("open-data-miyagi", "open-data-datasets"): ("", LOOSE_KPI)}, None),
    ],
    ids=["other-division", "office-measure-kpi", "division-loose-kpi"],
)
def test_ownership_comes_from_the_plan(
    tmp_path: Path,
    rows: dict[tuple[str, str], tuple[str, str]],
    form: str | None,
) -> None:
    """Without a database (a dataset dry run) there is no signature to check; the plan
    still decides what the form may address."""
    plan = load_example()
    [made] = [m for m in make_forms(plan, YEAR, tmp_path / "forms") if m.form == DIGITAL]
    forged = rekey(made.path, tmp_path / "forged.xlsx", rows, form=form)
    with pytest.raises(ShinchokuError) as caught:
        collect([forged], YEAR, plan=plan)
    codes = {p.code for p in caught.value.problems}
    assert codes == {"not-owned"}
    assert all(p.place.sheet == "施策・KPI" and p.place.cell for p in caught.value.problems)

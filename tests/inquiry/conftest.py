"""Fixtures: a migrated SQLite database holding the bundled example, its forms, and a
helper that fills a form the way a person would (with openpyxl)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from shinchoku.dataset import load_example
from shinchoku.inquiry import MadeForm, make_forms
from shinchoku.model import Plan
from shinchoku.store import Database

YEAR = 2024  # the example holds FY2023 figures; FY2024 is the year asked about
DEADLINE = date(2025, 5, 30)
CONTACT = "企画部 デジタルみやぎ推進課 情報政策班（内線 1234）"


@pytest.fixture
def plan() -> Plan:
    return load_example()


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, MadeForm]]:
    """A database holding the example with the FY2024 round recorded, and its forms.

    Made once; each test works on a copy of the database file (the forms are only read).
    """
    folder = tmp_path_factory.mktemp("template")
    database = Database(f"sqlite:///{folder / 'shinchoku.sqlite'}")
    try:
        database.migrate()
        plan = load_example()
        database.save_plan(plan)
        made = make_forms(
            plan, YEAR, folder / "forms", deadline=DEADLINE, contact=CONTACT, database=database
        )
    finally:
        database.dispose()
    return folder / "shinchoku.sqlite", {m.form: m for m in made}


@pytest.fixture
def db_file(tmp_path: Path, template: tuple[Path, dict[str, MadeForm]]) -> Path:
    path = tmp_path / "shinchoku.sqlite"
    shutil.copyfile(template[0], path)
    return path


@pytest.fixture
def db(db_file: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{db_file}")
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def forms(template: tuple[Path, dict[str, MadeForm]]) -> dict[str, MadeForm]:
    """The FY2024 forms (shared: copy before changing one)."""
    return template[1]


def field_columns(ws: Any) -> tuple[int, dict[str, int]]:
    """The (1-based) field row of an input sheet and its field → column map."""
    for r in range(1, 40):
        first = ws.cell(r, 1).value
        if isinstance(first, str) and first.startswith("#shinchoku:"):
            cols = {"key.plan": 1}
            for c in range(2, ws.max_column + 1):
                v = ws.cell(r, c).value
                if v:
                    cols[str(v)] = c
            return r, cols
    raise AssertionError(f"no field row in sheet {ws.title!r}")


def input_sheet(wb: Any, role: str) -> Any:
    for ws in wb.worksheets:
        first = [ws.cell(r, 1).value for r in range(1, 40)]
        if f"#shinchoku:{role}" in first:
            return ws
    raise AssertionError(f"no {role} sheet")


def row_of(ws: Any, keys: tuple[str, ...]) -> int:
    """The row whose role keys (after plan and year) start with ``keys``."""
    field_row, cols = field_columns(ws)
    names = [f for f in cols if f.startswith("key.") and f not in ("key.plan", "key.year")]
    names = [n for n in names if n != "key.prefill"]
    for r in range(field_row + 2, ws.max_row + 1):
        have = tuple(str(ws.cell(r, cols[n]).value or "") for n in names)
        if have[: len(keys)] == keys:
            return r
    raise AssertionError(f"no row {keys} in {ws.title!r}")


def fill(
    src: Path,
    dst: Path,
    cells: Mapping[tuple[str, ...], Mapping[str, Any]],
    role: str = "kpis",
) -> Path:
    """Type ``{row keys: {field: value}}`` into a copy of the form ``src``."""
    wb = openpyxl.load_workbook(src)
    ws = input_sheet(wb, role)
    _, cols = field_columns(ws)
    for keys, values in cells.items():
        r = row_of(ws, keys)
        for f, v in values.items():
            ws.cell(r, cols[f]).value = v
    wb.save(dst)
    return dst


def cell_of(path: Path, keys: tuple[str, ...], field: str, role: str = "kpis") -> str:
    """The address of a field's cell in a row, e.g. 'S7'."""
    wb = openpyxl.load_workbook(path)
    ws = input_sheet(wb, role)
    _, cols = field_columns(ws)
    return str(ws.cell(row_of(ws, keys), cols[field]).coordinate)

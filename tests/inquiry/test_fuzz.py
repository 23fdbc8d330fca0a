"""Fuzzing the reply reader: whatever a returned workbook holds, collect gives a result or
a clean :class:`ShinchokuError` whose problems name the file — never another exception.

Collected as a dry run against the example plan (no database), so each example costs
one read; the forms are made once.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shinchoku.dataset import load_example
from shinchoku.inquiry.collect import CollectResult, collect
from shinchoku.inquiry.make import MadeForm, make_forms
from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError

from .conftest import YEAR, field_columns, input_sheet

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run
    database=None,
    suppress_health_check=list(HealthCheck),
)
DIGITAL = "kikaku-digital"
_FIELDS = ("in.value", "in.as_of", "in.remarks", "in.status", "in.analysis")
_KEYS = ("key.plan", "key.year", "key.measure", "key.kpi", "key.mode", "key.prefill")
_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40)  # what Excel holds
_CELLS = st.one_of(
    _TEXT,
    st.sampled_from(["約5万2千件", "345（速報値）", "R6.3", "達成", "ー", "1E+400", "=1+1", "{"]),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1)),
    st.none(),
)


@cache
def _made() -> tuple[Plan, dict[str, MadeForm]]:
    """The example plan and its forms, made once (not a fixture: Hypothesis would print
    the whole plan with every failing example)."""
    plan = load_example()
    forms = make_forms(plan, YEAR, Path(tempfile.mkdtemp(prefix="shinchoku-fuzz-")))
    return plan, {m.form: m for m in forms}


def _outcome(path: Path, plan: Plan) -> CollectResult | None:
    try:
        return collect([path], YEAR, plan=plan)
    except ShinchokuError as exc:
        for p in exc.problems:
            assert p.code and p.message
            assert p.place.file == path.name, p.describe()
        return None


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(_FIELDS + _KEYS), _CELLS),
        min_size=1,
        max_size=4,
    )
)
def test_typed_cells(edits: list[tuple[int, str, Any]]) -> None:
    """Anything typed into the input cells, and into the hidden key cells."""
    plan, forms = _made()
    wb = openpyxl.load_workbook(forms[DIGITAL].path)
    ws = input_sheet(wb, "kpis")
    field_row, cols = field_columns(ws)
    rows = list(range(field_row + 2, ws.max_row + 1))
    for n, field, value in edits:
        ws.cell(rows[n % len(rows)], cols[field]).value = value
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reply.xlsx"
        wb.save(path)
        _outcome(path, plan)


@FUZZ
@given(data=st.data())
def test_damaged_bytes(data: st.DataObject) -> None:
    """Bytes of the file overwritten, or the file cut short."""
    plan, forms = _made()
    raw = bytearray(forms[DIGITAL].path.read_bytes())
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    for _ in range(data.draw(st.integers(1, 8))):
        if raw:
            at = data.draw(st.integers(0, len(raw) - 1))
            raw[at] = data.draw(st.integers(0, 255))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reply.xlsx"
        path.write_bytes(bytes(raw))
        _outcome(path, plan)


@FUZZ
@given(data=st.data())
def test_rewritten_parts(data: st.DataObject) -> None:
    """A part of the zip (a sheet, the workbook, the shared strings…) with text spliced in."""
    plan, forms = _made()
    src = forms[DIGITAL].path
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    name = data.draw(st.sampled_from(sorted(parts)))
    body = parts[name]
    at = data.draw(st.integers(0, len(body)))
    junk = data.draw(
        st.one_of(
            st.text(max_size=60).map(lambda t: t.encode("utf-8")),
            st.sampled_from(
                [
                    b'<c r="XFD1048576"><v>1</v></c>',
                    b"<v>NaN</v>",
                    b"<!DOCTYPE x>",
                    b"</sheetData>",
                    b'<row r="0">',
                ]
            ),
        )
    )
    parts[name] = body[:at] + junk + body[at:]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for part, content in parts.items():
            z.writestr(part, content)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reply.xlsx"
        path.write_bytes(buf.getvalue())
        _outcome(path, plan)


def test_fuzz_targets_are_forms() -> None:
    """The unmutated form reads as a reply that changes nothing (the fuzz starts from it)."""
    plan, forms = _made()
    result = _outcome(forms[DIGITAL].path, plan)
    assert result is not None and result.changes == []

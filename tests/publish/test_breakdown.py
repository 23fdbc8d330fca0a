"""Disaggregated KPIs in every report format: a line per part under the KPI, tidy open data
with a column per breakdown dimension. Built once for the town plan (module fixture)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shinchoku.dataset import read_dataset
from shinchoku.publish import build_report

from ..conftest import TOWN


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("town-report")
    build_report(read_dataset(TOWN), None, root)
    return root


def _rows(path: Path) -> list[dict[str, object]]:
    """A table's JSON rows (keyed by field name whatever the CSV headings' language)."""
    rows: list[dict[str, object]] = json.loads(path.with_suffix(".json").read_text("utf-8"))
    return rows


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_measure_table_has_a_line_per_part(out: Path) -> None:
    html = (out / "areas" / "schools.html").read_text(encoding="utf-8")
    body = html.split('id="measure-ict-teaching"', 1)[1].split("</tbody>", 1)[0]
    assert 'rowspan="3"' in body  # the KPI and its two parts
    parts = [_text(row).split() for row in body.split('<tr class="part">')[1:]]
    assert parts == [
        ["└", "小", "70", "90", "80", "84", "105.0%", "達成", "評価", "A", "順調"],
        ["└", "中", "60", "85", "80", "72", "90.0%", "未達成", "評価", "B", "順調"],
    ]
    assert "KPIの判定方法: 最も低い内訳の評価" in _text(body)
    # The KPI's own row shows its labelled values in the same style, the text as typed
    # (「小 84% 中 72%」) on demand.
    own = body.split('<tr class="part">', 1)[0]
    assert '<span class="fig" title="記載どおり: 小 84% 中 72%">小 84 中 72</span>' in own


def test_kpi_page_has_the_breakdown_table(out: Path) -> None:
    html = (out / "kpis" / "ict-teachers.html").read_text(encoding="utf-8")
    table = html.split('id="kpi-ict-teachers-breakdown"', 1)[1].split("</table>", 1)[0]
    rows = [_text(r).split() for r in table.split("<tr>")[2:]]
    # The tables' one style: the unit once, in the KPI's heading (「…の割合（%）」).
    assert rows[0][:8] == ["小", "70", "80", "84", "105.0%", "90", "93.3%", "達成"]
    assert rows[1][:8] == ["中", "60", "80", "72", "90.0%", "85", "84.7%", "未達成"]


def test_pdf_shows_the_parts(out: Path) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert re.search(r"└\s*中\s+60\s+85\s+80\s+72\s+90\.0%", text)


def test_xlsx_rows_per_part(out: Path) -> None:
    ws = load_workbook(out / "report.xlsx")["施策・KPI"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) for name in ("KPI ID", "内訳", "実績値（R6）", "判定")}
    rows = [
        tuple(r[col[n]].value for n in ("内訳", "実績値（R6）", "判定"))
        for r in ws.iter_rows(min_row=2)
        if r[col["KPI ID"]].value == "ict-teachers"
    ]
    assert rows == [(None, None, "未達成"), ("小", 84, "達成"), ("中", 72, "未達成")]


def test_open_data_has_a_column_per_dimension(out: Path) -> None:
    values = _rows(out / "data" / "kpi_values.csv")
    seminar = [
        (r["kind"], r["value"], r["text"], r["性別"], r["学校種"])
        for r in values
        if r["kpi_id"] == "seminar-participants" and r["fiscal_year"] == 2024
    ]
    assert seminar == [
        ("target", 100, "100", None, None),
        ("actual", 120, "男 50人 女 70人 計 120人", None, None),  # own (total) row: blank
        ("actual", 50, None, "男", None),
        ("actual", 70, None, "女", None),
    ]
    results = _rows(out / "data" / "kpi_results.csv")
    ict = [
        (r["学校種"], r["actual"], r["rate"], r["status"])
        for r in results
        if r["kpi_id"] == "ict-teachers"
    ]
    assert ict == [
        (None, None, 90, "not-achieved"),
        ("小", 84, 105, "achieved"),
        ("中", 72, 90, "not-achieved"),
    ]
    header = (out / "data" / "kpi_values.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith(",学校種,性別")  # one column per dimension, named as declared
    package = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [
        r for r in package["resources"] if r["name"] == "kpi_values" and r["path"].endswith(".csv")
    ]
    assert [f["name"] for f in resource["schema"]["fields"]][-2:] == ["学校種", "性別"]


def test_frictionless_validates_the_town_package(out: Path) -> None:
    from frictionless import validate

    report = validate(out / "data" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

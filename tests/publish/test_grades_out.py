"""The grade label in the report language and measures with no KPI, in every output."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from shinchoku.model import Plan
from shinchoku.publish import build_report
from shinchoku.publish.methodology import methodology


def _graded(town: Plan, grading: str) -> Plan:
    data = town.model_dump(mode="json")
    data["settings"]["grading"] = grading
    return Plan.model_validate(data)


@pytest.mark.parametrize(("lang", "advanced"), [("ja", "前進B"), ("en", "B advanced")])
def test_grades_and_no_kpi_in_html_xlsx_and_open_data(
    tmp_path: Path, town: Plan, lang: str, advanced: str
) -> None:
    plan = _graded(town, "relative")
    # English CSV keys whatever the language, to read the files by key
    build_report(plan, 2024, tmp_path, "html,xlsx,data", lang=lang, csv_header="en")
    area = (tmp_path / "areas" / "cashless.html").read_text(encoding="utf-8")
    no_kpi = "測定指標なし" if lang == "ja" else "No indicator"
    assert no_kpi in area
    assert "目標なし" not in area and "No target" not in area
    online = (tmp_path / "areas" / "online-forms.html").read_text(encoding="utf-8")
    assert advanced in online  # counter-wait: 18 against a baseline of 25
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert ("うち測定指標なし 1" if lang == "ja" else "with no indicator: 1") in index

    wb = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx")))
    cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert advanced in cells and no_kpi in cells
    summary = wb.worksheets[0]
    header = [c.value for c in summary[1]]
    total = [r for r in summary.iter_rows(min_row=2, values_only=True) if r[0] is None][-1]
    assert total[header.index(no_kpi)] == 1  # counted apart

    with (tmp_path / "data" / "kpi_results.csv").open(encoding="utf-8-sig") as f:
        kpis = {r["kpi_id"]: r for r in csv.DictReader(f)}
    assert (kpis["counter-wait"]["grade"], kpis["counter-wait"]["grade_en"]) == (
        "前進B",
        "B advanced",
    )
    measures = json.loads((tmp_path / "data" / "measures.json").read_text(encoding="utf-8"))
    promo = next(m for m in measures if m["measure_id"] == "cashless-promotion")
    assert (promo["status"], promo["grade"], promo["yen"]) == (
        "no-kpi",
        "達成A",
        1_200_000,
    )  # 達成 is an alias
    package = json.loads((tmp_path / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {
        r["name"]: [f["name"] for f in r["schema"]["fields"]]
        for r in package["resources"]
        if "schema" in r
    }
    assert "grade" in fields["kpi_results"] and "grade_en" in fields["measures"]


def test_methodology_page_states_rule_thresholds_tolerance_and_source(town: Plan) -> None:
    items = {i.term: i.text for i in methodology(_graded(town, "nagayo"), 2024, "ja")}
    rule = items["評価の方式"]
    assert "100%超" in rule and "10%以内" in rule and "下回る幅" in rule
    assert "長崎県長与町" in rule and "https://webtown.nagayo.jp/kiji0032107/index.html" in rule
    items = {i.term: i.text for i in methodology(_graded(town, "ibaraki"), 2024, "en")}
    rule = items["Grading"]
    assert "B+ (mostly on track) >= 80 %" in rule and "unrounded" in rule

"""A measure's own project count and money (事業数・金額) in every output: the measure table
of the HTML report and the PDF, the XLSX measure sheet and the open data. The town plan
records them on 「キャッシュレス決済の周知」 (1事業, 1,200千円 settled in FY2024)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from shinchoku.dataset import read_dataset
from shinchoku.publish import build_report

from ..conftest import TOWN


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("town-money")
    build_report(read_dataset(TOWN), 2024, root, "html,pdf,xlsx,data")
    return root


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_html_measure_table_shows_the_measure_money(out: Path) -> None:
    html = (out / "areas" / "cashless.html").read_text(encoding="utf-8")
    body = html.split('id="measure-cashless-promotion"', 1)[1].split("</tbody>", 1)[0]
    money = body.split('class="cell-sub measure-money">', 1)[1].split("</span></th>", 1)[0]
    # The plan shows money in 百万円 with no decimals (its own setting), as on the summary;
    # the amount as entered is there on demand.
    assert _text(money) == "事業数・金額: 1件 1百万円 （決算額）"
    assert 'title="記載どおり: 1,200千円"' in money
    other = html.split('id="measure-cashless-counters"', 1)[1].split("</tbody>", 1)[0]
    assert "measure-money" not in other  # no record, no line


def test_pdf_shows_the_measure_money(out: Path) -> None:
    text = subprocess.run(
        ["pdftotext", "-raw", str(out / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "事業数・金額: 1件 1百万円（決算額）" in re.sub(r"\s*\n\s*", "", text)


def test_xlsx_measure_sheet_has_the_money_columns(out: Path) -> None:
    ws = load_workbook(out / "report.xlsx")["施策・KPI"]
    header = [c.value for c in ws[1]]
    names = ("事業数（R6）", "金額（R6 円）", "金額（R6 百万円）", "区分（R6）")
    rows = {
        r[header.index("施策名（ID）")].value: [r[header.index(n)] for n in names]
        for r in ws.iter_rows(min_row=2)
    }
    cells = rows["cashless-promotion"]
    assert [c.value for c in cells] == [1, 1_200_000, 1, "決算額"]
    assert [c.number_format for c in cells[:3]] == ["#,##0", "#,##0", "#,##0"]
    assert [c.value for c in rows["cashless-counters"]] == [None] * 4


def test_xlsx_without_measure_money_has_no_money_columns(tmp_path: Path) -> None:
    plan = read_dataset(TOWN)
    data = plan.model_dump(mode="json")

    def strip(areas: list[dict[str, Any]]) -> None:
        for area in areas:
            for m in area.get("measures", []):
                m.pop("money", None)
            strip(area.get("children", []))

    strip(data["areas"])
    build_report(type(plan).model_validate(data), 2024, tmp_path, "xlsx")
    header = [c.value for c in load_workbook(tmp_path / "report.xlsx")["施策・KPI"][1]]
    assert not any(str(h).startswith("事業数") for h in header)


def test_open_data_gives_the_measure_money(out: Path) -> None:
    rows = json.loads((out / "data" / "measures.json").read_text(encoding="utf-8"))
    money = {r["measure_id"]: (r["projects"], r["yen"], r["money_kind"]) for r in rows}
    assert money["cashless-promotion"] == (1, 1_200_000, "settled")
    assert money["cashless-counters"] == (None, None, None)


def test_area_money_is_not_shown_twice(out: Path) -> None:
    """「38百万円」 entered in the plan's own unit is shown once, not 「38百万円（38百万円）」;
    「41,800千円」 keeps its display form beside it."""
    html = (out / "areas" / "schools.html").read_text(encoding="utf-8")
    lines = _text(html.split('<ul class="money-lines">', 1)[1].split("</ul>", 1)[0])
    assert "38百万円 " in lines + " " and "38百万円（38百万円）" not in lines
    assert "41,800千円（42百万円）" in lines

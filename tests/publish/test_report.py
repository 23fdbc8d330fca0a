"""The annual report and open data, built once for the bundled example (module fixture).

Assertions are compact projections: file lists, figures in the PDF text, the
types and formats of spreadsheet cells, axe-core violation ids.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.dataset import load_example
from shinchoku.model import Plan
from shinchoku.publish import build_report, prepare

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Every format of the example, built twice into two folders."""
    first = tmp_path_factory.mktemp("first")
    second = tmp_path_factory.mktemp("second")
    build_report(load_example(), None, first)
    build_report(load_example(), None, second)
    return first, second


@pytest.fixture(scope="module")
def out(builds: tuple[Path, Path]) -> Path:
    return builds[0]


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_every_format_is_built(out: Path) -> None:
    plan = load_example()
    files = set(_files(out))
    assert {
        "index.html",
        "findings.html",
        "methodology.html",
        "static/report.css",
        "report.pdf",
        "report.xlsx",
        "data/datapackage.json",
    } <= files
    assert {f"areas/{a.id}.html" for a, _ in plan.walk_areas()} <= files
    assert {f"kpis/{k.id}.html" for k in plan.kpis} <= files
    for name in ("kpi_values", "kpi_results", "area_money", "measures", "findings"):
        assert {f"data/{name}.csv", f"data/{name}.json"} <= files


def test_two_builds_are_byte_identical(builds: tuple[Path, Path]) -> None:
    first, second = builds
    assert _files(first) == _files(second)
    differing = [
        name
        for name in _files(first)
        if (first / name).read_bytes() != (second / name).read_bytes()
    ]
    assert differing == []


# -- PDF ---------------------------------------------------------------------------------
def _pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdf_text_has_the_summary_figures_and_areas(out: Path) -> None:
    text = _pdftotext(out / "report.pdf")
    flat = re.sub(r"\s+", "", text)
    assert "177件" in text and "62.4億円" in text
    assert "159件" in text and "65.8億円" in text
    assert "令和5年度（2023年度）" in text
    for a, _ in load_example().walk_areas():
        assert re.sub(r"\s+", "", a.name) in flat, a.name
    pages = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(out))[1])  # type: ignore[index]
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text


def _pdfinfo(out: Path) -> str:
    return subprocess.run(
        ["pdfinfo", str(out / "report.pdf")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_pdf_is_a4_landscape_with_embedded_japanese_fonts(out: Path) -> None:
    info = _pdfinfo(out)
    assert "841.89 x 595.276 pts (A4)" in info
    assert "CreationDate:    Fri Jun  7 00:00:00 2024" in info  # the plan's as-of date
    fonts = subprocess.run(
        ["pdffonts", str(out / "report.pdf")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all("Noto-Sans" in r[0] for r in rows)
    assert all(r[-5] == "yes" for r in rows)  # emb


# -- XLSX --------------------------------------------------------------------------------
def test_xlsx_cells_are_numbers_with_number_formats(out: Path) -> None:
    wb = load_workbook(out / "report.xlsx")
    assert wb.sheetnames[0] == "概要"
    summary = wb["概要"]
    header = [c.value for c in summary[1]]
    total = next(row for row in summary.iter_rows(min_row=2) if row[1].value == "合計")
    projects = total[header.index("事業数（R5）")]
    oku = total[header.index("金額（R5 億円）")]
    yen = total[header.index("金額（R5 円）")]
    assert (projects.value, projects.number_format) == (177, "#,##0")
    assert (oku.value, oku.number_format) == (62.4, "#,##0.0")
    assert (yen.data_type, yen.number_format) == ("n", "#,##0")
    assert summary.freeze_panes == "C2"
    assert summary.print_title_rows == "$1:$1"
    assert summary.page_setup.orientation == "landscape"
    assert int(summary.page_setup.paperSize) == 9  # A4

    measures = wb["施策・KPI"]
    header = [c.value for c in measures[1]]
    rows = {r[header.index("KPI ID")].value: r for r in measures.iter_rows(min_row=2)}
    rate = rows["open-data-datasets"][header.index("年度目標に対する達成率")]
    actual = rows["open-data-datasets"][header.index("実績値（R5）")]
    assert (rate.value, rate.number_format) == (0.86, "0%")
    assert (actual.value, actual.data_type) == (345, "n")

    values = wb[wb.sheetnames[-1]]
    numbers = [r[8] for r in values.iter_rows(min_row=2) if r[8].value is not None]
    assert numbers and all(c.data_type == "n" for c in numbers)


# -- open data ---------------------------------------------------------------------------
def test_frictionless_validates_the_data_package(out: Path) -> None:
    from frictionless import validate

    report = validate(out / "data" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def _keyed_rows(raw: bytes, table: str) -> list[dict[str, str]]:
    """CSV rows keyed by the English keys, whatever language heads the columns."""
    fields = prepare(load_example(), None).table(table).fields
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
    head = next(reader)
    assert head in ([f.title_ja for f in fields], [f.name for f in fields])
    return [dict(zip([f.name for f in fields], row, strict=True)) for row in reader]


def test_kpi_values_are_tidy(out: Path) -> None:
    raw = (out / "data" / "kpi_values.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM by default
    # A Japanese report heads its columns in Japanese.
    assert raw.decode("utf-8-sig").startswith("KPI ID,KPI名,KPI名（英語）,単位,")
    rows = _keyed_rows(raw, "kpi_values")
    kinds = {(r["kpi_id"], r["fiscal_year"], r["kind"]) for r in rows}
    assert ("open-data-datasets", "2023", "actual") in kinds
    ict = next(r for r in rows if r["kpi_id"] == "ict-teaching-skill" and r["kind"] == "actual")
    assert (ict["value"], ict["data_year"], ict["finalised_later"]) == ("72.9", "2022", "true")
    assert next(r for r in rows if r["text"] == "約5万2千件")["approximate"] == "true"
    json_rows = json.loads((out / "data" / "kpi_values.json").read_text(encoding="utf-8"))
    assert len(json_rows) == len(rows)


def test_every_open_data_field_is_documented(out: Path) -> None:
    docs = (Path(__file__).parents[2] / "docs" / "report.md").read_text(encoding="utf-8")
    for table in prepare(load_example(), None).tables:
        section = docs.split(f"### `{table.name}.csv`", 1)[1].split("\n### ", 1)[0]
        for field in table.fields:
            assert f"| `{field.name}` | {field.type} |" in section, (table.name, field.name)


def test_csv_without_bom_and_with_english_headers(tmp_path: Path) -> None:
    from frictionless import validate

    build_report(load_example(), None, tmp_path, ["data"], bom=False, csv_header="en")
    assert (tmp_path / "data" / "measures.csv").read_bytes().startswith(b"fiscal_year,")
    descriptor = json.loads((tmp_path / "data" / "datapackage.json").read_text("utf-8"))
    assert {r["encoding"] for r in descriptor["resources"]} == {"utf-8"}
    names = [f["name"] for f in descriptor["resources"][0]["schema"]["fields"]]
    assert names[:2] == ["kpi_id", "kpi_name"]
    report = validate(tmp_path / "data" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_findings_open_data_in_both_languages(out: Path) -> None:
    rows = _keyed_rows((out / "data" / "findings.csv").read_bytes(), "findings")
    row = next(r for r in rows if r["code"] == "declared-status-mismatch")
    assert row["title"] == "記載の評価（達成状況）と数値の不一致"
    assert row["title_en"] == "Declared grade contradicts the figures"
    assert "確認してください" in row["message"] and "Check" in row["message_en"]
    assert (row["found"], row["expected"]) == ("一部達成", "未達成")


def test_formula_text_is_neutralised(tmp_path: Path) -> None:
    plan: Plan = load_example()
    plan.areas[0].measures[0].name = '=HYPERLINK("x")'
    build_report(plan, None, tmp_path, ["data", "xlsx"])
    raw = (tmp_path / "data" / "measures.csv").read_bytes()
    names = [r["measure_name"] for r in _keyed_rows(raw, "measures")]
    assert names[0] == '\'=HYPERLINK("x")'
    wb = load_workbook(tmp_path / "report.xlsx")
    ws = wb["施策・KPI"]
    cells = [c for row in ws.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert [(c.value, c.data_type) for c in cells] == [('\'=HYPERLINK("x")', "s")]
    data = json.loads((tmp_path / "data" / "measures.json").read_text("utf-8"))
    assert data[0]["measure_name"] == '=HYPERLINK("x")'  # JSON keeps the text as entered


# -- HTML --------------------------------------------------------------------------------
class _Outline(HTMLParser):
    """Heading levels, table captions and header scopes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0
        self.landmarks: set[str] = set()
        self.lang: str | None = None
        self.svgs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "html":
            self.lang = a.get("lang")
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and "scope" not in a:
            self.th_without_scope += 1
        elif tag in ("header", "nav", "main", "footer"):
            self.landmarks.add(tag)
        elif tag == "svg":
            self.svgs.append(a)


def _outline(path: Path) -> _Outline:
    parser = _Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_pages_have_ordered_headings_captions_and_landmarks(out: Path) -> None:
    pages = [out / "index.html", out / "findings.html", out / "methodology.html"]
    pages += sorted((out / "areas").glob("*.html")) + sorted((out / "kpis").glob("*.html"))
    for page in pages:
        o = _outline(page)
        assert o.lang == "ja"
        assert o.headings[0] == 1 and o.headings.count(1) == 1, page.name
        assert all(b <= a + 1 for a, b in zip(o.headings, o.headings[1:], strict=False)), page
        assert o.tables == o.captions and o.th_without_scope == 0, page.name
        assert o.landmarks == {"header", "nav", "main", "footer"}, page.name
        assert all(s.get("role") == "img" and s.get("aria-labelledby") for s in o.svgs)
    assert not list(out.rglob("*.js"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="static/report.css"' in index and "http" not in index.split("<body>")[0]


def test_kpi_page_has_chart_and_the_same_data_as_a_table(out: Path) -> None:
    html = (out / "kpis" / "ict-teaching-skill.html").read_text(encoding="utf-8")
    assert '<svg class="trend-chart" role="img"' in html
    assert "<title id=" in html and "<desc id=" in html
    assert '<table class="trend-table">' in html
    assert "72.9" in html and "R4年度数値" in html


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield b
        b.close()


@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs Debian chromium")
@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "areas/citizen.html",
        "areas/business.html",
        "kpis/ict-teaching-skill.html",
        "kpis/paperless-meetings.html",
        "findings.html",
    ],
)
def test_axe_finds_no_violations(out: Path, browser: object, page: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab = browser.new_page()  # type: ignore[attr-defined]
    try:
        tab.goto((out / page).as_uri())
        results = Axe().run(tab)
    finally:
        tab.close()
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]
    assert violations == []


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reports of the plans whose pages show what the example has not: a measure's own
    money, disaggregated KPIs (town), a deadline target met early and a measure's own
    目標 (札幌市's manifesto)."""
    from shinchoku.dataset import read_dataset

    data = Path(__file__).parents[1] / "data"
    root = tmp_path_factory.mktemp("corpus-report")
    for name in ("town", "sapporo-manifesto"):
        build_report(read_dataset(data / name), None, root / name, "html")
    return root


@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs Debian chromium")
@pytest.mark.parametrize(
    "page",
    [
        "town/areas/cashless.html",
        "town/areas/schools.html",
        "town/kpis/ict-teachers.html",
        "sapporo-manifesto/areas/progress-3.html",
        "sapporo-manifesto/kpis/foreign-overnight-guests.html",
    ],
)
def test_axe_finds_no_violations_on_corpus_pages(
    corpus_out: Path, browser: object, page: str
) -> None:
    test_axe_finds_no_violations(corpus_out, browser, page)


def test_english_labels(tmp_path: Path) -> None:
    build_report(load_example(), 2023, tmp_path, "html", lang="en")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index
    assert '<h2 id="summary-heading">Summary</h2>' in index
    assert "FY2023 (Reiwa 5)" in index
    area = (tmp_path / "areas" / "citizen.html").read_text(encoding="utf-8")
    assert "Better public services through optimisation" in area  # name_en
    assert ">Measures and their KPIs</h2>" in area
    assert '<span lang="ja">行政手続のオンライン化</span>' in area  # data text keeps its language


def test_another_plan_builds(tmp_path: Path, town: Plan) -> None:
    paths = build_report(town, None, tmp_path, "html,xlsx,data")
    assert tmp_path / "index.html" in paths
    assert "評価" in (tmp_path / "index.html").read_text(encoding="utf-8")  # A–D grading


def test_cli_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path), "--format", "data"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "datapackage.json").is_file()
    bad = CliRunner().invoke(app, ["report", "--out", str(tmp_path), "--format", "docx"])
    assert bad.exit_code == 2


def test_the_first_page_shows_the_year_at_a_glance(out: Path) -> None:
    """KPIs by status per area: an SVG with a title, a description and words, and the same
    counts in a table beside it, in the HTML report and on the PDF's first page."""
    html = (out / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg class="status-chart" role="img".*?</svg>', html, re.S)
    assert svg, "the chart is on the first page"
    assert '<title id="status-chart-t">領域別のKPIの判定' in svg.group(0)
    desc = re.search(r'<desc id="status-chart-d">(.*?)</desc>', svg.group(0))
    assert desc and "目標達成のための基盤取組：達成 10" in desc.group(1)
    table = re.search(r'<table class="status-chart-table">.*?</table>', html, re.S)
    assert table and '<th scope="row">目標達成のための基盤取組</th>' in table.group(0)
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(out / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "領域別のKPIの判定" in first


def test_trend_chart_escapes_its_texts_and_writes_its_coordinates(tmp_path: Path) -> None:
    """The chart's coordinates are written without escaping (numbers only); a KPI name
    with markup in it is still escaped in the chart's title, as everywhere."""
    from shinchoku.dataset import read_dataset

    from ..conftest import TOWN

    data = tmp_path / "town"
    shutil.copytree(TOWN, data)
    kpis = data / "kpis.yaml"
    text = kpis.read_text(encoding="utf-8")
    kpis.write_text(
        text.replace("name: オンライン化した手続数", "name: '手続数 <b>&\"x\"</b>'", 1),
        encoding="utf-8",
    )
    build_report(read_dataset(data), None, tmp_path / "out", "html")
    page = (tmp_path / "out" / "kpis" / "online-procedures.html").read_text(encoding="utf-8")
    chart = page[page.index('<svg class="trend-chart"') : page.index("</svg>")]
    title = re.search(r'<title id="chart-online-procedures-t">(.*?)</title>', chart)
    assert title is not None
    assert title.group(1).startswith("手続数 &lt;b&gt;&amp;&#34;x&#34;&lt;/b&gt;")
    assert "<b>" not in chart
    assert re.search(r'<rect x="\d+" y="\d+" width="\d+" height="\d+"', chart)
    assert re.search(r'<circle cx="[\d.]+" cy="[\d.]+" r="4.5"', chart)

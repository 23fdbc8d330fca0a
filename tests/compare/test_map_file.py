"""A comparison's map as a file (``shinchoku compare map``): a standalone SVG document
whose shapes are the page's, with its legend, source and attribution inside; its figures
as CSV; each indicator's national map in the open data."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree
from frictionless import validate
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.compare.charts import FILLS
from shinchoku.compare.indicators import bundled_set
from shinchoku.compare.mapfile import FONTS, WORDS, draw
from shinchoku.compare.service import compare
from shinchoku.compare.survey import import_survey
from shinchoku.orgs import registry
from shinchoku.orgs.shapes import Shapes
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from shinchoku.web import create_app
from tests.compare.conftest import SURVEY
from tests.web.conftest import TestClient, make_settings

NS = "{http://www.w3.org/2000/svg}"


def _cli(db: Database, *args: str) -> tuple[int, str]:
    url = db.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, [*args, "--db", url])
    return result.exit_code, result.output


def _page(db: Database, tmp_path: Path, path: str) -> str:
    url = db.url.render_as_string(hide_password=False)
    with TestClient(create_app(make_settings(url, tmp_path))) as client:
        r = client.get(path)
    assert r.status_code == 200
    return str(r.text)


def _page_shapes(html: str, map_id: str) -> str:
    """The shapes of the page's map ``map_id``: after its <desc>, up to its </svg>."""
    start = html.index("</desc>\n", html.index(f'<desc id="{map_id}-svg-desc">')) + 8
    return html[start : html.index("</svg>", start)]


def _areas(root: Element) -> dict[str, str]:
    """Each area's name (from its <title>) and fill, in the map's nested <svg>."""
    inner = root.find(f"{NS}svg")
    assert inner is not None
    out = {}
    for g in inner.findall(f"{NS}g"):
        title, path = g.find(f"{NS}title"), g.find(f"{NS}path")
        assert title is not None and title.text and path is not None
        out[title.text.split(": ")[0]] = path.get("fill", "")
    return out


def _legend(root: Element) -> list[tuple[str, str]]:
    legend = root.find(f"{NS}g[@class='legend']")
    assert legend is not None
    fills = [r.get("fill", "") for r in legend.findall(f"{NS}rect")]
    labels = [t.text or "" for t in legend.findall(f"{NS}text")]
    return list(zip(fills, labels, strict=True))


def test_a_prefecture_map_is_a_standalone_svg_with_the_page_s_shapes(
    db: Database, tmp_path: Path
) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    out, table = tmp_path / "maps" / "miyagi.svg", tmp_path / "miyagi.csv"
    args = ["compare", "map", "dx-survey/online-rate", "--prefecture", "040002"]
    code, said = _cli(db, *args, "--year", "2023", "--out", str(out), "--csv", str(table))
    assert code == 0, said
    assert "miyagi.svg" in said and "35 団体" in said
    raw = out.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns=')
    root = ElementTree.fromstring(raw)
    assert root.tag == f"{NS}svg"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert root.get("font-family") == FONTS and FONTS.endswith("'Noto Sans CJK JP'")
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None and desc is not None and desc.text
    assert title.text == "手続のオンライン化率 令和5年度（2023年度） — 宮城県"
    for part in ("dx-survey/online-rate", "回答 3 / 35 団体", "総務省「自治体DX推進状況調査」"):
        assert part in desc.text
    assert "気象庁ホームページの区域データ" in desc.text
    texts = [t.text for t in root.findall(f"{NS}text")]
    assert texts[:3] == [
        "手続のオンライン化率",
        "令和5年度（2023年度）　宮城県　回答 3 / 35 団体",
        "凡例",
    ]
    assert texts[-2:] == ["出典：総務省「自治体DX推進状況調査」", WORDS["boundaries"][0]]
    # one shape per municipality of 宮城県 (仙台市 one city), coloured as on the page:
    # 25, 50 and 75% split at the quintiles 35, 45, 55, 65 → classes 0, 2, 4
    areas = _areas(root)
    assert len(areas) == 35 and len(registry().municipalities("040002")) == 35
    assert (areas["石巻市"], areas["塩竈市"], areas["仙台市"]) == (
        FILLS[0][0],
        FILLS[2][0],
        FILLS[4][0],
    )
    assert areas["七ヶ宿町"] == "url(#munimap-missing)"
    assert _legend(root) == [
        (FILLS[0][0], "25%"),
        (FILLS[2][0], "50%"),
        (FILLS[4][0], "75%"),
        ("url(#munimap-missing)", "未回答"),
    ]
    # the page's shapes, byte for byte: one template draws both
    html = _page(db, tmp_path, "/compare/dx-survey/online-rate/2023?prefecture=040002")
    shapes = _page_shapes(html, "munimap")
    assert shapes.count("<path d=") == 35 and shapes in raw.decode("utf-8")
    # the figures as CSV: the open data's writer (BOM, CRLF), by 団体コード
    data = table.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["団体コード", "団体名", "値", "区分"]
    assert len(rows) == 36 and [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])
    assert rows[1] == ["041009", "仙台市", "75", "75%"]
    assert ["042056", "気仙沼市", "", "未回答"] in rows
    # the same database, the same bytes
    again, again_table = tmp_path / "again.svg", tmp_path / "again.csv"
    code, _ = _cli(db, *args, "--out", str(again), "--csv", str(again_table))
    assert code == 0
    assert again.read_bytes() == raw and again_table.read_bytes() == data


def test_the_national_map_is_the_tile_grid_in_english_too(db: Database, tmp_path: Path) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    out = tmp_path / "cio.svg"
    code, said = _cli(db, "--lang", "en", "compare", "map", "dx-survey/cio", "--out", str(out))
    assert code == 0, said
    assert said.startswith("wrote the map of CIOの任命 FY2023 (Reiwa 5)")
    raw = out.read_bytes()
    root = ElementTree.fromstring(raw)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    title = root.find(f"{NS}title")
    assert title is not None
    assert title.text == "CIOの任命 FY2023 (Reiwa 5) — By prefecture (its municipalities combined)"
    areas = _areas(root)
    assert len(areas) == 47
    assert areas["宮城県"] == FILLS[0][0]  # the one prefecture with figures: 60.0%
    assert areas["北海道"] == "url(#map-missing)"
    assert _legend(root) == [(FILLS[0][0], "60.0%"), ("url(#map-missing)", "No data")]
    assert "気象庁" not in raw.decode("utf-8")  # the tile grid draws no boundaries
    html = _page(db, tmp_path, "/compare/dx-survey/cio/2023?lang=en")
    shapes = _page_shapes(html, "map")
    assert shapes.count("<path d=") == 47 and shapes in raw.decode("utf-8")


def test_problems_are_the_catalogue_s_and_nothing_is_written(db: Database, tmp_path: Path) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    out = tmp_path / "x.svg"
    for args, found in (
        (["dx-survey/nothing"], "nothing"),  # no such indicator
        (["dx-survey/cio", "--year", "2019"], "2019"),  # no figures that year
        (["dx-survey/cio", "--prefecture", "041009"], "041009"),  # a city, not a prefecture
    ):
        code, said = _cli(
            db, "compare", "map", *args, "--out", str(out), "--csv", str(out) + ".csv"
        )
        assert code == 1, said
        assert "[compare-not-found]" in said and found in said
        assert not out.exists() and not Path(str(out) + ".csv").exists()
    code, said = _cli(db, "compare", "map", "cio", "--out", str(out))
    assert code == 2  # usage: <set>/<indicator>
    # a prefecture whose boundaries are not shipped
    elsewhere = Shapes(("hand-made",), {}, {})
    with db.engine.connect() as conn:
        c = compare(conn, registry(), "dx-survey", "cio", 2023, "040002")
    with pytest.raises(ShinchokuError) as caught:
        draw(c, boundaries=elsewhere)
    assert caught.value.problem.code == "compare-no-boundaries"
    assert caught.value.problem.found == "040002"


def test_the_open_data_lists_each_indicator_s_national_map(db: Database, tmp_path: Path) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    out = tmp_path / "open"
    code, said = _cli(db, "indicators", "export", str(out), "--set", "dx-survey")
    assert code == 0, said
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    maps = [r for r in package["resources"] if r["format"] == "svg"]
    # the five indicators with figures, each of its latest year (2023); the others none
    assert [r["path"] for r in maps] == [
        "maps/cio-2023.svg",
        "maps/online-procedures-2023.svg",
        "maps/procedures-2023.svg",
        "maps/online-rate-2023.svg",
        "maps/paper-sheets-2023.svg",
    ]
    for r in maps:
        data = (out / r["path"]).read_bytes()
        assert r["mediatype"] == "image/svg+xml" and r["bytes"] == len(data)
        assert r["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
        assert "sources" not in r  # tiles: no boundaries to attribute
        assert ElementTree.fromstring(data).tag == f"{NS}svg"
    assert package["profile"] == "data-package"  # the maps are not tables
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

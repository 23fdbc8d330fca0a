"""Open data of an indicator set: tidy CSV keyed by 団体コード; frictionless validates it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from frictionless import validate
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.compare.indicators import bundled_set
from shinchoku.compare.survey import import_survey
from shinchoku.orgs import registry
from shinchoku.store import Database
from tests.compare.conftest import SURVEY


def test_open_data_validates(db: Database, tmp_path: Path) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    out = tmp_path / "open"
    url = db.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        app, ["indicators", "export", str(out), "--set", "dx-survey", "--db", url]
    )
    assert result.exit_code == 0, result.output
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    raw = (out / "figures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 21
    shiogama = next(
        r for r in rows if r["org_code"] == "042030" and r["indicator_id"] == "online-procedures"
    )
    assert (shiogama["org_name"], shiogama["value"], shiogama["text"], shiogama["approximate"]) == (
        "塩竈市",
        "12",
        "約12",
        "true",
    )
    zao = next(r for r in rows if r["org_code"] == "043010")
    assert (zao["value"], zao["text"]) == ("", "ー")
    again = tmp_path / "again"
    CliRunner().invoke(app, ["indicators", "export", str(again), "--set", "dx-survey", "--db", url])
    for name in ("figures.csv", "indicators.csv", "organisations.csv", "datapackage.json"):
        assert (again / name).read_bytes() == (out / name).read_bytes()  # deterministic

"""The `shinchoku inquiry` commands: thin over the library."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.inquiry import MadeForm

from .conftest import YEAR, fill

runner = CliRunner()


def test_make_collect_status(tmp_path: Path, db_file: Path, forms: dict[str, MadeForm]) -> None:
    url = f"sqlite:///{db_file}"
    made = runner.invoke(
        app,
        [
            "inquiry",
            "make",
            "--year",
            str(YEAR),
            "--out",
            str(tmp_path / "out"),
            "--db",
            url,
            "--deadline",
            "2025-05-30",
            "--contact",
            "情報政策班",
        ],
    )
    assert made.exit_code == 0, made.output
    assert "令和6年度の照会様式 10 件を作成しました。データベースに記録しました" in made.output
    unit = next((tmp_path / "out").glob("*産業デジタル推進課.xlsx"))
    reply = fill(
        unit, tmp_path / "reply.xlsx", {("ict-firm-siting", "ict-firms-sited"): {"in.value": "55"}}
    )

    dry = runner.invoke(
        app, ["inquiry", "collect", str(reply), "--year", str(YEAR), "--db", url, "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert "情報通信関連企業の県内立地件数  実績値: — → 55" in dry.output
    assert "試行: 1件の変更があります" in dry.output

    done = runner.invoke(
        app, ["inquiry", "collect", str(reply), "--year", str(YEAR), "--db", url, "--json"]
    )
    assert done.exit_code == 0, done.output
    data = json.loads(done.output[done.output.index("{") :])
    assert data["applied"] and data["replies"][0]["changes"][0]["new"] == "55"

    st = runner.invoke(app, ["inquiry", "status", "--year", str(YEAR), "--db", url, "--json"])
    assert st.exit_code == 0, st.output
    states = {f["form"]: f["state"] for f in json.loads(st.output)["forms"]}
    assert states["kikaku-sangyo-digital"] == "replied"
    assert states["kikaku-digital"] == "awaiting"


def test_collect_errors_exit_1(tmp_path: Path, db_file: Path) -> None:
    (tmp_path / "x.xlsx").write_text("not a workbook")
    url = f"sqlite:///{db_file}"
    result = runner.invoke(
        app, ["inquiry", "collect", str(tmp_path / "x.xlsx"), "--year", "2024", "--db", url]
    )
    assert result.exit_code == 1
    assert "[not-a-workbook]" in result.output


def test_collect_against_a_dataset(tmp_path: Path, forms: dict[str, MadeForm]) -> None:
    from shinchoku.dataset.bundled import example_path

    reply = fill(
        forms["police-joho"].path,
        tmp_path / "police.xlsx",
        {("police-video-conference", "video-conf-terminals"): {"in.value": "85.7"}},
    )
    result = runner.invoke(
        app, ["inquiry", "collect", str(reply), str(example_path()), "--year", "2024"]
    )
    assert result.exit_code == 0, result.output
    assert "試行: 1件の変更があります。何も書き込んでいません" in result.output

"""The command line: exit codes, JSON output, load/export through a real database."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.dataset import example_path

from .conftest import TOWN

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No default database file or URL leaks in from the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHINCHOKU_DATABASE_URL", raising=False)


def test_summary_json_reproduces_the_seed() -> None:
    result = runner.invoke(app, ["summary", "--year", "2023", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"]["display"] == "177件 62.4億円"
    assert data["previous_total"]["display"] == "159件 65.8億円"
    money = {a["id"]: a["money"]["display"] for a in data["areas"] if a["money"]}
    assert money["citizen"] == "60件 20.2億円"
    assert money["business"] == "16件 2.8億円"
    rates = {k["id"]: k["final_rate"] for k in data["kpis"]}
    assert rates["miyamari-members"] == "70%"


def test_summary_text_shows_display_forms() -> None:
    result = runner.invoke(app, ["summary", "--year", "2023"])
    assert result.exit_code == 0
    for text in ("177件 62.4億円", "159件 65.8億円", "31件 22.2億円", "令和5年度（2023年度）"):
        assert text in result.stdout


def test_summary_lists_measures_with_no_kpi_and_grade_labels() -> None:
    town = str(TOWN)
    result = runner.invoke(app, ["summary", town, "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "施策の判定: " in result.stdout and "測定指標なし 1" in result.stdout
    assert "測定指標なし: キャッシュレス決済の周知（記載: 達成） 評価 達成" in result.stdout
    english = runner.invoke(app, ["summary", town, "--year", "2024", "--lang", "en"])
    assert "No indicator 1" in english.stdout
    data = json.loads(runner.invoke(app, ["summary", town, "--year", "2024", "--json"]).stdout)
    grades = {k["id"]: (k["grade"], k["grade_label"], k["grade_label_en"]) for k in data["kpis"]}
    assert grades["counter-wait"] == ("B", "B", "B")
    assert grades["trained-staff"] == ("C", "C", "C")
    promo = next(m for m in data["measures"] if m["id"] == "cashless-promotion")
    assert (promo["status"], promo["status_ja"], promo["grade"]) == ("no-kpi", "測定指標なし", None)


def test_check_exits_1_on_errors_and_lists_them() -> None:
    result = runner.invoke(app, ["check", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["counts"]["error"] == 7
    assert {p["code"] for p in report["problems"]} >= {"stated-rate-mismatch"}


def test_check_clean_plan_exits_0(tmp_path: Path) -> None:
    ds = tmp_path / "town"
    shutil.copytree(TOWN, ds)
    plan = ds / "plan.yaml"
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    data.pop("statements")
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    area = ds / "areas" / "01-residents.yaml"
    area.write_text(
        area.read_text(encoding="utf-8").replace(
            "declared_status: 達成", "declared_status: 一部達成"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(ds)])
    assert result.exit_code == 0, result.output
    assert "エラー 0件" in result.stdout
    english = runner.invoke(app, ["check", str(ds), "--lang", "en"])
    assert "0 errors" in english.stdout


def test_usage_error_exits_2() -> None:
    assert runner.invoke(app, ["summary", "--year", "soon"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


@pytest.mark.parametrize("command", ["load", "export", "check", "summary", "schema"])
def test_help_everywhere(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.stdout


def test_schema_validates_the_example() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    root = example_path()
    doc = yaml.safe_load((root / "plan.yaml").read_text(encoding="utf-8"))
    doc["areas"] = [yaml.safe_load(f.read_text("utf-8")) for f in sorted(root.glob("areas/*"))]
    doc["kpis"] = yaml.safe_load((root / "kpis.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(doc, ensure_ascii=False)), schema)


def test_load_twice_then_export_round_trips(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.sqlite'}"
    first = runner.invoke(app, ["load", str(TOWN), "--db", db])
    assert first.exit_code == 0 and "に読み込みました（追加 " in first.stdout
    second = runner.invoke(app, ["--lang", "en", "load", str(TOWN), "--db", db])
    assert second.exit_code == 0 and "already up to date" in second.stdout
    third = runner.invoke(app, ["load", str(TOWN), "--db", db], env={"SHINCHOKU_LANG": "en"})
    assert third.exit_code == 0 and "already up to date" in third.stdout
    again = runner.invoke(app, ["load", str(TOWN), "--db", db])
    assert again.exit_code == 0 and "は最新です。変更はありません" in again.stdout
    out = runner.invoke(app, ["export", str(tmp_path / "out"), "--db", db])
    assert out.exit_code == 0
    for path in TOWN.rglob("*.yaml"):
        rel = path.relative_to(TOWN)
        assert (tmp_path / "out" / rel).read_bytes() == path.read_bytes(), rel


def test_bad_dataset_leaves_the_database_unchanged(tmp_path: Path) -> None:
    db_file = tmp_path / "x.sqlite"
    db = f"sqlite:///{db_file}"
    assert runner.invoke(app, ["load", str(TOWN), "--db", db]).exit_code == 0
    before = db_file.read_bytes()
    bad = tmp_path / "bad"
    shutil.copytree(TOWN, bad)
    kpis = bad / "kpis.yaml"
    kpis.write_text(kpis.read_text("utf-8").replace("value: '18'", "value: 十八くらい"), "utf-8")
    result = runner.invoke(app, ["load", str(bad), "--db", db])
    assert result.exit_code == 1
    assert "kpis.yaml" in result.stderr and "十八くらい" in result.stderr
    assert db_file.read_bytes() == before


def test_default_database_file_is_used_after_load(tmp_path: Path) -> None:
    assert runner.invoke(app, ["load", str(TOWN)]).exit_code == 0
    assert (tmp_path / "shinchoku.sqlite").is_file()
    result = runner.invoke(app, ["summary", "--json"])
    assert json.loads(result.stdout)["plan_id"] == "sakura-town-dx"


def test_console_script_runs() -> None:
    exe = Path(sys.executable).with_name("shinchoku")
    done = subprocess.run(
        [str(exe), "summary", "--json"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["year"] == 2023


def test_second_plan_through_the_database(tmp_path: Path) -> None:
    """A small town's plan: load, check and summary from the database, nothing Miyagi-specific."""
    db = f"sqlite:///{tmp_path / 'town.sqlite'}"
    assert runner.invoke(app, ["load", str(TOWN), "--db", db]).exit_code == 0
    check = runner.invoke(app, ["check", "--db", db, "--json"])
    assert check.exit_code == 1
    codes = sorted(p["code"] for p in json.loads(check.stdout)["problems"])
    assert codes == [
        "declared-status-mismatch",
        "stated-money-display-mismatch",
        "stated-total-mismatch",
    ]
    summary = json.loads(runner.invoke(app, ["summary", "--db", db, "--json"]).stdout)
    assert summary["year"] == 2024 and summary["total"]["display"] == "11件 84百万円"
    assert {k["id"]: k["grade"] for k in summary["kpis"]}["counter-wait"] == "B"


def test_load_refuses_to_overwrite_staff_edits(tmp_path: Path) -> None:
    from shinchoku.dataset import read_dataset
    from shinchoku.model import Figure, Provenance
    from shinchoku.store import Database

    db_file = tmp_path / "x.sqlite"
    db = f"sqlite:///{db_file}"
    assert runner.invoke(app, ["load", str(TOWN), "--db", db]).exit_code == 0
    # A division corrects a figure in the web form after the load.
    edited = read_dataset(TOWN)
    kpi = edited.kpi("counter-wait")
    kpi.observations[2024] = kpi.observations[2024].model_copy(
        update={
            "value": Figure.of("16"),
            "provenance": Provenance(source="web", user="jumin-editor", at="2025-05-20T10:00"),
        }
    )
    database = Database(db)
    database.save_plan(edited)
    database.dispose()
    before = db_file.read_bytes()

    result = runner.invoke(app, ["load", str(TOWN), "--db", db])
    assert result.exit_code == 1
    assert "load-overwrites-edit" in result.stderr and "jumin-editor" in result.stderr
    assert db_file.read_bytes() == before

    forced = runner.invoke(app, ["load", str(TOWN), "--db", db, "--overwrite-edits"])
    assert forced.exit_code == 0
    database = Database(db)
    restored = database.load_plan().kpi("counter-wait").observations[2024]
    database.dispose()
    assert (restored.value.text, restored.provenance) == ("18", None)


@pytest.mark.parametrize("module", ["shinchoku", "shinchoku.cli"])
def test_runs_as_a_module_with_every_command_group(module: str) -> None:
    from shinchoku import __version__

    version = subprocess.run(
        [sys.executable, "-m", module, "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"shinchoku {__version__}"
    groups = subprocess.run(
        [sys.executable, "-m", module, "--help"], capture_output=True, text=True, check=True
    )
    for group in ("year", "token", "compare", "inquiry"):
        assert group in groups.stdout


def test_summary_shows_a_line_per_part() -> None:
    result = runner.invoke(app, ["summary", str(TOWN)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "└ " in line]
    cells = [[c.strip() for c in line.split("│") if c.strip()] for line in lines]
    assert cells[:2] == [
        ["└ 小", "80%", "84%", "105.0%", "93.3%", "達成", "A", "順調"],
        ["└ 中", "80%", "72%", "90.0%", "84.7%", "未達成", "B", "順調"],
    ]
    data = json.loads(runner.invoke(app, ["summary", str(TOWN), "--json"]).stdout)
    ict = next(k for k in data["kpis"] if k["id"] == "ict-teachers")
    assert (ict["breakdown_rule"], ict["grade"]) == ("worst", "B")
    assert [(p["label"], p["dimensions"], p["grade"]) for p in ict["parts"]] == [
        ("小", {"学校種": "小"}, "A"),
        ("中", {"学校種": "中"}, "B"),
    ]

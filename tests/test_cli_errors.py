"""A user's mistake is a clean message and exit 1, never a traceback, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from shinchoku.cli import app

from .conftest import TOWN

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHINCHOKU_DATABASE_URL", raising=False)


def _refused(args: list[str], code: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert "Traceback" not in result.output
    assert f"[{code}]" in result.output
    return result.output


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("postgresql://planner:s3cret-pw@127.0.0.1:1/shinchoku", "database-unreachable"),
        ("postgress://planner:s3cret-pw@127.0.0.1/shinchoku", "database-url-unsupported"),
        ("postgresql:/planner:s3cret-pw@:x:y", "database-url-invalid"),
    ],
    ids=["unreachable", "misspelt-scheme", "unreadable"],
)
def test_bad_database_url_masks_the_password(url: str, code: str) -> None:
    for args in (["check", "--db", url], ["load", str(TOWN), "--db", url]):
        output = _refused(args, code)
        assert "s3cret-pw" not in output and "***" in output


def test_sqlite_file_in_a_missing_folder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'x.sqlite'}"
    _refused(["load", str(TOWN), "--db", url], "database-folder-not-found")
    assert not (tmp_path / "no-such-folder").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["summary"],
        ["check"],
        ["export", "out"],
        ["report", "--out", "out"],
        ["inquiry", "status", "--year", "2024"],
        ["user", "list"],
        ["indicators", "list"],
        ["indicators", "export", "out", "--set", "dx-survey"],
        ["compare", "dx-survey/cio"],
    ],
    ids=lambda a: "-".join(a[:2]),
)
def test_reading_commands_never_create_a_database(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "typo.sqlite"
    _refused([*args, "--db", f"sqlite:///{db}"], "database-not-found")
    assert not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "--year", "1800"],
        ["check", "--year", "1800"],
        ["report", "--year", "2030", "--out", "out"],
        ["summary", "--year", "2020"],
        ["inquiry", "make", "--year", "1800", "--out", "forms"],
        ["inquiry", "collect", "reply.xlsx", "--year", "1800", "--dataset", str(TOWN)],
    ],
    ids=lambda a: "-".join(a[:3]),
)
def test_year_outside_the_plan_refused_by_every_command(tmp_path: Path, args: list[str]) -> None:
    output = _refused(args, "year-outside-plan")
    # the plan's period, in the reader's language (Japanese by default)
    assert (
        "計画期間（令和3年度～令和6年度）" in output or "計画期間（令和4年度～令和8年度）" in output
    )
    assert not (tmp_path / "out").exists() and not (tmp_path / "forms").exists()


def test_year_outside_the_plan_with_a_database(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'shinchoku.sqlite'}"
    assert runner.invoke(app, ["load", str(TOWN), "--db", db]).exit_code == 0
    _refused(["inquiry", "status", "--year", "1800", "--db", db], "year-outside-plan")
    _refused(["summary", "--year", "2030", "--db", db], "year-outside-plan")

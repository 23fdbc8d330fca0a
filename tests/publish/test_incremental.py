"""``build_report(..., incremental=True)``: only what changed is built and rewritten, and
the folder then holds exactly the files of a full build, byte for byte."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.dataset import load_example
from shinchoku.model import Observation, Plan
from shinchoku.publish import build, build_report
from shinchoku.publish.build import MANIFEST

FORMATS = "html,xlsx,data"


def _contents(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def _mtimes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime_ns
        for p in root.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def _changed(plan: Plan) -> tuple[Plan, str]:
    """The plan with one KPI's report-year figure changed; that KPI's id."""
    changed = plan.model_copy(deep=True)
    year = changed.report.year
    assert year is not None
    kpi = next(k for k in changed.kpis if year in k.observations)
    old = kpi.observations[year].value
    assert old is not None and old.value is not None
    kpi.observations[year] = Observation.model_validate({"value": str(old.value + 1)})
    return changed, kpi.id


def _age(root: Path) -> None:
    """Set every file's time back, so a rewrite shows whatever the clock's resolution."""
    for p in root.rglob("*"):
        if p.is_file():
            ns = p.stat().st_mtime_ns - 10**9
            os.utime(p, ns=(ns, ns))


def test_nothing_changed_nothing_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = load_example()
    out = tmp_path / "out"
    built: list[str] = []
    for name in ("build_html", "build_xlsx", "build_data"):
        real = getattr(build, name)

        def counted(*args: Any, _real: Any = real, _name: str = name) -> Any:
            built.append(_name)
            return _real(*args)

        monkeypatch.setattr(build, name, counted)
    first = build_report(plan, None, out, FORMATS, incremental=True)
    assert sorted(built) == ["build_data", "build_html", "build_xlsx"]
    assert (out / MANIFEST).is_file()
    _age(out)
    before = _mtimes(out)
    again = build_report(plan, None, out, FORMATS, incremental=True)
    assert again == first
    assert len(built) == 3  # every format's inputs as recorded: none built again
    assert _mtimes(out) == before
    build_report(plan, None, out, FORMATS, lang="en", incremental=True)
    assert len(built) == 6  # another language: every format again


def test_after_a_change_identical_to_a_full_build(tmp_path: Path) -> None:
    plan = load_example()
    inc, full = tmp_path / "incremental", tmp_path / "full"
    build_report(plan, None, inc, FORMATS, incremental=True)
    _age(inc)
    before = _mtimes(inc)
    changed, kpi_id = _changed(plan)
    paths = build_report(changed, None, inc, FORMATS, incremental=True)
    full_paths = build_report(changed, None, full, FORMATS)
    assert _contents(inc) == _contents(full)
    assert [p.relative_to(inc) for p in paths] == [p.relative_to(full) for p in full_paths]
    after = _mtimes(inc)
    rewritten = {name for name in after if after[name] != before[name]}
    assert f"kpis/{kpi_id}.html" in rewritten
    assert "report.xlsx" in rewritten
    assert "static/report.css" not in rewritten  # same bytes: left as it was
    assert len(rewritten) < len(after)


def test_a_damaged_output_is_built_again(tmp_path: Path) -> None:
    plan = load_example()
    out, full = tmp_path / "out", tmp_path / "full"
    build_report(plan, None, out, FORMATS, incremental=True)
    (out / "report.xlsx").write_bytes(b"not a workbook")
    (out / "index.html").unlink()
    build_report(plan, None, out, FORMATS, incremental=True)
    build_report(plan, None, full, FORMATS)
    assert _contents(out) == _contents(full)


def test_a_manifest_naming_files_outside_is_not_followed(tmp_path: Path) -> None:
    plan = load_example()
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    build_report(plan, None, out, FORMATS, incremental=True)
    text = (out / MANIFEST).read_text(encoding="utf-8")
    text = text.replace(
        '"files": {', '"files": {"../victim.txt": "0", "' + str(victim) + '": "0", ', 1
    )
    (out / MANIFEST).write_text(text, encoding="utf-8")
    changed, _ = _changed(plan)
    build_report(changed, None, out, FORMATS, incremental=True)
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_cli_incremental(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["report", "--format", FORMATS, "--out", str(out), "--incremental"]
    for _ in range(2):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    assert (out / MANIFEST).is_file() and (out / "report.xlsx").is_file()

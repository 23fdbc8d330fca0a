"""``shinchoku user …`` and the pieces of ``shinchoku serve`` that run before uvicorn."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.dataset import load_example
from shinchoku.store import Database, alembic_config
from shinchoku.store.accounts import Accounts
from shinchoku.store.history import Workflow
from shinchoku.web.server import is_loopback, load_and_publish, report_years, serve_database

runner = CliRunner()


def test_user_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'users.sqlite'}"
    load_and_publish(url, load_example())
    r = runner.invoke(
        app,
        ["user", "add", "tanaka", "--role", "editor", "--unit", "kikaku-digital", "--db", url],
        input="a long enough password\n",
    )
    assert r.exit_code == 0, r.output
    assert "入力担当 tanaka を追加しました（担当：kikaku-digital）" in r.output
    r = runner.invoke(
        app,
        ["user", "add", "sato", "--role", "editor", "--unit", "no-such-unit", "--db", url],
        input="a long enough password\n",
    )
    assert r.exit_code == 1 and "unit-not-found" in r.output and "no-such-unit" in r.output
    r = runner.invoke(
        app, ["user", "add", "short", "--role", "viewer", "--db", url], input="short\n"
    )
    assert r.exit_code == 1 and "password-too-short" in r.output
    r = runner.invoke(
        app,
        ["user", "add", "boss", "--role", "admin", "--password-stdin", "--db", url],
        input="another long password\n",
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["user", "list", "--db", url])
    assert "tanaka" in r.output and "boss" in r.output
    r = runner.invoke(app, ["user", "token", "tanaka", "--db", url])
    assert r.exit_code == 0 and r.output.strip().startswith("shk_")
    token = r.output.strip()
    r = runner.invoke(app, ["user", "disable", "tanaka", "--db", url])
    assert r.exit_code == 0
    db = Database(url)
    try:
        accounts = Accounts(db)
        assert accounts.user_for_token(token) is None
        assert accounts.authenticate("boss", "another long password") is not None
        assert accounts.authenticate("tanaka", "a long enough password") is None
    finally:
        db.dispose()
    r = runner.invoke(app, ["user", "add", "x", "--role", "root", "--db", url], input="x\n")
    assert r.exit_code == 2


def test_user_organisations_by_the_cli(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'users.sqlite'}"
    load_and_publish(url, load_example())
    pw = "a long enough password\n"
    r = runner.invoke(
        app,
        ["user", "add", "sendai", "--role", "admin", "--organisation", "041009", "--db", url],
        input=pw,
    )
    assert r.exit_code == 0 and "管理者 sendai を追加しました（団体：041009）" in r.output, r.output
    # as the office of 仙台市: its own organisation's accounts only
    args = ["--by", "sendai", "--db", url]
    r = runner.invoke(
        app,
        ["user", "add", "clerk", "--role", "viewer", "--organisation", "041009", *args],
        input=pw,
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        app,
        ["user", "add", "other", "--role", "viewer", "--organisation", "042021", *args],
        input=pw,
    )
    assert r.exit_code == 1 and "user-of-another-organisation" in r.output
    r = runner.invoke(app, ["user", "update", "clerk", "--installation-wide", *args])
    assert r.exit_code == 1 and "user-of-another-organisation" in r.output
    r = runner.invoke(app, ["user", "update", "clerk", "--organisation", "041008", "--db", url])
    assert r.exit_code == 1 and "org-code-invalid" in r.output
    r = runner.invoke(
        app, ["--lang", "en", "user", "update", "clerk", "--installation-wide", "--db", url]
    )
    assert r.exit_code == 0 and "updated Viewer clerk (installation-wide; no units)" in r.output
    r = runner.invoke(app, ["user", "update", "clerk", "--role", "root", "--db", url])
    assert r.exit_code == 2
    r = runner.invoke(app, ["user", "list", "--db", url])
    assert "団体" in r.output and "041009" in r.output
    db = Database(url)
    try:
        accounts = Accounts(db)
        assert [(u.name, u.organisation) for u in accounts.list_users()] == [
            ("clerk", None),
            ("sendai", "041009"),
        ]
    finally:
        db.dispose()


def test_serving_a_dataset_publishes_its_report_years(tmp_path: Path) -> None:
    plan = load_example()
    assert report_years(plan) == [2023]
    url = f"sqlite:///{tmp_path / 'serve.sqlite'}"
    prepared = load_and_publish(url, plan)
    assert prepared.published == [2023]
    db = Database(url)
    try:
        status = Workflow(db).status(plan.id, 2023)
        assert status.is_published and status.published_by == "dataset"
        assert Accounts(db).count() == 0  # no default account, no default password
    finally:
        db.dispose()


def test_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")


def test_web_migration_follows_the_inquiry_migration() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1  # one line of history, no branch
    web = script.get_revision("0003")
    assert web is not None and web.down_revision == "0002"
    assert "inquiry" in (script.get_revision("0002").doc or "")


def test_serve_keeps_its_default_database_across_restarts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --db the example goes into ./shinchoku.sqlite once; a restart serves the same
    file as it is, with what was entered on the staff pages."""
    from shinchoku.store.edits import ObservationEdit, apply_edits, observation_state

    monkeypatch.chdir(tmp_path)
    url, prepared = serve_database(None, None)
    assert url == f"sqlite:///{tmp_path / 'shinchoku.sqlite'}"
    assert prepared is not None and prepared.published == [2023]
    db = Database(url)
    try:
        Workflow(db).open(prepared.plan_id, 2024, "admin")
        edit = ObservationEdit("open-data-datasets", 0, value="415", as_of="R7.3")
        assert apply_edits(db, prepared.plan_id, 2024, [edit], user="editor_x").changes
    finally:
        db.dispose()
    again, reloaded = serve_database(None, None)  # the restart
    assert again == url and reloaded is None
    db = Database(url)
    try:
        kept = observation_state(db, prepared.plan_id, "open-data-datasets", 2024)
        assert kept.fields["value"] == "415" and kept.revision == 1
        assert Workflow(db).status(prepared.plan_id, 2024).is_open
    finally:
        db.dispose()


def test_a_serving_process_sets_what_it_keeps_for_life_aside(tmp_path: Path) -> None:
    """``settled``: the organisation list read, the templates compiled, the database
    connected, everything alive frozen out of the collector's generations (in a process
    of its own: freezing is for good)."""
    import subprocess
    import sys

    # a served database: migrated, with one survey's set (read before the first request)
    db = tmp_path / "s.sqlite"
    survey = tmp_path / "r5.csv"
    survey.write_text("団体コード,年度,指標,値\n042021,R5,cio,○\n", encoding="utf-8")
    run = [sys.executable, "-m", "shinchoku", "--lang", "en"]
    subprocess.run([*run, "indicators", "import", str(survey), "--set", "dx-survey",
                    "--db", f"sqlite:///{db}"], check=True, capture_output=True)  # fmt: skip
    code = (
        "import gc\n"
        "from shinchoku.orgs import registry\n"
        "from shinchoku.web.app import create_app\n"
        "from shinchoku.web.server import settled\n"
        "from shinchoku.web.settings import WebSettings\n"
        "from shinchoku.orgs.shapes import shapes\n"
        "from shinchoku.web.compare import _cache\n"
        f"app = create_app(WebSettings(database_url='sqlite:///{db}'))\n"
        "env = app.state.shinchoku.templates\n"
        "assert gc.get_freeze_count() == 0 and registry.cache_info().currsize == 0\n"
        "assert settled(app) is app\n"
        "kept = _cache(app.state.shinchoku.db)._kept\n"
        "print(gc.get_freeze_count(), registry.cache_info().currsize, len(env.cache),"
        " len(env.list_templates()), len(kept['set']), len(kept['years']),"
        " shapes.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    frozen, lists, compiled, templates, sets, years, boundaries = map(int, out.split())
    assert frozen > 10_000 and lists == 1 and compiled == templates > 20
    assert sets == years == 1  # the set and its years, read at start
    assert boundaries == 1  # the municipal boundaries too


def test_workers_each_listen_on_a_socket_of_their_own(tmp_path: Path) -> None:
    """``serve --workers 2``: two processes listening on the port (SO_REUSEPORT), both
    answering, and SIGTERM stops them all."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import httpx

    from tests.web.browser import free_port

    port = free_port()
    db = f"sqlite:///{tmp_path / 'w.sqlite'}"
    cmd = [sys.executable, "-m", "shinchoku", "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen([*cmd, "--workers", "2"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip

    def listening() -> int:
        hex_port = f":{port:04X} "
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
        return sum(1 for line in lines if hex_port in line and line.split()[3] == "0A")

    try:
        deadline = time.monotonic() + 60
        while listening() < 2:
            assert proc.poll() is None, "serve ended"
            assert time.monotonic() < deadline, "two workers never listened"
            time.sleep(0.1)
        # new connections land on either worker: each answers
        for _ in range(10):
            with httpx.Client(base_url=f"http://127.0.0.1:{port}") as c:
                assert c.get("/api/health").status_code == 200
        workers = [
            int(p.name)
            for p in Path("/proc").iterdir()
            if p.name.isdigit()
            and (p / "stat").exists()
            and (p / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(proc.pid)
        ]
        assert len(workers) >= 2
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    assert listening() == 0
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()

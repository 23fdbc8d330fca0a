"""Kill -9 trials (not a test): `load` and `inquiry collect` are all or nothing, on disk.

    .venv/bin/python bench/bench_kill.py [--trials 20] [--backends sqlite,postgresql]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--seed 1]

For each backend and each command:

1. the database is put in a known *old* state (SQLite: a copy of a file; PostgreSQL:
   ``CREATE DATABASE … TEMPLATE``) and the command is run once to the end, which gives
   the *new* state;
2. then, trial after trial, the old state is restored, the command is started as its own
   process and sent SIGKILL after a random delay between 40% and 100% of an
   uninterrupted run (start-up is most of a run, so some trials kill it before it
   writes, some while it writes and a few just after);
3. after each kill the database is opened afresh and its content compared with both
   states: it must be the old one or the new one, never anything else.

The content compared is every row of every table, sorted, leaving out the times of
writing (``updated_at``, ``collected_at``…, a provenance's ``at``), which differ run to
run (and ``plans.content_hash``, a hash over the rows that includes those times); a
SQLite file must also pass ``PRAGMA integrity_check``.
`load` goes from the bundled example to a copy of it with every actual changed; `inquiry
collect` applies ten filled replies (every division's form and the office's) to the
example with the FY2024 round made.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from shinchoku.dataset import load_example, write_dataset
from shinchoku.inquiry import make_forms
from shinchoku.model import Figure, Plan
from shinchoku.store import Database
from shinchoku.store.tables import Base

YEAR = 2024
SRC = Path(__file__).resolve().parents[1] / "src"


# -- the two states --------------------------------------------------------------------------


def changed_plan(plan: Plan) -> Plan:
    """The example with every actual of every KPI changed (many rows to rewrite)."""
    kpis = []
    for n, kpi in enumerate(plan.kpis):
        observations = {
            year: obs.model_copy(update={"value": Figure.of(f"{n * 10 + year}")})
            for year, obs in kpi.observations.items()
        }
        kpis.append(kpi.model_copy(update={"observations": observations}))
    return plan.model_copy(update={"kpis": kpis, "slogan": (plan.slogan or "") + "（改訂）"})


def fill_replies(forms: list[Path], out: Path) -> None:
    """Every form with an actual typed into each of its KPI rows."""
    out.mkdir(parents=True, exist_ok=True)
    for src in forms:
        wb = openpyxl.load_workbook(src)
        for ws in wb.worksheets:
            field_row = next(
                (
                    r
                    for r in range(1, 40)
                    if str(ws.cell(r, 1).value or "").startswith("#shinchoku:kpis")
                ),
                None,
            )
            if field_row is None:
                continue
            cols = {str(ws.cell(field_row, c).value): c for c in range(2, ws.max_column + 1)}
            for r in range(field_row + 2, ws.max_row + 1):
                kpi = str(ws.cell(r, cols["key.kpi"]).value or "")
                if kpi and ws.cell(r, cols["key.mode"]).value == "input":
                    # a KPI shown on two forms gets one value: the replies must agree
                    ws.cell(r, cols["in.value"]).value = str(100 + sum(map(ord, kpi)) % 900)
                    ws.cell(r, cols["in.as_of"]).value = "R7.3"
        wb.save(out / src.name)


# -- databases ---------------------------------------------------------------------------


@dataclass
class Backend:
    name: str
    work: Path
    server: sa.URL | None = None  # PostgreSQL: the server to make databases on

    @property
    def url(self) -> str:
        if self.server is None:
            return f"sqlite:///{self.work / 'trial.sqlite'}"
        return self.server.set(database=f"{self._prefix}_trial").render_as_string(False)

    @property
    def _prefix(self) -> str:
        return f"shinchoku_kill_{os.getpid()}"

    def save_old(self) -> None:
        """Keep the current trial database as the old state."""
        if self.server is None:
            shutil.copyfile(self.work / "trial.sqlite", self.work / "old.sqlite")
            return
        self._sql(f'DROP DATABASE IF EXISTS "{self._prefix}_old"')
        self._terminate(f"{self._prefix}_trial")
        self._sql(f'CREATE DATABASE "{self._prefix}_old" TEMPLATE "{self._prefix}_trial"')

    def restore_old(self) -> None:
        if self.server is None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                (self.work / f"trial.sqlite{suffix}").unlink(missing_ok=True)
            shutil.copyfile(self.work / "old.sqlite", self.work / "trial.sqlite")
            return
        self._terminate(f"{self._prefix}_trial")
        self._sql(f'DROP DATABASE IF EXISTS "{self._prefix}_trial"')
        self._sql(f'CREATE DATABASE "{self._prefix}_trial" TEMPLATE "{self._prefix}_old"')

    def fresh(self) -> None:
        if self.server is None:
            (self.work / "trial.sqlite").unlink(missing_ok=True)
            return
        self._terminate(f"{self._prefix}_trial")
        self._sql(f'DROP DATABASE IF EXISTS "{self._prefix}_trial"')
        self._sql(f'CREATE DATABASE "{self._prefix}_trial"')

    def drop(self) -> None:
        if self.server is not None:
            for name in ("trial", "old"):
                self._terminate(f"{self._prefix}_{name}")
                self._sql(f'DROP DATABASE IF EXISTS "{self._prefix}_{name}"')

    def _terminate(self, name: str) -> None:
        self._sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )

    def _sql(self, statement: str) -> None:
        assert self.server is not None
        engine = sa.create_engine(self.server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(statement)
        finally:
            engine.dispose()


def snapshot(url: str) -> str:
    """A digest of every row of every table, without the columns of writing times."""
    engine = sa.create_engine(url, poolclass=NullPool)
    digest = hashlib.sha256()
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                check = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
                if check != "ok":
                    return f"corrupt: {check}"
            for name in sorted(Base.metadata.tables):
                table = Base.metadata.tables[name]
                columns = [
                    c
                    for c in table.columns
                    if not isinstance(c.type, sa.DateTime) and c.name not in _DERIVED
                ]
                rows = conn.execute(sa.select(*columns)).all()
                lines = sorted(
                    json.dumps([_timeless(v) for v in row], ensure_ascii=False, default=str)
                    for row in rows
                )
                digest.update(f"{name}:{len(lines)}\n".encode())
                for line in lines:
                    digest.update(line.encode("utf-8") + b"\n")
    finally:
        engine.dispose()
    return digest.hexdigest()


# A hash of the stored plan, provenance times included: it follows the rows compared.
_DERIVED = frozenset({"content_hash"})


def _timeless(value: Any) -> Any:
    """A provenance without its time of writing (``at``); other values as they are."""
    if isinstance(value, dict):
        return {k: v for k, v in sorted(value.items()) if k != "at"}
    return str(value)


# -- trials ------------------------------------------------------------------------------


@dataclass
class Command:
    name: str
    prepare: Callable[[Backend], None]  # make the old state in the trial database
    argv: Callable[[Backend], list[str]]


def run(argv: list[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("SHINCHOKU_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "shinchoku.cli", *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def trials(backend: Backend, command: Command, count: int, rng: random.Random) -> dict[str, int]:
    backend.fresh()
    command.prepare(backend)
    backend.save_old()
    old = snapshot(backend.url)
    start = time.perf_counter()
    done = run(command.argv(backend))
    _, err = done.communicate()
    duration = first_run = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command.name} failed on {backend.name}: {err.decode()}")
    new = snapshot(backend.url)
    if new == old:
        raise SystemExit(f"{command.name} changed nothing on {backend.name}")
    counts = {"kills": 0, "old": 0, "new": 0, "other": 0, "finished_first": 0}
    while counts["kills"] < count:  # runs that end before their kill do not count
        backend.restore_old()
        proc = run(command.argv(backend))
        time.sleep(rng.uniform(0.4, 1.0) * duration)
        if proc.poll() is not None:
            proc.communicate()
            counts["finished_first"] += 1
            duration *= 0.9  # the first run was slow (a busy machine): aim earlier
            continue
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        counts["kills"] += 1
        state = snapshot(backend.url)
        key = "old" if state == old else "new" if state == new else "other"
        counts[key] += 1
        if key == "other":
            print(f"  PARTIAL STATE after a kill: {state}", flush=True)
    counts["run_seconds"] = round(first_run, 2)  # type: ignore[assignment]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "SHINCHOKU_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="shinchoku-kill-") as tmp:
        work = Path(tmp)
        plan = load_example()
        dataset = work / "changed"
        write_dataset(changed_plan(plan), dataset)

        def load_prepare(backend: Backend) -> None:
            db = Database(backend.url)
            try:
                db.migrate()
                db.save_plan(plan)
            finally:
                db.dispose()

        def collect_prepare(backend: Backend) -> None:
            load_prepare(backend)
            db = Database(backend.url)
            try:
                made = make_forms(plan, YEAR, work / f"forms-{backend.name}", database=db)
            finally:
                db.dispose()
            replies = work / f"replies-{backend.name}"
            shutil.rmtree(replies, ignore_errors=True)
            fill_replies([m.path for m in made], replies)

        commands = [
            Command("load", load_prepare, lambda b: ["load", str(dataset), "--db", b.url]),
            Command(
                "inquiry collect",
                collect_prepare,
                lambda b: [
                    "inquiry",
                    "collect",
                    str(work / f"replies-{b.name}"),
                    "--year",
                    str(YEAR),
                    "--db",
                    b.url,
                ],
            ),
        ]
        results: list[tuple[str, str, dict[str, int]]] = []
        for name in args.backends.split(","):
            server = sa.make_url(args.postgres) if name == "postgresql" else None
            backend = Backend(name, work, server)
            try:
                for command in commands:
                    counts = trials(backend, command, args.trials, rng)
                    results.append((name, command.name, counts))
                    print(f"{name:10} {command.name:16} {counts}", flush=True)
            finally:
                backend.drop()
        bad = sum(c["other"] for _, _, c in results)
        total = sum(args.trials for _ in results)
        print(f"{total} kills, {bad} partial states")
        if bad:
            raise SystemExit(1)


if __name__ == "__main__":
    main()

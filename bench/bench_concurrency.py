"""Load test of saving (not a test): an office's editors and API clients at once.

Starts ``shinchoku serve`` on 127.0.0.1 over a fresh database — SQLite in a temporary
folder, or PostgreSQL in a database created for the run and dropped after — holding the
bundled example with FY2023 published and FY2024 open. Then, for a bounded time, N
editors save KPI actuals through the staff web form (read the form, post it, as a browser
does) and N API clients save measures' 要因分析 with their tokens, each client its own
figure, each save after the previous one. Afterwards it reads the database and checks
that every acknowledged save (303 from the form, 200 from the API) is there, with its
value and one change-log entry. Prints a table per backend: saves, acknowledged, refused
by status, 5xx, "database is locked" in the server log, p50/p99 latency, missing saves.

    PYTHONPATH=src .venv/bin/python bench/bench_concurrency.py [--seconds 30]
        [--editors 20] [--api 20] [--workers 1] [--backends sqlite,postgresql]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

:func:`run` is also what the short version in ``tests/web/test_concurrency.py`` calls.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shinchoku.dataset import load_example
from shinchoku.store import Database
from shinchoku.store.accounts import Accounts
from shinchoku.store.history import Workflow, submitting_units
from shinchoku.web.server import load_and_publish

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import HOST, PG_SERVER, free_port, fresh_database, running_server

YEAR = 2024
PASSWORD = "bench password 0123"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_REVISION = re.compile(r'name="obs_revision" value="(\d+)"')


@dataclass
class Client:
    """One editor or API client: its figure, and what it was told."""

    kind: str  # "web" or "api"
    name: str
    key: str  # KPI id (web) or measure id (api)
    acknowledged: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)


@dataclass
class Result:
    backend: str
    seconds: float
    clients: list[Client]
    locked: int  # "database is locked" in the server's log
    tracebacks: int
    missing: list[str]  # acknowledged saves not in the database
    logged: int  # change-log entries of the saves
    expected_log: int

    @property
    def statuses(self) -> Counter[int]:
        total: Counter[int] = Counter()
        for c in self.clients:
            total.update(c.statuses)
        return total

    @property
    def server_errors(self) -> int:
        return sum(n for s, n in self.statuses.items() if s >= 500)

    @property
    def acknowledged(self) -> int:
        return sum(len(c.acknowledged) for c in self.clients)

    def ok(self) -> bool:
        return (
            self.server_errors == 0
            and self.locked == 0
            and self.tracebacks == 0
            and not self.missing
            and self.logged == self.expected_log
        )

    def rows(self) -> list[tuple[str, str]]:
        lat = sorted(x for c in self.clients for x in c.latencies)
        p50 = statistics.median(lat) if lat else 0.0
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0.0
        web = sum(len(c.acknowledged) for c in self.clients if c.kind == "web")
        api = self.acknowledged - web
        return [
            ("backend", self.backend),
            ("clients (web form + API)", f"{self._count('web')} + {self._count('api')}"),
            ("duration", f"{self.seconds:.1f} s"),
            ("saves sent", str(sum(self.statuses.values()))),
            (
                "acknowledged (web 303 + API 200)",
                f"{self.acknowledged} ({web} + {api})",
            ),
            ("saves/s acknowledged", f"{self.acknowledged / self.seconds:.1f}"),
            ("statuses", ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))),
            ("5xx", str(self.server_errors)),
            ('"database is locked" in server log', str(self.locked)),
            ("tracebacks in server log", str(self.tracebacks)),
            ("latency of a save p50 / p99", f"{p50 * 1000:.0f} ms / {p99 * 1000:.0f} ms"),
            ("acknowledged saves missing", str(len(self.missing))),
            ("change-log entries / expected", f"{self.logged} / {self.expected_log}"),
        ]

    def _count(self, kind: str) -> int:
        return sum(1 for c in self.clients if c.kind == kind)


def prepare(url: str, editors: int, api: int) -> tuple[str, list[Client], dict[str, str]]:
    """The example, FY2023 published, FY2024 open; an account per client: (plan, clients,
    API tokens by client name)."""
    plan = load_example()
    load_and_publish(url, plan)
    kpis = [k.id for k in plan.kpis]
    measures = [m.id for _, m in plan.measures()]
    if editors > len(kpis) or api > len(measures):
        raise SystemExit(f"at most {len(kpis)} editors and {len(measures)} API clients")
    units = submitting_units(plan)
    db = Database(url)
    try:
        Workflow(db).open(plan.id, YEAR, "bench")
        accounts = Accounts(db)
        clients = [Client("web", f"web{i:02d}", kpis[i]) for i in range(editors)]
        clients += [Client("api", f"api{i:02d}", measures[i]) for i in range(api)]
        tokens: dict[str, str] = {}
        for c in clients:
            accounts.add_user(c.name, "editor", PASSWORD, units)
            if c.kind == "api":
                tokens[c.name] = accounts.create_token(c.name, "bench")
    finally:
        db.dispose()
    return plan.id, clients, tokens


@contextmanager
def serve(url: str, folder: Path, workers: int) -> Iterator[tuple[str, Path]]:
    """``shinchoku serve`` on a free loopback port: (base URL, its log file)."""
    port = free_port()
    log = folder / "serve.log"
    exe = Path(sys.executable).with_name("shinchoku")
    cmd = [str(exe), "serve", "--db", url, "--host", HOST, "--port", str(port)]
    cmd += ["--workers", str(workers), "--no-secure-cookies"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    with running_server(cmd, port, env, log=log) as base:
        yield base, log


async def _log_in(http: httpx.AsyncClient, name: str) -> None:
    page = await http.get("/login")
    token = _CSRF.search(page.text)
    assert token, "no CSRF token on the log-in page"
    data = {"csrf_token": token.group(1), "username": name, "password": PASSWORD}
    r = await http.post("/login", data=data)
    if r.status_code != 303:
        raise RuntimeError(f"log-in of {name} failed: {r.status_code}")


async def _editor(base: str, c: Client, stop: float) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        await _log_in(http, c.name)
        url = f"/staff/fy/{YEAR}/kpis/{c.key}/edit"
        n = 0
        while time.monotonic() < stop:
            form = await http.get(url)
            if form.status_code != 200:
                c.statuses[form.status_code] += 1
                continue
            token, revision = _CSRF.search(form.text), _REVISION.search(form.text)
            assert token and revision, "the edit form lacks its hidden fields"
            n += 1
            value = str(1000 + n)
            data = {"csrf_token": token.group(1), "obs_revision": revision.group(1)}
            started = time.monotonic()
            r = await http.post(url, data={**data, "value": value})
            c.latencies.append(time.monotonic() - started)
            c.statuses[r.status_code] += 1
            if r.status_code == 303:
                c.acknowledged.append(value)


async def _api_client(base: str, plan_id: str, c: Client, token: str, stop: float) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/plans/{plan_id}/measures/{c.key}/years/{YEAR}"
    async with httpx.AsyncClient(base_url=base, timeout=120, headers=headers) as http:
        revision, n = 0, 0
        while time.monotonic() < stop:
            n += 1
            text = f"{c.name} 要因分析 {n}"
            started = time.monotonic()
            r = await http.put(url, json={"analysis": text, "revision": revision})
            c.latencies.append(time.monotonic() - started)
            c.statuses[r.status_code] += 1
            if r.status_code == 200:
                revision = int(r.json()["revision"])
                c.acknowledged.append(text)


async def _drive(
    base: str, plan_id: str, clients: list[Client], tokens: dict[str, str], seconds: float
) -> float:
    # Log-ins first, like a morning: the load is the saving.
    stop = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(
        *(
            _editor(base, c, stop)
            if c.kind == "web"
            else _api_client(base, plan_id, c, tokens[c.name], stop)
            for c in clients
        )
    )
    return time.monotonic() - started


def _check(url: str, plan_id: str, clients: list[Client]) -> tuple[list[str], int, int]:
    """(acknowledged saves missing, change-log entries, entries expected)."""
    db = Database(url)
    try:
        plan = db.load_plan(plan_id)
        measures = {m.id: m for _, m in plan.measures()}
        missing: list[str] = []
        for c in clients:
            if not c.acknowledged:
                continue
            if c.kind == "web":
                obs = plan.kpi(c.key).observations.get(YEAR)
                stored = obs.value.text if obs is not None else None
            else:
                my = measures[c.key].years.get(YEAR)
                stored = my.analysis if my is not None else None
            if stored != c.acknowledged[-1]:
                missing.append(
                    f"{c.name}: {c.key} holds {stored!r}, last acknowledged {c.acknowledged[-1]!r}"
                )
        wf = Workflow(db)
        logged = len([ch for ch in wf.changes(plan_id) if ch.year == YEAR])
    finally:
        db.dispose()
    return missing, logged, sum(len(c.acknowledged) for c in clients)


def run(
    backend: str,
    editors: int,
    api: int,
    seconds: float,
    workers: int = 1,
    pg_server: str = PG_SERVER,
) -> Result:
    """One run on one backend, from a fresh database to the check."""
    with tempfile.TemporaryDirectory(prefix="shinchoku-bench-") as tmp:
        folder = Path(tmp)
        with fresh_database(backend, folder, pg_server) as url:
            plan_id, clients, tokens = prepare(url, editors, api)
            with serve(url, folder, workers) as (base, log):
                took = asyncio.run(_drive(base, plan_id, clients, tokens, seconds))
            text = log.read_text("utf-8", errors="replace")
            missing, logged, expected = _check(url, plan_id, clients)
    return Result(
        backend=backend,
        seconds=took,
        clients=clients,
        locked=text.count("database is locked"),
        tracebacks=text.count("Traceback"),
        missing=missing,
        logged=logged,
        expected_log=expected,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--editors", type=int, default=20)
    ap.add_argument("--api", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg", default=PG_SERVER)
    args = ap.parse_args()
    results = [
        run(b, args.editors, args.api, args.seconds, args.workers, args.pg)
        for b in args.backends.split(",")
    ]
    labels = [label for label, _ in results[0].rows()]
    width = max(map(len, labels))
    columns = [dict(r.rows()) for r in results]
    for label in labels:
        print(f"{label:<{width}}  " + "  ".join(f"{c[label]:>28}" for c in columns))
    for r in results:
        for m in r.missing[:10]:
            print(f"MISSING [{r.backend}] {m}")
    sys.exit(0 if all(r.ok() for r in results) else 1)


if __name__ == "__main__":
    main()

"""Benchmark of the comparison under load (not a test): p50/p99 and requests/s of the
comparison pages and their API calls at 20 concurrent clients, the open-data export, and
the query plans (EXPLAIN ANALYZE) of the comparison's queries.

The data is the synthetic national survey of ``bench_national.py`` (1,788 organisations
× 60 indicators × 10 years, fixed seed), imported with the survey import; the server is
the real one (``uvicorn`` in a child process, started as ``bench_web.py`` does), on a
database made for the run and dropped after. The clients (asyncio, one keep-alive
connection each, loopback) cycle over a fixed list of distinct URLs — national pages,
prefecture pages, API calls with organisations against their peer groups, the index —
so the first visit of each URL is in the figures too. A freshly started server is sent
every URL once (the first visits, 20 at a time), then the rest of the requests (repeat
visits); the server's CPU time — its process and, on PostgreSQL, the backends of its
database, read from /proc — is measured for each pass and divided by its requests, and
so is the clients' own. The machine's load average is printed beside every figure.

    .venv/bin/python bench/bench_compare.py                       # PostgreSQL
    .venv/bin/python bench/bench_compare.py --backends sqlite,postgresql --concurrency 20
    .venv/bin/python bench/bench_compare.py --db URL --answers out/   # an imported database:
        # only the load, then every URL's answer written to out/ (to diff two versions)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from bench_national import YEARS, indicator_set, write_survey
from bench_web import cpu_seconds, uvicorn
from serving import HOST, PG_SERVER, free_port, fresh_database, started

SEED = 20261130
PREFECTURES = ("010006", "040002", "130001", "230006", "270008", "400009", "470007")
FOCUS = ("011002", "041009", "131016", "232017", "272035", "402036", "472018")


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}"


def urls(n: int) -> list[tuple[str, str]]:
    """(kind, path) for ``n`` distinct URLs, fixed seed."""
    rng = random.Random(SEED)
    iset = indicator_set()
    ids = [i.id for i in iset.indicators]
    years = list(YEARS)[-3:]
    out: list[tuple[str, str]] = [("index", "/compare/")]
    seen = set(out)
    while len(out) < n:
        kind = rng.choice(("national page", "prefecture page", "api national", "api prefecture"))
        ind, year = rng.choice(ids), rng.choice(years)
        pref, org = rng.choice(PREFECTURES), rng.choice(FOCUS)
        path = {
            "national page": f"/compare/bench/{ind}/{year}",
            "prefecture page": f"/compare/bench/{ind}/{year}?prefecture={pref}",
            "api national": f"/api/compare/bench/{ind}/{year}?org={org}",
            "api prefecture": f"/api/compare/bench/{ind}/{year}?prefecture={pref}&org={org}",
        }[kind]
        if (kind, path) not in seen:
            seen.add((kind, path))
            out.append((kind, path))
    return out


class Client:
    """One keep-alive HTTP/1.1 connection to the server, as lean as a client can be: the
    clients run on the machine they measure, and httpx took 2.5–4 ms of CPU a request
    (more than the server's answer from its cache), so they measured themselves. Reads
    the status line, the headers and ``Content-Length`` bytes of body; a connection
    the server closed is opened again."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = dict(
            (k.strip().lower(), v.strip()) for k, _, v in (x.partition(":") for x in lines[1:] if x)
        )
        body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.writer.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def drive(
    base: str,
    paths: list[tuple[str, str]],
    total: int,
    concurrency: int,
    cap: float,
    first: bool,
) -> dict[str, Any]:
    """``concurrency`` clients taking the next of ``total`` requests over ``paths`` in turn;
    ``first``: these are the first visits of each URL (a fresh server)."""
    latencies: dict[str, list[float]] = defaultdict(list)
    timeline: list[tuple[float, float, str]] = []  # (sent after start, took, path)
    kinds: dict[str, int] = defaultdict(int)  # what the errors were
    errors = 0
    next_index = 0
    host, port = base.removeprefix("http://").rsplit(":", 1)
    clients = [Client(host, int(port)) for _ in range(concurrency)]
    start = time.perf_counter()

    async def worker(client: Client) -> None:
        nonlocal next_index, errors
        while next_index < total and time.perf_counter() - start < cap:
            i = next_index
            next_index += 1
            kind, path = paths[i % len(paths)]
            t0 = time.perf_counter()
            try:
                status, _ = await client.get(path)
                if status != 200:
                    errors += 1
                    kinds[f"{status} {path}"] += 1
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors += 1
                kinds[f"{type(exc).__name__} {path}"] += 1
                client.close()
            took = time.perf_counter() - t0
            latencies[kind].append(took)
            latencies["first visit" if first else "repeat visit"].append(took)
            timeline.append((t0 - start, took, path))

    try:
        await asyncio.gather(*(worker(c) for c in clients))
    finally:
        for c in clients:
            c.close()
    elapsed = time.perf_counter() - start
    every = sorted(latencies["first visit" if first else "repeat visit"])
    return {
        "requests": len(every),
        "errors": errors,
        "error_kinds": dict(kinds),
        "seconds": round(elapsed, 2),
        **_summary(every, elapsed),
        "by_kind": {k: _summary(sorted(v)) for k, v in sorted(latencies.items())},
        "slowest": [
            f"{took * 1000:.0f} ms, sent at {at:.2f} s: {path}"
            for at, took, path in sorted(timeline, key=lambda t: -t[1])[:5]
        ],
        "latencies": every,
    }


class ServerCpu:
    """CPU seconds used by the server: its process and, on PostgreSQL, the backends of
    its database (read from /proc, so the database server must run on this machine).

    Backends come and go with the pool's overflow connections, so a thread samples them
    every 0.1 s and keeps each one's last reading; a backend that exits loses at most
    its last 0.1 s.
    """

    def __init__(self, pid: int, database: str | None) -> None:
        self.pid = pid
        self.tag = None if database is None else f" {database} "
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _backends(self) -> dict[int, float]:
        if self.tag is None:
            return {}
        out: dict[int, float] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmd = (entry / "cmdline").read_bytes()
                if cmd.startswith(b"postgres: ") and self.tag.encode() in cmd:
                    out[int(entry.name)] = cpu_seconds(int(entry.name))
            except OSError:
                continue
        return out

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.seen.update(self._backends())

    def total(self) -> tuple[float, float]:
        """(the server process and its worker processes, its database backends) CPU
        seconds so far."""
        self.seen.update(self._backends())
        return sum(cpu_seconds(p) for p in (self.pid, *children(self.pid))), sum(self.seen.values())

    def per_worker(self) -> list[float]:
        """CPU seconds of each worker process so far (``--workers`` > 1): how evenly the
        connections were shared."""
        return sorted(round(cpu_seconds(p), 2) for p in children(self.pid))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (uvicorn's workers)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                out.append(int(entry.name))
    return out


def timed(cpu: ServerCpu, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``run()`` with the server's CPU seconds for it, per request too, and the load."""
    before, (app0, db0) = load(), cpu.total()
    client0 = time.process_time()
    out = run()
    client = time.process_time() - client0
    app1, db1 = cpu.total()
    n = max(1, out["requests"])
    out["server_cpu_s"] = round(app1 - app0, 2)
    out["database_cpu_s"] = round(db1 - db0, 2)
    out["cpu_ms_per_request"] = round((app1 - app0 + db1 - db0) * 1000 / n, 2)
    # the clients' own CPU (this process): they share the machine with the server
    out["client_cpu_ms_per_request"] = round(client * 1000 / n, 2)
    out["load_average"] = f"{before} → {load()}"
    out["worker_cpu_s"] = cpu.per_worker()
    return out


def _summary(ts: list[float], elapsed: float | None = None) -> dict[str, Any]:
    if not ts:
        return {"n": 0, "p50_ms": None, "p99_ms": None, "rps": 0.0}
    p99 = ts[min(len(ts) - 1, int(len(ts) * 0.99))]
    out = {
        "n": len(ts),
        "p50_ms": round(statistics.median(ts) * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
    }
    if elapsed:
        out["rps"] = round(len(ts) / elapsed, 1)
    return out


def explain(url: str) -> dict[str, list[str]]:
    """The plans of what one comparison reads, executed (EXPLAIN ANALYZE on PostgreSQL)."""
    import sqlalchemy as sa

    from shinchoku.store import Database

    queries = {
        # one indicator, every year (the page's values and its trend)
        "indicator series": "SELECT year, org_code, value FROM figures"
        " WHERE set_id = 'bench' AND indicator_id = 'n03'",
        # one indicator and year (a ratio's parts per prefecture)
        "indicator and year": "SELECT year, org_code, value FROM figures"
        " WHERE set_id = 'bench' AND indicator_id = 'yn07' AND year = 2023",
        # the years of a set (the index page): from the figures before migration 0013,
        # from the aggregates after
        "years of a set": "SELECT DISTINCT year FROM figures WHERE set_id = 'bench'",
        "years of a set (aggregates)": "SELECT DISTINCT year FROM comparison_aggregates"
        " WHERE set_id = 'bench' AND scope = '000000' ORDER BY year",
        # one indicator's aggregates, every year and scope (a comparison's trend and its
        # prefectures; migration 0013)
        "aggregates of an indicator": "SELECT year, scope, reported, value"
        " FROM comparison_aggregates WHERE set_id = 'bench' AND indicator_id = 'n03'"
        " AND basis = (SELECT basis FROM comparison_aggregates LIMIT 1)",
        # the organisations asked about, every year (their trend)
        "organisations of a comparison": "SELECT indicator_id, year, org_code, value"
        " FROM figures WHERE set_id = 'bench' AND indicator_id IN ('n03')"
        " AND year IN (2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024)"
        " AND org_code IN ('041009', '131016')",
        # one organisation's figures (its profile)
        "organisation": "SELECT * FROM figures WHERE org_code = '041009'",
        # the 照会 status of a prefecture (its municipalities, one year)
        "inquiry status": "SELECT f.org_code, f.indicator_id, i.file FROM figures f"
        " JOIN survey_imports i ON i.id = f.import_id WHERE f.set_id = 'bench'"
        " AND f.year = 2024 AND f.org_code IN ('041009', '042021', '042030')",
    }
    db = Database(url)
    pg = db.url.get_backend_name() == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if pg else "EXPLAIN QUERY PLAN "
    plans: dict[str, list[str]] = {}
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE figures" if pg else "ANALYZE")
        for name, sql in queries.items():
            try:
                with conn.begin_nested():
                    rows = conn.exec_driver_sql(prefix + sql).all()
            except sa.exc.DBAPIError as exc:  # a version without the table
                plans[name] = [f"not run: {type(exc.orig).__name__}"]
                continue
            plans[name] = [" ".join(str(c) for c in r) for r in rows]
    db.dispose()
    return plans


def export(url: str, folder: Path) -> dict[str, Any]:
    from shinchoku.compare import store
    from shinchoku.compare.opendata import write_open_data
    from shinchoku.orgs import registry
    from shinchoku.store import Database

    db = Database(url)
    wall = time.perf_counter()
    with db.engine.connect() as conn:
        iset = store.load_indicator_set(conn, "bench")
        paths = write_open_data(conn, iset, registry(), folder)
    seconds = time.perf_counter() - wall
    db.dispose()
    size = sum(p.stat().st_size for p in paths)
    return {"export_s": round(seconds, 1), "export_mb": round(size / 1e6), "files": len(paths)}


def populate(url: str, survey: Path) -> dict[str, Any]:
    from shinchoku.compare.survey import import_survey
    from shinchoku.orgs import registry
    from shinchoku.store import Database

    db = Database(url)
    db.migrate()
    wall = time.perf_counter()
    result = import_survey(db, survey, indicator_set(), registry())
    seconds = time.perf_counter() - wall
    db.dispose()
    out = {"import_s": round(seconds, 1), "figures": result.added}
    if db.url.get_backend_name() == "postgresql":
        # What autovacuum does some time after a bulk insert, done now: statistics for the
        # planner and the visibility map that lets an index-only scan skip the table.
        import sqlalchemy as sa

        engine = sa.create_engine(db.url, isolation_level="AUTOCOMMIT")
        wall = time.perf_counter()
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE) figures")
        engine.dispose()
        out["vacuum_s"] = round(time.perf_counter() - wall, 1)
    return out


@contextmanager
def server(url: str, folder: Path, workers: int) -> Iterator[tuple[str, ServerCpu]]:
    """A freshly started server on ``url``: its base URL and its CPU meter."""
    import sqlalchemy as sa

    from shinchoku.web.server import SETTINGS_ENV
    from shinchoku.web.settings import WebSettings

    port = free_port()
    settings = WebSettings(database_url=url, secure_cookies=False, build_dir=folder / "build")
    env = {**os.environ, SETTINGS_ENV: settings.model_dump_json()}
    u = sa.make_url(url)
    database = u.database if u.get_backend_name() == "postgresql" else None
    base = f"http://{HOST}:{port}"
    with started(serve(port, workers), env, f"{base}/api/health", start_timeout=60) as proc:
        listening(port, workers)
        cpu = ServerCpu(proc.pid, database)
        try:
            yield base, cpu
        finally:
            cpu.stop()


def serve(port: int, workers: int) -> list[str]:
    """The command serving the app made from SHINCHOKU_WEB_SETTINGS as ``shinchoku serve``
    does: one process, or ``workers`` each with its own socket (``web.server.run``)."""
    if workers == 1:
        return uvicorn(port, workers)
    code = (
        "import os\n"
        "from shinchoku.web.server import SETTINGS_ENV, run\n"
        "from shinchoku.web.settings import WebSettings\n"
        f"run(WebSettings.model_validate_json(os.environ[SETTINGS_ENV]), {HOST!r}, {port}, "
        f"{workers}, access_log=False)\n"
    )
    return [sys.executable, "-c", code]


def listening(port: int, count: int, timeout: float = 60) -> None:
    """Wait until ``count`` sockets listen on ``port`` (every worker is ready: a worker
    listens only once its app is)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = 0
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = Path(table).read_text().splitlines()[1:]
            except OSError:
                continue
            for line in lines:
                local, state = line.split()[1], line.split()[3]
                found += state == "0A" and int(local.rsplit(":", 1)[1], 16) == port
        if found >= count:
            return
        time.sleep(0.1)
    raise RuntimeError(f"fewer than {count} workers listen on port {port}")


def answers(base: str, paths: list[tuple[str, str]], folder: Path) -> None:
    """Every URL's answer written to ``folder`` (one file each, by position): two runs'
    folders compared with ``diff -r`` show whether a change altered any answer."""
    folder.mkdir(parents=True, exist_ok=True)
    with httpx.Client(base_url=base, timeout=60) as client:
        for n, (_kind, path) in enumerate(paths):
            r = client.get(path)
            r.raise_for_status()
            (folder / f"{n:03d}.{'json' if path.startswith('/api/') else 'html'}").write_bytes(
                r.content
            )
        listing = "".join(f"{n:03d} {p}\n" for n, (_, p) in enumerate(paths))
        (folder / "urls.txt").write_text(listing)


def run_load(
    url: str, folder: Path, paths: list[tuple[str, str]], args: argparse.Namespace
) -> dict[str, Any]:
    """A fresh server: every URL once (first visits), then the rest of the requests."""
    out: dict[str, Any] = {}
    with server(url, folder, args.workers) as (base, cpu):
        n = len(paths)
        out["first"] = timed(
            cpu,
            lambda: asyncio.run(drive(base, paths, n, args.concurrency, args.cap, True)),
        )
        out["repeat"] = timed(
            cpu,
            lambda: asyncio.run(
                drive(base, paths, max(0, args.requests - n), args.concurrency, args.cap, False)
            ),
        )
        if args.answers:
            answers(base, paths, args.answers / url.split("/")[-1].split(".")[0])
    every = sorted(out["first"].pop("latencies") + out["repeat"].pop("latencies"))
    seconds = out["first"]["seconds"] + out["repeat"]["seconds"]
    out["all"] = {"requests": len(every), **_summary(every, seconds)}
    return out


def show(backend: str, r: dict[str, Any]) -> None:
    for phase in ("first", "repeat"):
        x = r[phase]
        print(
            f"{backend}: {phase} visits: {x['requests']} requests in {x['seconds']} s, "
            f"{x['rps']} req/s, p50 {x['p50_ms']} ms, p99 {x['p99_ms']} ms, "
            f"{x['errors']} errors; server CPU {x['server_cpu_s']} s + database "
            f"{x['database_cpu_s']} s = {x['cpu_ms_per_request']} ms per request; clients "
            f"{x['client_cpu_ms_per_request']} ms per request ({x['load_average']})"
        )
        if len(x["worker_cpu_s"]) > 1:
            print(f"    CPU seconds of each worker so far: {x['worker_cpu_s']}")
        for kind, k in x["by_kind"].items():
            print(f"    {kind:16} n={k['n']:5}  p50 {k['p50_ms']} ms  p99 {k['p99_ms']} ms")
        for line in x["slowest"]:
            print(f"    slowest: {line}")
        for what, n in x["error_kinds"].items():
            print(f"    error: {n} × {what}")
    a = r["all"]
    print(f"{backend}: all: {a['requests']} requests, p50 {a['p50_ms']} ms, p99 {a['p99_ms']} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backends", default="postgresql")
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--requests", type=int, default=4000)
    ap.add_argument("--urls", type=int, default=200, help="distinct URLs cycled over")
    ap.add_argument("--cap", type=float, default=120.0, help="seconds of load at most")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--pg", default=PG_SERVER, help="PostgreSQL server URL (any database)")
    ap.add_argument("--survey", type=Path, help="a survey written before (else made here)")
    ap.add_argument(
        "--db", help="a database the survey was imported into before: only the load is run"
    )
    ap.add_argument("--answers", type=Path, help="write every URL's answer under this folder")
    ap.add_argument("--explain", action="store_true", help="print the query plans in full")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    results = []
    paths = urls(args.urls)
    with tempfile.TemporaryDirectory(prefix="shinchoku-bench-") as tmp:
        folder = Path(tmp)
        if args.db:
            backend = "sqlite" if args.db.startswith("sqlite") else "postgresql"
            r: dict[str, Any] = {"backend": backend, **run_load(args.db, folder, paths, args)}
            show(backend, r)
            results.append(r)
        else:
            survey = args.survey
            if survey is None:
                survey = folder / "national.csv"
                rows = write_survey(survey)
                print(f"survey: {rows:,} rows ({load()})")
        for backend in [] if args.db else args.backends.split(","):
            with fresh_database(backend, folder, args.pg) as url:
                r = {"backend": backend}
                before = load()
                r.update(populate(url, survey))
                r["import_load_average"] = f"{before} → {load()}"
                print(f"{backend}: imported {r['figures']:,} in {r['import_s']} s ({load()})")
                plans = explain(url)
                r.update(export(url, folder / f"opendata-{backend}"))
                print(f"{backend}: open data {r['export_mb']} MB in {r['export_s']} s ({load()})")
                r.update(run_load(url, folder, paths, args))
                show(backend, r)
                for name, lines in plans.items():
                    shown = lines if args.explain else lines[:3]
                    print(f"  EXPLAIN {name}:")
                    for line in shown:
                        print(f"    {line}")
                r["explain"] = plans
                results.append(r)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

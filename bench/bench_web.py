"""Benchmark of the public pages (not a test): requests/s and latency under concurrency.

Starts ``uvicorn`` in a child process serving the bundled example (FY2023 published) from
a fresh database — SQLite in a temporary folder, and PostgreSQL in a database created for
the run and dropped after — then drives a bounded number of concurrent clients (httpx,
asyncio, loopback only) at the public summary and a KPI page: a fixed number of requests
with a time cap. Prints requests/s and p50/p99 latency per backend.

    .venv/bin/python bench/bench_web.py [--requests 2000] [--concurrency 20]
        [--workers 1] [--backends sqlite,postgresql] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

``--walk 250`` measures the cold cache instead: a synthetic plan of 250 KPIs (the one of
``bench_report.py``) in SQLite, a freshly started server, and ``--concurrency`` clients
each walking every KPI page once (each from its own offset), with no warm-up: the first
requests find nothing cached. Then the same walk again, warm. The server's peak RSS is
read from /proc. ``--datasette PATH`` (a ``datasette`` executable, installed in a venv of
its own, not a dependency of this project) serves the row page of each KPI from the same
SQLite file, walked the same way, side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from shinchoku.dataset import load_example
from shinchoku.web.server import SETTINGS_ENV, load_and_publish
from shinchoku.web.settings import WebSettings

HOST = "127.0.0.1"  # loopback only
PATHS = ["/", "/fy/2023/kpis/miyamari-members.html"]
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def database(backend: str, folder: Path, pg_server: str) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite'}"
        return
    server = sa.make_url(pg_server)
    name = f"shinchoku_bench_{secrets.token_hex(4)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin.dispose()


@contextmanager
def server(url: str, folder: Path, workers: int) -> Iterator[str]:
    port = free_port()
    settings = WebSettings(database_url=url, secure_cookies=False, build_dir=folder / "build")
    env = {**os.environ, SETTINGS_ENV: settings.model_dump_json()}
    cmd = [
        sys.executable, "-m", "uvicorn", "shinchoku.web.server:app_from_environment",
        "--factory", "--host", HOST, "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log", "--no-server-header",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)


async def drive(base: str, total: int, concurrency: int, cap: float) -> dict[str, object]:
    latencies: list[float] = []
    errors = 0
    next_index = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        for path in PATHS:  # warm the caches
            (await client.get(path)).raise_for_status()
        start = time.perf_counter()

        async def worker() -> None:
            nonlocal next_index, errors
            while next_index < total and time.perf_counter() - start < cap:
                path = PATHS[next_index % len(PATHS)]
                next_index += 1
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                    if r.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - t0)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
    }


def pages_of(base: str, paths: list[str]) -> None:
    """Fail early when a page does not answer 200 (a wrong URL scheme, not a slow one)."""
    r = httpx.get(base + paths[0], timeout=30)
    r.raise_for_status()


async def walk(base: str, paths: list[str], concurrency: int, cap: float) -> dict[str, object]:
    """``concurrency`` clients, each requesting every path once from its own offset."""
    latencies: list[float] = []
    errors = 0
    kinds: dict[str, int] = {}  # what the errors were: a status code or an exception
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        start = time.perf_counter()

        async def client_walk(i: int) -> None:
            nonlocal errors
            offset = i * len(paths) // concurrency
            for j in range(len(paths)):
                if time.perf_counter() - start > cap:
                    return
                t0 = time.perf_counter()
                try:
                    r = await client.get(paths[(offset + j) % len(paths)])
                    if r.status_code != 200:
                        errors += 1
                        kinds[str(r.status_code)] = kinds.get(str(r.status_code), 0) + 1
                except httpx.HTTPError as exc:
                    errors += 1
                    kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
                latencies.append(time.perf_counter() - t0)

        await asyncio.gather(*(client_walk(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return {
        "requests": len(latencies),
        "errors": errors,
        "error_kinds": kinds,
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (its own threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_walk(
    pid: int, base: str, paths: list[str], concurrency: int, cap: float
) -> dict[str, object]:
    """A walk, with the server's CPU seconds for it: a figure the machine's load moves less."""
    c0 = cpu_seconds(pid)
    result = asyncio.run(walk(base, paths, concurrency, cap))
    cpu = cpu_seconds(pid) - c0
    requests = result["requests"]
    assert isinstance(requests, int)
    return {**result, "server_cpu_s": round(cpu, 2), "req_per_cpu_s": round(requests / cpu, 1)}


def peak_rss_mib(pid: int) -> float:
    """The peak resident memory (VmHWM) of a running process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


@contextmanager
def started(cmd: list[str], env: dict[str, str], health: str) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(cmd, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(health, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} did not start")
            time.sleep(0.1)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def walk_case(n_kpis: int, concurrency: int, cap: float, datasette: str | None) -> list[dict]:
    """Cold then warm walks over every KPI page of a synthetic plan; datasette beside."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_report import synthetic_plan

    plan = synthetic_plan(n_kpis, n_kpis * 15)
    year = plan.report.year
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="shinchoku-bench-") as tmp:
        folder = Path(tmp)
        file = folder / "bench.sqlite"
        url = f"sqlite:///{file}"
        load_and_publish(url, plan)
        port = free_port()
        base = f"http://{HOST}:{port}"
        settings = WebSettings(database_url=url, secure_cookies=False, build_dir=folder / "b")
        env = {**os.environ, SETTINGS_ENV: settings.model_dump_json()}
        cmd = [
            sys.executable, "-m", "uvicorn", "shinchoku.web.server:app_from_environment",
            "--factory", "--host", HOST, "--port", str(port), "--workers", "1",
            "--log-level", "warning", "--no-access-log", "--no-server-header",
        ]  # fmt: skip
        paths = [f"/fy/{year}/kpis/{k.id}" for k in plan.kpis]
        with started(cmd, env, base + "/api/health") as proc:
            cold = timed_walk(proc.pid, base, paths, concurrency, cap)
            warm = timed_walk(proc.pid, base, paths, concurrency, cap)
            rss = peak_rss_mib(proc.pid)
        results += [
            {"server": "shinchoku", "cache": "cold", **cold, "peak_rss_mib": rss},
            {"server": "shinchoku", "cache": "warm", **warm, "peak_rss_mib": rss},
        ]
        if datasette:
            port = free_port()
            base = f"http://{HOST}:{port}"
            cmd = [datasette, "serve", str(file), "-h", HOST, "-p", str(port)]
            plan_id = plan.id
            paths = [f"/bench/kpis/{plan_id},{k.id}" for k in plan.kpis]
            with started(cmd, dict(os.environ), base + "/-/versions.json") as proc:
                pages_of(base, paths)
                cold = timed_walk(proc.pid, base, paths, concurrency, cap)
                warm = timed_walk(proc.pid, base, paths, concurrency, cap)
                rss = peak_rss_mib(proc.pid)
            results += [
                {"server": "datasette", "cache": "cold", **cold, "peak_rss_mib": rss},
                {"server": "datasette", "cache": "warm", **warm, "peak_rss_mib": rss},
            ]
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--cap", type=float, default=60.0, help="seconds per backend at most")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg", default=PG_SERVER, help="PostgreSQL server URL (any database)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--walk", type=int, metavar="KPIS", help="cold-cache walk of KPI pages")
    ap.add_argument("--datasette", help="a datasette executable, to walk beside (--walk)")
    args = ap.parse_args()
    if args.walk:
        rows = walk_case(args.walk, args.concurrency, args.cap, args.datasette)
        for r in rows:
            print(
                f"{r['server']:10} {r['cache']:5} {r['requests']} requests in {r['seconds']} s, "
                f"{r['rps']} req/s, p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, "
                f"{r['errors']} errors {r['error_kinds'] or ''}, peak RSS {r['peak_rss_mib']} MiB, "
                f"server CPU {r['server_cpu_s']} s ({r['req_per_cpu_s']} req per CPU-second)"
            )
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
        return
    results = []
    plan = load_example()
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory(prefix="shinchoku-bench-") as tmp:
            folder = Path(tmp)
            with database(backend, folder, args.pg) as url:
                load_and_publish(url, plan)
                with server(url, folder, args.workers) as base:
                    r = asyncio.run(drive(base, args.requests, args.concurrency, args.cap))
        r = {"backend": backend, "concurrency": args.concurrency, "workers": args.workers, **r}
        results.append(r)
        print(
            f"{backend:10} {r['requests']} requests in {r['seconds']} s, "
            f"{r['rps']} req/s, p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, "
            f"{r['errors']} errors (concurrency {args.concurrency}, workers {args.workers})"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Benchmark of the public pages (not a test): requests/s and latency under concurrency.

Starts ``uvicorn`` in a child process serving the bundled example (FY2023 published) from
a fresh database — SQLite in a temporary folder, and PostgreSQL in a database created for
the run and dropped after — then drives a bounded number of concurrent clients (httpx,
asyncio, loopback only) at the public summary and a KPI page: a fixed number of requests
with a time cap. Prints requests/s and p50/p99 latency per backend.

    .venv/bin/python bench/bench_web.py [--requests 2000] [--concurrency 20]
        [--workers 1] [--backends sqlite,postgresql] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from shinchoku.dataset import load_example

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import HOST, PG_SERVER, free_port, fresh_database, running_server

from shinchoku.web.server import SETTINGS_ENV, load_and_publish
from shinchoku.web.settings import WebSettings

PATHS = ["/", "/fy/2023/kpis/miyamari-members.html"]


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
    with running_server(cmd, port, env, start_timeout=30) as base:
        yield base


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--cap", type=float, default=60.0, help="seconds per backend at most")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg", default=PG_SERVER, help="PostgreSQL server URL (any database)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    results = []
    plan = load_example()
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory(prefix="shinchoku-bench-") as tmp:
            folder = Path(tmp)
            with fresh_database(backend, folder, args.pg) as url:
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

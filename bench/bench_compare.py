"""Benchmark of the comparison under load (not a test): p50/p99 and requests/s of the
comparison pages and their API calls at 20 concurrent clients, the open-data export, and
the query plans (EXPLAIN ANALYZE) of the comparison's queries.

The data is the synthetic national survey of ``bench_national.py`` (1,788 organisations
× 60 indicators × 10 years, fixed seed), imported with the survey import; the server is
the real one (``uvicorn`` in a child process, started as ``bench_web.py`` does), on a
database made for the run and dropped after. The clients (httpx, asyncio, loopback)
cycle over a fixed list of distinct URLs — national pages, prefecture pages, API calls
with organisations against their peer groups, the index — so the first visit of each
URL is in the figures too. The machine's load average is printed beside every figure.

    .venv/bin/python bench/bench_compare.py                       # PostgreSQL
    .venv/bin/python bench/bench_compare.py --backends sqlite,postgresql --concurrency 20
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
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from bench_national import YEARS, indicator_set, write_survey
from bench_web import PG_SERVER, database, server

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


async def drive(
    base: str, paths: list[tuple[str, str]], total: int, concurrency: int, cap: float
) -> dict[str, Any]:
    latencies: dict[str, list[float]] = defaultdict(list)
    visits: dict[str, list[float]] = defaultdict(list)  # first visit of a URL, or repeat
    errors = 0
    next_index = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        start = time.perf_counter()

        async def worker() -> None:
            nonlocal next_index, errors
            while next_index < total and time.perf_counter() - start < cap:
                i = next_index
                next_index += 1
                kind, path = paths[i % len(paths)]
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                    if r.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                took = time.perf_counter() - t0
                latencies[kind].append(took)
                first = i < len(paths)
                visits["first visit" if first else "repeat visit"].append(took)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    every = sorted(t for ts in latencies.values() for t in ts)
    out: dict[str, Any] = {
        "requests": len(every),
        "errors": errors,
        "seconds": round(elapsed, 1),
        **_summary(every, elapsed),
        "by_kind": {k: _summary(sorted(v)) for k, v in sorted({**latencies, **visits}.items())},
    }
    return out


def _summary(ts: list[float], elapsed: float | None = None) -> dict[str, Any]:
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
    from shinchoku.store import Database

    queries = {
        # one indicator, every year (the page's values and its trend)
        "indicator series": "SELECT year, org_code, value FROM figures"
        " WHERE set_id = 'bench' AND indicator_id = 'n03'",
        # one indicator and year (a ratio's parts per prefecture)
        "indicator and year": "SELECT year, org_code, value FROM figures"
        " WHERE set_id = 'bench' AND indicator_id = 'yn07' AND year = 2023",
        # the years of a set (the index page)
        "years of a set": "SELECT DISTINCT year FROM figures WHERE set_id = 'bench'",
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
            plans[name] = [" ".join(str(c) for c in r) for r in conn.exec_driver_sql(prefix + sql)]
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
    ap.add_argument("--explain", action="store_true", help="print the query plans in full")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="shinchoku-bench-") as tmp:
        folder = Path(tmp)
        survey = args.survey
        if survey is None:
            survey = folder / "national.csv"
            rows = write_survey(survey)
            print(f"survey: {rows:,} rows ({load()})")
        paths = urls(args.urls)
        for backend in args.backends.split(","):
            with database(backend, folder, args.pg) as url:
                r: dict[str, Any] = {"backend": backend}
                r.update(populate(url, survey))
                print(f"{backend}: imported {r['figures']:,} in {r['import_s']} s ({load()})")
                plans = explain(url)
                r.update(export(url, folder / f"opendata-{backend}"))
                print(f"{backend}: open data {r['export_mb']} MB in {r['export_s']} s ({load()})")
                with server(url, folder, args.workers) as base:
                    before = load()
                    r["load"] = asyncio.run(
                        drive(base, paths, args.requests, args.concurrency, args.cap)
                    )
                    r["load_average"] = f"{before} → {load()}"
                x = r["load"]
                print(
                    f"{backend}: {x['requests']} requests in {x['seconds']} s, {x['rps']} req/s, "
                    f"p50 {x['p50_ms']} ms, p99 {x['p99_ms']} ms, {x['errors']} errors "
                    f"(concurrency {args.concurrency}, workers {args.workers}, "
                    f"{len(paths)} URLs; {r['load_average']})"
                )
                for kind, k in x["by_kind"].items():
                    print(f"    {kind:16} n={k['n']:5}  p50 {k['p50_ms']} ms  p99 {k['p99_ms']} ms")
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

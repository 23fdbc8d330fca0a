"""Benchmark of a national comparison at full scale (not a test).

Generates a synthetic national survey from the real organisation list with a fixed
seed: the 1,788 都道府県 and 市区町村 × 60 indicators (36 yes/no, 24 numbers) × 10
fiscal years = 1,072,800 figures, as one CSV in the published survey shape. Then, per
backend, in a fresh process (so the peak memory is the import's own):

- imports it into an empty database (`import_survey`: parse every value, stage, check,
  diff, write) and times it; targets: PostgreSQL < 60 s, SQLite < 3 min;
- re-imports it unchanged (the diff path: every row compared, nothing written);
- times the comparison query of one indicator and year (read the figures, distribution,
  ranking, the 47 prefectures' aggregates) and one organisation's profile;
- prints the query plans (EXPLAIN) of both queries, which show the indexes they use.

    .venv/bin/python bench/bench_national.py                      # both backends
    .venv/bin/python bench/bench_national.py --backend sqlite
    SHINCHOKU_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres ...

CPU seconds are printed beside wall seconds (the client's, and on PostgreSQL the server
backend's, read from /proc when the server runs on this machine): the machine is shared,
and CPU time does not depend on the load.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SEED = 20261130
YEARS = range(2015, 2025)
YES_NO = 36
NUMBERS = 24
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def indicator_set() -> Any:
    from shinchoku.compare.indicators import IndicatorSet

    indicators: list[dict[str, Any]] = []
    for i in range(YES_NO):
        indicators.append(
            {"id": f"yn{i:02d}", "name": f"取組{i:02d}の実施", "computation": "yes-no"}
        )
    for i in range(NUMBERS):
        indicators.append(
            {
                "id": f"n{i:02d}",
                "name": f"指標{i:02d}",
                "unit": "%",
                "computation": "number",
                "direction": "lower" if i % 5 == 4 else "higher",
            }
        )
    return IndicatorSet.model_validate(
        {"id": "bench", "name": "全国比較ベンチマーク", "indicators": indicators}
    )


def write_survey(path: Path) -> int:
    """The synthetic survey: fixed seed, values as people type them (a few full-width)."""
    from shinchoku.orgs import registry

    rng = random.Random(SEED)
    r = registry()
    orgs = [*r.prefectures(), *r.municipalities()]
    iset = indicator_set()
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["団体コード", "団体名", "年度", "指標", "値"])
        for year in YEARS:
            progress = (year - YEARS.start) / len(YEARS)
            for org in orgs:
                for ind in iset.indicators:
                    if ind.computation.value == "yes-no":
                        value = "○" if rng.random() < 0.2 + 0.7 * progress else "×"
                    elif rng.random() < 0.01:
                        value = "ー"
                    else:
                        value = f"{rng.uniform(0, 100):.1f}"
                        if rng.random() < 0.05:
                            value = value.translate(
                                str.maketrans("0123456789.", "０１２３４５６７８９．")
                            )
                    w.writerow(
                        [
                            org.code,
                            org.name,
                            f"R{year - 2018}" if year > 2018 else year,
                            ind.id,
                            value,
                        ]
                    )
                    rows += 1
    return rows


def run_case(url: str, survey: Path) -> dict[str, Any]:
    """One backend, in this process."""
    from shinchoku.compare import store
    from shinchoku.compare.arithmetic import by_prefecture, distribution, ranking
    from shinchoku.compare.indicators import Computation
    from shinchoku.compare.survey import import_survey
    from shinchoku.orgs import registry
    from shinchoku.store import Database

    out: dict[str, Any] = {}
    db = Database(url)
    db.migrate()
    r = registry()
    iset = indicator_set()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    server0 = server_cpu(db)
    wall, cpu = time.perf_counter(), time.process_time()
    result = import_survey(db, survey, iset, r)
    out["import_s"] = round(time.perf_counter() - wall, 1)
    out["import_cpu_s"] = round(time.process_time() - cpu, 1)
    server1 = server_cpu(db)
    if server0 is not None and server1 is not None and server0[0] == server1[0]:
        out["import_server_cpu_s"] = round(server1[1] - server0[1], 1)
    out["figures"] = result.added
    out["peak_rss_mb_before"] = round(rss0 / 1024)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    wall = time.perf_counter()
    again = import_survey(db, survey, iset, r)
    out["reimport_unchanged_s"] = round(time.perf_counter() - wall, 1)
    out["reimport_unchanged"] = again.unchanged
    munis = {p.code: [m.code for m in r.municipalities(p.code)] for p in r.prefectures()}
    timings = []
    for indicator, computation in (("yn07", Computation.YES_NO), ("n03", Computation.NUMBER)):
        wall = time.perf_counter()
        with db.engine.connect() as conn:
            values = store.figures(conn, "bench", indicator, 2023)[2023]
        dist = distribution(values, [m.code for m in r.municipalities()], computation)
        ranks = ranking(values)
        prefs = by_prefecture(values, munis, computation)
        timings.append(round((time.perf_counter() - wall) * 1000, 1))
        assert dist.reported > 1700 and len(ranks) > 1700 and len(prefs) == 47
    out["comparison_query_ms"] = timings
    wall = time.perf_counter()
    with db.engine.connect() as conn:
        profile = conn.execute(
            store.FIGURES.select().where(store.FIGURES.c.org_code == "041009")
        ).fetchall()
    out["org_profile_ms"] = round((time.perf_counter() - wall) * 1000, 1)
    out["org_profile_rows"] = len(profile)
    out["explain"] = explain(db)
    db.dispose()
    return out


def server_cpu(db: Any) -> tuple[int, float] | None:
    """PostgreSQL: (backend pid, CPU seconds it has used), read from /proc on this machine.

    The import reuses the pooled connection, so the difference is the server's share of
    the work; with the client's CPU it says what the import costs whatever the load.
    """
    if db.url.get_backend_name() != "postgresql":
        return None
    with db.engine.connect() as conn:
        pid = int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return pid, (int(fields[11]) + int(fields[12])) / ticks


def explain(db: Any) -> dict[str, list[str]]:
    comparison = (
        "SELECT year, org_code, value FROM figures"
        " WHERE set_id = 'bench' AND indicator_id = 'yn07' AND year = 2023"
    )
    profile = "SELECT * FROM figures WHERE org_code = '041009'"
    prefix = "EXPLAIN QUERY PLAN " if db.url.get_backend_name() == "sqlite" else "EXPLAIN "
    plans: dict[str, list[str]] = {}
    with db.engine.connect() as conn:
        if db.url.get_backend_name() == "postgresql":
            conn.exec_driver_sql("ANALYZE figures")
        for name, sql in (("comparison", comparison), ("profile", profile)):
            plans[name] = [
                " ".join(str(c) for c in row) for row in conn.exec_driver_sql(prefix + sql)
            ]
    return plans


def postgres_database() -> tuple[str, Any]:
    import sqlalchemy as sa

    server = sa.make_url(os.environ.get("SHINCHOKU_BENCH_POSTGRES_URL", POSTGRES))
    name = f"shinchoku_bench_{secrets.token_hex(4)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return server.set(database=name).render_as_string(hide_password=False), drop


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--run", nargs=2, metavar=("URL", "SURVEY"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        print(json.dumps(run_case(args.run[0], Path(args.run[1])), ensure_ascii=False))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        survey = Path(tmp) / "national.csv"
        wall = time.perf_counter()
        rows = write_survey(survey)
        print(
            f"survey: {rows:,} rows, {survey.stat().st_size / 1e6:.0f} MB, "
            f"written in {time.perf_counter() - wall:.1f} s"
        )
        backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
        for backend in backends:
            drop = None
            if backend == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
            else:
                url, drop = postgres_database()
            try:
                proc = subprocess.run(
                    [sys.executable, __file__, "--run", url, str(survey)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
            finally:
                if drop is not None:
                    drop()
            result = json.loads(proc.stdout)
            plans = result.pop("explain")
            print(f"{backend}: {json.dumps(result, ensure_ascii=False)}")
            for name, lines in plans.items():
                print(f"  EXPLAIN {name}:")
                for line in lines:
                    print(f"    {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

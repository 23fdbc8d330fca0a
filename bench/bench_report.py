"""Benchmark of the report build (not a test).

Builds a synthetic plan of N KPIs with M observations in all (spread over the
KPIs, one per KPI per fiscal year, the plan period extended to hold them) and
times ``build_report`` for every format but the PDF; then the PDF of the bundled
example. Each case runs in a fresh process, so the peak memory (max RSS) is
the case's own.

    .venv/bin/python bench/bench_report.py            # the standard cases
    .venv/bin/python bench/bench_report.py --case 250 2000

Targets: 250 KPIs × 2,000 observations < 5 s; twice the data ≤ 2.2× that time;
PDF of the example < 10 s. CPU seconds are printed beside wall seconds because
the wall time of a shared machine depends on its load.

``--cli`` is the equal-work mode: the whole ``shinchoku report`` process, as a user
runs it, on a dataset folder written from the synthetic plan with 15 yearly values per
KPI (250 × 15 is the size compared with other report builders). Each case is run
``--repeat`` times; the median CPU seconds (user + system of the child, from
``wait4``), the median wall seconds and the peak RSS are printed, then the ratio of
twice the KPIs, and the PDF of the 250-KPI plan once (``--pdf``).

    .venv/bin/python bench/bench_report.py --cli [--kpis 250 500 1000] [--repeat 3] [--pdf]

Targets (issue 12): 250 × 15 ≤ 1 CPU-second (html, xlsx, data); 1,000 KPIs ≤ 4 s;
twice the KPIs ≤ 2.1× the time; peak memory ≤ 150 MB; the PDF of 250 KPIs ≤ 30 s.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CASES = [(250, 2000), (500, 4000)]
START = 1990  # first fiscal year of the synthetic plan
AREAS = 5
SUB_AREAS = 2
KPIS_PER_MEASURE = 2


def synthetic_plan(n_kpis: int, n_observations: int) -> Any:
    """A plan with ``n_kpis`` KPIs and ``n_observations`` observations in all."""
    from shinchoku.model import Plan

    years_per_kpi = max(1, math.ceil(n_observations / n_kpis))
    end = START + years_per_kpi  # the final year has a target, no figure yet
    report_year = end - 1
    kpis: list[dict[str, Any]] = []
    left = n_observations
    for i in range(n_kpis):
        take = min(years_per_kpi, left)
        left -= take
        base = 100 + i % 37
        kpis.append(
            {
                "id": f"kpi-{i:05d}",
                "name": f"合成KPI {i} の指標（件）",
                "name_en": f"Synthetic KPI {i}",
                "unit": "件",
                "direction": "lower" if i % 9 == 0 else "higher",
                "baseline": {"value": str(base), "as_of": f"{START - 1}年度"},
                "targets": {
                    str(y): {"text": str(base + (y - START + 1) * 10)}
                    for y in range(START, end)
                    if y % 2 == 0 or y == report_year
                },
                "final_target": {"text": str(base + years_per_kpi * 10 + 10)},
                "observations": {
                    str(y): {"value": str(base + (y - START + 1) * (7 + i % 5))}
                    for y in range(START, START + take)
                },
            }
        )
    org_units = [
        {"id": f"unit-{u}", "department": f"部{u}", "division": f"課{u}"} for u in range(10)
    ]
    leaves = AREAS * SUB_AREAS
    measures_per_leaf = math.ceil(n_kpis / KPIS_PER_MEASURE / leaves)
    k = 0
    areas: list[dict[str, Any]] = []
    for a in range(AREAS):
        children = []
        for s in range(SUB_AREAS):
            measures = []
            for m in range(measures_per_leaf):
                refs = [kpis[j]["id"] for j in range(k, min(k + KPIS_PER_MEASURE, n_kpis))]
                k += len(refs)
                if not refs:
                    break
                measures.append(
                    {
                        "id": f"measure-{a}-{s}-{m}",
                        "name": f"合成施策 {a}-{s}-{m}",
                        "org_units": [f"unit-{(a + m) % 10}"],
                        "kpis": refs,
                        "years": {
                            str(report_year): {
                                "declared_status": "達成" if m % 3 else "一部達成",
                                "analysis": "合成データによる要因分析の文章。" * 3,
                            }
                        },
                    }
                )
            children.append(
                {
                    "id": f"area-{a}-{s}",
                    "name": f"合成小領域 {a}-{s}",
                    "kind": "sub-area",
                    "measures": measures,
                    "money": [
                        {
                            "year": y,
                            "projects": 10 + s,
                            "amount": f"{(a + 1) * 123_456 + s}千円",
                            "kind": "settled" if y <= report_year else "budget",
                        }
                        for y in range(START, end + 1)
                    ],
                }
            )
        first = [kpis[j]["id"] for j in range(a * 10, min(a * 10 + 4, n_kpis))]
        areas.append(
            {
                "id": f"area-{a}",
                "name": f"合成領域 {a}",
                "label": f"Goal {a + 1}",
                "kind": "priority-goal",
                "guidelines": [
                    {
                        "id": f"guideline-{a}-{g}",
                        "headings": [f"行動指針 {a}-{g}"],
                        "initiatives": {
                            str(report_year): [
                                {"text": f"主要取組 {a}-{g}-{i}", "new": i == 0} for i in range(3)
                            ]
                        },
                    }
                    for g in range(3)
                ],
                "cards": [{"kpi": kid} for kid in first],
                "children": children,
            }
        )
    return Plan.model_validate(
        {
            "id": "synthetic",
            "name": "合成計画",
            "government": "合成県",
            "period": {"start": START, "end": end},
            "basic_goal": "ベンチマーク用の合成データ",
            "report": {"year": report_year},
            "org_units": org_units,
            "areas": areas,
            "kpis": kpis,
        }
    )


def run_case(kind: str, n_kpis: int, n_obs: int) -> dict[str, Any]:
    from shinchoku.dataset import load_example
    from shinchoku.publish import build_report

    with tempfile.TemporaryDirectory() as tmp:
        if kind == "pdf":
            plan = load_example()
            formats = ["pdf"]
        else:
            plan = synthetic_plan(n_kpis, n_obs)
            formats = ["html", "xlsx", "data"]
        t0, c0 = time.perf_counter(), time.process_time()
        paths = build_report(plan, None, Path(tmp), formats)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = sum(p.stat().st_size for p in paths)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "case": kind,
        "kpis": n_kpis,
        "observations": n_obs,
        "files": len(paths),
        "bytes": size,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mib": round(peak_kib / 1024, 1),
    }


def _child(kind: str, n_kpis: int, n_obs: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", kind, str(n_kpis), str(n_obs)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


YEARS_PER_KPI = 15  # the equal-work size: 15 yearly values per KPI


def run_cli(dataset: Path, out: Path, formats: str) -> dict[str, float]:
    """One whole ``shinchoku report`` process: its CPU seconds, wall seconds, peak RSS."""
    cmd = [sys.executable, "-m", "shinchoku", "report", str(dataset), "--format", formats]
    cmd += ["--out", str(out)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"report failed ({proc.returncode}): {err[-2000:]}")
    return {
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "seconds": wall,
        "peak_rss_mib": usage.ru_maxrss / 1024,
    }


def cli_cases(kpis: list[int], repeat: int, pdf: bool) -> list[dict[str, Any]]:
    from shinchoku.dataset import write_dataset

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="shinchoku-bench-") as tmp:
        root = Path(tmp)
        cases = [(n, "html,xlsx,data") for n in kpis]
        if pdf:
            cases.append((250, "pdf"))
        for n, formats in cases:
            dataset = root / f"plan-{n}"
            if not dataset.exists():
                write_dataset(synthetic_plan(n, n * YEARS_PER_KPI), dataset)
            runs = [
                run_cli(dataset, root / f"out-{n}-{formats}-{i}", formats)
                for i in range(1 if formats == "pdf" else repeat)
            ]
            results.append(
                {
                    "kpis": n,
                    "values": n * YEARS_PER_KPI,
                    "formats": formats,
                    "runs": len(runs),
                    **{
                        key: round(statistics.median(r[key] for r in runs), 2)
                        for key in ("cpu_seconds", "seconds")
                    },
                    "peak_rss_mib": round(max(r["peak_rss_mib"] for r in runs), 1),
                }
            )
    return results


def print_cli(results: list[dict[str, Any]]) -> None:
    print(
        f"{'KPIs':>6}{'values':>8}  {'formats':<16}{'runs':>5}{'CPU s':>8}{'wall s':>8}"
        f"{'peak RSS':>10}"
    )
    for r in results:
        print(
            f"{r['kpis']:>6}{r['values']:>8}  {r['formats']:<16}{r['runs']:>5}"
            f"{r['cpu_seconds']:>8.2f}{r['seconds']:>8.2f}{r['peak_rss_mib']:>8.0f}Mi"
        )
    builds = {r["kpis"]: r for r in results if r["formats"] != "pdf"}
    for n in sorted(builds):
        if 2 * n in builds:
            ratio = builds[2 * n]["cpu_seconds"] / builds[n]["cpu_seconds"]
            print(f"{2 * n} KPIs / {n} KPIs: {ratio:.2f}× CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", nargs=2, type=int, metavar=("KPIS", "OBSERVATIONS"))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--cli", action="store_true", help="the equal-work mode (whole process)")
    parser.add_argument("--kpis", nargs="+", type=int, default=[250, 500, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="with --cli: the PDF of 250 KPIs")
    parser.add_argument("--json", type=Path, help="with --cli: also write the results here")
    args = parser.parse_args()
    if args.cli:
        results = cli_cases(args.kpis, args.repeat, args.pdf)
        print_cli(results)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return
    if args.child:
        kind, n, m = args.child
        sys.stdout.write(json.dumps(run_case(kind, int(n), int(m))) + "\n")
        return
    cases = [tuple(args.case)] if args.case else CASES
    results = [_child("all-but-pdf", n, m) for n, m in cases]
    if not args.case:
        results.append(_child("pdf", 0, 0))
    print(
        f"{'case':<14}{'KPIs':>6}{'obs':>7}{'files':>7}{'MiB out':>9}{'seconds':>9}"
        f"{'CPU s':>8}{'peak RSS':>10}"
    )
    for r in results:
        print(
            f"{r['case']:<14}{r['kpis']:>6}{r['observations']:>7}{r['files']:>7}"
            f"{r['bytes'] / 2**20:>9.1f}{r['seconds']:>9.2f}{r['cpu_seconds']:>8.2f}"
            f"{r['peak_rss_mib']:>8.0f}Mi"
        )
    builds = [r for r in results if r["case"] == "all-but-pdf"]
    if len(builds) == 2:
        wall = builds[1]["seconds"] / builds[0]["seconds"]
        cpu = builds[1]["cpu_seconds"] / builds[0]["cpu_seconds"]
        print(f"ratio (2× data): {wall:.2f}× wall, {cpu:.2f}× CPU")


if __name__ == "__main__":
    main()

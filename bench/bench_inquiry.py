"""Benchmark (not a test): collect 300 filled replies vs reading them raw with python-calamine.

    .venv/bin/python bench/bench_inquiry.py [--divisions 300] [--keep DIR]

Makes a plan of N divisions (3 measures × 2 KPIs each), makes its forms, fills every
form the way people do (full-width digits, 「約」, 和暦 points, notes, text-typed
numbers), then times

- raw: python-calamine opening each file and reading every sheet (the floor);
- guard + read: the safety checks and the reading of every file, the part of collect
  that is comparable with raw;
- load_plan: the store loading the plan, which every collect does first;
- collect --dry-run: guard + read + validate + diff;
- collect: the same plus the one transaction into SQLite (fresh database);

each the best of 5 rounds, the five measurements taking turns within a round;

then, in separate runs, the peak Python memory of each (tracemalloc) and the process's
peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
from python_calamine import CalamineWorkbook

from shinchoku.inquiry import Limits, collect, make_forms
from shinchoku.inquiry.guard import check_file
from shinchoku.inquiry.reader import read_reply
from shinchoku.model import Plan
from shinchoku.store import Database

YEAR = 2023


def synthetic_plan(divisions: int) -> Plan:
    units, kpis, areas = [], [], []
    for a in range(4):
        areas.append({"id": f"area-{a}", "name": f"重点目標{a + 1}", "measures": []})
    for d in range(divisions):
        units.append(
            {"id": f"unit-{d:03d}", "department": f"第{d // 10 + 1}部", "division": f"第{d}課"}
        )
        for m in range(3):
            mid = f"m-{d:03d}-{m}"
            refs = []
            for k in range(2):
                kid = f"k-{d:03d}-{m}-{k}"
                kpis.append(
                    {
                        "id": kid,
                        "name": f"指標{d}-{m}-{k}",
                        "unit": "%" if k else "件",
                        "cumulative": not k,
                        "baseline": {"value": "50" if k else "120", "as_of": "R2.12"},
                        "targets": {2022: "60" if k else "150", 2023: "65" if k else "170"},
                        "final_target": "70" if k else "200",
                        "observations": {2022: {"value": "58" if k else "140"}},
                    }
                )
                refs.append({"kpi": kid, "number": k + 1})
            areas[(d + m) % 4]["measures"].append(
                {"id": mid, "name": f"施策{d}-{m}", "org_units": [f"unit-{d:03d}"], "kpis": refs}
            )
    return Plan.model_validate(
        {
            "id": "bench-plan",
            "name": "ベンチマーク計画",
            "period": {"start": 2021, "end": 2024},
            "org_units": units,
            "areas": areas,
            "kpis": kpis,
        }
    )


VALUES = ["１６５", "約160", 171, "168（速報値）", "６２．５", "約61%", "64", "63.0"]


def fill(src: Path, dst: Path, n: int) -> None:
    wb = openpyxl.load_workbook(src)
    ws = next(w for w in wb.worksheets if w.cell(5, 1).value == "#shinchoku:kpis")
    cols = {ws.cell(5, c).value: c for c in range(1, ws.max_column + 1)}
    for i, r in enumerate(range(7, ws.max_row + 1)):
        k = i % 2
        ws.cell(r, cols["in.value"]).value = VALUES[(n + i) % 4 + 4 * k]
        ws.cell(r, cols["in.as_of"]).value = "R6.3" if i % 3 else "令和6年3月末"
        if k == 0:
            ws.cell(r, cols["in.status"]).value = ("達成", "一部達成", "未達成")[(n + i) % 3]
            ws.cell(r, cols["in.analysis"]).value = "研修と広報により前年度を上回った。" * 3
    wb.save(dst)


def raw_read(files: list[Path]) -> int:
    cells = 0
    for f in files:
        with CalamineWorkbook.from_path(str(f)) as wb:
            for name in wb.sheet_names:
                for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
                    cells += len(row)
    return cells


def timed(fns: dict[str, Callable[[], Any]], repeat: int = 5) -> dict[str, tuple[float, Any]]:
    """Best wall time of each function over ``repeat`` rounds, run in turn within each
    round (so that a busy machine slows them alike), and its last result."""
    best: dict[str, tuple[float, Any]] = {k: (float("inf"), None) for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - t
            best[name] = (min(best[name][0], elapsed), result)
    return best


def peak_memory(fn: Callable[[], Any]) -> int:
    """Peak Python allocation of one more run (tracemalloc slows it; not timed)."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--divisions", type=int, default=300)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-inquiry-"))
    work.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{work / 'template.sqlite'}"
    replies = work / "replies"
    make_s = fill_s = 0.0
    made_count = len(list(replies.glob("*.xlsx"))) if replies.is_dir() else 0
    if made_count != args.divisions:  # else reuse what --keep left there
        plan = synthetic_plan(args.divisions)
        (work / "template.sqlite").unlink(missing_ok=True)
        with Database(url) as db:
            db.migrate()
            db.save_plan(plan)
        t = time.perf_counter()
        made = make_forms(plan, YEAR, work / "forms")
        make_s = time.perf_counter() - t
        replies.mkdir(exist_ok=True)
        t = time.perf_counter()
        for n, m in enumerate(made):
            fill(m.path, replies / m.path.name, n)
        fill_s = time.perf_counter() - t
        made_count = len(made)
    files = sorted(replies.iterdir())
    size = sum(f.stat().st_size for f in files)

    def raw() -> int:
        return raw_read(files)

    def dry() -> Any:
        with Database(url) as scratch:
            return collect(files, YEAR, database=scratch, dry_run=True)

    def apply() -> Any:
        shutil.copyfile(work / "template.sqlite", work / "apply.sqlite")
        with Database(f"sqlite:///{work / 'apply.sqlite'}") as target:
            return collect(files, YEAR, database=target)

    def guarded_read() -> int:
        limits = Limits()
        return len([read_reply(check_file(f, limits)) for f in files])

    def load() -> Any:
        with Database(url) as scratch:
            return scratch.load_plan()

    times = timed({"raw": raw, "read": guarded_read, "load": load, "dry": dry, "apply": apply})
    raw_s, cells = times["raw"]
    read_s, _ = times["read"]
    load_s, _ = times["load"]
    dry_s, dry_result = times["dry"]
    apply_s, applied = times["apply"]
    raw_peak, dry_peak, apply_peak = peak_memory(raw), peak_memory(dry), peak_memory(apply)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"divisions: {args.divisions}  forms made: {made_count} in {make_s:.2f} s")
    print(f"replies: {len(files)} files, {size / 1024:.0f} KiB (filled in {fill_s:.1f} s)")
    print(
        f"raw calamine read:   {raw_s:.3f} s  ({cells:,} cells)  peak py {raw_peak / 2**20:.1f} MiB"
    )
    print(
        f"guard + read:        {read_s:.3f} s  = {read_s / raw_s:.2f}× raw  "
        "(size, zip directory, macros, bombs, defusedxml prologs, SHA-256, calamine, keys)"
    )
    print(f"load_plan (store):   {load_s:.3f} s  (part of every collect, for this plan size)")
    print(
        f"collect --dry-run:   {dry_s:.3f} s  = {dry_s / raw_s:.2f}× raw  "
        f"({len(dry_result.changes)} changes)  peak py {dry_peak / 2**20:.1f} MiB"
    )
    print(
        f"collect (apply):     {apply_s:.3f} s  = {apply_s / raw_s:.2f}× raw  "
        f"(written {sum(applied.written.values())} rows)  peak py {apply_peak / 2**20:.1f} MiB"
    )
    print(f"process peak RSS:    {rss:.0f} MiB")
    if args.keep is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()

"""Benchmark of the national administrator's indicator-set pages at national scale (not a
test).

The synthetic national survey of ``bench_national.py`` (1,788 organisations × 60
indicators × 10 fiscal years = 1,072,800 rows, 33 MB of CSV, fixed seed) goes through the
staff pages as the national administrator would send it, per backend, in a fresh process:

- the set's YAML uploaded (``POST /staff/indicators``);
- the survey file's preview (the dry run: every row read, staged, checked and diffed,
  nothing written) and its confirmed import, each an upload of the whole file;
- the list of sets (``GET /staff/indicators``: indicators, years, figures and the last
  import of each set, grouped over the 1,072,800 figures) and one set's page, median of 5.

    .venv/bin/python bench/bench_indicator_admin.py                      # both backends
    .venv/bin/python bench/bench_indicator_admin.py --backend sqlite

Wall seconds beside the client's CPU seconds: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_national import indicator_set, postgres_database, write_survey

PASSWORD = "correct horse battery staple"


def run_case(url: str, survey: Path, definition: Path, folder: Path) -> dict[str, Any]:
    from shinchoku.store import Database
    from shinchoku.store.accounts import Accounts
    from shinchoku.web import WebSettings, create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    db = Database(url)
    db.migrate()
    accounts = Accounts(db)
    accounts.add_user("national", "admin", PASSWORD, ())
    user = accounts.get("national")
    assert user is not None
    token, form_token = accounts.start_session(user, timedelta(hours=1))
    settings = WebSettings(
        database_url=url, secure_cookies=False, secret_key="bench", build_dir=folder / "build"
    )
    out: dict[str, Any] = {}
    with TestClient(create_app(settings), base_url="http://testserver") as c:
        c.cookies.set("shinchoku_session", token)

        def post(path: str, name: str, data: bytes, **fields: str) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            r = c.post(
                path,
                data={"csrf_token": form_token, **fields},
                files={"file": (name, data, "application/octet-stream")},
                follow_redirects=False,
            )
            assert r.status_code in (200, 303), (r.status_code, r.text[:500])
            return r, round(time.perf_counter() - wall, 1), round(time.process_time() - cpu, 1)

        _r, out["set_upload_s"], _cpu = post(
            "/staff/indicators", definition.name, definition.read_bytes()
        )
        data = survey.read_bytes()
        r, out["preview_s"], out["preview_cpu_s"] = post(
            "/staff/indicators/bench/survey", survey.name, data
        )
        assert "取込みのプレビュー" in r.text
        previewed = r.text.split('name="previewed" value="', 1)[1][:64]
        r, out["import_s"], out["import_cpu_s"] = post(
            "/staff/indicators/bench/survey", survey.name, data, previewed=previewed
        )
        assert "取り込みました" in r.text
        for name, path in (("list", "/staff/indicators"), ("set", "/staff/indicators/bench")):
            times = []
            for _ in range(5):
                wall = time.perf_counter()
                assert c.get(path).status_code == 200
                times.append((time.perf_counter() - wall) * 1000)
            out[f"{name}_page_ms_median"] = round(statistics.median(times), 1)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    db.dispose()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--run", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        url, survey, definition, folder = args.run
        result = run_case(url, Path(survey), Path(definition), Path(folder))
        print(json.dumps(result, ensure_ascii=False))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        survey = Path(tmp) / "national.csv"
        rows = write_survey(survey)
        definition = Path(tmp) / "bench.yaml"
        definition.write_text(indicator_set().to_yaml(), encoding="utf-8")
        print(f"survey: {rows:,} rows, {survey.stat().st_size / 1e6:.0f} MB")
        backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
        for backend in backends:
            drop = None
            if backend == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
            else:
                url, drop = postgres_database()
            try:
                proc = subprocess.run(
                    [sys.executable, __file__, "--run", url, str(survey), str(definition), tmp],
                    check=True,
                    capture_output=True,
                    text=True,
                )
            finally:
                if drop is not None:
                    drop()
            print(f"{backend}: {proc.stdout.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the organisations' access rules and the /p/{plan_id}/ addresses cost.

Two plans derived from the bundled example (仙台市 041009, 石巻市 042021) in one SQLite
or PostgreSQL database, served in process (Starlette's test client, no network):

* a staff page and a public page of plan A under ``/p/sendai-dx/`` against the same pages
  of a one-plan database at ``/`` (median and p95 of N warm requests);
* a KPI's actual saved through the store with the actor's rules checked
  (``apply_edits(…, actor=user)``: the plan read and the rules applied) and without;
* the rules themselves (``reach`` and ``may_edit_kpi``), per call.

Usage: python bench/bench_access.py [--postgres URL] [--requests 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from shinchoku.dataset import load_example
from shinchoku.model import Plan
from shinchoku.orgs import registry
from shinchoku.store import Database
from shinchoku.store.accounts import Accounts
from shinchoku.store.edits import ObservationEdit, apply_edits, observation_state
from shinchoku.store.history import Workflow
from shinchoku.web import WebSettings, create_app
from shinchoku.web.server import load_and_publish
from shinchoku.workflow import may_edit_kpi, reach

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PASSWORD = "correct horse battery staple"
YEAR = 2024
KPI = "open-data-datasets"
UNIT = "kikaku-digital"


def _plan(plan_id: str, code: str) -> Plan:
    org = registry().get(code)
    assert org is not None
    return load_example().model_copy(
        update={"id": plan_id, "organisation": code, "government": org.name}
    )


def prepare(url: str, several: bool) -> None:
    plans = [("sendai-dx", "041009"), ("ishinomaki-dx", "042021")] if several else []
    if not several:
        load_and_publish(url, load_example())
    for plan_id, code in plans:
        load_and_publish(url, _plan(plan_id, code))
    db = Database(url)
    try:
        org = "041009" if several else None
        Accounts(db).add_user("editor", "editor", PASSWORD, [UNIT], organisation=org)
        for plan_id, _name in db.list_plans():
            Workflow(db).open(plan_id, YEAR, "bench")
    finally:
        db.dispose()


def timed(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """(median, p95) milliseconds of ``n`` calls after one warm-up."""
    fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def pages(url: str, prefix: str, n: int) -> dict[str, tuple[float, float]]:
    app = create_app(WebSettings(database_url=url, secure_cookies=False, secret_key="bench"))
    db = Database(url)
    user = Accounts(db).get("editor")
    assert user is not None
    from datetime import timedelta

    token, _ = Accounts(db).start_session(user, timedelta(hours=1))
    out = {}
    with TestClient(app) as c:
        c.cookies.set("shinchoku_session", token)
        for name, path in (("staff years", "/staff/years"), ("staff my work", "/staff/my")):

            def get(p: str = path) -> None:
                _ok(c.get(prefix + p))

            out[name] = timed(get, n)
        c.cookies.clear()
        out["public summary"] = timed(lambda: _ok(c.get(prefix + "/")), n)
    db.dispose()
    return out


def _ok(r: object) -> None:
    assert r.status_code == 200, r.text[:300]  # type: ignore[attr-defined]


def saves(url: str, plan_id: str, n: int) -> dict[str, tuple[float, float]]:
    db = Database(url)
    user = Accounts(db).get("editor")
    assert user is not None
    value = iter(range(10_000, 1_000_000))

    def save(actor: bool) -> None:
        rev = observation_state(db, plan_id, KPI, YEAR).revision
        edit = ObservationEdit(KPI, rev, value=str(next(value)))
        result = apply_edits(
            db, plan_id, YEAR, [edit], user="editor", actor=user if actor else None
        )
        assert result.changes and not result.errors

    out = {
        "save, rules checked in the store": timed(lambda: save(True), n // 4),
        "save, no actor": timed(lambda: save(False), n // 4),
    }
    plan = db.load_plan(plan_id)
    status = Workflow(db).status(plan_id, YEAR)
    out["reach()"] = timed(lambda: reach(user, plan.organisation), n * 50)
    out["may_edit_kpi()"] = timed(lambda: may_edit_kpi(user, plan, KPI, status), n * 50)
    db.dispose()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--postgres", help="a PostgreSQL URL of an empty database for the two plans")
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-access-"))
    one = f"sqlite:///{folder / 'one.sqlite'}"
    two = args.postgres or f"sqlite:///{folder / 'two.sqlite'}"
    prepare(one, several=False)
    prepare(two, several=True)
    rows = [("one plan at /", pages(one, "", args.requests))]
    rows.append(("two plans, /p/sendai-dx/", pages(two, "/p/sendai-dx", args.requests)))
    rows.append(("store", saves(two, "sendai-dx", args.requests)))
    for label, figures in rows:
        for name, (median, p95) in figures.items():
            print(f"{label:26} {name:34} median {median:8.3f} ms   p95 {p95:8.3f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

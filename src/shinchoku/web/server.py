"""Running the web app: prepare a database, then hand the app to uvicorn.

``shinchoku serve`` with a dataset loads it and marks the years its report covers as
published, so the public pages have something to show at once. Without ``--db`` the
database is the file ``shinchoku.sqlite`` in the working folder (the other commands'
default too), kept across restarts: the bundled example is loaded into it only while it
holds no plan, so a restart keeps what was entered on the staff pages. With ``--db`` it
serves that database as it is. Several workers are separate processes, each building
the app from the same settings (passed as JSON in one environment variable, read only
when a worker starts).
"""

from __future__ import annotations

import gc
import ipaddress
import logging
import os
import socket
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from jinja2 import Environment

from shinchoku.model import Plan
from shinchoku.orgs import registry
from shinchoku.store import Database
from shinchoku.store.history import Workflow
from shinchoku.web.app import create_app
from shinchoku.web.compare import AT_ONCE_LIMIT
from shinchoku.web.compare import warm as warm_comparisons
from shinchoku.web.settings import WebSettings

log = logging.getLogger(__name__)
# A worker that ends sooner than this after it started never came up: serving stops.
WORKER_SETTLING_SECONDS = 30.0

SETTINGS_ENV = "SHINCHOKU_WEB_SETTINGS"
LOADED_BY = "dataset"  # the 'user' recorded for years published by loading a report


@dataclass(frozen=True, slots=True)
class Prepared:
    url: str
    plan_id: str
    published: list[int]


def report_years(plan: Plan) -> list[int]:
    """Years up to the plan's report year that have figures: what a loaded report published."""
    last = plan.report.year or plan.period.end
    years = {y for k in plan.kpis for y in k.observations}
    years |= {y for _, m in plan.measures() for y in m.years}
    return sorted(y for y in years if y <= last)


def load_and_publish(url: str, plan: Plan) -> Prepared:
    """Store ``plan`` in the database at ``url`` and publish the years its report covers."""
    db = Database(url)
    try:
        db.migrate()
        db.load_dataset_plan(plan)
        years = report_years(plan)
        Workflow(db).publish_as_is(plan, years, LOADED_BY)
    finally:
        db.dispose()
    return Prepared(url, plan.id, years)


def serve_database(url: str | None, plan: Plan | None) -> tuple[str, Prepared | None]:
    """The database ``serve`` uses, ready: (its URL, what was loaded into it, if anything).

    ``url`` None (or the default file, as :func:`shinchoku.source.database_url` names it):
    the default file in the working folder; the bundled example goes into it when it holds
    no plan yet. ``plan`` (a dataset) is loaded and its report years
    published. Otherwise the database is only brought up to the current schema.
    """
    from shinchoku.dataset import load_example
    from shinchoku.source import DEFAULT_SQLITE

    if url is None or url == f"sqlite:///{DEFAULT_SQLITE}":
        url = f"sqlite:///{Path(DEFAULT_SQLITE).resolve()}"
        if plan is None:
            db = Database(url)
            try:
                db.migrate()
                empty = not db.list_plans()
            finally:
                db.dispose()
            plan = load_example() if empty else None
    if plan is not None:
        return url, load_and_publish(url, plan)
    db = Database(url)
    try:
        db.migrate()
    finally:
        db.dispose()
    return url, None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_from_environment() -> FastAPI:
    """The app of a uvicorn worker process (``--workers N``): settings from one variable."""
    raw = os.environ.get(SETTINGS_ENV)
    if not raw:
        raise RuntimeError(f"{SETTINGS_ENV} is not set; start the server with `shinchoku serve`")
    return settled(create_app(WebSettings.model_validate_json(raw)))


def settled(app: FastAPI) -> FastAPI:
    """The app of a serving process, with what it keeps for life made ready and set
    aside from the garbage collector.

    The organisation list is read, every template compiled (0.8 s for the 54) and the
    database's first connection made now, not by the first requests while the others
    wait. Then everything alive — modules,
    classes, the app, the list, the templates — is moved out of the collector's
    generations (:func:`gc.freeze`): it is never garbage, yet each full collection,
    which a growing cache of answers sets off every so often, walked all of it again
    (170,000 objects; 100–200 ms with every thread stopped, under load). A serving
    process only; a test's apps come and go.
    """
    state = app.state.shinchoku
    registry()
    templates: Environment = state.templates
    for name in templates.list_templates():
        templates.get_template(name)
    # the first connection sets up the driver and the dialect (40 ms), once per process;
    # the pool is given as many as comparisons are answered at once, so a fresh server's
    # first burst does not wait for the database to start its backends
    with ExitStack() as opened:
        for _ in range(AT_ONCE_LIMIT):
            opened.enter_context(state.db.engine.connect())
    warm_comparisons(state.db)
    gc.freeze()
    return app


def run(
    settings: WebSettings, host: str, port: int, workers: int = 1, *, access_log: bool = True
) -> None:
    """Serve until stopped. SIGTERM ends with SystemExit, so callers' cleanup still runs
    (uvicorn re-raises the signal it caught once it has shut down)."""
    import signal
    import sys

    import uvicorn

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    if workers > 1 and hasattr(socket, "SO_REUSEPORT"):
        _run_workers(settings, host, port, workers, access_log)
        return
    if workers > 1:
        os.environ[SETTINGS_ENV] = settings.model_dump_json()
        uvicorn.run(
            "shinchoku.web.server:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=False,
            server_header=False,
            access_log=access_log,
        )
        return
    uvicorn.run(
        settled(create_app(settings)),
        host=host,
        port=port,
        proxy_headers=False,
        server_header=False,
        access_log=access_log,
    )


def _run_workers(
    settings: WebSettings, host: str, port: int, workers: int, access_log: bool
) -> None:
    """``workers`` serving processes, each with a listening socket of its own on the same
    address (``SO_REUSEPORT``): the kernel spreads new connections over them evenly.

    uvicorn's ``--workers`` share one socket, and whichever worker wakes first accepts
    every connection waiting: twenty browsers arriving together could all land on one
    worker while the other idles (measured: 1.7 against 3.5 CPU-seconds). A worker
    listens only once its app is ready (:func:`settled`), so no connection waits on one
    starting. A worker that dies is started again; SIGTERM or Ctrl-C stops them all.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("spawn")
    raw = settings.model_dump_json()

    def start() -> tuple[multiprocessing.process.BaseProcess, float]:
        p = ctx.Process(target=_serve_worker, args=(raw, host, port, access_log), daemon=False)
        p.start()
        return p, time.monotonic()

    running = [start() for _ in range(workers)]
    try:
        while True:
            wait([p.sentinel for p, _ in running])
            for n, (p, since) in enumerate(running):
                if p.exitcode is None:
                    continue
                if time.monotonic() - since < WORKER_SETTLING_SECONDS:
                    # it did not come up (the port taken, the database unreachable …):
                    # starting it again would fail the same way
                    raise SystemExit(f"a worker failed to start (exit code {p.exitcode})")
                log.warning("worker %s ended (exit %s); starting another", p.pid, p.exitcode)
                running[n] = start()
    finally:
        for p, _ in running:
            if p.is_alive():
                p.terminate()  # SIGTERM: uvicorn finishes the requests under way
        for p, _ in running:
            p.join(timeout=30)


def _serve_worker(raw_settings: str, host: str, port: int, access_log: bool) -> None:
    """One process of :func:`_run_workers`: the app made ready, then its own socket."""
    import uvicorn

    os.environ[SETTINGS_ENV] = raw_settings
    app = app_from_environment()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    config = uvicorn.Config(app, proxy_headers=False, server_header=False, access_log=access_log)
    uvicorn.Server(config).run(sockets=[sock])

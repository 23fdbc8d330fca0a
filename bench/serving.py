"""What the server benchmarks share: a free loopback port, a fresh database for the run
(SQLite in the run's folder, or a PostgreSQL database created and dropped), and a server
child process that is waited for until ``/api/health`` answers and stopped afterwards.

The benchmarks import it from their own folder (``bench/`` is first on ``sys.path``
when a script there runs; a module loaded by path puts it there itself).
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

HOST = "127.0.0.1"  # loopback only
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def fresh_database(backend: str, folder: Path, pg_server: str = PG_SERVER) -> Iterator[str]:
    """The URL of an empty database for one run, dropped afterwards (PostgreSQL)."""
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
def running_server(
    cmd: Sequence[str],
    port: int,
    env: Mapping[str, str],
    *,
    log: Path | None = None,
    start_timeout: float = 60,
) -> Iterator[str]:
    """Run ``cmd`` (shinchoku listening on ``port``) until the block ends: its base URL."""
    base = f"http://{HOST}:{port}"
    with started(cmd, env, f"{base}/api/health", log=log, start_timeout=start_timeout):
        yield base


@contextmanager
def started(
    cmd: Sequence[str],
    env: Mapping[str, str],
    health: str,
    *,
    log: Path | None = None,
    start_timeout: float = 60,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``cmd`` until the block ends, once ``health`` (a URL) answers 200: the process.

    Its output goes to ``log`` when given (and is shown if it does not start)."""
    out = log.open("wb") if log is not None else None
    try:
        proc = subprocess.Popen(
            list(cmd), stdout=out, stderr=subprocess.STDOUT if out else None, env=dict(env)
        )
    finally:
        if out is not None:
            out.close()
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                if httpx.get(health, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                shown = log.read_text("utf-8") if log is not None else ""
                raise RuntimeError(f"the server did not start: {' '.join(cmd)}\n{shown}")
            time.sleep(0.1)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

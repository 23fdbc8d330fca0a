"""The short version of ``bench/bench_concurrency.py``: editors (web form) and API clients
saving at once through ``shinchoku serve``; no 5xx, no "database is locked", and every
acknowledged save in the database with its change-log entry. Counts only, no timings."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.store.conftest import postgres_server_url

BENCH = Path(__file__).parents[2] / "bench" / "bench_concurrency.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_concurrency", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_editors_and_api_clients_save_at_once(
    backend: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SHINCHOKU_DATABASE_URL", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    bench = _bench()
    pg = postgres_server_url().render_as_string(hide_password=False)
    result = bench.run(backend, editors=3, api=3, seconds=3.0, pg_server=pg)
    assert result.acknowledged > 0
    assert result.server_errors == 0, result.statuses
    assert (result.locked, result.tracebacks) == (0, 0)
    assert result.missing == []
    assert result.logged == result.expected_log
    assert set(result.statuses) <= {200, 303}, result.statuses
    assert os.environ["TMPDIR"] == str(tmp_path)

"""The plan view is built once per (plan, revision), however many requests ask at once."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from shinchoku.store import Database
from shinchoku.store.history import Workflow
from shinchoku.web.service import PlanService
from tests.web.conftest import OPEN_YEAR, PLAN


def _service(template_db: Path, tmp_path: Path) -> PlanService:
    path = tmp_path / "shinchoku.sqlite"
    shutil.copyfile(template_db, path)
    return PlanService(Database(f"sqlite:///{path}"))


def test_concurrent_cold_requests_build_the_view_once(template_db: Path, tmp_path: Path) -> None:
    service = _service(template_db, tmp_path)
    clients = 12
    start = threading.Barrier(clients)
    seen: list[object] = []

    def ask() -> None:
        start.wait()
        seen.append(service.view(PLAN, "public"))

    threads = [threading.Thread(target=ask) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == clients
    assert service.builds == 1
    assert all(v is seen[0] for v in seen)
    service.db.dispose()


def test_a_workflow_step_invalidates_the_view(template_db: Path, tmp_path: Path) -> None:
    service = _service(template_db, tmp_path)
    before = service.view(PLAN, "public")
    assert service.view(PLAN, "public") is before
    assert service.builds == 1
    Workflow(service.db).publish(PLAN, OPEN_YEAR, "admin", None, True)
    after = service.view(PLAN, "public")
    assert after is not before
    assert service.builds == 2
    assert OPEN_YEAR in after.years and OPEN_YEAR not in before.years
    service.db.dispose()

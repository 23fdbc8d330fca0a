"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.dataset import load_example, read_dataset
from shinchoku.model import Plan
from shinchoku.problems import record_emitted

DATA = Path(__file__).parent / "data"
TOWN = DATA / "town"


@pytest.fixture
def example() -> Plan:
    """The bundled Miyagi FY2023 example (a fresh copy per test)."""
    return load_example()


@pytest.fixture
def town() -> Plan:
    """A second plan: a small town, three-level tree, A–D grading, CAGR outlook."""
    return read_dataset(TOWN)


# -- the problem catalogue ----------------------------------------------------------------
# Every problem made while the tests run is checked against the catalogue (an uncatalogued
# code, or params its template cannot be worded from, fails the test that made it) and its
# code recorded; tests/test_catalogue.py, run last, checks that every catalogued code was
# made by some test when the whole suite ran.
EMITTED: set[str] = set()
WHOLE_SUITE: list[bool] = [False]
LAST = "tests/test_catalogue.py::test_every_catalogued_code_is_produced_by_a_test"


def pytest_configure(config: pytest.Config) -> None:
    record_emitted(EMITTED)


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    last = [i for i in items if i.nodeid == LAST]
    rest = [i for i in items if i.nodeid != LAST]
    items[:] = rest + last
    on_disk = {p.resolve() for p in Path(__file__).parent.rglob("test_*.py")}
    collected = {Path(str(i.path)).resolve() for i in items}
    WHOLE_SUITE[0] = (
        on_disk <= collected
        and not config.getoption("keyword")
        and not config.getoption("markexpr")
        and not config.getoption("deselect", default=None)
        and not config.getoption("lf", default=False)
    )

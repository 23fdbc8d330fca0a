"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.dataset import load_example, read_dataset
from shinchoku.model import Plan

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

"""The bundled example: the Miyagi FY2023 (R5) progress report, transcribed."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from shinchoku.dataset.reader import read_dataset
from shinchoku.model import Plan

EXAMPLE_NAME = "miyagi-2023"


def example_path(name: str = EXAMPLE_NAME) -> Path:
    """Folder of a bundled dataset inside the installed package."""
    return Path(str(files("shinchoku").joinpath("examples", name)))


@cache
def _load(name: str) -> Plan:
    return read_dataset(example_path(name))


def load_example(name: str = EXAMPLE_NAME) -> Plan:
    """The bundled example as a fresh copy (callers may change it)."""
    return _load(name).model_copy(deep=True)

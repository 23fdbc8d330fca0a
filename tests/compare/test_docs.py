"""docs/compare.md documents every problem code and the bundled set's computations."""

from __future__ import annotations

from pathlib import Path

from shinchoku.compare.indicators import Computation
from shinchoku.compare.problems import CATALOGUE

DOC = Path(__file__).parents[2] / "docs" / "compare.md"


def test_every_code_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [code for code in CATALOGUE if f"| `{code}` |" not in text]
    assert missing == []


def test_every_computation_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert all(f"- `{c.value}`" in text for c in Computation)

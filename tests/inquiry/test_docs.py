"""docs/inquiry.md names every problem code and every command of the inquiry."""

from __future__ import annotations

from pathlib import Path

from shinchoku.inquiry import CODES
from shinchoku.inquiry.checks import AUDIT_CODES

DOC = Path(__file__).parents[2] / "docs" / "inquiry.md"


def test_every_code_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [code for code in [*CODES, *AUDIT_CODES] if f"`{code}`" not in text]
    assert missing == []


def test_every_command_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for command in ("inquiry make", "inquiry collect", "inquiry status"):
        assert command in text

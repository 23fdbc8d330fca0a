"""Docs that cannot rot: the generated reference pages are current."""

from __future__ import annotations

from pathlib import Path

from shinchoku.problems import catalogue
from shinchoku.reference import cli_markdown, findings_markdown

DOCS = Path(__file__).parent.parent / "docs"


def test_finding_catalogue_is_current() -> None:
    assert (DOCS / "findings.md").read_text(encoding="utf-8") == findings_markdown(), (
        "run: python -m shinchoku.reference docs/"
    )


def test_every_code_is_documented() -> None:
    text = (DOCS / "findings.md").read_text(encoding="utf-8")
    for code in catalogue():
        assert f"## `{code}`" in text


def test_cli_reference_is_current() -> None:
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_markdown(), (
        "run: python -m shinchoku.reference docs/"
    )

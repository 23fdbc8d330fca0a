"""What the commands say: every message has the same fields in Japanese and English, and
the root ``--lang`` (or ``SHINCHOKU_LANG``) picks the language of every command."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.cli import messages as msg
from shinchoku.problems import Wording

MESSAGES = {
    name: w
    for name, value in vars(msg).items()
    for w in (value if isinstance(value, tuple) else (value,))
    if isinstance(w, Wording)
}


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_japanese_and_english_ask_for_the_same_fields(name: str) -> None:
    w = MESSAGES[name]
    assert _fields(w.ja) == _fields(w.en), name
    assert w.ja != w.en or not any(ch.isascii() and ch.isalpha() for ch in w.ja), name


def test_the_root_option_sets_the_language_of_the_command(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "out"
    ja = runner.invoke(app, ["export", str(folder / "ja")])
    en = runner.invoke(app, ["--lang", "en", "export", str(folder / "en")])
    assert ja.exit_code == 0 and en.exit_code == 0, (ja.output, en.output)
    assert "個のファイルを" in ja.stdout and "書き出しました" in ja.stdout
    assert en.stdout.startswith("wrote ") and "files to" in en.stdout
    bad = runner.invoke(app, ["--lang", "fr", "export", str(folder / "fr")])
    assert bad.exit_code == 2 and "'fr' is not one of ja, en" in bad.output

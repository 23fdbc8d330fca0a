"""Input errors speak the reader's language: ``shinchoku load`` in Japanese (the default)
carries no English word but ids and the text found; with ``--lang en`` no Japanese but
the text found and names. Each message names the file and the place in it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shinchoku import cli
from shinchoku.problems.input import ACCEPTED

from .conftest import TOWN

runner = CliRunner()

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHINCHOKU_DATABASE_URL", raising=False)
    monkeypatch.setattr(cli.err, "width", 2000)


def _edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / name).write_bytes(data)


# (code, the change that breaks the dataset, text the message must quote)
BROKEN = {
    "unparseable-value": (_edit("kpis.yaml", "value: '18'", "value: 十八くらい"), "十八くらい"),
    "invalid-value": (_edit("plan.yaml", "start: 2022", "start: 二千二十二"), "二千二十二"),
    "unknown-field": (_edit("plan.yaml", "basic_goal:", "basic_gaol:"), "basic_gaol"),
    "missing-field": (_edit("plan.yaml", "name: さくら町DX推進計画\n", ""), "name"),
    "duplicate-id": (_edit("kpis.yaml", "id: counter-wait", "id: online-procedures"), None),
    "unknown-reference": (_edit("areas/01-residents.yaml", "- jumin", "- jumni"), "jumni"),
    "invalid-yaml": (_edit("kpis.yaml", "unit: 件", "unit: [件"), None),
    "invalid-encoding": (_write("plan.yaml", "id: x\nname: 町\n".encode("shift_jis")), None),
}


def _broken(tmp_path: Path, code: str) -> Path:
    root = tmp_path / "ds"
    shutil.copytree(TOWN, root)
    BROKEN[code][0](root)
    return root


def _without(text: str, strings: list[str]) -> str:
    for s in sorted(strings, key=len, reverse=True):
        text = text.replace(s, " ")
    return text


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_load_errors_in_japanese_have_no_english_but_ids(tmp_path: Path, code: str) -> None:
    root = _broken(tmp_path, code)
    result = runner.invoke(cli.app, ["load", str(root), "--db", f"sqlite:///{tmp_path}/x.db"])
    assert result.exit_code == 1
    text = result.stderr
    assert f"[{code}]" in text and "エラー" in text
    quoted = BROKEN[code][1]
    if quoted is not None:
        assert quoted in text  # the text found, as typed
    for line in text.splitlines():
        # 「エラー [code] file:line、path in the file: message」: the place is data
        head, _, message = line.partition(": ")
        assert head.startswith("エラー [") and message, line
        message = re.sub(r"「[^」]*」", " ", message)  # the text found and ids, quoted
        left = _ENGLISH_WORD.findall(_without(message, ["KPI", "ID", "UTF-8", "YAML"]))
        assert left == [], line


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_load_errors_in_english_have_no_japanese_but_the_text_found(
    tmp_path: Path, code: str
) -> None:
    root = _broken(tmp_path, code)
    db = f"sqlite:///{tmp_path}/x.db"
    result = runner.invoke(cli.app, ["load", str(root), "--db", db, "--lang", "en"])
    assert result.exit_code == 1
    text = result.stderr
    assert f"error [{code}]" in text
    text = re.sub(r"'[^']*'", " ", text)  # the text found, quoted
    text = _without(text, [w.en for w in ACCEPTED.values()])  # examples of what is read
    assert _CJK.findall(text) == [], text


def test_a_load_error_names_file_line_path_text_and_what_is_accepted(tmp_path: Path) -> None:
    root = _broken(tmp_path, "unparseable-value")
    result = runner.invoke(cli.app, ["load", str(root), "--db", f"sqlite:///{tmp_path}/x.db"])
    (line,) = [x for x in result.stderr.splitlines() if "[unparseable-value]" in x]
    assert "kpis.yaml:" in line and "observations[2024].value" in line  # file:line, path
    assert "「十八くらい」を数値として読み取れません" in line
    assert "受け付ける書き方" in line  # what would have been read


def test_a_dataset_folder_that_is_not_there(tmp_path: Path) -> None:
    ja = runner.invoke(cli.app, ["load", str(tmp_path / "nowhere")])
    en = runner.invoke(cli.app, ["load", str(tmp_path / "nowhere"), "--lang", "en"])
    assert "データセットのフォルダが見つかりません" in ja.stderr
    assert "Dataset folder not found" in en.stderr


# Texts a dataset may hold that the figure reader refuses, each for another reason.
UNREADABLE = {
    "小 88% 91%": "「91%」に区分名がありません",
    "1,23,4": "「1,2」のあたりの桁区切り（,）の位置が正しくありません",
    "41.2%～55.0%": "「～」は範囲とも読めます",
    "88%(R5年度数値)": "「R5年度」の後の「数値」は読み取れません",
    "‐5": "「‐」はダッシュで、マイナス記号ではありません",
}


@pytest.mark.parametrize("text", sorted(UNREADABLE))
def test_a_load_error_says_why_in_japanese_and_in_english(tmp_path: Path, text: str) -> None:
    root = tmp_path / "ds"
    shutil.copytree(TOWN, root)
    _edit("kpis.yaml", "value: '18'", f"value: '{text}'")(root)
    db = f"sqlite:///{tmp_path}/x.db"
    ja = runner.invoke(cli.app, ["load", str(root), "--db", db]).stderr
    (line,) = [x for x in ja.splitlines() if "[unparseable-value]" in x]
    assert f"「{text}」を数値として読み取れません（" in line and UNREADABLE[text] in line
    message = re.sub(r"「[^」]*」", " ", line.partition(": ")[2])
    assert _ENGLISH_WORD.findall(_without(message, ["KPI"])) == [], line
    en = runner.invoke(cli.app, ["load", str(root), "--db", db, "--lang", "en"]).stderr
    (line,) = [x for x in en.splitlines() if "[unparseable-value]" in x]
    assert f"Cannot read '{text}' as a figure: " in line and "; accepted: " in line

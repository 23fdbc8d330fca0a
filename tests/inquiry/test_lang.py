"""``inquiry collect`` and ``inquiry status`` speak the reader's language: Japanese by
default with no English word but ids and file names, English with ``--lang en`` with no
Japanese but names (divisions, KPIs, sheets) and the text found."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.inquiry import MadeForm
from shinchoku.problems.input import ACCEPTED

from .conftest import YEAR, fill

runner = CliRunner()

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
KEYS = ("ict-firm-siting", "ict-firms-sited")


def _run(db_file: Path, lang: str, *args: str) -> tuple[int, str]:
    cmd = [*args, "--year", str(YEAR), "--db", f"sqlite:///{db_file}", "--lang", lang]
    result = runner.invoke(app, cmd)
    return result.exit_code, result.output


def _english_words(text: str, data: list[str]) -> list[str]:
    text = re.sub(r"「[^」]*」|\[[a-z-]+\]", " ", text)  # text found, ids; codes
    for s in sorted(data, key=len, reverse=True):
        text = text.replace(s, " ")
    return _ENGLISH_WORD.findall(text)


def _japanese(text: str, names: list[str]) -> list[str]:
    text = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)  # the text found, names, quoted
    for s in sorted([*names, *(w.en for w in ACCEPTED.values())], key=len, reverse=True):
        text = text.replace(s, " ")
    return _CJK.findall(text)


def test_collect_and_status_in_japanese_and_in_english(
    tmp_path: Path, db_file: Path, forms: dict[str, MadeForm]
) -> None:
    form = forms["kikaku-sangyo-digital"]
    bad = fill(form.path, tmp_path / "bad.xlsx", {KEYS: {"in.value": "五十五くらい"}})
    good = fill(form.path, tmp_path / "good.xlsx", {KEYS: {"in.value": "55"}})
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    files = ["bad.xlsx", "good.xlsx", "junk.xlsx", ".xlsx", "S7", "KPI", "Excel"]
    labels = [f.label for f in forms.values()]
    names = [*labels, "施策・KPI", "情報通信関連企業の県内立地件数", "政策担当課"]

    code, ja = _run(db_file, "ja", "inquiry", "collect", str(bad))
    assert code == 1 and "「五十五くらい」を数値として読み取れません" in ja and "セル S7" in ja
    assert _english_words(ja, [*files, "ict-firms-sited"]) == [], ja
    code, en = _run(db_file, "en", "inquiry", "collect", str(bad))
    assert code == 1 and "Cannot read '五十五くらい' as a figure" in en and "cell S7" in en
    assert _japanese(en, names) == [], en

    code, ja = _run(db_file, "ja", "inquiry", "collect", str(junk))
    assert code == 1 and "[not-a-workbook]" in ja
    assert _english_words(ja, files) == [], ja

    code, ja = _run(db_file, "ja", "inquiry", "collect", str(good), "--dry-run")
    assert code == 0 and "実績値: — → 55" in ja and "試行: 1件の変更" in ja
    assert _english_words(ja, files) == [], ja
    code, en = _run(db_file, "en", "inquiry", "collect", str(good), "--dry-run")
    assert code == 0 and "actual: — → 55" in en and "dry run: 1 change(s)" in en
    assert _japanese(en, names) == [], en

    code, ja = _run(db_file, "ja", "inquiry", "collect", str(good))
    assert code == 0 and "1件の回答から1件の変更を一度に反映しました" in ja

    code, ja = _run(db_file, "ja", "inquiry", "status")
    assert code == 0 and f"回答済み {form.label}" in ja and "未回答（9）" in ja
    assert _english_words(ja, ["miyagi-it-policy"]) == [], ja
    code, en = _run(db_file, "en", "inquiry", "status")
    assert code == 0 and f"replied  {form.label}" in en and "not replied (9)" in en
    assert _japanese(en, names) == [], en


def test_a_collect_refusal_says_why_in_the_readers_language(
    tmp_path: Path, db_file: Path, forms: dict[str, MadeForm]
) -> None:
    form = forms["kikaku-sangyo-digital"]
    bad = fill(form.path, tmp_path / "bad.xlsx", {KEYS: {"in.value": "小 5件 6件"}})
    code, ja = _run(db_file, "ja", "inquiry", "collect", str(bad))
    assert (
        code == 1 and "「小 5件 6件」を数値として読み取れません（「6件」に区分名がありません" in ja
    )
    assert _english_words(ja, ["bad.xlsx", "S7", "KPI", "ict-firms-sited"]) == [], ja
    code, en = _run(db_file, "en", "inquiry", "collect", str(bad))
    assert code == 1 and "the value '6件' has no label" in en
    assert _japanese(en, [form.label, "施策・KPI", "情報通信関連企業の県内立地件数"]) == [], en

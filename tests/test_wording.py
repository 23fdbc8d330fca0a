"""Every reader gets one language: ``check`` and ``summary`` in Japanese carry no English
word but ids, in English no Japanese but names (KPI, measure, area, org unit names, units)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shinchoku import cli
from shinchoku.audit import CATALOGUE, audit
from shinchoku.dataset import load_example, read_dataset
from shinchoku.model import Plan
from shinchoku.problems import Place, Printed, Wording
from shinchoku.wording import Names, figure_text, place_text, point_text, problem_message

from .conftest import TOWN

runner = CliRunner()

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
_ALLOWED_JA = {"KPI"}  # the term Japanese reports use themselves


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHINCHOKU_DATABASE_URL", raising=False)
    monkeypatch.setattr(cli.out, "width", 2000)  # no name wrapped across lines


def _names(plan: Plan) -> list[str]:
    """Names and units: the only text a reader's language does not govern."""
    out: list[str] = [plan.name, *(x for x in (plan.name_en,) if x)]
    for a, _ in plan.walk_areas():
        out += [x for x in (a.name, a.name_en, a.label) if x]
    for _, m in plan.measures():
        out += [x for x in (m.name, m.name_en) if x]
    for k in plan.kpis:
        out += [x for x in (k.name, k.name_en, k.unit) if x]
        if k.breakdown is not None:  # dimensions and their values are names too (性別, 男)
            for dim, values in k.breakdown.dimensions.items():
                out += [dim, *values]
        figures = [k.baseline.value, *(t.figure for t in k.targets.values())]
        figures += [o.value for o in k.observations.values()]
        figures += [k.final_target.figure if k.final_target else None]
        out += [f.unit for f in figures if f is not None and f.unit]
    for a, _ in plan.walk_areas():
        for card in a.cards:
            out += [f.unit for f in (card.baseline, card.actual) if f is not None and f.unit]
    for u in plan.org_units:
        out += [u.department, u.division, u.label]
    # Longest first, as names contain names; a one-letter unit (h) is no word to remove.
    return sorted({x for x in out if len(x) > 1 or not x.isascii()}, key=len, reverse=True)


def _ids(plan: Plan) -> set[str]:
    ids = {plan.id, *CATALOGUE}
    ids |= {a.id for a, _ in plan.walk_areas()} | {m.id for _, m in plan.measures()}
    ids |= {k.id for k in plan.kpis} | {u.id for u in plan.org_units}
    return ids


def _without(text: str, strings: list[str]) -> str:
    for s in strings:
        text = text.replace(s, " ")
    return text


PLANS = {"example": (load_example, []), "town": (lambda: read_dataset(TOWN), [str(TOWN)])}


@pytest.mark.parametrize("command", ["check", "summary"])
@pytest.mark.parametrize("which", sorted(PLANS))
def test_japanese_output_has_no_english_but_ids(command: str, which: str) -> None:
    load, args = PLANS[which]
    plan = load()
    result = runner.invoke(cli.app, [command, *args, "--lang", "ja"])
    assert result.exit_code in (0, 1), result.output
    text = result.stdout + result.stderr
    for ident in sorted(_ids(plan), key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", " ", text)
    text = _without(text, [*_names(plan), *args])
    words = set(_ENGLISH_WORD.findall(text))
    assert words <= _ALLOWED_JA, sorted(words - _ALLOWED_JA)
    assert _CJK.search(result.stdout)  # it is Japanese


@pytest.mark.parametrize("command", ["check", "summary"])
@pytest.mark.parametrize("which", sorted(PLANS))
def test_english_output_has_no_japanese_but_names(command: str, which: str) -> None:
    load, args = PLANS[which]
    plan = load()
    result = runner.invoke(cli.app, [command, *args, "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    text = _without(result.stdout + result.stderr, _names(plan))
    left = sorted({line for line in text.splitlines() if _CJK.search(line)})
    assert not left, left[:5]
    assert re.search(r"\b(errors|Area|KPI)\b", result.stdout)


def test_messages_name_the_kpi_and_measure_in_both_languages() -> None:
    plan = load_example()
    report = audit(plan, 2023)
    mismatch = next(p for p in report if p.code == "declared-status-mismatch")
    measure = next(m for _, m in plan.measures() if m.id == mismatch.place.measure)
    ja = place_text(mismatch.place, "ja", Names.of(plan, "ja"))
    en = place_text(mismatch.place, "en", Names.of(plan, "en"))
    assert f"施策「{measure.name}」" in ja and "令和5年度" in ja
    assert measure.name_en and f'measure "{measure.name_en}"' in en and "FY2023" in en
    # The message says what was declared, what the figures give, and what to check.
    text = problem_message(mismatch, "ja", Names.of(plan, "ja"))
    assert (
        "評価は「一部達成」と記載" in text and "「未達成」" in text and "確認してください" in text
    )
    assert '"Partly achieved"' in problem_message(mismatch, "en")
    # The English message is also the stored one (logs, errors without a plan at hand).
    assert mismatch.message == problem_message(mismatch, "en")


def test_json_keeps_codes_ids_and_values() -> None:
    result = runner.invoke(cli.app, ["check", "--json", "--lang", "en"])
    problems = json.loads(result.stdout)["problems"]
    p = next(p for p in problems if p["code"] == "declared-status-mismatch")
    assert p["place"]["measure"] == "paperless-document-system"
    assert (p["found"], p["expected"]) == ("一部達成", "未達成")
    assert p["params"]["found"] == "一部達成" and p["title"].startswith("Declared grade")
    ja = json.loads(runner.invoke(cli.app, ["check", "--json"]).stdout)["problems"]
    assert [q["code"] for q in ja] == [q["code"] for q in problems]
    assert (
        next(q for q in ja if q["code"] == p["code"])["title"]
        == "記載の評価（達成状況）と数値の不一致"
    )


def test_a_new_code_needs_only_its_wording() -> None:
    from shinchoku.problems import CATALOGUE, ProblemType, Severity

    ft = ProblemType(
        "example-code",
        Severity.WARNING,
        "Example",
        title_ja="例",
        message=Wording("{kpi}の{what}は{found}です。", "The {what} of {kpi} is {found}."),
    )
    p = ft(
        Place(kpi="k1", year=2023),
        found=Printed("約５万件", "50000", "件"),
        what=Wording("実績値", "actual"),
    )
    names = Names("ja", kpis={"k1": "閲覧数"})
    assert problem_message(p, "ja", names) == "「閲覧数」の実績値は「約５万件」です。"
    assert problem_message(p, "en") == 'The actual of "k1" is about 50,000 件.'
    CATALOGUE.pop("example-code")  # the one catalogue holds only the program's codes


def test_figures_in_tables_share_one_style() -> None:
    from shinchoku.model import Figure

    assert figure_text(Figure.of("１，７３１"), "箇所", "ja") == "1,731"
    assert figure_text(Figure.of("約5万2千件"), "件", "ja") == "約52,000"
    assert figure_text(Figure.of("２５０人/年"), "回/年", "ja") == "250人/年"  # differs: shown
    assert figure_text(Figure.of("ー"), "件", "ja") == "—"
    assert figure_text(Figure.of("約5万2千件"), "件", "en") == "about 52,000"
    # Labelled values: each in the same style, the unit once (in the heading).
    assert figure_text(Figure.of("97.0%(小) 98.2%(中)"), "%", "ja") == "小 97 中 98.2"
    assert figure_text(Figure.of("男 1,200人 女 1,300件"), "人", "ja") == "男 1,200 女 1,300件"
    # An as-of point is bracketed once by the table, however it was typed.
    assert [point_text(t, 2015, "ja") for t in ("(平成27年度)", "（H27）", "R2.12")] == [
        "平成27年度",
        "H27",
        "R2.12",
    ]
    assert point_text("(平成27年度)", 2015, "en") == "FY2015"


def test_every_finding_code_is_worded_in_both_languages() -> None:
    """Each message ends by telling the official what to do, in each language."""
    for code, ft in CATALOGUE.items():
        assert ft.title_ja and _CJK.search(ft.title_ja), code
        assert not _CJK.search(ft.title), code
        assert ft.message is not None, code
        assert ft.message.ja.endswith("ください。"), code
        assert not _CJK.search(ft.message.en), code
        last = ft.message.en.rsplit(". ", 1)[-1]
        assert last.split()[0] in {"Check", "Correct", "Enter", "Replace"}, code


@pytest.mark.parametrize("command", ["check", "summary"])
def test_unknown_language_is_a_usage_error(command: str) -> None:
    result = runner.invoke(cli.app, [command, "--lang", "fr"])
    assert result.exit_code == 2 and "'fr' is not one of ja, en" in result.output

"""One catalogue of problem codes: every code the program emits is in it, with both
languages and an HTTP status, and every code in it is produced by some test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from shinchoku.problems import (
    CATALOGUE,
    Place,
    Problem,
    ProblemType,
    Severity,
    UncataloguedCode,
    Wording,
    catalogue,
    problem_type,
)

from .conftest import EMITTED, WHOLE_SUITE

SRC = Path(__file__).parent.parent / "src" / "shinchoku"
_KEBAB = re.compile(r"^[a-z]+(-[a-z]+)*$")


def test_every_type_is_worded_in_both_languages_with_a_status() -> None:
    for code, t in catalogue().items():
        assert _KEBAB.match(code), code
        assert t.title and t.title_ja, code
        assert 200 <= t.status < 600, code


def test_one_registry_one_lookup() -> None:
    types = catalogue()
    assert problem_type("year-not-open") is types["year-not-open"]
    assert problem_type("unit-mismatch").severity is Severity.WARNING  # the audit's, merged
    assert types["csrf-failed"].status == 403 and types["year-published"].status == 409
    with pytest.raises(ValueError, match="defined twice"):
        ProblemType("year-not-open", Severity.ERROR, "Another year-not-open")
    assert CATALOGUE["year-not-open"] is types["year-not-open"]


def test_an_uncatalogued_code_fails_where_it_is_made() -> None:
    with pytest.raises(UncataloguedCode, match="no-such-code"):
        Problem("no-such-code", Severity.ERROR, "made up", Place())


def test_params_a_template_lacks_fail_where_the_problem_is_made() -> None:
    with pytest.raises(UncataloguedCode, match="year-outside-plan"):
        problem_type("year-outside-plan")(Place(year=2023), "no period given")


def _codes_in_source() -> set[str]:
    """Every code written as the first argument of Problem(...) or ProblemType(...), or
    as a ``code=`` keyword, in the package."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in ("Problem", "ProblemType", "_code", "_finding", "_web"):
                continue
            args = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "code")]
            for a in args:
                if isinstance(a, ast.Constant) and isinstance(a.value, str):
                    found.add(a.value)
    return found


def test_every_code_written_in_the_source_is_catalogued() -> None:
    written = _codes_in_source()
    assert len(written) > 100
    assert written - set(catalogue()) == set()


def test_problems_are_made_from_types_only() -> None:
    """Outside the catalogue's core, a problem is made by calling its type, so its code
    is one the catalogue has; a copy keeps its type (``replace``)."""
    makers: list[str] = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "problems" / "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem":
                kinds = [a for a in node.args[7:]] + [k for k in node.keywords if k.arg == "kind"]
                if not kinds:
                    makers.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert makers == []


# Codes no test produces yet. The set may only shrink: a code on it that a test
# produces fails this test too.
NOT_YET_PRODUCED: set[str] = set()


def test_every_catalogued_code_is_produced_by_a_test() -> None:
    """Run last (tests/conftest.py orders it): the codes the whole suite made."""
    if not WHOLE_SUITE[0]:
        pytest.skip("only meaningful when the whole suite runs")
    never = set(catalogue()) - EMITTED - NOT_YET_PRODUCED
    assert sorted(never) == [], f"{len(never)} codes no test produced: {', '.join(never)}"
    assert sorted(NOT_YET_PRODUCED & EMITTED) == [], "produced now: drop from NOT_YET_PRODUCED"
    assert set(catalogue()) >= NOT_YET_PRODUCED


def test_wording_falls_back_to_the_title_in_japanese() -> None:
    from shinchoku.wording import problem_message

    t = problem_type("zip-bomb")
    assert t.message is None
    p = t(Place(file="r.xlsx"), "part 'x' unpacks to 1 GB", found="x")
    assert problem_message(p, "ja") == "圧縮内容が大きすぎる（記載:「x」）。"
    assert problem_message(p, "en") == "part 'x' unpacks to 1 GB"
    assert Wording("a", "b").get("en") == "b"


def test_every_workflow_state_and_step_is_worded() -> None:
    from shinchoku.problems.store import UNIT_ACTION_WORDS, UNIT_STATE_WORDS, YEAR_STATE_WORDS
    from shinchoku.workflow import Action, UnitState, YearState

    assert set(UNIT_ACTION_WORDS) == set(Action)
    assert set(UNIT_STATE_WORDS) == set(UnitState)
    assert set(YEAR_STATE_WORDS) == {None, *YearState}

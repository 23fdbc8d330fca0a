"""Indicator sets from YAML: the bundled set, and errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.compare.indicators import Computation, bundled_set, read_indicator_set
from shinchoku.model.plan import Direction
from shinchoku.problems import ShinchokuError


def test_bundled_set() -> None:
    s = bundled_set()
    assert s.owner == "000000" and s.as_of is not None and s.as_of.fiscal_year == 2024
    rate = s.get("online-rate")
    assert rate is not None and (rate.numerator, rate.denominator, rate.scale) == (
        "online-procedures",
        "procedures",
        100,
    )
    assert not rate.is_reported
    assert [i.id for i in s.indicators if i.computation is Computation.YES_NO] == [
        "cio",
        "cio-deputy",
        "dx-policy",
        "rpa",
        "ai",
        "telework",
    ]
    paper = s.get("paper-sheets")
    assert paper is not None and paper.direction is Direction.LOWER


@pytest.mark.parametrize(
    ("body", "code", "line", "message"),
    [
        (
            "id: x\nname: X\nindicators:\n  - id: a\n    name: A\n    computation: maybe\n",
            "invalid-value",
            6,
            "yes-no",
        ),
        (
            "id: x\nname: X\nindicators:\n  - id: r\n    name: R\n    computation: ratio\n"
            "    numerator: a\n    denominator: b\n",
            "invalid-value",
            1,
            "r: 'a' is not a number indicator",
        ),
        (
            "id: x\nname: X\nindicators:\n  - id: a\n    name: A\n    colour: red\n",
            "unknown-field",
            6,
            None,
        ),
        (
            "id: x\nname: X\nindicators:\n  - id: a\n    name: A\n  - id: a\n    name: B\n",
            "invalid-value",
            1,
            "appear twice",
        ),
    ],
)
def test_bad_sets_name_file_and_line(
    tmp_path: Path, body: str, code: str, line: int, message: str | None
) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ShinchokuError) as caught:
        read_indicator_set(path)
    problem = caught.value.problem
    assert (problem.code, problem.place.file, problem.place.line) == (code, "set.yaml", line)
    if message:
        assert message in problem.message

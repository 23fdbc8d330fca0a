"""Hostile datasets are refused cleanly, naming file and line: duplicate keys and rows,
alias bombs, deep nesting, huge integers, yes/no where a number or year goes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from shinchoku.dataset import read_dataset
from shinchoku.dataset.loader import LOADERS, MAX_DEPTH, load, load_data, within_bounds
from shinchoku.problems import Problem, ShinchokuError

from ..conftest import TOWN


def _dataset(tmp_path: Path, edit: Callable[[Path], None]) -> Path:
    root = tmp_path / "ds"
    shutil.copytree(TOWN, root)
    edit(root)
    return root


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _refused(root: Path) -> Problem:
    with pytest.raises(ShinchokuError) as caught:
        read_dataset(root)
    [problem] = caught.value.problems
    return problem


def _line_of(root: Path, name: str, text: str, nth: int = 1) -> int:
    lines = (root / name).read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, start=1) if text in line]
    return hits[nth - 1]


def test_duplicate_key_refused(tmp_path: Path) -> None:
    root = _dataset(tmp_path, _replace("plan.yaml", "government: ", "name: 別の計画\ngovernment: "))
    p = _refused(root)
    assert p.code == "invalid-yaml" and "twice" in p.message
    assert (p.place.file, p.place.line) == ("plan.yaml", _line_of(root, "plan.yaml", "別の計画"))


def test_duplicate_row_names_its_line(tmp_path: Path) -> None:
    root = _dataset(
        tmp_path, _replace("kpis.yaml", "- id: counter-wait", "- id: online-procedures")
    )
    with pytest.raises(ShinchokuError) as caught:
        read_dataset(root)
    [p] = [p for p in caught.value.problems if p.code == "duplicate-id"]
    line = _line_of(root, "kpis.yaml", "- id: online-procedures", nth=2)
    assert (p.place.file, p.place.line) == ("kpis.yaml", line)
    assert all(p.place.file and p.place.line for p in caught.value.problems)


def test_alias_bomb_through_children(tmp_path: Path) -> None:
    levels = ["_l0: &l0 [{id: a, name: a, kind: policy}]"]
    for i in range(1, 9):
        levels.append(f"_l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    bomb = "id: bomb\nname: bomb\nkind: basic-goal\n" + "\n".join(levels) + "\nchildren: *l8\n"

    def edit(root: Path) -> None:
        (root / "areas" / "03-bomb.yaml").write_text(bomb, encoding="utf-8")

    p = _refused(_dataset(tmp_path, edit))
    assert p.code == "invalid-yaml" and "aliases" in p.message
    assert p.place.file == "areas/03-bomb.yaml" and p.place.line is not None


def test_deep_nesting_and_huge_integers(tmp_path: Path) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    root = _dataset(tmp_path, _replace("plan.yaml", "government: ", f"extra: {deep}\ngovernment: "))
    p = _refused(root)
    assert p.code == "invalid-yaml" and "nest" in p.message  # ours, or libyaml's own limit
    assert (p.place.file, p.place.line) == ("plan.yaml", _line_of(root, "plan.yaml", "extra:"))
    shutil.rmtree(root)
    root = _dataset(tmp_path, _replace("plan.yaml", "  start: 2022", "  start: " + "9" * 100_000))
    p = _refused(root)
    assert p.code == "invalid-yaml" and "100,000 digits" in p.message
    assert p.place.line == _line_of(root, "plan.yaml", "  start: 99")


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("plan.yaml", "  start: 2022", "  start: yes"),
        ("kpis.yaml", "    2023: '40'", "    true: '40'"),
        ("areas/01-residents.yaml", "    projects: 5", "    projects: on"),
    ],
    ids=["period-start", "target-year", "project-count"],
)
def test_yes_no_is_not_a_number_or_year(tmp_path: Path, name: str, old: str, new: str) -> None:
    root = _dataset(tmp_path, _replace(name, old, new))
    p = _refused(root)
    assert p.code == "invalid-value" and "yes/no" in p.message
    assert (p.place.file, p.place.line) == (name, _line_of(root, name, new.strip()))


def test_non_finite_float_refused(tmp_path: Path) -> None:
    root = _dataset(tmp_path, _replace("kpis.yaml", "    2023: '40'", "    2023: .nan"))
    p = _refused(root)
    assert p.code == "invalid-yaml" and "finite" in p.message
    assert (p.place.file, p.place.line) == ("kpis.yaml", _line_of(root, "kpis.yaml", ".nan"))


_ALIASES = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join(["*a" if i == 1 else f"*a{i - 1}"] * 10) + "]\n"
    for i in range(1, 8)
)


_REFUSALS = [
    ("a: 1\nb: 2\na: 3\n", 3, "twice"),
    ("x: {k: 1, k: 2}\n", 1, "twice"),
    (_ALIASES, 5, "aliases"),  # where the count passes the limit
    ("x: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n", 1, "more than"),
    ("n: " + "7" * 40 + "\n", 1, "40 digits"),
    ("f: -.inf\n", 1, "finite"),
]
_REFUSAL_IDS = ["duplicate", "duplicate-flow", "alias-bomb", "depth", "digits", "infinity"]


# None: the default, which composes in C where libyaml is installed and checks the tree.
@pytest.mark.parametrize(
    "loader", [None, *LOADERS], ids=lambda c: getattr(c, "__name__", "default")
)
@pytest.mark.parametrize(("text", "line", "words"), _REFUSALS, ids=_REFUSAL_IDS)
def test_every_loader_refuses_the_same(
    loader: type | None, text: str, line: int, words: str
) -> None:
    """The libyaml loader, the pure Python one and the default make the same checks."""
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        load(text, loader)
    assert words in str(caught.value.problem)
    assert caught.value.problem_mark is not None
    assert caught.value.problem_mark.line + 1 == line


@pytest.mark.parametrize(("text", "line", "words"), _REFUSALS, ids=_REFUSAL_IDS)
def test_reading_without_the_tree_refuses_the_same(text: str, line: int, words: str) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        load_data(text)
    assert words in str(caught.value.problem)
    assert caught.value.problem_mark is not None
    assert caught.value.problem_mark.line + 1 == line


# What the reader without a node tree hands to the composer, and what it reads itself.
_DOCUMENTS = [
    "",
    "# only a comment\n",
    "---\n",
    "plain\n",
    "a: &x [1, 2]\nb: *x\n",  # anchor and alias
    "base: &b {k: 1}\nc:\n  <<: *b\n  j: 2\n",  # merge key
    "a: !!str 12\nb: !!float 3\nc: ! 5\n",  # explicit tags
    "x: !!binary aGVsbG8=\n",
    "? [1, 2]\n: pair\n",  # a list as a key
    "? {a: 1}\n: map\n",
    "=: value\n",
    "1: int\n1.5: float\ntrue: bool\n~: null\n2023-04-01: date\n",
    "a: 1\n---\nb: 2\n",  # two documents
    "a: [1, {b: [2, 3]}, '4', \"5\", 0x10, 0o7, 1_000, .5, -2.5e3, yes, No, null, ''] \n",
    "t: 2023-04-01 12:30:00+09:00\n",
    "s: |\n  two\n  lines\n",
    "a: 1\n  b: 2\n",  # not YAML
    "a: 1\nA: 2\n1: x\ntrue: y\n",  # 1 and true are the same key
    # lists nested to about the limit, with and without a value innermost
    *(f"x: {'[' * n}{v}{']' * n}\n" for n in range(MAX_DEPTH - 3, MAX_DEPTH + 1) for v in "1 "),
]


@pytest.mark.parametrize("text", _DOCUMENTS)
def test_reading_without_the_tree_gives_the_same(text: str) -> None:
    """Read straight from the events or handed to the composer: load's data or refusal."""
    try:
        expected = load(text)[0]
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)) as caught:
            load_data(text)
        assert str(caught.value) == str(exc)
        return
    data = load_data(text)
    assert data == expected and type(data) is type(expected)
    assert repr(data) == repr(expected)  # the same types inside too (1 is not 1.0 or True)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.dates()
)
_KEYS = st.text(max_size=8) | st.integers(1900, 2100) | st.booleans() | st.dates()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(_VALUES, st.sampled_from([False, True, None]))
def test_any_dumped_document_reads_the_same_without_the_tree(value: object, flow: bool) -> None:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow)
    data, expected = load_data(text), load(text)[0]
    assert data == expected  # not always value: PyYAML reads a dumped "\x85" back as " "
    assert repr(data) == repr(expected)  # same order, same types (1, 1.0, True)


@pytest.mark.parametrize(
    "loader", [None, *LOADERS], ids=lambda c: getattr(c, "__name__", "default")
)
def test_every_loader_reads_the_example_alike(loader: type | None) -> None:
    text = (TOWN / "kpis.yaml").read_text(encoding="utf-8")
    data, node = load(text, loader)
    assert data == yaml.safe_load(text) == load_data(text)
    assert node is not None and node.start_mark.line == 0


def test_the_tree_check_matches_the_limits() -> None:
    """Just within the limits passes the check on the composed tree; one more does not."""
    fits = _tree("x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    deeper = _tree("x: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert within_bounds(fits) and not within_bounds(deeper)
    bomb = _tree(_ALIASES)
    assert not within_bounds(bomb)  # 10⁸ values once expanded, from a few lines
    assert within_bounds(_tree(_ALIASES.split("a4:")[0]))  # 10⁴


def _tree(text: str) -> yaml.Node:
    node = yaml.compose(text)
    assert node is not None
    return node


def test_a_fifo_among_the_areas_is_refused_without_blocking(tmp_path: Path) -> None:
    def edit(root: Path) -> None:
        os.mkfifo(root / "areas" / "03-pipe.yaml")

    p = _refused(_dataset(tmp_path, edit))
    assert (p.code, p.place.file) == ("file-unreadable", "areas/03-pipe.yaml")

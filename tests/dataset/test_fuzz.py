"""Fuzzing the dataset loader: whatever the YAML says, the outcome is a plan or a clean
:class:`ShinchokuError` whose problems name the file — never another exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shinchoku.dataset import read_dataset
from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError

from ..conftest import TOWN

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FILES = ("plan.yaml", "kpis.yaml", "areas/01-residents.yaml")

# Scalars YAML has trouble with: yes/no, huge and odd numbers, dates, anchors' text.
_SCALARS = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.sampled_from(["yes", "no", "on", "2023-04-01", "0x1F", "1e400", ".inf", "~", "R5", "ー"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.one_of(st.text(max_size=10), st.integers(1900, 2100)), inner, max_size=4
        )
    ),
    max_leaves=20,
)


def _outcome(root: Path) -> Plan | None:
    """The plan, or None when it was refused cleanly."""
    try:
        return read_dataset(root)
    except ShinchokuError as exc:
        for p in exc.problems:
            assert p.code and p.message
            assert p.place.file is not None, p.describe()
        return None


def _with(name: str, text: str) -> Plan | None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ds"
        shutil.copytree(TOWN, root)
        (root / name).write_text(text, encoding="utf-8")
        return _outcome(root)


@FUZZ
@given(name=st.sampled_from(FILES), at=st.integers(0, 10**6), junk=st.text(max_size=40))
def test_text_spliced_into_a_file(name: str, at: int, junk: str) -> None:
    text = (TOWN / name).read_text(encoding="utf-8")
    at %= len(text) + 1
    _with(name, text[:at] + junk + text[at:])


@FUZZ
@given(name=st.sampled_from(FILES), data=st.data())
def test_a_value_replaced(name: str, data: st.DataObject) -> None:
    """One scalar of the document replaced by an arbitrary value (a list, a map, yes/no…)."""
    doc = yaml.safe_load((TOWN / name).read_text(encoding="utf-8"))
    paths = list(_scalar_paths(doc, ()))
    path = data.draw(st.sampled_from(paths))
    value = data.draw(_VALUES)
    _with(name, yaml.safe_dump(_replace(doc, path, value), allow_unicode=True))


@FUZZ
@given(doc=_VALUES)
def test_an_arbitrary_document(doc: Any) -> None:
    _with("kpis.yaml", yaml.safe_dump(doc, allow_unicode=True))


def _scalar_paths(doc: Any, at: tuple[Any, ...]) -> Any:
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _scalar_paths(v, (*at, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _scalar_paths(v, (*at, i))
    else:
        yield at


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in doc.items()}
    return [(_replace(v, rest, value) if i == head else v) for i, v in enumerate(doc)]

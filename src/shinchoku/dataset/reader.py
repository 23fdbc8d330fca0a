"""Read a dataset folder of YAML files into a :class:`~shinchoku.model.Plan`.

Layout::

    plan.yaml          the plan: settings, org units, plan-level money, statements
    areas/*.yaml       one top-level area per file (sub-areas nested), in file-name order
    kpis.yaml          the list of KPIs

Every problem names the file, the line, the place in the document and the
text found; nothing is half-read.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from shinchoku.dataset.loader import load, load_data
from shinchoku.model import Plan
from shinchoku.model.plan import ReferenceErrors
from shinchoku.problems import InvalidValue, Place, Problem, ShinchokuError, Wording
from shinchoku.problems import input as ic

PLAN_FILE = "plan.yaml"
AREAS_DIR = "areas"
KPIS_FILE = "kpis.yaml"


@dataclass(frozen=True, slots=True)
class _Source:
    """One YAML document: its data, and its text to find line numbers in.

    The node tree is not kept while the plan is validated (at 1,000 KPIs it is tens of
    megabytes): the text is parsed again, the same way, only when a problem needs a line.
    """

    path: Path
    label: str  # path shown to people, relative to the dataset folder
    data: Any
    text: str

    def node(self) -> yaml.Node | None:
        """The document's node tree (parsed again from its text)."""
        return load(self.text)[1]


def _read_yaml(path: Path, label: str) -> _Source:
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block, a device never end
            raise ic.FILE_UNREADABLE.error(
                Place(file=label),
                "not a regular file (a FIFO, device or folder); nothing was read",
                reason=Wording("通常のファイルではありません", "not a regular file"),
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ic.INVALID_ENCODING.error(
            Place(file=label),
            f"file is not UTF-8 text ({exc.reason} at byte {exc.start})",
            expected="UTF-8",
            at=exc.start,
        ) from exc
    except OSError as exc:
        raise ic.FILE_UNREADABLE.error(
            Place(file=label),
            f"cannot read file: {exc.strerror}",
            reason=Wording(f"{exc.strerror} ({exc.errno})", str(exc.strerror)),
        ) from exc
    try:
        data = load_data(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        snippet = None
        if mark is not None:
            lines = text.splitlines()
            if 0 <= mark.line < len(lines):
                snippet = lines[mark.line]
        problem = getattr(exc, "problem", None) or str(exc)
        raise ic.INVALID_YAML.error(
            Place(file=label, line=line),
            f"not valid YAML: {problem}",
            found=snippet,
            reason=str(problem),
        ) from exc
    return _Source(path=path, label=label, data=data, text=text)


def _node_at(node: yaml.Node | None, loc: tuple[int | str, ...]) -> yaml.Node | None:
    """Follow a pydantic location through the YAML node tree, as far as it goes."""
    current = node
    for key in loc:
        if isinstance(current, yaml.MappingNode):
            nxt = None
            for k, v in current.value:
                if str(k.value) == str(key):
                    nxt = v
                    break
            if nxt is None:
                return current
            current = nxt
        elif isinstance(current, yaml.SequenceNode) and isinstance(key, int):
            if 0 <= key < len(current.value):
                current = current.value[key]
            else:
                return current
        else:
            return current
    return current


def _format_loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def _problems_from_validation(
    exc: ValidationError, sources: dict[str, tuple[_Source, tuple[int | str, ...]]]
) -> list[Problem]:
    """Map pydantic errors on the assembled plan back to file, line and text."""
    problems: list[Problem] = []
    trees: dict[str, yaml.Node | None] = {}  # each file parsed again once, if at all
    for err in exc.errors():
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, InvalidValue):
            # Raised by the plan (locations from its root), by a record inside it or by
            # a value (locations from the record or value, which the error's own location
            # leads to): each problem is placed where it is written.
            if isinstance(cause, ReferenceErrors):
                outer = tuple(k for k in err["loc"] if isinstance(k, int | str))
            else:
                outer = _loc(err["loc"])
            for inner, problem in cause.problems:
                label, line, path = _locate((*outer, *inner), sources, trees)
                place = Place(file=label, line=line, path=path)
                problems.append(replace(problem, place=replace(problem.place, **place.to_dict())))
            continue
        loc = _loc(err["loc"])
        label, line, path = _locate(loc, sources, trees)
        place = Place(file=label, line=line, path=path)
        found = err.get("input")
        if isinstance(found, dict) and "text" in found:
            found = found["text"]
        shown = None if isinstance(found, dict | list) else _short(found)
        message = str(err["msg"]).removeprefix("Value error, ")
        name = next((str(k) for k in reversed(loc) if isinstance(k, str)), "")
        if err["type"] == "missing":
            problems.append(ic.MISSING_FIELD(place, message, shown, field=name))
        elif err["type"] == "extra_forbidden":
            problems.append(ic.UNKNOWN_FIELD(place, message, shown, field=name))
        else:
            rule = ic.pydantic_rule(err["type"], err.get("ctx") or {}, shown, message)
            problems.append(ic.INVALID_VALUE(place, message, shown, rule=rule))
    return problems


def _loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    return tuple(k for k in loc if not (isinstance(k, str) and k.startswith("function")))


def _locate(
    loc: tuple[int | str, ...],
    sources: dict[str, tuple[_Source, tuple[int | str, ...]]],
    trees: dict[str, yaml.Node | None],
) -> tuple[str, int | None, str | None]:
    """The file, line and path in it of a location in the assembled plan."""
    source, inner = sources["plan"]
    if len(loc) >= 2 and loc[0] == "areas" and isinstance(loc[1], int):
        source, inner = sources.get(f"areas/{loc[1]}", sources["plan"])
        inner = loc[2:]
    elif len(loc) >= 1 and loc[0] == "kpis":
        source, inner = sources["kpis"]
        inner = loc[1:]
    else:
        inner = loc
    if source.label not in trees:
        trees[source.label] = source.node()
    node = _node_at(trees[source.label], inner)
    line = node.start_mark.line + 1 if node is not None else None
    return source.label, line, _format_loc(inner) or None


def _short(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "…"


def read_dataset(folder: str | Path) -> Plan:
    """Read and validate a dataset folder. Raises :class:`ShinchokuError` on any problem."""
    root = Path(folder)
    if not root.is_dir():
        raise ic.DATASET_NOT_FOUND.error(
            Place(file=str(root)),
            "dataset folder not found",
            what=Wording("データセットのフォルダ", "Dataset folder"),
        )
    plan_path = root / PLAN_FILE
    if not plan_path.is_file():
        raise ic.DATASET_NOT_FOUND.error(
            Place(file=str(plan_path)),
            f"no {PLAN_FILE} in the dataset folder",
            what=Wording(f"データセットのフォルダの{PLAN_FILE}", PLAN_FILE),
        )
    plan_src = _read_yaml(plan_path, PLAN_FILE)
    if not isinstance(plan_src.data, dict):
        raise ShinchokuError(_not_a("mapping", plan_src))
    if "areas" in plan_src.data or "kpis" in plan_src.data:
        message = f"areas and KPIs belong in {AREAS_DIR}/ and {KPIS_FILE}, not in plan.yaml"
        rule = Wording(
            f"領域とKPIは{PLAN_FILE}ではなく{AREAS_DIR}/と{KPIS_FILE}に書いてください。", message
        )
        raise ic.INVALID_VALUE.error(Place(file=PLAN_FILE), message, rule=rule)
    sources: dict[str, tuple[_Source, tuple[int | str, ...]]] = {"plan": (plan_src, ())}
    areas: list[Any] = []
    area_dir = root / AREAS_DIR
    if area_dir.is_dir():
        for i, path in enumerate(sorted(area_dir.glob("*.yaml"))):
            src = _read_yaml(path, f"{AREAS_DIR}/{path.name}")
            if not isinstance(src.data, dict):
                raise ShinchokuError(_not_a("mapping (one area)", src))
            areas.append(src.data)
            sources[f"areas/{i}"] = (src, ())
    kpis: list[Any] = []
    kpi_path = root / KPIS_FILE
    if kpi_path.is_file():
        kpi_src = _read_yaml(kpi_path, KPIS_FILE)
        if kpi_src.data is not None and not isinstance(kpi_src.data, list):
            raise ShinchokuError(_not_a("list of KPIs", kpi_src))
        kpis = kpi_src.data or []
        sources["kpis"] = (kpi_src, ())
    else:
        sources["kpis"] = (plan_src, ())
    try:
        return Plan.model_validate({**plan_src.data, "areas": areas, "kpis": kpis})
    except ValidationError as exc:
        raise ShinchokuError(_problems_from_validation(exc, sources)) from exc


_DOCUMENTS = {
    "mapping": "「名前: 値」の組",
    "mapping (one area)": "「名前: 値」の組（一つの領域）",
    "list of KPIs": "KPIのリスト（「- 」で始まる行）",
}


def _not_a(what: str, src: _Source) -> Problem:
    message = f"the document must be a {what}"
    rule = Wording(f"このファイルは{_DOCUMENTS[what]}で書いてください。", message)
    found = type(src.data).__name__
    return ic.INVALID_VALUE(Place(file=src.label, line=1), message, found, rule=rule)

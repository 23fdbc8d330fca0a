"""Write a :class:`~shinchoku.model.Plan` as a canonical dataset folder.

Canonical means: field order of the model, defaults left out, every figure as
its original text, block-style YAML, one top-level area per file. Reading
the output and writing it again gives the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from shinchoku.dataset.reader import AREAS_DIR, KPIS_FILE, PLAN_FILE
from shinchoku.model import Area, Plan

_YEAR_KEY = re.compile(r"^\d{4}$")


class _Dumper(yaml.SafeDumper):
    """Block style, and lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)


def _restore_year_keys(value: Any) -> Any:
    """JSON mode turns ``{2023: …}`` keys into strings; years go back to ints."""
    if isinstance(value, dict):
        return {
            (int(k) if isinstance(k, str) and _YEAR_KEY.match(k) else k): _restore_year_keys(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_restore_year_keys(v) for v in value]
    return value


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        _restore_year_keys(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )


def area_file_name(index: int, area: Area) -> str:
    return f"{index + 1:02d}-{area.id}.yaml"


def dataset_files(plan: Plan) -> dict[str, str]:
    """The dataset as ``{relative path: text}``."""
    head = plan.model_dump(mode="json", exclude_defaults=True, exclude={"areas", "kpis"})
    # The methodology is always written out, defaults included: a reader of the
    # dataset should see how its figures are computed.
    head["settings"] = plan.settings.model_dump(mode="json", exclude_none=True)
    order = list(type(plan).model_fields)
    head = dict(sorted(head.items(), key=lambda kv: order.index(kv[0])))
    files = {PLAN_FILE: dump_yaml(head)}
    for i, area in enumerate(plan.areas):
        files[f"{AREAS_DIR}/{area_file_name(i, area)}"] = dump_yaml(
            area.model_dump(mode="json", exclude_defaults=True)
        )
    files[KPIS_FILE] = dump_yaml(
        [k.model_dump(mode="json", exclude_defaults=True) for k in plan.kpis]
    )
    return files


def write_dataset(plan: Plan, folder: str | Path) -> list[Path]:
    """Write the dataset; stale area files from an earlier export are removed."""
    root = Path(folder)
    (root / AREAS_DIR).mkdir(parents=True, exist_ok=True)
    files = dataset_files(plan)
    for old in (root / AREAS_DIR).glob("*.yaml"):
        if f"{AREAS_DIR}/{old.name}" not in files:
            old.unlink()
    written: list[Path] = []
    for rel, text in files.items():
        path = root / rel
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written

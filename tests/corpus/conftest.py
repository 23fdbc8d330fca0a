"""The corpus: real KPI tables of other governments, transcribed as printed (issue 8 §5).

Each dataset under ``tests/data/<id>/`` holds the rows the current parser and model can
take; ``pending.yaml`` beside it holds the rest, exactly as printed, each item naming
the capability it waits for. ``with_pending`` puts such an item into a copy of the
dataset, so a test can show that it does not load yet (and will, once that lands).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent.parent / "data"

# Datasets that load on main, with the fiscal year their source reports on.
LOADABLE = {
    "gunma-joho": 2019,
    "urakawa-sousei": 2019,
    "osaki-sousei": 2015,
    "sapporo-manifesto": 2014,
    "sapporo-machizukuri": 2008,
}
# The 新まちづくり計画 table: every cell prints its period on the next line, era left out.
MACHIZUKURI = "sapporo-machizukuri"


def dataset(name: str) -> Path:
    return DATA / name


def pending_items(name: str) -> list[dict[str, Any]]:
    path = DATA / name / "pending.yaml"
    if not path.is_file():
        return []
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    assert isinstance(items, list)
    return items


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _area_file(folder: Path, area_id: str) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The area file holding ``area_id`` (at any depth), its data and the area record."""
    for path in sorted((folder / "areas").glob("*.yaml")):
        top = _load(path)
        stack = [top]
        while stack:
            area = stack.pop()
            if area["id"] == area_id:
                return path, top, area
            stack.extend(area.get("children", []))
    raise KeyError(area_id)


def with_pending(name: str, item: dict[str, Any], folder: Path) -> Path:
    """A copy of dataset ``name`` in ``folder`` with one pending item put in, as printed."""
    dst = folder / name
    shutil.copytree(DATA / name, dst)
    (dst / "pending.yaml").unlink(missing_ok=True)
    kpis = _load(dst / "kpis.yaml") or []
    kpis.extend(item.get("kpis", []))
    by_id = {k["id"]: k for k in kpis}
    for cell in item.get("cells", []):
        kpi = by_id[cell["kpi"]]
        if cell["field"] == "baseline":
            kpi.setdefault("baseline", {})["value"] = cell["text"]
        else:
            kpi[cell["field"]] = cell["text"]
    _dump(dst / "kpis.yaml", kpis)
    for entry in item.get("measures", []):
        path, top, area = _area_file(dst, entry["area"])
        if "new" in entry:
            area.setdefault("measures", []).append(entry["new"])
        else:
            measure = next(m for m in area["measures"] if m["id"] == entry["measure"])
            measure.setdefault("kpis", []).extend(entry["kpis"])
        _dump(path, top)
    for entry in item.get("measure_fields", []):
        path, top, area = _area_file(dst, entry["area"])
        measure = next(m for m in area["measures"] if m["id"] == entry["measure"])
        measure[entry["field"]] = entry["text"]
        _dump(path, top)
    return dst

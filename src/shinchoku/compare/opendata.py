"""Open data of an indicator set: tidy CSV keyed by 団体コード and a Frictionless
``datapackage.json`` (the same CSV conventions as the report's open data:
:mod:`shinchoku.publish.opendata`).

- ``figures.csv``: one row per organisation × indicator × fiscal year, streamed from
  the store in key order (memory stays bounded at national scale);
- ``indicators.csv``: the set's indicators and how they combine;
- ``organisations.csv``: the organisation list, with kind and parent;
- ``maps/<indicator>-<year>.svg``: each indicator's national tile map of its latest
  year with figures (:mod:`shinchoku.compare.mapfile`), listed with its size and
  SHA-256. A prefecture's municipal map is drawn on demand (``shinchoku compare map
  --prefecture``), not here: 47 maps per indicator would make the export many times
  slower and larger for files few would open.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from shinchoku import __version__
from shinchoku.compare import store
from shinchoku.compare.indicators import IndicatorSet
from shinchoku.compare.mapfile import MapFile, draw
from shinchoku.compare.problems import COMPARE_NOT_FOUND
from shinchoku.compare.service import ComparisonCache, compare
from shinchoku.orgs import Registry
from shinchoku.problems import ShinchokuError
from shinchoku.publish.fields import Value
from shinchoku.publish.opendata import csv_cell
from shinchoku.publish.output import write_file

CODE = {"type": "string", "constraints": {"pattern": "^[0-9]{6}$"}}

# name → (Frictionless type, description, extra schema keys)
FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "organisations": [
        ("code", "string", "全国地方公共団体コード (6 digits with check digit; 国 000000)"),
        ("name", "string", "団体名"),
        ("kana", "string", "読み (hiragana)"),
        (
            "kind",
            "string",
            "nation, prefecture, designated-city, core-city, city, town, village, "
            "special-ward, ward",
        ),
        ("parent", "string", "団体コード of the prefecture (of the 政令市 for a ward)"),
        ("prefecture", "string", "団体コード of the prefecture it lies in"),
    ],
    "indicators": [
        ("set_id", "string", "Indicator set id"),
        ("indicator_id", "string", "Indicator id"),
        ("name", "string", "Indicator name"),
        ("unit", "string", "Unit"),
        ("direction", "string", "higher or lower is better"),
        ("computation", "string", "yes-no (実施率 across organisations), number, or ratio"),
        ("numerator", "string", "ratio: the indicator on top"),
        ("denominator", "string", "ratio: the indicator below"),
        ("scale", "integer", "ratio: multiplied by this"),
        ("definition", "string", "What is counted"),
    ],
    "figures": [
        ("set_id", "string", "Indicator set id"),
        ("indicator_id", "string", "Indicator id"),
        ("fiscal_year", "integer", "Fiscal year (Western year it starts in)"),
        ("org_code", "string", "全国地方公共団体コード of the organisation"),
        ("org_name", "string", "団体名"),
        ("value", "number", "The value; yes/no answers are 1 and 0; empty when none was given"),
        ("text", "string", "The value as the survey file gave it"),
        ("approximate", "boolean", "The value was marked 約 (approximate)"),
    ],
}
KEYS = {
    "organisations": ["code"],
    "indicators": ["set_id", "indicator_id"],
    "figures": ["set_id", "indicator_id", "fiscal_year", "org_code"],
}


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Value]], bom: bool = True
) -> int:
    """Write a CSV file as the open data writes them (CRLF, a BOM unless ``bom`` is off,
    cells by :func:`~shinchoku.publish.opendata.csv_cell`: formulas neutralised, plain
    decimals); the number of rows written."""
    n = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
            n += 1
    return n


def _figure_rows(conn: Connection, set_id: str, names: dict[str, str]) -> Iterable[Sequence[Value]]:
    f = store.FIGURES
    q = (
        select(
            f.c.set_id,
            f.c.indicator_id,
            f.c.year,
            f.c.org_code,
            f.c.value,
            f.c.text,
            f.c.approximate,
        )
        .where(f.c.set_id == set_id)
        .order_by(f.c.set_id, f.c.indicator_id, f.c.year, f.c.org_code)
        .execution_options(yield_per=10_000)
    )
    for r in conn.execute(q):
        yield (
            r.set_id,
            r.indicator_id,
            r.year,
            r.org_code,
            names.get(r.org_code, ""),
            r.value,
            r.text,
            r.approximate,
        )


def write_open_data(
    conn: Connection,
    iset: IndicatorSet,
    registry: Registry,
    out_dir: Path,
    bom: bool = True,
    lang: str = "ja",
) -> list[Path]:
    """Write the three CSV files, the national maps (their words in ``lang``) and
    ``datapackage.json`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = {o.code: o.name for o in registry}
    orgs = [(o.code, o.name, o.kana, o.kind.value, o.parent, o.prefecture) for o in registry]
    inds = [
        (
            iset.id,
            i.id,
            i.name,
            i.unit,
            i.direction.value,
            i.computation.value,
            i.numerator,
            i.denominator,
            i.scale,
            i.definition,
        )
        for i in iset.indicators
    ]
    paths = []
    for name, rows in (
        ("organisations", orgs),
        ("indicators", inds),
        ("figures", _figure_rows(conn, iset.id, names)),
    ):
        path = out_dir / f"{name}.csv"
        write_csv(path, [field for field, _, _ in FIELDS[name]], rows, bom)
        paths.append(path)
    maps = national_maps(conn, iset, registry, lang)
    for m in maps:
        paths.append(write_file(out_dir / m.path, m.data))
    text = json.dumps(descriptor(iset, bom, maps), ensure_ascii=False, indent=2, sort_keys=True)
    (out_dir / "datapackage.json").write_text(text + "\n", encoding="utf-8")
    return [*paths, out_dir / "datapackage.json"]


@dataclass(frozen=True, slots=True)
class MapResource:
    """A map of the open data: its resource name, path in the package, title,
    attribution of its boundaries (none for the tile grid) and bytes."""

    name: str
    path: str
    title: str
    attribution: str | None
    data: bytes


def national_maps(
    conn: Connection, iset: IndicatorSet, registry: Registry, lang: str = "ja"
) -> list[MapResource]:
    """Each indicator's national tile map of the latest year with figures (an indicator
    with none has no map)."""
    cache = ComparisonCache()  # the set and its years read once for every indicator
    out = []
    for indicator in iset.indicators:
        try:
            drawn = draw(compare(conn, registry, iset.id, indicator.id, cache=cache), lang)
        except ShinchokuError as exc:
            if any(p.code != COMPARE_NOT_FOUND.code for p in exc.problems):
                raise
            continue  # no figures to draw
        stem = f"{indicator.id}-{drawn.year}"
        out.append(
            MapResource(f"map-{stem}", f"maps/{stem}.svg", drawn.title, drawn.attribution,
                        drawn.svg().encode("utf-8"))
        )  # fmt: skip
    return out


def write_map(drawn: MapFile, out: Path, table: Path | None = None, bom: bool = True) -> list[Path]:
    """Write a map as an SVG file and, with ``table``, its figures as CSV beside it
    (団体コード, 団体名, 値, 区分)."""
    paths = [write_file(out, drawn.svg())]
    if table is not None:
        write_csv(table, drawn.header, drawn.table(), bom)
        paths.append(table)
    return paths


def descriptor(
    iset: IndicatorSet, bom: bool = True, maps: Sequence[MapResource] = ()
) -> dict[str, Any]:
    resources: list[dict[str, Any]] = []
    for name, fields in FIELDS.items():
        schema: dict[str, Any] = {
            "fields": [
                {
                    "name": n,
                    "type": t,
                    "description": d,
                    **(CODE if n in ("code", "org_code") else {}),
                }
                for n, t, d in fields
            ],
            "missingValues": [""],
            "primaryKey": KEYS[name],
        }
        if name == "figures":
            schema["foreignKeys"] = [
                {
                    "fields": ["org_code"],
                    "reference": {"resource": "organisations", "fields": ["code"]},
                },
                {
                    "fields": ["set_id", "indicator_id"],
                    "reference": {"resource": "indicators", "fields": ["set_id", "indicator_id"]},
                },
            ]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig" if bom else "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": schema,
            }
        )
    for m in maps:
        resources.append(
            {
                "name": m.name,
                "path": m.path,
                "title": m.title,
                "description": (
                    "Map of the 47 prefectures as equal tiles, each coloured by its "
                    "municipalities' aggregate (実施率, pooled ratio or median) in five "
                    "quintile classes, darker is better; a standalone SVG with its legend."
                ),
                "profile": "data-resource",
                "format": "svg",
                "mediatype": "image/svg+xml",
                "encoding": "utf-8",
                "bytes": len(m.data),
                "hash": f"sha256:{hashlib.sha256(m.data).hexdigest()}",
                **({"sources": [{"title": m.attribution}]} if m.attribution else {}),
            }
        )
    return {
        # the maps are not tables: a package with them is a plain data package
        "profile": "data-package" if maps else "tabular-data-package",
        "name": f"{iset.id}-figures",
        "title": iset.name,
        "description": (
            f"Figures of the common indicators of {iset.name} for each organisation and "
            "fiscal year, keyed by 全国地方公共団体コード"
            + ("; each indicator's national map of its latest year as SVG." if maps else ".")
        ),
        "sources": [{"title": iset.source or iset.name}, {"title": f"shinchoku {__version__}"}],
        "resources": resources,
    }

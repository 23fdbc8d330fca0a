"""Open data: tidy CSV (UTF-8, BOM optional), JSON, and a Frictionless datapackage.json.

CSV column headings are Japanese (the fields' titles) for a Japanese report, or the
English keys (``header="en"``); JSON objects are always keyed by the English keys. The
descriptor's schema names the columns as the CSV heads them.

CSV: RFC 4180 (comma, CRLF, quotes as needed), empty cell for no value,
``true``/``false`` for booleans, numbers with a plain decimal point. Text
cells that a spreadsheet would run as a formula are neutralised. JSON: an
array with one object per line, numbers as numbers, ``null`` for no value.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from shinchoku import __version__
from shinchoku.method.rounding import plain_decimal
from shinchoku.publish.cells import neutralise
from shinchoku.publish.fields import Table, Value
from shinchoku.publish.output import write_file
from shinchoku.publish.view import ReportView

DESCRIPTOR = "datapackage.json"


def csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if type(value) is str:  # the most common cell, tested first
        return neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return plain_decimal(value)
    return neutralise(value)


def _json_number(value: object) -> int | float:
    """A Decimal as JSON writes it: whole as an integer, else as a float. The row encoder
    calls it for what JSON has no type for; every other value it writes as it is."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_ROW = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), default=_json_number)


def table_csv(table: Table, bom: bool = True, header: str = "en") -> bytes:
    # Encoded as written (a text layer over bytes), so a large table is held once, as UTF-8.
    raw = io.BytesIO()
    with io.TextIOWrapper(raw, "utf-8-sig" if bom else "utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([f.header(header) for f in table.fields])
        writer.writerows([csv_cell(v) for v in row] for row in table.rows)
        text.flush()
        return raw.getvalue()


def table_json(table: Table) -> bytes:
    if not table.rows:
        return b"[]\n"
    names = [f.name for f in table.fields]
    # Each row encoded into one buffer as it is made: the file is held once, not as a
    # list of lines and then again joined (kpi_values.json is 10 MB at 1,000 KPIs).
    out = io.BytesIO()
    out.write(b"[\n")
    for i, row in enumerate(table.rows):
        if i:
            out.write(b",\n")
        out.write(_ROW.encode(dict(zip(names, row, strict=True))).encode("utf-8"))
    out.write(b"\n]\n")
    return out.getvalue()


def _schema(table: Table, lang: str, header: str) -> dict[str, Any]:
    return {
        "fields": [
            {
                "name": f.header(header),
                "type": f.type,
                "title": f.title(lang),
                "description": f.description
                + (f" JSON key: {f.name}." if f.header(header) != f.name else ""),
            }
            for f in table.fields
        ],
        "missingValues": [""],
    }


def descriptor(view: ReportView, bom: bool = True, header: str | None = None) -> dict[str, Any]:
    """The Frictionless (Data Package v1) descriptor of the files."""
    resources: list[dict[str, Any]] = []
    for t in view.tables:
        schema = _schema(t, view.lang, header or view.lang)
        resources.append(
            {
                "name": t.name,
                "path": f"{t.name}.csv",
                "profile": "tabular-data-resource",
                "title": t.title(view.lang),
                "description": t.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig" if bom else "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": schema,
            }
        )
        # The JSON twin is a plain data resource: validating JSON as a table needs
        # the optional ijson parser; its fields are the CSV resource's schema.
        resources.append(
            {
                "name": f"{t.name}-json",
                "path": f"{t.name}.json",
                "profile": "data-resource",
                "title": t.title(view.lang) + " (JSON)",
                "description": (
                    f"{t.description} The same rows as {t.name}.csv, as a JSON array of "
                    f"objects keyed by the English keys of the {t.name} resource's fields."
                ),
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            }
        )
    return {
        "profile": "data-package",
        "name": f"{view.plan_id}-{view.year}",
        "title": view.title,
        "description": (
            f"Open data of the progress report of {view.plan_name.text} for "
            f"{view.year_label}: KPI values, assessments, money by area, measures and "
            "audit findings."
        ),
        "created": f"{view.as_of_date}T00:00:00Z",
        "contributors": [{"title": view.government or view.plan_name.text, "role": "publisher"}],
        "keywords": [view.plan_id, str(view.year), "KPI", "progress report"],
        "sources": [{"title": f"shinchoku {__version__}"}],
        "resources": resources,
    }


def build_data(
    view: ReportView, out_dir: Path, bom: bool = True, header: str | None = None
) -> list[Path]:
    """Write the CSV and JSON files and ``datapackage.json`` into ``out_dir``; CSV headers
    in ``header`` (ja or en; default: the report's language)."""
    heads = header or view.lang
    paths: list[Path] = []
    for t in view.tables:
        paths.append(write_file(out_dir / f"{t.name}.csv", table_csv(t, bom, heads)))
        paths.append(write_file(out_dir / f"{t.name}.json", table_json(t)))
    text = json.dumps(descriptor(view, bom, heads), ensure_ascii=False, indent=2) + "\n"
    paths.append(write_file(out_dir / DESCRIPTOR, text))
    return paths

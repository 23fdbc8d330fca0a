"""The static site: index, one page per area and per KPI, findings, methodology.

Every link is relative, so the folder works opened from disk or from any
static host; no script, no network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shinchoku.publish.output import write_file
from shinchoku.publish.templating import render, static_bytes
from shinchoku.publish.view import ReportView

STYLESHEETS = ("report.css", "site.css")


def _context(view: ReportView, root: str, current: str, **extra: Any) -> dict[str, Any]:
    return {
        "R": view,
        "L": view.labels,
        "lang": view.lang,
        "root": root,
        "site": True,
        "current": current,
        **extra,
    }


def build_html(view: ReportView, out_dir: Path) -> list[Path]:
    """Write the site under ``out_dir``; returns the files written."""
    paths = [
        write_file(out_dir / "index.html", render("index.html", **_context(view, "", "index"))),
        write_file(
            out_dir / "findings.html", render("findings.html", **_context(view, "", "findings"))
        ),
        write_file(
            out_dir / "methodology.html",
            render("methodology.html", **_context(view, "", "methodology")),
        ),
    ]
    paths += [write_file(out_dir / "static" / name, static_bytes(name)) for name in STYLESHEETS]
    top = {a.id: a.id for a in view.top_areas}
    for area in view.areas:
        current = top.get(area.parents[0].key if area.parents else area.id, area.id)
        html = render("area.html", **_context(view, "../", current, A=area))
        paths.append(write_file(out_dir / area.href, html))
    for page in view.kpis:
        html = render("kpi.html", **_context(view, "../", "", P=page))
        paths.append(write_file(out_dir / page.line.href, html))
    return paths

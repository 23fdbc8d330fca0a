"""The PDF: the same templates rendered as one document by WeasyPrint.

A4 landscape, Noto Sans CJK JP embedded (subset), running header, page X / Y,
rows never split, headers repeated. Deterministic: the document dates come
from the plan's as-of date (``dcterms.created``/``modified`` meta) and the
file identifier from the plan, year and language, never from the clock.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from shinchoku.publish.output import write_file
from shinchoku.publish.templating import render, static_bytes
from shinchoku.publish.view import ReportView

log = logging.getLogger(__name__)


def pdf_html(view: ReportView) -> str:
    """The print document as HTML (what WeasyPrint lays out)."""
    return render(
        "report.html",
        R=view,
        L=view.labels,
        lang=view.lang,
        root="",
        site=False,
        current="",
    )


def pdf_identifier(view: ReportView) -> bytes:
    key = f"shinchoku/{view.plan_id}/{view.year}/{view.lang}".encode()
    return hashlib.sha256(key).hexdigest()[:32].encode("ascii")


def render_pdf(view: ReportView) -> bytes:
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=static_bytes(name).decode("utf-8"), font_config=fonts)
        for name in ("report.css", "print.css")
    ]
    document = HTML(string=pdf_html(view), base_url=".").render(
        stylesheets=stylesheets, font_config=fonts
    )
    log.debug("PDF laid out: %d pages", len(document.pages))
    data: bytes = document.write_pdf(pdf_identifier=pdf_identifier(view))
    return data


def pdf_name(view: ReportView) -> str:
    """One report per output folder, so the name is fixed: links and scripts rely on it."""
    return "report.pdf"


def build_pdf(view: ReportView, out_dir: Path) -> Path:
    """Write ``<plan>-<year>.pdf`` into ``out_dir``."""
    return write_file(out_dir / pdf_name(view), render_pdf(view))

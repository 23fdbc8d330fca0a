"""``build_report``: every format of the report from one prepared view."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from shinchoku.model import Plan
from shinchoku.problems import Place, ShinchokuError, Wording
from shinchoku.problems.input import INVALID_REPORT_OPTION
from shinchoku.publish.html import build_html
from shinchoku.publish.labels import LANGS
from shinchoku.publish.opendata import DESCRIPTOR, build_data
from shinchoku.publish.pdf import build_pdf, pdf_name
from shinchoku.publish.prepare import prepare
from shinchoku.publish.view import Download, ReportView
from shinchoku.publish.xlsx import build_xlsx, xlsx_name

log = logging.getLogger(__name__)

FORMATS = ("html", "pdf", "xlsx", "data")
DATA_DIR = "data"

Progress = Callable[[str, int, int], None]  # (step, steps done, steps in all)


def _usage(message: str, found: str, expected: str, what: Wording) -> ShinchokuError:
    return INVALID_REPORT_OPTION.error(Place(field="report"), message, found, expected, what=what)


def parse_formats(formats: str | Iterable[str] | None) -> tuple[str, ...]:
    """'html,pdf' or ['html', 'pdf'] → ('html', 'pdf') in build order; None → all."""
    if formats is None:
        return FORMATS
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    wanted = {f.strip().lower() for f in items if f.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown or not wanted:
        raise _usage(
            "unknown report format",
            ",".join(unknown) or "(none)",
            ",".join(FORMATS),
            Wording("形式", "Format"),
        )
    return tuple(f for f in FORMATS if f in wanted)


def downloads(view: ReportView, formats: tuple[str, ...]) -> list[Download]:
    """Links from the site to the other formats built beside it."""
    L = view.labels
    out: list[Download] = []
    if "pdf" in formats:
        out.append(Download(pdf_name(view), L["download_pdf"]))
    if "xlsx" in formats:
        out.append(Download(xlsx_name(view), L["download_xlsx"]))
    if "data" in formats:
        for t in view.tables:
            out.append(
                Download(
                    f"{DATA_DIR}/{t.name}.csv", f"{L['download_data']}: {t.title(view.lang)} (CSV)"
                )
            )
        out.append(Download(f"{DATA_DIR}/{DESCRIPTOR}", L["datapackage"]))
    return out


def build_report(
    plan: Plan,
    year: int | None,
    out_dir: Path | str,
    formats: str | Iterable[str] | None = FORMATS,
    lang: str = "ja",
    bom: bool = True,
    progress: Progress | None = None,
    csv_header: str | None = None,
) -> list[Path]:
    """Build the report of ``plan`` for ``year`` into ``out_dir``; returns the files written.

    ``formats``: any of html, pdf, xlsx, data. ``lang``: ja or en (labels; data text
    stays as entered unless the dataset has ``name_en``). ``bom``: UTF-8 BOM on CSV.
    ``csv_header``: ja (Japanese titles) or en (English keys); default: ``lang``.
    """
    fmts = parse_formats(formats)
    if lang not in LANGS:
        raise _usage("unknown report language", lang, "|".join(LANGS), Wording("言語", "Language"))
    if csv_header is not None and csv_header not in LANGS:
        raise _usage(
            "unknown CSV header language",
            csv_header,
            "|".join(LANGS),
            Wording("CSV見出しの言語", "CSV header language"),
        )
    out = Path(out_dir)
    steps = ["prepare", *fmts]
    total = len(steps)

    def step(name: str, done: int) -> None:
        log.info("report: %s (%d/%d)", name, done, total)
        if progress is not None:
            progress(name, done, total)

    step("prepare", 0)
    view = prepare(plan, year, lang)
    view.downloads = downloads(view, fmts)
    paths: list[Path] = []
    for i, fmt in enumerate(fmts, 1):
        step(fmt, i)
        if fmt == "html":
            paths += build_html(view, out)
        elif fmt == "pdf":
            paths.append(build_pdf(view, out))
        elif fmt == "xlsx":
            paths.append(build_xlsx(view, out))
        else:
            paths += build_data(view, out / DATA_DIR, bom, csv_header)
    step("done", total)
    return sorted(paths)

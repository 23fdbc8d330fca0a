"""``build_report``: every format of the report from one prepared view."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from shinchoku import __version__
from shinchoku.model import Plan
from shinchoku.problems import Place, ShinchokuError, Wording
from shinchoku.problems.input import INVALID_REPORT_OPTION
from shinchoku.publish.html import build_html
from shinchoku.publish.labels import LANGS
from shinchoku.publish.opendata import DESCRIPTOR, build_data
from shinchoku.publish.output import write_file
from shinchoku.publish.pdf import build_pdf, pdf_name
from shinchoku.publish.prepare import prepare
from shinchoku.publish.view import Download, ReportView
from shinchoku.publish.xlsx import build_xlsx, xlsx_name

log = logging.getLogger(__name__)

FORMATS = ("html", "pdf", "xlsx", "data")
DATA_DIR = "data"
MANIFEST = ".shinchoku-build.json"  # an incremental build's record of its inputs and files

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
    incremental: bool = False,
) -> list[Path]:
    """Build the report of ``plan`` for ``year`` into ``out_dir``; returns the files written.

    ``formats``: any of html, pdf, xlsx, data. ``lang``: ja or en (labels; data text
    stays as entered unless the dataset has ``name_en``). ``bom``: UTF-8 BOM on CSV.
    ``csv_header``: ja (Japanese titles) or en (English keys); default: ``lang``.

    ``incremental``: reuse what the previous incremental build left in ``out_dir``. Each
    format's inputs (the prepared view, the options and the publishing code, templates
    and stylesheets) are hashed; a format whose inputs and files are as recorded is not
    built again, and of the others only files whose bytes changed are rewritten. The
    files are byte for byte those of a full build; the record is kept in ``MANIFEST``.
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
    record = _read_manifest(out) if incremental else {}
    inputs = _input_hash(view) if incremental else ""
    paths: list[Path] = []
    for i, fmt in enumerate(fmts, 1):
        step(fmt, i)
        key = hashlib.sha256(f"{inputs}\0{fmt}\0{bom}\0{csv_header}".encode()).hexdigest()
        kept = _unchanged(out, record.get(fmt), key) if incremental else None
        if kept is not None:
            paths += kept
            continue
        if fmt == "html":
            built = build_html(view, out)
        elif fmt == "pdf":
            built = [build_pdf(view, out)]
        elif fmt == "xlsx":
            built = [build_xlsx(view, out)]
        else:
            built = build_data(view, out / DATA_DIR, bom, csv_header)
        paths += built
        if incremental:
            record[fmt] = _stale_removed(out, record.get(fmt), key, built)
    if incremental:
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_file(out / MANIFEST, text)
    step("done", total)
    return sorted(paths)


@cache
def _code_hash() -> str:
    """A hash of the publishing code, templates and stylesheets: outputs change with them."""
    digest = hashlib.sha256(__version__.encode())

    def walk(node: Traversable, name: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            path = f"{name}/{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, path)
            elif not child.name.endswith((".pyc", ".pyo")):
                digest.update(f"{path}\0".encode())
                digest.update(child.read_bytes())

    walk(files("shinchoku.publish"), "publish")
    return digest.hexdigest()


def _input_hash(view: ReportView) -> str:
    """Everything a format is built from: the view (its records print all their fields,
    in a fixed order) and the code that renders it."""
    digest = hashlib.sha256(_code_hash().encode())
    digest.update(repr(view).encode("utf-8"))
    return digest.hexdigest()


def _read_manifest(out: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or not ours: everything is built
    return data if isinstance(data, dict) else {}


def _name(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix()


def _inside(out: Path, name: object) -> Path | None:
    """A file named in the record, only if the name stays inside ``out``."""
    if not isinstance(name, str):
        return None
    rel = Path(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        return None
    return out / rel


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _unchanged(out: Path, entry: object, key: str) -> list[Path] | None:
    """The format's files, when its inputs are those recorded and its files are intact."""
    if not isinstance(entry, dict) or entry.get("inputs") != key:
        return None
    recorded = entry.get("files")
    if not isinstance(recorded, dict):
        return None
    paths = [_inside(out, name) for name in recorded]
    try:
        if all(p is not None and _digest(p) == recorded.get(_name(out, p)) for p in paths):
            return [p for p in paths if p is not None]
    except OSError:  # a file removed or unreadable since: built again
        pass
    return None


def _stale_removed(out: Path, entry: object, key: str, built: list[Path]) -> dict[str, object]:
    """The format's new record; files it wrote last time and not now are removed."""
    now = {_name(out, p): _digest(p) for p in built}
    before = entry.get("files") if isinstance(entry, dict) else None
    for name in before if isinstance(before, dict) else ():
        stale = _inside(out, name) if name not in now else None
        if stale is not None:
            stale.unlink(missing_ok=True)
    return {"inputs": key, "files": dict(sorted(now.items()))}

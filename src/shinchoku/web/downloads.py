"""Downloads of a published year, made by the report package on first request and cached.

The files are what ``shinchoku.publish.build.build_report`` writes — the PDF report, the
XLSX tables, the open data (CSV, JSON, ``datapackage.json``) — built from the **public**
view of the plan (published figures only) into ``build_dir/<plan>/<year>-<revision>/``
and served from there. A new publication or edit changes the revision, so a stale file
is never served. Building is serialised per folder, so two simultaneous first requests
build once.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from shinchoku.problems import Place, Wording
from shinchoku.problems.web import DOWNLOAD_UNAVAILABLE, NOT_FOUND
from shinchoku.publish.build import DATA_DIR, build_report
from shinchoku.publish.opendata import DESCRIPTOR
from shinchoku.publish.pdf import pdf_name
from shinchoku.publish.view import ReportView
from shinchoku.publish.xlsx import xlsx_name

_YEAR, _FILE = Wording("公開年度", "published year"), Wording("ファイル", "download")

if TYPE_CHECKING:
    from shinchoku.web.service import PlanService

log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class DownloadFile:
    name: str  # the URL's last part
    fmt: str  # the report format that makes it: pdf / xlsx / data
    label: str
    media_type: str
    built_as: str  # path inside the build folder


def files(view: ReportView) -> list[DownloadFile]:
    """Every file a year offers, labelled in the view's language."""
    L = view.labels
    out = [
        DownloadFile(pdf_name(view), "pdf", L["download_pdf"], "application/pdf", pdf_name(view)),
        DownloadFile(xlsx_name(view), "xlsx", L["download_xlsx"], XLSX, xlsx_name(view)),
    ]
    for t in view.tables:
        title = f"{L['download_data']}: {t.title(view.lang)}"
        out.append(
            DownloadFile(
                f"{t.name}.csv",
                "data",
                f"{title} (CSV)",
                "text/csv; charset=utf-8",
                f"{DATA_DIR}/{t.name}.csv",
            )
        )
        out.append(
            DownloadFile(
                f"{t.name}.json",
                "data",
                f"{title} (JSON)",
                "application/json",
                f"{DATA_DIR}/{t.name}.json",
            )
        )
    out.append(
        DownloadFile(
            DESCRIPTOR, "data", L["datapackage"], "application/json", f"{DATA_DIR}/{DESCRIPTOR}"
        )
    )
    return out


class Downloads:
    def __init__(self, service: PlanService, build_dir: Path | None) -> None:
        self.service = service
        self._build_dir = build_dir
        self._own_dir: Path | None = None  # a temporary folder made on first use
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @property
    def build_dir(self) -> Path:
        if self._build_dir is not None:
            return self._build_dir
        with self._guard:
            if self._own_dir is None:
                self._own_dir = Path(tempfile.mkdtemp(prefix="shinchoku-downloads-"))
            return self._own_dir

    def close(self) -> None:
        if self._own_dir is not None:
            shutil.rmtree(self._own_dir, ignore_errors=True)

    def _lock(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def listing(self, plan_id: str, year: int, lang: str) -> list[DownloadFile]:
        view = self.service.view(plan_id, "public")
        return files(view.report(view.year(year), lang))

    def file(self, plan_id: str, year: int, filename: str) -> tuple[Path, str]:
        """(path, media type) of a download, building it first if needed."""
        view = self.service.view(plan_id, "public")
        if year not in view.years:
            raise NOT_FOUND.error(
                Place(year=year), f"FY{year} is not published", found=str(year), what=_YEAR
            )
        wanted = next((f for f in files(view.report(year, "ja")) if f.name == filename), None)
        if wanted is None:
            raise NOT_FOUND.error(
                Place(year=year), f"no download {filename!r}", found=filename, what=_FILE
            )
        content_hash, revision = self.service.workflow.revision(plan_id)
        token = hashlib.sha256(f"{content_hash}:{revision}".encode()).hexdigest()[:16]
        folder = self.build_dir / plan_id / f"{year}-{token}" / wanted.fmt
        path = folder / wanted.built_as
        with self._lock(str(folder)):
            if not path.is_file():
                tmp = folder.with_name(folder.name + ".tmp")
                shutil.rmtree(tmp, ignore_errors=True)
                tmp.mkdir(parents=True)
                try:
                    build_report(view.plan, year, tmp, formats=[wanted.fmt], lang="ja")
                except Exception as exc:
                    log.exception("building %s of %s FY%s failed", wanted.fmt, plan_id, year)
                    raise DOWNLOAD_UNAVAILABLE.error(
                        Place(year=year),
                        f"the {wanted.fmt} file cannot be produced right now",
                    ) from exc
                shutil.rmtree(folder, ignore_errors=True)
                tmp.rename(folder)
        return path, wanted.media_type

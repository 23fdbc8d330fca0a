"""Bulk survey import: every figure of a survey file into the store, or none.

Each value goes through the project's one figure parser (:class:`~shinchoku.model.Figure`);
yes/no answers are read from the marks surveys use (○/×, はい/いいえ, 1/0 …). Rows are
streamed from the file into a temporary staging table in batches (``COPY`` on
PostgreSQL, ``executemany`` on SQLite), so memory stays bounded whatever the file's size.
Duplicates are then found in SQL, the per-organisation diff is computed against the
stored figures, and the changed and new figures are written, with the comparison's
aggregates of what changed (:mod:`shinchoku.compare.aggregates`), all in one
transaction: any problem rolls everything back.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import AddConstraint, DropConstraint

from shinchoku.compare import aggregates
from shinchoku.compare.indicators import Computation, Indicator, IndicatorSet
from shinchoku.compare.problems import (
    SURVEY_DUPLICATE,
    SURVEY_INDICATOR_COMPUTED,
    SURVEY_INDICATOR_UNKNOWN,
    SURVEY_NAME_MISMATCH,
    SURVEY_NOT_ONE_NUMBER,
    SURVEY_UNIT_MISMATCH,
    SURVEY_YES_NO,
    TOO_MANY_PROBLEMS,
)
from shinchoku.compare.store import FIGURES, save_indicator_set, sync_organisations
from shinchoku.compare.survey_file import SurveyLine, read_lines
from shinchoku.japanese import ParseError, is_none_marker, normalise, parse_period
from shinchoku.model import Figure
from shinchoku.orgs import Organisation, Registry
from shinchoku.problems import Place, Problem, ShinchokuError
from shinchoku.store import Database
from shinchoku.store.tables import SurveyImportRow
from shinchoku.store.types import exact

log = logging.getLogger(__name__)

BATCH = 5000
BULK_ROWS = 20_000  # from this many new figures, PostgreSQL checks foreign keys in bulk
MAX_PROBLEMS = 200  # collected in full; beyond, only counted

YES = frozenset(
    normalise(t) for t in ("○", "〇", "◯", "はい", "有", "あり", "実施", "済", "1", "TRUE", "yes")
)
NO = frozenset(
    normalise(t) for t in ("×", "✕", "いいえ", "無", "なし", "未実施", "0", "FALSE", "no")
)

STAGE = "figure_stage"
_STAGE_COLUMNS = (
    "source",
    "set_id",
    "indicator_id",
    "year",
    "org_code",
    "value",
    "text",
    "approximate",
    "line",
    "cell",
)
StageRow = tuple[int, str, str, int, str, str | None, str, bool, int, str | None]
VALUE_CACHE = 100_000  # distinct (indicator, text) pairs remembered


@dataclass(frozen=True, slots=True)
class OrgDiff:
    """What an import does to one organisation's figures."""

    code: str
    added: int
    changed: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class ImportResult:
    file: str
    set_id: str
    rows: int
    applied: bool  # False for a dry run
    diffs: tuple[OrgDiff, ...] = field(default_factory=tuple)

    @property
    def added(self) -> int:
        return sum(d.added for d in self.diffs)

    @property
    def changed(self) -> int:
        return sum(d.changed for d in self.diffs)

    @property
    def unchanged(self) -> int:
        return sum(d.unchanged for d in self.diffs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "indicator_set": self.set_id,
            "rows": self.rows,
            "applied": self.applied,
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "organisations": [
                {"code": d.code, "added": d.added, "changed": d.changed, "unchanged": d.unchanged}
                for d in self.diffs
                if d.added or d.changed
            ],
        }


class _Problems:
    """Problems of one import: the first :data:`MAX_PROBLEMS` kept, the rest counted."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)

    def raise_if_any(self) -> None:
        if not self.count:
            return
        problems = list(self.kept)
        if self.count > len(self.kept):
            problems.append(
                TOO_MANY_PROBLEMS(
                    Place(file=self.file),
                    f"{self.count} problems in all; the first {len(self.kept)} are listed",
                    found=str(self.count),
                )
            )
        raise ShinchokuError(problems)


class _Reader:
    """Turns survey lines into staging rows, collecting problems."""

    def __init__(self, iset: IndicatorSet, registry: Registry, problems: _Problems) -> None:
        self.iset = iset
        self.registry = registry
        self.problems = problems
        self.source = 0  # index of the file being read
        self.file = problems.file
        self.years: dict[str, int] = {}
        # Lookups already made: a survey repeats each code, indicator and year many times.
        self.orgs: dict[tuple[str, str], Organisation] = {}
        self.indicators: dict[str, Indicator] = {}
        # Values already read, by indicator and text: (decimal as stored, approximate).
        self.values: dict[tuple[str, str], tuple[str | None, bool]] = {}

    def row(self, line: SurveyLine) -> StageRow | None:
        """The staging row of a survey line, or ``None`` (its problems collected)."""
        cells = line.cells
        code_text = cells["code"].text.strip()
        raw_name = cells["name"].text.strip() if "name" in cells else ""
        org = self.orgs.get((code_text, raw_name))
        if org is None:
            org = self._org(line, code_text, raw_name)
        raw_year = cells["year"].text.strip()
        year = self.years.get(raw_year)
        if year is None:
            year = self._year(raw_year, self._place(line, "year"))
        raw_indicator = cells["indicator"].text.strip()
        indicator = self.indicators.get(raw_indicator)
        if indicator is None:
            indicator = self._indicator(raw_indicator, self._place(line, "indicator"))
            if indicator is not None:
                self.indicators[raw_indicator] = indicator
        if indicator is None:
            return None
        raw = cells["value"].text.strip()
        value = self.values.get((indicator.id, raw))
        if value is None:
            value = self._value(raw, indicator, self._place(line, "value"))
            if value is None:
                return None
            if len(self.values) < VALUE_CACHE:
                self.values[indicator.id, raw] = value
        if org is None or year is None:
            return None
        number, approximate = value
        return (
            self.source,
            self.iset.id,
            indicator.id,
            year,
            org.code,
            number,
            raw,
            approximate,
            line.line,
            cells["value"].ref,
        )

    def _place(self, line: SurveyLine, column: str) -> Place:
        return Place(
            file=self.file,
            sheet=line.sheet,
            line=line.line,
            cell=line.cells[column].ref,
            field=column,
        )

    def _org(self, line: SurveyLine, code_text: str, raw_name: str) -> Organisation | None:
        """The organisation of a line, its 団体名 checked; remembered when both are right."""
        name = normalise(raw_name)
        try:
            org = self.registry.find(code_text, self._place(line, "code"), name or None)
        except ShinchokuError as exc:
            self.problems.add(exc.problem)
            return None
        if name and name not in (org.name, normalise(org.name)) and not name.endswith(org.name):
            self.problems.add(
                SURVEY_NAME_MISMATCH(
                    self._place(line, "name"),
                    f"団体コード {org.code} is {org.name}",
                    found=name,
                    expected=org.name,
                )
            )
            return None
        self.orgs[code_text, raw_name] = org
        return org

    def _year(self, raw: str, place: Place) -> int | None:
        year = self.years.get(raw)
        if year is None:
            try:
                year = parse_period(raw).fiscal_year
            except ParseError as exc:
                self.problems.add(exc.at(place).problem)
                return None
            self.years[raw] = year
        return year

    def _indicator(self, raw: str, place: Place) -> Indicator | None:
        indicator = self.iset.get(raw) or next(
            (i for i in self.iset.indicators if i.name == normalise(raw)), None
        )
        if indicator is None:
            self.problems.add(
                SURVEY_INDICATOR_UNKNOWN(
                    place,
                    f"indicator set {self.iset.id} has no indicator {raw!r}",
                    found=raw,
                )
            )
        elif not indicator.is_reported:
            self.problems.add(
                SURVEY_INDICATOR_COMPUTED(
                    place,
                    f"{indicator.id} is computed from {indicator.numerator} and "
                    f"{indicator.denominator}; report those",
                    found=raw,
                )
            )
            return None
        return indicator

    def _value(
        self, raw: str, indicator: Indicator, place: Place
    ) -> tuple[str | None, bool] | None:
        """The value as stored (exact decimal text) and the 約 flag; ``None`` on a problem."""
        if is_none_marker(raw):
            return None, False
        if indicator.computation is Computation.YES_NO:
            mark = normalise(raw)
            if mark in YES:
                return "1", False
            if mark in NO:
                return "0", False
            self.problems.add(
                SURVEY_YES_NO(
                    place, f"{indicator.id} is answered yes or no", found=raw, expected="○ or ×"
                )
            )
            return None
        try:
            figure = Figure.read(raw, indicator.unit)
        except ParseError as exc:
            self.problems.add(exc.at(place).problem)
            return None
        if figure.value is None:
            # Labelled parts without a total (「62.3%(男) 70.1%(女)」): not one figure.
            self.problems.add(
                SURVEY_NOT_ONE_NUMBER(
                    place, f"{indicator.id} takes one number per organisation", found=raw
                )
            )
            return None
        if figure.unit is not None and indicator.unit is not None and figure.unit != indicator.unit:
            self.problems.add(
                SURVEY_UNIT_MISMATCH(
                    place,
                    f"{indicator.id} is counted in {indicator.unit}",
                    found=raw,
                    expected=indicator.unit,
                )
            )
            return None
        return str(exact(figure.value)), figure.approximate


@dataclass(frozen=True, slots=True)
class Source:
    """One file of an import: its name, the SHA-256 of its bytes and its lines."""

    name: str
    sha256: str
    lines: Iterable[SurveyLine]


def import_survey(
    db: Database,
    path: str | Path,
    iset: IndicatorSet,
    registry: Registry,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    by: str | None = None,
) -> ImportResult:
    """Import a survey file all or nothing; a dry run computes the diff and writes nothing.
    ``by``: the staff account importing it, recorded with the import."""
    p = Path(path)
    source = Source(p.name, file_sha256(p), read_lines(p, sheet))
    return import_sources(db, [source], iset, registry, dry_run=dry_run, by=by)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_sources(
    db: Database,
    sources: Sequence[Source],
    iset: IndicatorSet,
    registry: Registry,
    *,
    dry_run: bool = False,
    label: str | None = None,
    by: str | None = None,
) -> ImportResult:
    """Import the lines of several files in one transaction, all or nothing.

    Each file is recorded as one import (its figures point to it: file, row or cell),
    with ``by``, the staff account importing it; the 照会 replies of a prefecture's
    municipalities come in this way, one file each.
    """
    name = label or ", ".join(s.name for s in sources)
    problems = _Problems(name)
    reader = _Reader(iset, registry, problems)
    clock = _Clock(name)
    counts: list[int] = []
    with db.engine.connect() as conn, conn.begin() as tx:
        sync_organisations(conn, registry)
        save_indicator_set(conn, iset)
        _create_stage(conn)
        batch: list[StageRow] = []
        for n, source in enumerate(sources):
            reader.source, reader.file = n, source.name
            count = 0
            for line in source.lines:
                row = reader.row(line)
                count += 1
                if row is not None and not problems.count:
                    batch.append(row)
                    if len(batch) >= BATCH:
                        _stage(conn, batch)
                        batch.clear()
            counts.append(count)
        if batch and not problems.count:
            _stage(conn, batch)
        clock.lap("read and staged")
        if not problems.count:
            # A unique index finds duplicates while it is built; only when it fails are
            # they listed (a second pass, on a file that is refused anyway).
            try:
                with conn.begin_nested():
                    conn.exec_driver_sql(f"CREATE UNIQUE INDEX {STAGE}_key ON {STAGE} ({_KEYS})")
            except IntegrityError:
                for problem in _duplicates(conn, [s.name for s in sources]):
                    problems.add(problem)
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"ANALYZE {STAGE}")
            clock.lap("checked for duplicates")
        if problems.count:
            tx.rollback()
            problems.raise_if_any()
        diffs = _diffs(conn)
        clock.lap("diffed")
        if not dry_run:
            changed = any(d.changed for d in diffs)
            added = sum(d.added for d in diffs)
            import_ids = _apply(
                conn,
                [(s.name, s.sha256, c) for s, c in zip(sources, counts, strict=True)],
                iset.id,
                changed=changed,
                added=added,
                by=by,
            )
            clock.lap("written")
            # the comparison's aggregates of what changed, with the figures or not at all
            aggregates.refresh(conn, iset, registry, import_ids if changed or added else ())
            clock.lap("aggregated")
        conn.exec_driver_sql(f"DROP TABLE {STAGE}")
        if dry_run:
            tx.rollback()
    result = ImportResult(name, iset.id, sum(counts), not dry_run, tuple(diffs))
    log.info(
        "survey %s: %d rows, %d added, %d changed", name, result.rows, result.added, result.changed
    )
    return result


def _create_stage(conn: Connection) -> None:
    on_commit = " ON COMMIT DROP" if conn.dialect.name == "postgresql" else ""
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {STAGE} (source INTEGER NOT NULL, set_id TEXT NOT NULL,"
        " indicator_id TEXT NOT NULL, year INTEGER NOT NULL, org_code VARCHAR(6) NOT NULL,"
        " value TEXT, text TEXT NOT NULL,"
        f" approximate BOOLEAN NOT NULL, line INTEGER NOT NULL, cell VARCHAR(16)){on_commit}"
    )


def _stage(conn: Connection, rows: list[StageRow]) -> None:
    if conn.dialect.name == "postgresql":
        raw: Any = conn.connection.driver_connection
        with (
            raw.cursor() as cur,
            cur.copy(f"COPY {STAGE} ({', '.join(_STAGE_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join("?" for _ in _STAGE_COLUMNS)
    conn.exec_driver_sql(
        f"INSERT INTO {STAGE} ({', '.join(_STAGE_COLUMNS)}) VALUES ({placeholders})", rows
    )


def _duplicates(conn: Connection, files: list[str]) -> Iterator[Problem]:
    rows = conn.exec_driver_sql(
        "SELECT indicator_id, year, org_code, MIN(line), MAX(line), COUNT(*), MAX(source)"
        f" FROM {STAGE} GROUP BY set_id, indicator_id, year, org_code HAVING COUNT(*) > 1"
        f" ORDER BY MIN(source), MIN(line) LIMIT {MAX_PROBLEMS}"
    )
    for indicator, year, code, first, last, n, source in rows:
        yield SURVEY_DUPLICATE(
            Place(file=files[source], line=last, year=year, field="value"),
            f"{n} rows give {code}'s {indicator} for FY{year}; the first is line {first}",
            found=code,
        )


_KEYS = "set_id, indicator_id, year, org_code"
_KEY = (
    "f.set_id = s.set_id AND f.indicator_id = s.indicator_id"
    " AND f.year = s.year AND f.org_code = s.org_code"
)


def _diffs(conn: Connection) -> list[OrgDiff]:
    rows = conn.exec_driver_sql(
        "SELECT s.org_code,"
        " SUM(CASE WHEN f.org_code IS NULL THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN f.org_code IS NOT NULL AND f.text <> s.text THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN f.text = s.text THEN 1 ELSE 0 END)"
        f" FROM {STAGE} s LEFT JOIN figures f ON {_KEY}"
        " GROUP BY s.org_code ORDER BY s.org_code"
    )
    return [OrgDiff(code, int(a), int(c), int(u)) for code, a, c, u in rows]


class _Clock:
    """Logs the time each phase of an import took (``--debug`` shows them)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.last = time.perf_counter()

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        log.debug("survey %s: %s in %.1f s", self.file, what, now - self.last)
        self.last = now


def _apply(
    conn: Connection,
    sources: list[tuple[str, str, int]],
    set_id: str,
    *,
    changed: bool,
    added: int,
    by: str | None,
) -> list[int]:
    """Record the imports (file, SHA-256, rows); replace the changed figures and insert
    the new ones, each pointing to its file's import. Returns the imports' ids.

    PostgreSQL checks foreign keys row by row, which triples the time of a large insert;
    the staged rows are already known to refer to stored organisations and indicators,
    so for a bulk insert the figures' foreign keys are dropped and added back (validated
    over the whole table in one pass) inside the same transaction. Readers of ``figures``
    wait for that transaction's end.
    """
    now = datetime.now(UTC)
    import_ids = [
        conn.execute(
            insert(SurveyImportRow.__table__).returning(SurveyImportRow.__table__.c.id),  # type: ignore[arg-type]
            {
                "set_id": set_id,
                "file": name,
                "sha256": sha,
                "rows": count,
                "imported_at": now,
                "imported_by": by,
            },
        ).scalar_one()
        for name, sha, count in sources
    ]
    value = "CAST(s.value AS NUMERIC)" if conn.dialect.name == "postgresql" else "s.value"
    if changed:
        conn.exec_driver_sql(
            "DELETE FROM figures WHERE EXISTS (SELECT 1 FROM "
            f"{STAGE} s WHERE {_KEY.replace('f.', 'figures.')} AND s.text <> figures.text)"
        )
    if not (changed or added):
        return import_ids
    bulk = conn.dialect.name == "postgresql" and added >= BULK_ROWS
    keys = sorted(FIGURES.foreign_key_constraints, key=lambda c: str(c.name))
    if bulk:
        for fk in keys:
            conn.execute(DropConstraint(fk))
    for source, import_id in enumerate(import_ids):
        conn.execute(
            text(
                "INSERT INTO figures (set_id, indicator_id, year, org_code, value, text,"
                " approximate, import_id, line, cell)"
                f" SELECT s.set_id, s.indicator_id, s.year, s.org_code, {value}, s.text,"
                f" s.approximate, :import_id, s.line, s.cell FROM {STAGE} s"
                f" WHERE s.source = :source AND NOT EXISTS (SELECT 1 FROM figures f WHERE {_KEY})"
            ),
            {"import_id": import_id, "source": source},
        )
    if bulk:
        for fk in keys:
            conn.execute(AddConstraint(fk))
    return import_ids

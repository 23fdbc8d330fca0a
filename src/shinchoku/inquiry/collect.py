"""Collecting replies: check, read, validate, diff, and apply all of them or none.

Every file goes through the same steps — :mod:`~shinchoku.inquiry.guard` (a regular
file, size, zip, macros, bombs, XML entities, sheet extent),
:mod:`~shinchoku.inquiry.reader` (python-calamine),
:func:`~shinchoku.inquiry.identity.check_identity` (plan, year, keys, fingerprint,
signature, ownership) and :func:`~shinchoku.inquiry.replies.edits_of` (the cells) — and
every error of every file is gathered. Any error: nothing is written and one
:class:`ShinchokuError` carries them all. Otherwise the edits are merged into one copy
of the plan, the findings are computed, and the plan and the reply rows are written in
one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shinchoku.inquiry import codes as c
from shinchoku.inquiry import records
from shinchoku.inquiry.checks import audit_findings, figure_findings
from shinchoku.inquiry.guard import Checked, Limits, check_file
from shinchoku.inquiry.identity import check_identity
from shinchoku.inquiry.index import PlanIndex
from shinchoku.inquiry.merge import Change, merge
from shinchoku.inquiry.reader import RawReply, read_reply
from shinchoku.inquiry.replies import Edit, edits_of
from shinchoku.model import Plan, Provenance
from shinchoku.model.years import require_year
from shinchoku.problems import Place, Problem, Report, Severity, ShinchokuError, Wording
from shinchoku.store import Database
from shinchoku.store.history import Workflow
from shinchoku.store.secret import installation_secret
from shinchoku.wording import Names, problem_message, report_lines, severity_label

log = logging.getLogger(__name__)

# Files a folder is searched for; a file named explicitly is always read.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods")


@dataclass(slots=True)
class ReplyResult:
    """One reply: which form, what it changes, what was found."""

    file: str
    checksum: str
    form: str
    label: str
    changes: list[Change] = field(default_factory=list)
    findings: list[Problem] = field(default_factory=list)
    already_collected: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "checksum": self.checksum,
            "form": self.form,
            "label": self.label,
            "already_collected": self.already_collected,
            "changes": [ch.to_dict() for ch in self.changes],
            "findings": [p.to_dict() for p in self.findings],
        }


@dataclass(slots=True)
class CollectResult:
    plan_id: str
    year: int
    replies: list[ReplyResult]
    report: Report  # findings (warnings, notes) of the whole batch
    applied: bool  # written to the database
    dry_run: bool
    written: dict[str, int] = field(default_factory=dict)
    plan: Plan | None = field(default=None, repr=False, compare=False)  # names its findings

    @property
    def changes(self) -> list[Change]:
        return [ch for r in self.replies for ch in r.changes]

    def to_text(self, lang: str = "ja") -> str:
        """The diff per division, the findings, and what was done, in ``lang``."""
        names = Names.of(self.plan, lang) if self.plan is not None else None
        lines: list[str] = []
        for r in self.replies:
            lines.append(f"{r.label} — {r.file}")
            if r.already_collected:
                lines.append("  " + _WORDS["already"].get(lang))
            elif not r.changes:
                lines.append("  " + _WORDS["none"].get(lang))
            for ch in r.changes:
                what = _CHANGE_FIELDS.get(ch.field, Wording(ch.field, ch.field)).get(lang)
                lines.append(
                    f"  {ch.place.sheet}!{ch.place.cell}  {ch.subject}  {what}: {ch.old} → {ch.new}"
                )
            for p in r.findings:
                lines.append(
                    f"  {severity_label(p.severity, lang)} [{p.code}] {_where(p, lang)}"
                    f"{problem_message(p, lang, names)}"
                )
        others = [p for p in self.report.sorted() if p.place.file not in self._files()]
        lines += report_lines(others, lang, names)
        n, replies = len(self.changes), len(self.replies)
        if self.dry_run:
            lines.append(_WORDS["dry-run"].get(lang).format(n=n))
        elif self.applied:
            lines.append(_WORDS["applied"].get(lang).format(n=n, replies=replies))
        else:
            lines.append(_WORDS["nothing"].get(lang))
        return "\n".join(lines)

    def _files(self) -> set[str | None]:
        return {r.file for r in self.replies}

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan_id,
            "year": self.year,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "written": dict(sorted(self.written.items())),
            "replies": [r.to_dict() for r in self.replies],
            "findings": [p.to_dict() for p in self.report.sorted()],
        }


def collect(
    paths: Iterable[str | Path],
    year: int,
    *,
    database: Database | None = None,
    plan: Plan | None = None,
    dry_run: bool = False,
    limits: Limits | None = None,
    now: datetime | None = None,
) -> CollectResult:
    """Collect reply files (or folders of them) for fiscal year ``year``.

    With ``database`` the plan is loaded from it and, unless ``dry_run``, the replies are
    applied to it in one transaction; a reply collected before (same SHA-256) is skipped.
    With ``plan`` only (a dataset), it is a dry run.
    Raises :class:`ShinchokuError` carrying every error of every file; nothing is
    written then.
    """
    if (database is None) == (plan is None):
        raise ValueError("give exactly one of database= and plan=")
    limits = limits or Limits()
    now = now or datetime.now(UTC)
    files = expand(paths)
    if not files:
        raise ShinchokuError(
            c.FILE_NOT_FOUND(Place(), "no reply files given (or none in the folder)")
        )

    errors: list[Problem] = []
    raw: list[RawReply] = []
    for path in files:
        try:
            raw.append(read_reply(check_file(path, limits)))
        except ShinchokuError as exc:  # refused: not a safe workbook, or not a form
            errors.extend(exc.problems)
        log.debug("read %s", path)

    based_on: tuple[str | None, int] | None = None
    if plan is None:
        assert database is not None
        plan, based_on = _load_current(database, raw, errors)
    require_year(plan, year)
    made: dict[str, records.FormRecord] = {}
    known: set[tuple[str, str]] = set()
    secret: bytes | None = None
    if database is not None:
        secret = installation_secret(database)
        made = records.forms_of(database, plan.id, year)
        known = {(r.form, r.checksum) for r in records.replies_of(database, plan.id, year)}
        if Workflow(database).status(plan.id, year).is_published:
            errors.append(
                c.YEAR_PUBLISHED(
                    Place(year=year),
                    f"FY{year} of {plan.id} is published and locked; reopen the year first",
                    change=Wording("", ""),
                )
            )

    index = PlanIndex(plan)
    warnings: list[Problem] = []
    results: list[ReplyResult] = []
    edits: list[Edit] = []
    by_form: dict[str, RawReply] = {}
    seen: dict[str, str] = {}
    for reply in raw:
        checksum = reply.checked.checksum
        if checksum in seen:
            warnings.append(
                c.ALREADY_COLLECTED(
                    Place(file=reply.file), f"the same file as {seen[checksum]}; read once"
                )
            )
            continue
        seen[checksum] = reply.file
        problems = check_identity(
            reply, index, year, secret, verify=database is not None and not dry_run
        )
        if problems:
            errors.extend(problems)
            continue
        form = reply.meta["form"]
        label = reply.meta.get("label", form)
        if (form, checksum) in known:
            # Collected before: applying it again could only undo later corrections.
            results.append(ReplyResult(reply.file, checksum, form, label, already_collected=True))
            continue
        if form in by_form:
            errors.append(
                c.DUPLICATE_REPLY(
                    Place(file=reply.file),
                    f"{by_form[form].file} is a different reply for the same form "
                    f"({reply.meta.get('label', form)}); collect one of them",
                    reply.file,
                    by_form[form].file,
                )
            )
            continue
        by_form[form] = reply
        warnings.extend(reply.warnings)
        recorded = made.get(form)
        if recorded is not None and recorded.fingerprint != reply.meta.get("fingerprint"):
            warnings.append(
                c.FORM_SUPERSEDED(
                    Place(file=reply.file),
                    f"forms were made again on {recorded.made_at:%Y-%m-%d}; this reply is "
                    "from an earlier form, its rows still match the plan",
                )
            )
        provenance = Provenance(
            source="inquiry", file=reply.file, checksum=checksum, at=now.isoformat()
        )
        interpreted = edits_of(reply, index, year, provenance)
        errors.extend(interpreted.errors)
        warnings.extend(interpreted.warnings)
        edits.extend(interpreted.edits)
        results.append(ReplyResult(reply.file, checksum, form, label))

    merged = merge(index, year, edits)
    errors.extend(merged.errors)
    if errors:
        raise ShinchokuError(sorted(errors, key=Problem.sort_key))

    warnings.extend(merged.warnings)
    warnings.extend(figure_findings(index, year, merged.applied))
    warnings.extend(audit_findings(merged.index, year, merged.applied))
    for result in results:
        result.changes = [ch for ch in merged.changes if ch.form == result.form]
        result.findings = sorted(
            (w for w in warnings if w.place.file == result.file), key=Problem.sort_key
        )
    report = Report(list(warnings))

    written: dict[str, int] = {}
    applied = False
    pending = [r for r in results if not r.already_collected]
    dry_run = dry_run or database is None
    if database is not None and not dry_run and pending:
        written = records.apply(
            database,
            merged.plan,
            year,
            [_record(r, by_form[r.form], now) for r in pending],
            now,
            based_on,
        )
        applied = True
        log.info("collected %d replies for %s FY%d: %s", len(pending), plan.id, year, written)
    order = {u.id: n for n, u in enumerate(plan.org_units)}
    results.sort(key=lambda r: (order.get(r.form, len(order)), r.file))
    return CollectResult(plan.id, year, results, report, applied, dry_run, written, plan)


def _where(p: Problem, lang: str) -> str:
    cell = f"{p.place.sheet}!{p.place.cell} " if p.place.cell else ""
    if p.found is None:
        return cell
    return cell + (f"（記載「{p.found}」） " if lang == "ja" else f"(found {p.found}) ")


# What collect says, in Japanese and English.
_WORDS = {
    "already": Wording("回収済みの回答のため読み飛ばしました", "already collected before: skipped"),
    "none": Wording("変更なし", "no changes"),
    "dry-run": Wording(
        "試行: {n}件の変更があります。何も書き込んでいません",
        "dry run: {n} change(s) found, nothing written",
    ),
    "applied": Wording(
        "{replies}件の回答から{n}件の変更を一度に反映しました",
        "applied {n} change(s) from {replies} reply(ies) in one transaction",
    ),
    "nothing": Wording(
        "書き込むものはありません（どの回答も回収済みです）",
        "nothing to write: every reply was collected before",
    ),
}
# Change.field, as the form labels it, and in English.
_CHANGE_FIELDS = {
    "実績値": Wording("実績値", "actual"),
    "達成状況": Wording("達成状況", "declared grade"),
    "要因分析": Wording("要因分析", "factor analysis"),
    "達成状況・要因分析": Wording("達成状況・要因分析", "declared grade and analysis"),
    "事業数・金額": Wording("事業数・金額", "projects and money"),
    "主要取組": Wording("主要取組", "main initiatives"),
}


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the workbooks in each folder (not Office lock files), sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.iterdir()
                    if f.is_file()
                    and f.suffix.lower() in WORKBOOK_SUFFIXES
                    and not f.name.startswith(("~$", ".~lock"))
                )
            )
        else:
            out.append(p)
    return out


def _load_current(
    database: Database, raw: list[RawReply], errors: list[Problem]
) -> tuple[Plan, tuple[str | None, int]]:
    """The stored plan and the version it is: read again if it changed while read."""
    plan_id = _load_plan(database, raw, errors).id
    wf = Workflow(database)
    while True:
        before = wf.revision(plan_id)
        plan = database.load_plan(plan_id)
        if wf.revision(plan_id) == before:
            return plan, before


def _load_plan(database: Database, raw: list[RawReply], errors: list[Problem]) -> Plan:
    ids = sorted({r.meta.get("plan", "") for r in raw} - {""})
    stored = dict(database.list_plans())
    candidates = [i for i in ids if i in stored]
    if len(stored) == 1:
        return database.load_plan(next(iter(stored)))
    if len(candidates) == 1:
        return database.load_plan(candidates[0])
    raise ShinchokuError(
        [
            *errors,
            c.WRONG_PLAN(
                Place(),
                "cannot tell which stored plan the replies are for",
                ", ".join(ids) or "(none)",
                ", ".join(sorted(stored)) or "(no plan stored)",
            ),
        ]
    )


def _record(result: ReplyResult, reply: RawReply, now: datetime) -> records.ReplyRecord:
    return records.ReplyRecord(
        form=result.form,
        checksum=result.checksum,
        file_name=result.file,
        size=len(reply.checked.data),
        fingerprint=reply.meta.get("fingerprint", ""),
        collected_at=now,
        changes=len(result.changes),
        findings=[p.to_dict() for p in result.findings if p.severity is not Severity.INFO],
    )


__all__ = ["Checked", "CollectResult", "ReplyResult", "collect", "expand"]

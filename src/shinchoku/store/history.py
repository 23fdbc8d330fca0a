"""The year workflow and the change log.

A fiscal year is **open** (figures may be edited) or **published** (locked; the public
sees it). Inside an open year each org unit (division) goes draft → submitted →
reviewed; an admin publishes the year, which stores a snapshot of the year's figures —
the public pages read the snapshot, so reopening a year to correct it does not show
half-made corrections. Every step is a :class:`YearEventRow`; every changed figure is a
:class:`ChangeRow` (who, when, field, before, after).

``plan_revisions`` counts every change a plan's figures or workflow go through, so a
reader can cache what it computed from the plan per (plan, revision).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    Connection,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from shinchoku.model import Plan
from shinchoku.problems import FiscalYear, Place, Wording
from shinchoku.problems import store as s_
from shinchoku.problems.store import UNIT_ACTION_WORDS, UNIT_STATE_WORDS, plan_named
from shinchoku.store.accounts import utcnow
from shinchoku.store.database import Database, read_plan
from shinchoku.store.tables import (
    ChangeRow,
    PlanRevisionRow,
    PlanRow,
    PublishedYearRow,
    SentMailRow,
    UnitStateRow,
    YearDeadlineRow,
    YearEventRow,
    YearStateRow,
)
from shinchoku.store.years import lock_plan
from shinchoku.workflow import (
    Action,
    UnitState,
    YearState,
    YearStatus,
    submitting_units,
    unit_step,
)

# -- records -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeEntry:
    id: int
    at: datetime
    user: str
    source: str
    entity: str
    kpi_id: str | None
    measure_id: str | None
    year: int
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class YearEvent:
    year: int
    action: str
    org_unit_id: str | None
    user: str
    at: datetime
    note: str | None


@dataclass(frozen=True, slots=True)
class ChangeFilter:
    """Which changes to list: any combination; None (or empty) means any."""

    kpi_id: str | None = None
    measure_ids: frozenset[str] = frozenset()  # with kpi_id: either matches
    kpi_ids: frozenset[str] | None = None  # a division's KPIs (with measure_ids: either)
    user: str | None = None
    since: date | None = None  # from this day (in Japan), inclusive
    until: date | None = None  # to this day (in Japan), inclusive
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    year: int
    deadline: date
    set_at: datetime
    set_by: str


@dataclass(frozen=True, slots=True)
class SentMail:
    id: int
    year: int
    kind: str
    org_unit_id: str | None
    recipient: str
    subject: str
    sent_by: str
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The figures of one published year: observation and measure-year dumps."""

    year: int
    observations: dict[str, dict[str, Any]]
    measure_years: dict[str, dict[str, Any]]


def _state_words(row: YearStateRow | None) -> Wording:
    return s_.YEAR_STATE_WORDS[YearState(row.state) if row is not None else None]


def bump_revision(s: Session, plan_id: str) -> None:
    """Count one more change of the plan (inside the caller's transaction)."""
    done = s.execute(
        update(PlanRevisionRow)
        .where(PlanRevisionRow.plan_id == plan_id)
        .values(revision=PlanRevisionRow.revision + 1)
    )
    if getattr(done, "rowcount", 0) == 0:
        s.add(PlanRevisionRow(plan_id=plan_id, revision=1))
        s.flush()


def plan_version(conn: Connection, plan_id: str) -> tuple[str | None, int]:
    """(content hash, web revision) of a stored plan, read on ``conn``: a load changes the
    first, every edit and workflow step the second."""
    row = conn.execute(
        select(PlanRow.content_hash, PlanRevisionRow.revision)
        .select_from(PlanRow)
        .outerjoin(PlanRevisionRow, PlanRevisionRow.plan_id == PlanRow.id)
        .where(PlanRow.id == plan_id)
    ).first()
    if row is None:
        return None, 0
    return row[0], int(row[1] or 0)


def snapshot_of(plan: Plan, year: int) -> Snapshot:
    return Snapshot(
        year=year,
        observations={
            k.id: k.observations[year].model_dump(mode="json", exclude_none=True)
            for k in plan.kpis
            if year in k.observations
        },
        measure_years={
            m.id: m.years[year].model_dump(mode="json", exclude_none=True)
            for _, m in plan.measures()
            if year in m.years
        },
    )


# The change log's days are Japan's (the times are stored in UTC).
JST = timezone(timedelta(hours=9), "JST")


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=JST)


def _require_year_of_plan(s: Session, plan_id: str, year: int) -> None:
    """Refuse a plan that is not stored (``plan-not-found``) or a year outside its period
    (``year-outside-plan``)."""
    period = s.execute(
        select(PlanRow.period_start, PlanRow.period_end).where(PlanRow.id == plan_id)
    ).first()
    if period is None:
        raise s_.PLAN_NOT_FOUND.error(Place(year=year), plan=plan_named(plan_id))
    if not period[0] <= year <= period[1]:
        raise s_.YEAR_OUTSIDE_PLAN.error(
            Place(year=year),
            found=str(year),
            start=FiscalYear(period[0]),
            end=FiscalYear(period[1]),
        )


def _mail(row: SentMailRow) -> SentMail:
    return SentMail(
        id=row.id,
        year=row.year,
        kind=row.kind,
        org_unit_id=row.org_unit_id,
        recipient=row.recipient,
        subject=row.subject,
        sent_by=row.sent_by,
        sent_at=row.sent_at,
    )


class Workflow:
    """Open → divisions submitted → reviewed → published; reopen recorded."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading -------------------------------------------------------------------

    def revision(self, plan_id: str) -> tuple[str | None, int]:
        """(content hash of the stored plan, web revision): changes when anything does."""
        with self.db.engine.connect() as conn:
            return plan_version(conn, plan_id)

    def years(self, plan_id: str) -> dict[int, YearStatus]:
        with self.db.reading() as s:
            states = {
                r.year: YearState(r.state)
                for r in s.scalars(select(YearStateRow).where(YearStateRow.plan_id == plan_id))
            }
            by_year: dict[int, dict[str, UnitState]] = {}
            for u in s.scalars(select(UnitStateRow).where(UnitStateRow.plan_id == plan_id)):
                by_year.setdefault(u.year, {})[u.org_unit_id] = UnitState(u.state)
            pub = {
                p.year: (p.published_at, p.published_by, p.revision)
                for p in s.scalars(
                    select(PublishedYearRow).where(PublishedYearRow.plan_id == plan_id)
                )
            }
        out: dict[int, YearStatus] = {}
        for year in sorted(set(states) | set(pub)):
            at, by, times = pub.get(year, (None, None, 0))
            out[year] = YearStatus(
                year=year,
                state=states.get(year),
                units=by_year.get(year, {}),
                published_at=at,
                published_by=by,
                times_published=times,
            )
        return out

    def status(self, plan_id: str, year: int) -> YearStatus:
        return self.years(plan_id).get(year) or YearStatus(year=year, state=None, units={})

    def open_year(self, plan_id: str) -> int | None:
        """The year currently open for editing, if any."""
        open_years = [y for y, st in self.years(plan_id).items() if st.is_open]
        return max(open_years) if open_years else None

    def snapshots(self, plan_id: str) -> dict[int, Snapshot]:
        with self.db.reading() as s:
            rows = s.scalars(
                select(PublishedYearRow)
                .where(PublishedYearRow.plan_id == plan_id)
                .order_by(PublishedYearRow.year)
            ).all()
            return {
                r.year: Snapshot(
                    year=r.year,
                    observations=dict(r.snapshot.get("observations", {})),
                    measure_years=dict(r.snapshot.get("measure_years", {})),
                )
                for r in rows
            }

    def events(self, plan_id: str, year: int | None = None) -> list[YearEvent]:
        with self.db.reading() as s:
            q = select(YearEventRow).where(YearEventRow.plan_id == plan_id)
            if year is not None:
                q = q.where(YearEventRow.year == year)
            rows = s.scalars(q.order_by(YearEventRow.id)).all()
            return [
                YearEvent(r.year, r.action, r.org_unit_id, r.user_name, r.at, r.note) for r in rows
            ]

    def changes(
        self, plan_id: str, kpi_id: str | None = None, measure_ids: Iterable[str] = ()
    ) -> list[ChangeEntry]:
        """The change log of a KPI (its figures and its measures' texts), newest first."""
        return self.find_changes(plan_id, ChangeFilter(kpi_id, frozenset(measure_ids)))

    def find_changes(
        self, plan_id: str, which: ChangeFilter, limit: int | None = None
    ) -> list[ChangeEntry]:
        """The change log filtered by KPI or division, user and day, newest first."""
        with self.db.reading() as s:
            q = select(ChangeRow).where(ChangeRow.plan_id == plan_id)
            conds = []
            if which.kpi_id is not None:
                conds.append(ChangeRow.kpi_id == which.kpi_id)
            if which.kpi_ids is not None:
                conds.append(ChangeRow.kpi_id.in_(sorted(which.kpi_ids)))
            if which.measure_ids:
                conds.append(ChangeRow.measure_id.in_(sorted(which.measure_ids)))
            if conds:
                q = q.where(or_(*conds))
            if which.user is not None:
                q = q.where(ChangeRow.user_name == which.user)
            if which.year is not None:
                q = q.where(ChangeRow.year == which.year)
            if which.since is not None:
                q = q.where(ChangeRow.at >= _day_start(which.since))
            if which.until is not None:
                q = q.where(ChangeRow.at < _day_start(which.until + timedelta(days=1)))
            q = q.order_by(ChangeRow.id.desc())
            if limit is not None:
                q = q.limit(limit)
            return [
                ChangeEntry(
                    id=r.id,
                    at=r.at,
                    user=r.user_name,
                    source=r.source,
                    entity=r.entity,
                    kpi_id=r.kpi_id,
                    measure_id=r.measure_id,
                    year=r.year,
                    field=r.field,
                    before=r.before,
                    after=r.after,
                )
                for r in s.scalars(q)
            ]

    def change_users(self, plan_id: str) -> list[str]:
        """Everyone who changed a figure of the plan, by name."""
        with self.db.reading() as s:
            return list(
                s.scalars(
                    select(ChangeRow.user_name)
                    .where(ChangeRow.plan_id == plan_id)
                    .distinct()
                    .order_by(ChangeRow.user_name)
                )
            )

    # -- deadlines and mails ---------------------------------------------------------

    def deadline(self, plan_id: str, year: int) -> Deadline | None:
        with self.db.reading() as s:
            row = s.get(YearDeadlineRow, (plan_id, year))
            if row is None:
                return None
            return Deadline(row.year, row.deadline, row.set_at, row.set_by)

    def set_deadline(self, plan_id: str, year: int, deadline: date, user: str) -> Deadline:
        """Set (or move) the date the divisions submit the year's figures by."""
        with self.db.session() as s:
            _require_year_of_plan(s, plan_id, year)
            row = s.get(YearDeadlineRow, (plan_id, year))
            now = utcnow()
            if row is None:
                s.add(
                    YearDeadlineRow(
                        plan_id=plan_id, year=year, deadline=deadline, set_at=now, set_by=user
                    )
                )
            else:
                row.deadline, row.set_at, row.set_by = deadline, now, user
            bump_revision(s, plan_id)
        return Deadline(year, deadline, now, user)

    def record_mail(
        self,
        plan_id: str,
        year: int,
        kind: str,
        unit: str | None,
        recipient: str,
        subject: str,
        user: str,
    ) -> SentMail:
        """Record one e-mail that was handed to the mail server."""
        with self.db.session() as s:
            row = SentMailRow(
                plan_id=plan_id,
                year=year,
                kind=kind,
                org_unit_id=unit,
                recipient=recipient[:254],
                subject=subject,
                sent_by=user[:64],
                sent_at=utcnow(),
            )
            s.add(row)
            s.flush()
            return _mail(row)

    def mails(self, plan_id: str, year: int | None = None) -> list[SentMail]:
        """The e-mails sent, newest first."""
        with self.db.reading() as s:
            q = select(SentMailRow).where(SentMailRow.plan_id == plan_id)
            if year is not None:
                q = q.where(SentMailRow.year == year)
            return [_mail(r) for r in s.scalars(q.order_by(SentMailRow.id.desc()))]

    def returns(self, plan_id: str, year: int) -> dict[str, YearEvent]:
        """The latest return of each division in ``year`` still in force (no submit since)."""
        out: dict[str, YearEvent] = {}
        for e in self.events(plan_id, year):
            if e.org_unit_id is None:
                continue
            if e.action == Action.RETURN.value:
                out[e.org_unit_id] = e
            elif e.action == Action.SUBMIT.value:
                out.pop(e.org_unit_id, None)
        return out

    # -- transitions -----------------------------------------------------------------

    def _event(
        self,
        s: Session,
        plan_id: str,
        year: int,
        action: Action,
        user: str,
        unit: str | None = None,
        note: str | None = None,
    ) -> None:
        s.add(
            YearEventRow(
                plan_id=plan_id,
                year=year,
                action=action.value,
                org_unit_id=unit,
                user_name=user,
                at=utcnow(),
                note=note,
            )
        )
        bump_revision(s, plan_id)

    def _state_row(self, s: Session, plan_id: str, year: int) -> YearStateRow | None:
        return s.get(YearStateRow, (plan_id, year))

    @contextmanager
    def _transition(self, plan_id: str) -> Iterator[Session]:
        """A writing session holding the plan's write lock: no figure changes meanwhile."""
        with self.db.session() as s:
            lock_plan(s.connection(), plan_id, exclusive=True)
            yield s

    def open(self, plan_id: str, year: int, user: str) -> None:
        """Open a year of the plan's period that was never opened; one open year at a time."""
        with self._transition(plan_id) as s:
            _require_year_of_plan(s, plan_id, year)
            if self._state_row(s, plan_id, year) is not None:
                raise s_.YEAR_ALREADY_OPENED.error(Place(year=year))
            other = s.scalar(
                select(YearStateRow.year).where(
                    YearStateRow.plan_id == plan_id, YearStateRow.state == YearState.OPEN.value
                )
            )
            if other is not None:
                raise s_.ANOTHER_YEAR_OPEN.error(Place(year=year), other=FiscalYear(other))
            s.add(
                YearStateRow(
                    plan_id=plan_id,
                    year=year,
                    state=YearState.OPEN.value,
                    updated_at=utcnow(),
                    updated_by=user,
                )
            )
            self._event(s, plan_id, year, Action.OPEN, user)

    def _set_unit(
        self,
        plan_id: str,
        year: int,
        unit: str,
        user: str,
        action: Action,
        note: str | None = None,
    ) -> None:
        with self._transition(plan_id) as s:
            st = self._state_row(s, plan_id, year)
            if st is None or st.state != YearState.OPEN.value:
                raise s_.YEAR_NOT_OPEN.error(Place(year=year), state=_state_words(st))
            if unit not in submitting_units(read_plan(s.connection(), plan_id)):
                raise s_.UNIT_NOT_FOUND.error(Place(year=year), found=unit, unit=unit)
            row = s.get(UnitStateRow, (plan_id, year, unit))
            current = UnitState(row.state) if row is not None else UnitState.DRAFT
            to = unit_step(current, action)
            if to is None:
                raise s_.UNIT_STATE_INVALID.error(
                    Place(year=year),
                    unit=unit,
                    state=UNIT_STATE_WORDS[current],
                    action=UNIT_ACTION_WORDS[action],
                )
            if row is None:
                s.add(
                    UnitStateRow(
                        plan_id=plan_id,
                        year=year,
                        org_unit_id=unit,
                        state=to.value,
                        updated_at=utcnow(),
                        updated_by=user,
                    )
                )
            else:
                row.state, row.updated_at, row.updated_by = to.value, utcnow(), user
            self._event(s, plan_id, year, action, user, unit, note)

    def submit(self, plan_id: str, year: int, unit: str, user: str) -> None:
        self._set_unit(plan_id, year, unit, user, Action.SUBMIT)

    def review(self, plan_id: str, year: int, unit: str, user: str) -> None:
        self._set_unit(plan_id, year, unit, user, Action.REVIEW)

    def send_back(self, plan_id: str, year: int, unit: str, user: str, reason: str) -> None:
        """Return a division's submission to draft; the reason, which every channel must
        give, is kept and shown to the division."""
        note = reason.strip()[:1000]
        if not note:
            raise s_.REASON_REQUIRED.error(
                Place(year=year, field="reason"), action=UNIT_ACTION_WORDS[Action.RETURN]
            )
        self._set_unit(plan_id, year, unit, user, Action.RETURN, note)

    def withdraw(self, plan_id: str, year: int, unit: str, user: str) -> None:
        """The division takes its submission back (submitted → draft, before review)."""
        self._set_unit(plan_id, year, unit, user, Action.WITHDRAW)

    def publish(
        self,
        plan: Plan | str,
        year: int,
        user: str,
        units: Iterable[str] | None = None,
        force: bool = False,
    ) -> None:
        """Publish an open year: every unit in ``units`` (default: every org unit that
        answers for a measure) reviewed, unless ``force``.

        The snapshot is read inside the publishing transaction, after the plan's write
        lock is taken, so every edit acknowledged before is in it and every edit after
        it is refused (the year is no longer open). A :class:`Plan` given is used for
        its id only.
        """
        plan_id = plan if isinstance(plan, str) else plan.id
        with self._transition(plan_id) as s:
            st = self._state_row(s, plan_id, year)
            if st is None or st.state != YearState.OPEN.value:
                raise s_.YEAR_NOT_OPEN.error(Place(year=year), state=_state_words(st))
            stored = read_plan(s.connection(), plan_id)
            reviewed = {
                r.org_unit_id
                for r in s.scalars(
                    select(UnitStateRow).where(
                        UnitStateRow.plan_id == plan_id,
                        UnitStateRow.year == year,
                        UnitStateRow.state == UnitState.REVIEWED.value,
                    )
                )
            }
            wanted = submitting_units(stored) if units is None else list(units)
            waiting = sorted(set(wanted) - reviewed)
            if waiting and not force:
                raise s_.UNITS_NOT_REVIEWED.error(
                    Place(year=year), count=len(waiting), units=", ".join(waiting)
                )
            snap = snapshot_of(stored, year)
            now = utcnow()
            st.state, st.updated_at, st.updated_by = YearState.PUBLISHED.value, now, user
            data = {"observations": snap.observations, "measure_years": snap.measure_years}
            pub = s.get(PublishedYearRow, (plan_id, year))
            if pub is None:
                s.add(
                    PublishedYearRow(
                        plan_id=plan_id,
                        year=year,
                        snapshot=data,
                        published_at=now,
                        published_by=user,
                        revision=1,
                    )
                )
            else:
                pub.snapshot, pub.published_at, pub.published_by = data, now, user
                pub.revision += 1
            note = f"published with units not reviewed: {', '.join(waiting)}" if waiting else None
            self._event(s, plan_id, year, Action.PUBLISH, user, note=note)

    def reopen(self, plan_id: str, year: int, user: str, reason: str) -> None:
        """Reopen a published year for corrections (admins only; the reason is kept)."""
        if not reason.strip():
            raise s_.REASON_REQUIRED.error(
                Place(year=year), action=UNIT_ACTION_WORDS[Action.REOPEN]
            )
        with self._transition(plan_id) as s:
            st = self._state_row(s, plan_id, year)
            if st is None or st.state != YearState.PUBLISHED.value:
                raise s_.YEAR_NOT_PUBLISHED.error(Place(year=year))
            other = s.scalar(
                select(YearStateRow.year).where(
                    YearStateRow.plan_id == plan_id, YearStateRow.state == YearState.OPEN.value
                )
            )
            if other is not None:
                raise s_.ANOTHER_YEAR_OPEN.error(Place(year=year), other=FiscalYear(other))
            st.state, st.updated_at, st.updated_by = YearState.OPEN.value, utcnow(), user
            for row in s.scalars(
                select(UnitStateRow).where(
                    UnitStateRow.plan_id == plan_id, UnitStateRow.year == year
                )
            ):
                row.state, row.updated_at, row.updated_by = UnitState.DRAFT.value, utcnow(), user
            self._event(s, plan_id, year, Action.REOPEN, user, note=reason.strip())

    def publish_as_is(self, plan: Plan, years: Iterable[int], user: str) -> None:
        """Mark years of a loaded, already published report as published (the demo, an import)."""
        for year in sorted(set(years)):
            status = self.status(plan.id, year)
            if status.is_published:
                continue
            if status.state is None:
                self.open(plan.id, year, user)
            self.publish(plan.id, year, user, units=(), force=True)

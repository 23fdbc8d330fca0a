"""The inquiry's rows in the database: rounds and forms made, replies applied.

:func:`apply` writes a collected batch in ONE transaction: the plan's changed rows (the
same minimal-write diff as :meth:`shinchoku.store.Database.save_plan`) and the reply
rows. When nothing differs it opens no write transaction at all, so collecting the same
replies again leaves the database as it was, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select

from shinchoku.inquiry import codes as c
from shinchoku.model import Plan
from shinchoku.problems import Place, ShinchokuError
from shinchoku.store import Database, write_plan
from shinchoku.store.history import plan_version
from shinchoku.store.tables import InquiryFormRow, InquiryReplyRow, InquiryRoundRow, PlanRow
from shinchoku.store.years import lock_plan

ROUNDS: Table = InquiryRoundRow.__table__  # type: ignore[assignment]
FORMS: Table = InquiryFormRow.__table__  # type: ignore[assignment]
REPLIES: Table = InquiryReplyRow.__table__  # type: ignore[assignment]
_PLANS: Table = PlanRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class FormRecord:
    form: str
    label: str
    file_name: str
    fingerprint: str
    made_at: datetime


@dataclass(frozen=True, slots=True)
class ReplyRecord:
    form: str
    checksum: str
    file_name: str
    size: int
    fingerprint: str
    collected_at: datetime
    changes: int
    findings: list[dict[str, Any]]


def plan_stored(database: Database, plan_id: str) -> bool:
    with database.engine.connect() as conn:
        return conn.execute(select(_PLANS.c.id).where(_PLANS.c.id == plan_id)).first() is not None


def record_round(
    database: Database,
    plan_id: str,
    year: int,
    forms: Iterable[FormRecord],
    deadline: date | None,
    contact: str | None,
    made_at: datetime,
) -> None:
    """Record (or re-record) the year's round and its forms, in one transaction."""
    forms = list(forms)
    with database.writing() as conn:
        key = (ROUNDS.c.plan_id == plan_id) & (ROUNDS.c.year == year)
        fkey = (FORMS.c.plan_id == plan_id) & (FORMS.c.year == year)
        conn.execute(delete(FORMS).where(fkey))
        conn.execute(delete(ROUNDS).where(key))
        conn.execute(
            insert(ROUNDS),
            [
                {
                    "plan_id": plan_id,
                    "year": year,
                    "deadline": deadline,
                    "contact": contact,
                    "made_at": made_at,
                }
            ],
        )
        if forms:
            conn.execute(
                insert(FORMS),
                [
                    {
                        "plan_id": plan_id,
                        "year": year,
                        "form": f.form,
                        "label": f.label,
                        "file_name": f.file_name,
                        "fingerprint": f.fingerprint,
                        "made_at": f.made_at,
                    }
                    for f in forms
                ],
            )


def round_of(database: Database, plan_id: str, year: int) -> dict[str, Any] | None:
    with database.engine.connect() as conn:
        row = (
            conn.execute(
                select(ROUNDS).where((ROUNDS.c.plan_id == plan_id) & (ROUNDS.c.year == year))
            )
            .mappings()
            .first()
        )
        return dict(row) if row is not None else None


def forms_of(database: Database, plan_id: str, year: int) -> dict[str, FormRecord]:
    with database.engine.connect() as conn:
        rows = conn.execute(
            select(FORMS).where((FORMS.c.plan_id == plan_id) & (FORMS.c.year == year))
        ).mappings()
        return {
            r["form"]: FormRecord(
                r["form"], r["label"], r["file_name"], r["fingerprint"], r["made_at"]
            )
            for r in rows
        }


def replies_of(database: Database, plan_id: str, year: int) -> list[ReplyRecord]:
    """The replies applied, oldest first."""
    with database.engine.connect() as conn:
        rows = conn.execute(
            select(REPLIES)
            .where((REPLIES.c.plan_id == plan_id) & (REPLIES.c.year == year))
            .order_by(REPLIES.c.collected_at, REPLIES.c.form, REPLIES.c.checksum)
        ).mappings()
        return [
            ReplyRecord(
                r["form"],
                r["checksum"],
                r["file_name"],
                r["size"],
                r["fingerprint"],
                r["collected_at"],
                r["changes"],
                list(r["findings"] or []),
            )
            for r in rows
        ]


def apply(
    database: Database,
    plan: Plan,
    year: int,
    replies: Iterable[ReplyRecord],
    now: datetime,
    based_on: tuple[str | None, int] | None = None,
) -> dict[str, int]:
    """Save ``plan`` and record ``replies`` in one transaction; rows written per table.

    ``based_on`` is the :func:`~shinchoku.store.history.plan_version` the replies were
    merged into: if the stored plan moved on since (a figure saved on the web meanwhile),
    nothing is written — writing the merged plan would undo that save.
    """
    replies = list(replies)
    with database.writing() as conn:
        if based_on is not None:
            lock_plan(conn, plan.id, exclusive=True)
            if plan_version(conn, plan.id) != based_on:
                raise ShinchokuError(
                    c.PLAN_CHANGED(
                        Place(year=year),
                        "figures of the plan were saved while the replies were collected; "
                        "nothing was written: collect again",
                    )
                )
        saved = write_plan(conn, plan, now)
        written = {
            table: n
            for table in saved.inserted
            if (n := saved.inserted[table] + saved.updated[table] + saved.deleted[table])
        }
        known = {
            (r.form, r.checksum)
            for r in conn.execute(
                select(REPLIES.c.form, REPLIES.c.checksum).where(
                    (REPLIES.c.plan_id == plan.id) & (REPLIES.c.year == year)
                )
            )
        }
        new = [r for r in replies if (r.form, r.checksum) not in known]
        if new:
            conn.execute(
                insert(REPLIES),
                [
                    {
                        "plan_id": plan.id,
                        "year": year,
                        "form": r.form,
                        "checksum": r.checksum,
                        "file_name": r.file_name,
                        "size": r.size,
                        "fingerprint": r.fingerprint,
                        "collected_at": r.collected_at,
                        "changes": r.changes,
                        "findings": r.findings,
                    }
                    for r in new
                ],
            )
        written["inquiry_replies"] = len(new)
    return written

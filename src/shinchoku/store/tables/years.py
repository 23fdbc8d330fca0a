"""The year workflow's tables: each year's and each org unit's state, the events that
moved them, what was published, and the log of every field a person changed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shinchoku.store.tables.base import Base, Id, Json, UtcDateTime


class YearStateRow(Base):
    __tablename__ = "year_states"

    plan_id: Mapped[str] = mapped_column(String(), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(64))


class UnitStateRow(Base):
    __tablename__ = "unit_states"

    plan_id: Mapped[str] = mapped_column(String(), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_unit_id: Mapped[str] = mapped_column(String(), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(64))


class YearEventRow(Base):
    __tablename__ = "year_events"
    __table_args__ = (Index(None, "plan_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String())
    year: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    org_unit_id: Mapped[str | None] = mapped_column(String())
    user_name: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(Text)


class PublishedYearRow(Base):
    """What the public sees of one fiscal year: the figures as they were published."""

    __tablename__ = "published_years"

    plan_id: Mapped[str] = mapped_column(String(), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(Json)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_by: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer)  # times published


class ChangeRow(Base):
    """One field of one figure changed by a person: who, when, before, after."""

    __tablename__ = "change_log"
    __table_args__ = (Index(None, "plan_id", "kpi_id"), Index(None, "plan_id", "measure_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String())
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    user_name: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))  # web / api
    entity: Mapped[str] = mapped_column(String(16))  # observation / measure-year
    kpi_id: Mapped[str | None] = mapped_column(String())
    measure_id: Mapped[str | None] = mapped_column(String())
    year: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(32))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class PlanRevisionRow(Base):
    __tablename__ = "plan_revisions"

    plan_id: Mapped[str] = mapped_column(String(), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)


class YearDeadlineRow(Base):
    """The date by which the divisions submit their figures of a fiscal year (migration 0010)."""

    __tablename__ = "year_deadlines"

    plan_id: Mapped[str] = mapped_column(Id, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    deadline: Mapped[date] = mapped_column(Date)
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)
    set_by: Mapped[str] = mapped_column(String(64))


class SentMailRow(Base):
    """One e-mail the system sent (a reminder): who sent it, to whom, when, what (0010)."""

    __tablename__ = "sent_mails"
    __table_args__ = (Index(None, "plan_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(Id)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # reminder
    org_unit_id: Mapped[str | None] = mapped_column(Id)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(Text)
    sent_by: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)

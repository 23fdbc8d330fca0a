"""The 照会 tables: inquiry rounds, the forms sent out, the replies collected.

They live on the store's declarative ``Base`` so that ``Database.migrate()`` (migration
``0002``) creates them and the metadata comparison covers them. Importing this module
registers them; it imports nothing heavier than the store's tables.

A reply is recorded only when it was collected and applied (collecting is all or
nothing), keyed by the SHA-256 of its bytes: collecting the same file again finds the
row and writes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, ForeignKeyConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shinchoku.store.tables.base import Base, Json, UtcDateTime


class InquiryRoundRow(Base):
    """One 照会 of a plan's fiscal year: when its forms were (last) made."""

    __tablename__ = "inquiry_rounds"

    plan_id: Mapped[str] = mapped_column(String(), ForeignKey("plans.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    deadline: Mapped[date | None] = mapped_column(Date)  # 回答期限
    contact: Mapped[str | None] = mapped_column(Text)  # 問合せ先
    made_at: Mapped[datetime] = mapped_column(UtcDateTime)


class InquiryFormRow(Base):
    """One form of a round: a division's (org unit's) form, or the policy office's."""

    __tablename__ = "inquiry_forms"
    __table_args__ = (
        ForeignKeyConstraint(
            ["plan_id", "year"], ["inquiry_rounds.plan_id", "inquiry_rounds.year"]
        ),
    )

    plan_id: Mapped[str] = mapped_column(String(), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    form: Mapped[str] = mapped_column(String(), primary_key=True)  # org unit id or "_office"
    label: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))
    made_at: Mapped[datetime] = mapped_column(UtcDateTime)


class InquiryReplyRow(Base):
    """A reply that was collected and applied, keyed by the checksum of its bytes."""

    __tablename__ = "inquiry_replies"

    plan_id: Mapped[str] = mapped_column(String(), ForeignKey("plans.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    form: Mapped[str] = mapped_column(String(), primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the file
    file_name: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    collected_at: Mapped[datetime] = mapped_column(UtcDateTime)
    changes: Mapped[int] = mapped_column(Integer)  # figures the reply changed
    findings: Mapped[list[Any]] = mapped_column(Json)  # warnings reported, as Problem.to_dict()


TABLES = (InquiryRoundRow, InquiryFormRow, InquiryReplyRow)

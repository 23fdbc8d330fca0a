"""Tables for many governments in one database: organisations, indicator sets, figures.

On the store's declarative ``Base`` (migration ``0005``); importing this module registers
them. A figure is keyed by indicator set, indicator, fiscal year and 団体コード, in that
order; ``ix_figures_series`` (the same columns and the value) is what the comparison
query (one indicator across every organisation and year) reads without touching the
table; ``ix_figures_org_code`` serves one organisation's figures (its profile).
``comparison_aggregates`` (migration ``0013``) holds what a comparison would otherwise
compute from every year's figures: per indicator, year and scope, how many reported and
their aggregate, written by the import that changes the figures.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from shinchoku.store.tables.base import Base, Json, UtcDateTime
from shinchoku.store.types import ExactDecimal

Code = String(6)  # 全国地方公共団体コード


class OrganisationRow(Base):
    """国, a 都道府県, a 市区町村 or a 行政区 (the shipped list, see :mod:`shinchoku.orgs`)."""

    __tablename__ = "organisations"

    code: Mapped[str] = mapped_column(Code, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kana: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(24))
    parent: Mapped[str | None] = mapped_column(Code)
    prefecture: Mapped[str | None] = mapped_column(Code)
    population: Mapped[int | None] = mapped_column(BigInteger)


class IndicatorSetRow(Base):
    """A set of common indicators (a national or prefectural survey), as its YAML gives it."""

    __tablename__ = "indicator_sets"

    id: Mapped[str] = mapped_column(String(), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(16))  # national / prefectural
    owner: Mapped[str] = mapped_column(Code, ForeignKey("organisations.code"))
    source: Mapped[str | None] = mapped_column(Text)
    definition: Mapped[dict[str, Any]] = mapped_column(Json)  # the whole set, canonical
    content_hash: Mapped[str] = mapped_column(String(64))


class IndicatorRow(Base):
    __tablename__ = "indicators"

    set_id: Mapped[str] = mapped_column(String(), ForeignKey("indicator_sets.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    direction: Mapped[str] = mapped_column(String(16))
    computation: Mapped[str] = mapped_column(String(16))


class SurveyImportRow(Base):
    """One imported survey file: applied whole, identified by the SHA-256 of its bytes."""

    __tablename__ = "survey_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    set_id: Mapped[str] = mapped_column(String(), ForeignKey("indicator_sets.id"))
    file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    imported_by: Mapped[str | None] = mapped_column(String())  # the staff account (0014)


class FigureRow(Base):
    """One organisation's figure for one indicator and fiscal year, as typed, with provenance."""

    __tablename__ = "figures"
    __table_args__ = (
        ForeignKeyConstraint(["set_id", "indicator_id"], ["indicators.set_id", "indicators.id"]),
        Index(None, "org_code"),
        # one indicator's values of every year, read without the table (migration 0011)
        Index("ix_figures_series", "set_id", "indicator_id", "year", "org_code", "value"),
    )

    set_id: Mapped[str] = mapped_column(String(), primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)  # fiscal year
    org_code: Mapped[str] = mapped_column(Code, ForeignKey("organisations.code"), primary_key=True)
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal())  # yes/no: 1 or 0
    text: Mapped[str] = mapped_column(Text)  # as typed
    approximate: Mapped[bool] = mapped_column(Boolean)
    import_id: Mapped[int] = mapped_column(Integer, ForeignKey("survey_imports.id"))
    line: Mapped[int] = mapped_column(Integer)  # row of the file (1 = header)
    cell: Mapped[str | None] = mapped_column(String(16))  # e.g. E12 in an XLSX


class PeerGroupRow(Base):
    """A user-defined peer group (比較グループ); built-in groups are computed, not stored."""

    __tablename__ = "peer_groups"

    id: Mapped[str] = mapped_column(String(), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(Code, ForeignKey("organisations.code"))


class PeerGroupMemberRow(Base):
    __tablename__ = "peer_group_members"

    group_id: Mapped[str] = mapped_column(String(), ForeignKey("peer_groups.id"), primary_key=True)
    org_code: Mapped[str] = mapped_column(Code, ForeignKey("organisations.code"), primary_key=True)


class ComparisonAggregateRow(Base):
    """One indicator's figure for a scope in one fiscal year, computed from the figures.

    The scope is the nation (``000000``: every 市区町村) or a prefecture (its 市区町村);
    ``value`` is their :func:`~shinchoku.compare.arithmetic.aggregate` (実施率, pooled
    ratio or median). ``basis`` names what the rows were computed with (the indicator
    set's content hash and the organisation list): a row of another basis is not read.
    """

    __tablename__ = "comparison_aggregates"

    set_id: Mapped[str] = mapped_column(String(), primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)  # fiscal year
    scope: Mapped[str] = mapped_column(Code, primary_key=True)  # 団体コード of 国 or a 都道府県
    reported: Mapped[int] = mapped_column(Integer)  # how many of the scope's 市区町村
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    basis: Mapped[str] = mapped_column(String(16))

"""The plan's tables: the dataset normalised, one row per record (migration ``0001`` on).

Normalised so that later features can edit one figure at a time: every row is keyed by
its plan and the dataset's own ids (``plan_id`` + id, or the natural key of the figure),
so several plans live in one database. Figures keep the text as typed beside the value
(see :mod:`shinchoku.model.values`); decimals are exact (:class:`ExactDecimal`).

Rows a person edits one at a time (observations, measure years, money) carry a
``revision`` for optimistic locking and an ``updated_at``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from shinchoku.store.tables.base import Base, Id, Json, UtcDateTime
from shinchoku.store.types import ExactDecimal


def _plan_fk() -> Mapped[str]:
    return mapped_column(Id, ForeignKey("plans.id"), primary_key=True)


def _month_check(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} BETWEEN 1 AND 12", name=f"{column}_range")


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    government: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(String(6))  # 団体コード (migration 0005)
    period_start: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[int] = mapped_column(Integer)
    basic_goal: Mapped[str | None] = mapped_column(Text)
    slogan: Mapped[str | None] = mapped_column(Text)
    settings: Mapped[dict[str, Any]] = mapped_column(Json)
    report: Mapped[dict[str, Any]] = mapped_column(Json)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OrgUnitRow(Base):
    __tablename__ = "org_units"

    plan_id: Mapped[str] = _plan_fk()
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    department: Mapped[str] = mapped_column(Text)  # 部
    division: Mapped[str] = mapped_column(Text)  # 課
    department_en: Mapped[str | None] = mapped_column(Text)
    division_en: Mapped[str | None] = mapped_column(Text)


class AreaRow(Base):
    __tablename__ = "areas"
    __table_args__ = (
        ForeignKeyConstraint(["plan_id", "parent_id"], ["areas.plan_id", "areas.id"]),
        Index(None, "plan_id", "parent_id"),
    )

    plan_id: Mapped[str] = _plan_fk()
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    parent_id: Mapped[str | None] = mapped_column(Id)
    position: Mapped[int] = mapped_column(Integer, doc="Index among its siblings")
    depth: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(64))
    label: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    guidelines: Mapped[list[Any]] = mapped_column(Json)  # ポリシー行動指針, as the model dumps them
    cards: Mapped[list[Any]] = mapped_column(Json)


class MeasureRow(Base):
    __tablename__ = "measures"
    __table_args__ = (
        ForeignKeyConstraint(["plan_id", "area_id"], ["areas.plan_id", "areas.id"]),
        Index(None, "plan_id", "area_id"),
    )

    plan_id: Mapped[str] = mapped_column(Id, primary_key=True)
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    area_id: Mapped[str] = mapped_column(Id)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    org_unit_text: Mapped[str | None] = mapped_column(Text)  # 担当所属 as printed
    target: Mapped[str | None] = mapped_column(Text)  # 目標 as printed (measure with no KPI)


class MeasureOrgUnitRow(Base):
    __tablename__ = "measure_org_units"
    __table_args__ = (
        ForeignKeyConstraint(["plan_id", "measure_id"], ["measures.plan_id", "measures.id"]),
        ForeignKeyConstraint(["plan_id", "org_unit_id"], ["org_units.plan_id", "org_units.id"]),
    )

    plan_id: Mapped[str] = mapped_column(Id, primary_key=True)
    measure_id: Mapped[str] = mapped_column(Id, primary_key=True)
    org_unit_id: Mapped[str] = mapped_column(Id, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class KpiRow(Base):
    __tablename__ = "kpis"
    __table_args__ = (_month_check("baseline_as_of_month"),)

    plan_id: Mapped[str] = _plan_fk()
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    direction: Mapped[str] = mapped_column(String(16))
    cumulative: Mapped[bool] = mapped_column(Boolean)  # 累計 / 延べ
    # 基準値
    baseline_text: Mapped[str | None] = mapped_column(Text)
    baseline_value: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    baseline_unit: Mapped[str | None] = mapped_column(Text)
    baseline_approximate: Mapped[bool] = mapped_column(Boolean)
    baseline_as_of_text: Mapped[str | None] = mapped_column(Text)
    baseline_as_of_fy: Mapped[int | None] = mapped_column(Integer)
    baseline_as_of_month: Mapped[int | None] = mapped_column(Integer)
    baseline_note: Mapped[str | None] = mapped_column(Text)
    final_target_text: Mapped[str | None] = mapped_column(Text)
    final_target_note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[list[Any]] = mapped_column(Json)
    indicator: Mapped[str | None] = mapped_column(Text)  # common indicator (migration 0005)
    # A disaggregated KPI's declaration; parts given beside a text that does not give them.
    breakdown: Mapped[dict[str, Any] | None] = mapped_column(Json)
    baseline_parts: Mapped[list[Any] | None] = mapped_column(Json)
    final_target_parts: Mapped[list[Any] | None] = mapped_column(Json)


class MeasureKpiRow(Base):
    __tablename__ = "measure_kpis"
    __table_args__ = (
        ForeignKeyConstraint(["plan_id", "measure_id"], ["measures.plan_id", "measures.id"]),
        ForeignKeyConstraint(["plan_id", "kpi_id"], ["kpis.plan_id", "kpis.id"]),
        Index(None, "plan_id", "kpi_id"),
    )

    plan_id: Mapped[str] = mapped_column(Id, primary_key=True)
    measure_id: Mapped[str] = mapped_column(Id, primary_key=True)
    kpi_id: Mapped[str] = mapped_column(Id, primary_key=True)
    number: Mapped[int | None] = mapped_column(Integer)  # ①②
    position: Mapped[int] = mapped_column(Integer)


class TargetRow(Base):
    __tablename__ = "targets"
    __table_args__ = (ForeignKeyConstraint(["plan_id", "kpi_id"], ["kpis.plan_id", "kpis.id"]),)

    plan_id: Mapped[str] = mapped_column(Id, primary_key=True)
    kpi_id: Mapped[str] = mapped_column(Id, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    parts: Mapped[list[Any] | None] = mapped_column(Json)  # per-part targets the text lacks


class ObservationRow(Base):
    """実績値 of one KPI for one fiscal year."""

    __tablename__ = "observations"
    __table_args__ = (
        ForeignKeyConstraint(["plan_id", "kpi_id"], ["kpis.plan_id", "kpis.id"]),
        _month_check("as_of_month"),
    )

    plan_id: Mapped[str] = mapped_column(Id, primary_key=True)
    kpi_id: Mapped[str] = mapped_column(Id, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    value_text: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    unit: Mapped[str | None] = mapped_column(Text)
    approximate: Mapped[bool] = mapped_column(Boolean)  # 約
    value_parts: Mapped[list[Any] | None] = mapped_column(Json)  # parts the text lacks
    as_of_text: Mapped[str | None] = mapped_column(Text)
    as_of_fy: Mapped[int | None] = mapped_column(Integer)
    as_of_month: Mapped[int | None] = mapped_column(Integer)
    data_year: Mapped[int | None] = mapped_column(Integer)  # 「R4年度数値」
    provisional: Mapped[bool] = mapped_column(Boolean)
    finalised_later: Mapped[bool] = mapped_column(Boolean)  # ※翌年度に数値確定
    basis: Mapped[str | None] = mapped_column(Text)
    declared_status: Mapped[str | None] = mapped_column(Text)
    stated_rate_text: Mapped[str | None] = mapped_column(Text)
    stated_rate_value: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    stated_rate_unit: Mapped[str | None] = mapped_column(Text)
    stated_rate_approximate: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[dict[str, Any] | None] = mapped_column(Json)
    revision: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MeasureYearRow(Base):
    __tablename__ = "measure_years"
    __table_args__ = (
        ForeignKeyConstraint(["plan_id", "measure_id"], ["measures.plan_id", "measures.id"]),
    )

    plan_id: Mapped[str] = mapped_column(Id, primary_key=True)
    measure_id: Mapped[str] = mapped_column(Id, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    declared_status: Mapped[str | None] = mapped_column(Text)
    analysis: Mapped[str | None] = mapped_column(Text)  # 要因分析
    provenance: Mapped[dict[str, Any] | None] = mapped_column(Json)
    revision: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MoneyRow(Base):
    """Project count and money for one fiscal year, of an area or (scope '') the plan."""

    __tablename__ = "money"
    __table_args__ = (
        ForeignKeyConstraint(["plan_id", "area_id"], ["areas.plan_id", "areas.id"]),
        CheckConstraint(
            "(area_id IS NULL AND scope = '') OR area_id = scope", name="scope_is_area"
        ),
        Index(None, "plan_id", "area_id"),
    )

    plan_id: Mapped[str] = _plan_fk()
    # The area id, or '' for plan-level money: a key column cannot be NULL.
    scope: Mapped[str] = mapped_column(Id, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # 決算額 / 予算額
    area_id: Mapped[str | None] = mapped_column(Id)
    position: Mapped[int] = mapped_column(Integer)
    projects: Mapped[int | None] = mapped_column(Integer)
    amount_text: Mapped[str | None] = mapped_column(Text)
    amount_yen: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[dict[str, Any] | None] = mapped_column(Json)
    revision: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MeasureMoneyRow(Base):
    """Project count and money (決算額 / 予算額) of one measure for one fiscal year."""

    __tablename__ = "measure_money"
    __table_args__ = (
        ForeignKeyConstraint(["plan_id", "measure_id"], ["measures.plan_id", "measures.id"]),
    )

    plan_id: Mapped[str] = mapped_column(Id, primary_key=True)
    measure_id: Mapped[str] = mapped_column(Id, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # 決算額 / 予算額
    position: Mapped[int] = mapped_column(Integer)
    projects: Mapped[int | None] = mapped_column(Integer)
    amount_text: Mapped[str | None] = mapped_column(Text)
    amount_yen: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[dict[str, Any] | None] = mapped_column(Json)
    revision: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StatementRow(Base):
    """A total as printed in the source; kept by position, it has no natural key."""

    __tablename__ = "statements"
    __table_args__ = (ForeignKeyConstraint(["plan_id", "area_id"], ["areas.plan_id", "areas.id"]),)

    plan_id: Mapped[str] = _plan_fk()
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    location: Mapped[str] = mapped_column(Text)  # Statement.where
    area_id: Mapped[str | None] = mapped_column(Id)
    year: Mapped[int] = mapped_column(Integer)
    projects_text: Mapped[str | None] = mapped_column(Text)
    projects_value: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    projects_unit: Mapped[str | None] = mapped_column(Text)
    projects_approximate: Mapped[bool] = mapped_column(Boolean)
    amount_text: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(16))


# Parents before children: inserts and updates run in this order, deletes in reverse.
SYNC_ORDER: tuple[type[Base], ...] = (
    PlanRow,
    OrgUnitRow,
    AreaRow,
    KpiRow,
    MeasureRow,
    MeasureOrgUnitRow,
    MeasureKpiRow,
    TargetRow,
    ObservationRow,
    MeasureYearRow,
    MoneyRow,
    MeasureMoneyRow,
    StatementRow,
)

"""The plan's methodology settings: every rule of the method is one of these.

Defaults follow common Japanese practice (truncation, 達成/一部達成/未達成).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Rounding(StrEnum):
    TRUNCATE = "truncate"  # 切り捨て
    HALF_UP = "half-up"  # 四捨五入
    HALF_EVEN = "half-even"  # 銀行丸め


class MoneyUnit(StrEnum):
    OKU = "億円"
    HYAKUMAN = "百万円"
    SEN = "千円"
    MAN = "万円"
    YEN = "円"

    @property
    def yen(self) -> int:
        return {"億円": 10**8, "百万円": 10**6, "千円": 10**3, "万円": 10**4, "円": 1}[self.value]


class GradingPreset(StrEnum):
    ACHIEVEMENT = "achievement"  # 達成 / 一部達成 / 未達成
    BANDS = "bands"  # A ≥ 100 % / B ≥ 80 % / C ≥ 50 % / D
    RELATIVE = "relative"  # achieved / advanced / flat / regressed against the baseline
    SYMBOLS = "symbols"  # ◎ ○ △ ×


class RateBasis(StrEnum):
    YEAR = "year"  # the year's own target
    FINAL = "final"  # the plan's final-year target


class OutlookMethod(StrEnum):
    LINEAR = "linear"
    CAGR = "cagr"


class Band(BaseModel):
    """A grade given when the achievement rate (percent) is at least ``min_rate``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    grade: str
    min_rate: Decimal | None = None  # None: the catch-all last band
    label: str | None = None


class Settings(BaseModel):
    """Methodology settings of a plan (DESIGN §3)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rate_rounding: Rounding = Field(Rounding.TRUNCATE, description="Rounding of percentages.")
    rate_decimals: int = Field(0, ge=0, le=4, description="Decimals kept in percentages.")
    money_unit: MoneyUnit = Field(MoneyUnit.OKU, description="Unit money is displayed in.")
    money_rounding: Rounding = Field(Rounding.TRUNCATE, description="Rounding of money shown.")
    money_decimals: int = Field(1, ge=0, le=4, description="Decimals of money shown.")
    grading: GradingPreset = Field(
        GradingPreset.ACHIEVEMENT, description="Grading scheme for KPIs and measures."
    )
    bands: list[Band] | None = Field(
        None, description="Custom rate bands (percent); default bands come with the preset."
    )
    flat_tolerance: Decimal = Field(
        Decimal("0"),
        description="Relative grading: a change within this share of the baseline is flat.",
    )
    card_rate_basis: RateBasis = Field(
        RateBasis.FINAL, description="Target the headline cards' 達成率 is measured against."
    )
    outlook_method: OutlookMethod = Field(OutlookMethod.LINEAR, description="Projection method.")
    outlook_at_risk_ratio: Decimal = Field(
        Decimal("0.5"),
        description="Observed/required pace at or above which a KPI is at risk, not off track.",
    )

    def effective_bands(self) -> list[Band]:
        if self.bands:
            return list(self.bands)
        if self.grading is GradingPreset.SYMBOLS:
            return [
                Band(grade="◎", min_rate=Decimal(100), label="目標達成"),
                Band(grade="○", min_rate=Decimal(80), label="概ね順調"),
                Band(grade="△", min_rate=Decimal(50), label="やや遅れ"),
                Band(grade="×", min_rate=None, label="遅れ"),
            ]
        return [
            Band(grade="A", min_rate=Decimal(100), label="達成"),
            Band(grade="B", min_rate=Decimal(80), label="概ね達成"),
            Band(grade="C", min_rate=Decimal(50), label="一定の進捗"),
            Band(grade="D", min_rate=None, label="進捗に遅れ"),
        ]

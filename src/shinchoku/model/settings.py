"""The plan's methodology settings: every rule of the method is one of these.

Defaults follow common Japanese practice (truncation, 達成/一部達成/未達成).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shinchoku.model.grading import GradingScheme, SchemeKind
from shinchoku.model.grading_presets import PRESETS, GradingPreset
from shinchoku.model.types import Int


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


class RateBasis(StrEnum):
    YEAR = "year"  # the year's own target
    FINAL = "final"  # the plan's final-year target


class ShortYearRule(StrEnum):
    """The values of ``era_of_short_years`` (:data:`shinchoku.japanese.SHORT_YEAR_RULES`)."""

    REIWA = "令和"
    HEISEI = "平成"
    SHOWA = "昭和"
    WESTERN_2000S = "20xx"
    WESTERN_1900S = "19xx"


class OutlookMethod(StrEnum):
    LINEAR = "linear"
    CAGR = "cagr"


class Settings(BaseModel):
    """Methodology settings of a plan (DESIGN §3)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    era_of_short_years: ShortYearRule | None = Field(
        None,
        description="What a year printed without its era means (「(18年度)」): 平成 reads it "
        "as 平成18年度, 20xx as 2018年度. Without it such a year is refused; never guessed.",
    )
    rate_rounding: Rounding = Field(Rounding.TRUNCATE, description="Rounding of percentages.")
    rate_decimals: Int = Field(0, ge=0, le=4, description="Decimals kept in percentages.")
    money_unit: MoneyUnit = Field(MoneyUnit.OKU, description="Unit money is displayed in.")
    money_rounding: Rounding = Field(Rounding.TRUNCATE, description="Rounding of money shown.")
    money_decimals: Int = Field(1, ge=0, le=4, description="Decimals of money shown.")
    grading: GradingPreset | GradingScheme = Field(
        GradingPreset.ACHIEVEMENT,
        description="Grading scheme for KPIs and measures: a preset name or a scheme "
        "written out (kind, grades with ja/en labels and bands, tolerance).",
    )
    flat_tolerance: Decimal = Field(
        Decimal("0"),
        description="Keep-at-target KPIs: allowed distance from the target, as a share of it; "
        "and the 'relative' preset's tolerance for 目立った変動なし (its source states none).",
    )
    area_money_from_measures: bool = Field(
        False,
        description="An area's project count and money are the sum of its measures' "
        "(and sub-areas'); a printed area total is checked against that sum.",
    )
    card_rate_basis: RateBasis = Field(
        RateBasis.FINAL, description="Target the headline cards' 達成率 is measured against."
    )
    outlook_method: OutlookMethod = Field(OutlookMethod.LINEAR, description="Projection method.")
    outlook_at_risk_ratio: Decimal = Field(
        Decimal("0.5"),
        description="Observed/required pace at or above which a KPI is at risk, not off track.",
    )

    @model_validator(mode="before")
    @classmethod
    def _legacy_grading(cls, data: Any) -> Any:
        """Settings written before schemes: ``bands: [{grade, min_rate, label}]`` becomes
        the bands scheme it meant."""
        if not isinstance(data, dict) or "bands" not in data:
            return data
        data = dict(data)
        bands = data.pop("bands")
        if not bands:
            return data
        name = str(data.get("grading", GradingPreset.BANDS))
        data["grading"] = {
            "kind": SchemeKind.BANDS.value,
            "name": PRESETS[GradingPreset(name)].name if name in PRESETS else name,
            "grades": [
                {
                    "code": b["grade"],
                    "label": b["grade"],
                    "min_rate": b.get("min_rate"),
                    "meaning": b.get("label"),
                }
                for b in bands
            ],
        }
        return data

    @property
    def scheme(self) -> GradingScheme:
        """The grading scheme in force: the preset's, or the one written out."""
        g = self.grading
        if g is GradingPreset.RELATIVE and self.flat_tolerance:
            return PRESETS[g].model_copy(update={"tolerance": self.flat_tolerance})
        return PRESETS[g] if isinstance(g, GradingPreset) else g

"""Grading schemes: the grades a plan prints, in its own words, and the rule behind each.

A scheme is one of three kinds (DESIGN §3):

- ``status``: 達成 / 一部達成 / 未達成 — a KPI is achieved or not, a measure all, some or
  none of its KPIs;
- ``bands``: bands of the achievement rate, each with a ``≥`` or ``>`` boundary
  (A–D, S/A/B/C, ◎○△×, 順調 … 遅れ are all bands with other labels);
- ``relative``: the change from the baseline (達成A / 前進B / 横ばいC / 後退D), with the
  tolerance within which a change counts as none (目立った変動なし).

Grades are listed best first. Every grade has a stable ``code`` and its printed label in
Japanese and English; declared grades are read by label, code or alias.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class SchemeKind(StrEnum):
    STATUS = "status"  # 達成 / 一部達成 / 未達成
    BANDS = "bands"  # bands of the achievement rate
    RELATIVE = "relative"  # change from the baseline


class Boundary(StrEnum):
    AT_LEAST = ">="  # 以上
    ABOVE = ">"  # を超える


class Outcome(StrEnum):
    """What a grade of a status or relative scheme says."""

    ACHIEVED = "achieved"  # 達成
    PARTIAL = "partial"  # 一部達成 (measures)
    NOT_ACHIEVED = "not-achieved"  # 未達成
    ADVANCED = "advanced"  # 前進: better than the baseline
    FLAT = "flat"  # 横ばい: within the tolerance of the baseline
    REGRESSED = "regressed"  # 後退: worse than the baseline beyond the tolerance


class ToleranceSide(StrEnum):
    BOTH = "both"  # a change either way within the tolerance is flat
    WORSE = "worse"  # only a fall within the tolerance is flat; any rise is advanced


class MeasureRule(StrEnum):
    STATUS = "status"  # all KPIs achieved / some / none
    MEAN_RATE = "mean-rate"  # the band of the KPIs' mean achievement rate
    WORST = "worst"  # the worst grade among the measure's KPIs


class Grade(BaseModel):
    """One grade of a scheme."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1, description="Stable id, e.g. 'A', 'B+', '◎', 'achieved'")
    label: str = Field(min_length=1, description="As printed in Japanese, e.g. '達成A', '◎'")
    label_en: str | None = Field(None, description="As printed in English")
    aliases: list[str] = Field(default_factory=list, description="Other printed forms")
    min_rate: Decimal | None = Field(
        None, description="Bands: the achievement rate (percent) this grade starts at"
    )
    boundary: Boundary = Field(Boundary.AT_LEAST, description="'>=' (以上) or '>' (超)")
    outcome: Outcome | None = Field(None, description="Status and relative schemes")
    meaning: str | None = Field(None, description="The source's own words, in Japanese")
    meaning_en: str | None = None

    def text(self, lang: str = "ja") -> str:
        """The label in ``lang`` ('ja' or 'en')."""
        return self.label if lang == "ja" or self.label_en is None else self.label_en

    def admits(self, rate: Decimal) -> bool:
        """Whether an (unrounded) rate reaches this grade's band."""
        if self.min_rate is None:
            return True
        if self.boundary is Boundary.ABOVE:
            return rate > self.min_rate
        return rate >= self.min_rate

    def condition(self, lang: str = "ja") -> str:
        """The band in words: 「100%以上」 / '≥ 100 %'."""
        if self.min_rate is None:
            return ""
        n = f"{self.min_rate.normalize():f}"
        if lang == "ja":
            return f"{n}%" + ("以上" if self.boundary is Boundary.AT_LEAST else "超")
        return f"{self.boundary.value} {n} %"


class Source(BaseModel):
    """The public report a preset was taken from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    government: str
    title: str
    year: str = Field(description="Year of the report or of its figures, as the source gives it")
    url: str


def normalise_label(text: str) -> str:
    """「【達成】」「 達成 」「（達成）」 → 「達成」; full-width letters folded (ＡＢ → AB)."""
    return unicodedata.normalize("NFKC", text).strip().strip("【】[]()（）「」 \u3000")


_REQUIRED: dict[SchemeKind, set[Outcome]] = {
    SchemeKind.STATUS: {Outcome.ACHIEVED, Outcome.PARTIAL, Outcome.NOT_ACHIEVED},
    SchemeKind.RELATIVE: {Outcome.ADVANCED, Outcome.FLAT, Outcome.REGRESSED},
}


class GradingScheme(BaseModel):
    """A plan's grading scheme: kind, grades best first, and the rule's settings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: SchemeKind
    name: str = Field(description="Name of the scheme in Japanese")
    name_en: str | None = None
    grades: list[Grade] = Field(min_length=2, description="Best first")
    tolerance: Decimal = Field(
        Decimal(0),
        ge=0,
        description="Relative: a change within this share of the baseline is flat "
        "(目立った変動なし), e.g. 0.1 for 10 %",
    )
    tolerance_side: ToleranceSide = Field(
        ToleranceSide.BOTH, description="Relative: 'both' ways, or only a fall ('worse')"
    )
    measure_rule: MeasureRule | None = Field(
        None,
        description="How a measure is graded from its KPIs; default: status → status, "
        "bands → mean-rate, relative → worst",
    )
    source: Source | None = Field(None, description="The report the scheme is taken from")

    @model_validator(mode="after")
    def _consistent(self) -> GradingScheme:
        seen: dict[str, str] = {}
        for g in self.grades:
            for word in (g.code, g.label, g.label_en, *g.aliases):
                if word is None:
                    continue
                key = normalise_label(word)
                if seen.get(key, g.code) != g.code:
                    raise ValueError(f"grade label {word!r} is used by two grades")
                seen[key] = g.code
        if len({g.code for g in self.grades}) != len(self.grades):
            raise ValueError("grade codes must be unique")
        if self.kind is SchemeKind.BANDS:
            self._check_bands(self.grades)
        else:
            outcomes = {g.outcome for g in self.grades if g.outcome is not None}
            missing = _REQUIRED[self.kind] - outcomes
            if missing:
                raise ValueError(
                    f"a {self.kind.value} scheme needs grades for "
                    + ", ".join(sorted(o.value for o in missing))
                )
            if self.kind is SchemeKind.RELATIVE:
                top = self.grades[0]
                if top.outcome is not Outcome.ACHIEVED and top.min_rate is None:
                    raise ValueError(
                        "a relative scheme's first grade is the target met: outcome "
                        "'achieved' or a min_rate"
                    )
        if self.measure_rule is MeasureRule.STATUS and self.kind is not SchemeKind.STATUS:
            raise ValueError("measure_rule 'status' needs a status scheme")
        if self.measure_rule is MeasureRule.MEAN_RATE and self.kind is not SchemeKind.BANDS:
            raise ValueError("measure_rule 'mean-rate' needs a bands scheme")
        return self

    @staticmethod
    def _check_bands(grades: list[Grade]) -> None:
        *upper, last = grades
        if last.min_rate is not None:
            raise ValueError("the last band has no min_rate: it takes every lower rate")
        previous: Decimal | None = None
        for g in upper:
            if g.min_rate is None:
                raise ValueError(f"band {g.code!r} needs a min_rate (only the last has none)")
            if previous is not None and g.min_rate > previous:
                raise ValueError("bands are listed best first: min_rate must not rise")
            previous = g.min_rate

    # -- reading ----------------------------------------------------------------------
    @property
    def rule(self) -> MeasureRule:
        if self.measure_rule is not None:
            return self.measure_rule
        return {
            SchemeKind.STATUS: MeasureRule.STATUS,
            SchemeKind.BANDS: MeasureRule.MEAN_RATE,
            SchemeKind.RELATIVE: MeasureRule.WORST,
        }[self.kind]

    def grade(self, code: str) -> Grade:
        for g in self.grades:
            if g.code == code:
                return g
        raise KeyError(code)

    def with_outcome(self, outcome: Outcome) -> Grade | None:
        return next((g for g in self.grades if g.outcome is outcome), None)

    def rank(self, grade: Grade) -> int:
        """0 for the best grade."""
        return next(i for i, g in enumerate(self.grades) if g.code == grade.code)

    def read(self, text: str | None) -> Grade | None:
        """A printed grade (「【達成】」「横ばいC」「◎」) → its grade; unknown text → None."""
        if text is None:
            return None
        key = normalise_label(text)
        for g in self.grades:
            words = (g.code, g.label, g.label_en, *g.aliases)
            if any(w is not None and normalise_label(w) == key for w in words):
                return g
        return None

    def accepted(self) -> list[str]:
        """The printed labels a declared grade may use."""
        return [g.label for g in self.grades]

    def label_of(self, grade: Grade | None, lang: str = "ja") -> str | None:
        return None if grade is None else grade.text(lang)

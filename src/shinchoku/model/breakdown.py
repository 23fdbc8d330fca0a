"""Disaggregated KPIs: the breakdown a KPI declares and how part labels map to it.

A figure holding several labelled values (「62.3%(男) 70.1%(女)」「小 88% 中 91%」) has
``parts``; a KPI with a :class:`Breakdown` names the dimensions (学校種, 性別, 年齢, 地域 …)
and values its parts may carry, and the rule for its own status and grade.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shinchoku.japanese import ParseError
from shinchoku.japanese.figure import TOTAL_LABELS  # the labels the figure reader takes for a total
from shinchoku.model.values import Figure, FigurePart
from shinchoku.problems import Loc, Place, Printed, Problem, Wording
from shinchoku.problems import reasons as why
from shinchoku.problems.input import UNDECLARED_PART_LABEL


class BreakdownRule(StrEnum):
    """How a disaggregated KPI's own status and grade follow from its parts."""

    WORST = "worst"  # the worst part's status and grade
    ALL = "all"  # achieved only when every part meets its target
    TOTAL = "total"  # the total's own figure, as for any KPI


# A label that names one value in each of several dimensions: 「小・男」.
COMBINED_LABEL_SEPARATOR = "・"


def parts_beside_text(figure: Figure) -> tuple[FigurePart, ...]:
    """The parts of a figure that its text alone does not give (kept beside the text in
    the dataset and the store); () when the text gives them."""
    if not figure.parts:
        return ()
    try:
        derived = Figure.of(figure.text).parts
    except ValueError:
        derived = ()
    return () if derived == figure.parts else figure.parts


class Breakdown(BaseModel):
    """How a KPI is disaggregated (学校種, 性別, 年齢, 地域, 市町村 …) and how it is judged.

    A part's label names one declared value (「男」), or one value in each of several
    dimensions joined by 「・」 (「小・男」); a value belongs to one dimension only, so a
    label maps to its dimensions without ambiguity. The part labelled ``total`` (or any
    word the figure reader takes for a total: 計, 合計, 全体, 総数, 総計) is the KPI's own
    (total) figure.
    """

    model_config = ConfigDict(extra="forbid")

    dimensions: dict[str, list[str]] = Field(
        min_length=1, description="Each dimension (e.g. 性別) with its values (e.g. [男, 女])"
    )
    rule: BreakdownRule = Field(
        BreakdownRule.WORST, description="How the KPI's own status and grade are decided"
    )
    total: str = Field("計", description="Label of the part that is the total")

    @model_validator(mode="after")
    def _distinct(self) -> Breakdown:
        seen: dict[str, str] = {}
        for dim, values in self.dimensions.items():
            if not values:
                raise ValueError(f"breakdown dimension {dim!r} has no values")
            for v in values:
                if v in seen:
                    raise ValueError(
                        f"breakdown value {v!r} is declared twice (in {seen[v]!r} and {dim!r})"
                    )
                if v == self.total or v in TOTAL_LABELS:
                    raise ValueError(f"breakdown value {v!r} is also a total's label")
                seen[v] = dim
        return self

    def dimension_of(self, value: str) -> str | None:
        return next((d for d, vs in self.dimensions.items() if value in vs), None)

    def resolve(self, label: str) -> dict[str, str] | None:
        """The dimension values a part label names, in declaration order; None if unknown.

        The total's label names no value (an empty mapping).
        """
        if label == self.total or label in TOTAL_LABELS:
            return {}
        pieces = [label] if self.dimension_of(label) else label.split(COMBINED_LABEL_SEPARATOR)
        found: dict[str, str] = {}
        for piece in pieces:
            dim = self.dimension_of(piece)
            if dim is None or dim in found:
                return None
            found[dim] = piece
        return {d: found[d] for d in self.dimensions if d in found}

    def undeclared(self, figure: Figure | None) -> list[str]:
        """Labels of the figure's parts that name no declared value (nor a total).

        Every channel that takes a disaggregated KPI's figure (dataset, web form, API,
        照会 reply) refuses these, so that a stored plan always loads.
        """
        parts = figure.parts if figure is not None else ()
        return [p.label for p in parts if self.resolve(p.label) is None]

    def label_problems(
        self, figures: Iterable[tuple[Loc, Figure | None]]
    ) -> list[tuple[Loc, Problem]]:
        """(location, problem) of every undeclared label in ``figures``."""
        accepted = "、".join(self.accepted())
        return [
            (
                loc,
                UNDECLARED_PART_LABEL(
                    Place(),
                    f"part label {label!r} of {figure.text!r} is not a declared breakdown "
                    f"value (accepted: {accepted}; combine values of several dimensions with "
                    f"{COMBINED_LABEL_SEPARATOR!r})",
                    found=label,
                    expected=accepted,
                    what=Wording("値", "figure"),
                    figure=Printed(figure.text),
                ),
            )
            for loc, figure in figures
            if figure is not None
            for label in self.undeclared(figure)
        ]

    def refuse_undeclared(self, figure: Figure | None) -> None:
        """Raise :class:`ParseError` for a figure typed with an undeclared part label (the
        web form, the API and 照会 replies), so that what is stored always loads."""
        for label in self.undeclared(figure):
            assert figure is not None
            raise ParseError(
                figure.text,
                why.UNDECLARED_PART(label=label, accepted="、".join(self.accepted())),
            )

    def accepted(self) -> list[str]:
        """Every declared value, then the total's label."""
        return [v for vs in self.dimensions.values() for v in vs] + [self.total]

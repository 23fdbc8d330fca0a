"""Disaggregated KPIs in the open data: one column per breakdown dimension.

After the Open SDG / SDMX convention, a KPI's own (total) row leaves the dimension
columns blank and each part has a row of its own with its dimension values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from shinchoku.method.evaluate import figure_value
from shinchoku.model import KPI, Figure, Plan
from shinchoku.publish.fields import Field, Value, _f


def dimension_names(plan: Plan) -> list[str]:
    """Every breakdown dimension of the plan's KPIs, in order of first declaration."""
    names: dict[str, None] = {}
    for kpi in plan.kpis:
        if kpi.breakdown is not None:
            names.update(dict.fromkeys(kpi.breakdown.dimensions))
    return list(names)


def dimension_fields(names: Sequence[str]) -> tuple[Field, ...]:
    """One column per breakdown dimension (the Open SDG / SDMX convention)."""
    return tuple(
        _f(
            name,
            "string",
            name,
            name,
            f"Breakdown dimension {name}: the value a part row is for; empty on the KPI's own "
            "(total) row and for KPIs not broken down by it.",
        )
        for name in names
    )


def split_parts(
    row: tuple[Value, ...],
    figure: Figure | None,
    kpi: KPI,
    names: Sequence[str],
    at: Mapping[str, int],
) -> list[tuple[Value, ...]]:
    """The KPI's own row (dimensions blank), then one row per part of the figure.

    ``at`` gives the position of the ``value``, ``text`` and ``approximate`` columns.

    A part row has the part's value and flag; the text as entered stays on the own row,
    whose value is the total's (empty when the figure gives none).
    """
    own = list(row)
    if kpi.breakdown is not None and figure is not None and figure.parts:
        own[at["value"]] = figure_value(kpi, figure)
    out = [(*own, *(None for _ in names))]
    if kpi.breakdown is None or figure is None:
        return out
    for part in figure.parts:
        dims = kpi.breakdown.resolve(part.label)
        if not dims:  # the total: the own row's value
            continue
        cells = list(row)
        cells[at["value"]], cells[at["text"]] = part.value, None
        cells[at["approximate"]] = part.approximate
        out.append((*cells, *(dims.get(n) for n in names)))
    return out

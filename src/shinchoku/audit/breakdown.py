"""Checks of disaggregated KPIs: labels, missing parts, totals against their parts.

The KPI's own figures cannot hold an undeclared label (the model refuses it); figures
printed elsewhere (headline cards, main initiatives) are checked here, and so are the
labelled figures of a KPI that declares no breakdown.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from shinchoku.audit import catalogue as c
from shinchoku.audit.agreement import agree
from shinchoku.audit.checks import check
from shinchoku.japanese import normalise_unit
from shinchoku.method import Evaluation
from shinchoku.method.breakdown import missing_parts, part_values
from shinchoku.method.evaluate import figure_value
from shinchoku.model import KPI, Breakdown, BreakdownRule, Figure, FigurePart, Plan
from shinchoku.problems import Place, Printed, Problem, Severity
from shinchoku.wording import FIELDS, printed

# Units whose parts do not add up to the whole: rates, scores, averages of time.
_NOT_ADDITIVE = frozenset({"%", "ポイント", "倍", "点", "分", "時間", "h", "日"})


def is_additive(kpi: KPI) -> bool:
    """Whether the KPI counts something, so that its parts sum to its total."""
    if kpi.unit is None:
        return False
    return normalise_unit(kpi.unit).split("/")[0] not in _NOT_ADDITIVE


def _own_figures(kpi: KPI) -> Iterator[tuple[str, int | None, Figure]]:
    """(field, year, figure) of the KPI; targets only when they have parts."""
    if kpi.baseline.value is not None:
        yield "baseline", None, kpi.baseline.value
    for year, t in sorted(kpi.targets.items()):
        if t.figure is not None and t.figure.parts:
            yield "target", year, t.figure
    if kpi.final_target is not None and kpi.final_target.figure is not None:
        if kpi.final_target.figure.parts:
            yield "final-target", None, kpi.final_target.figure
    for year, o in sorted(kpi.observations.items()):
        yield "actual", year, o.value


def _part(part: FigurePart) -> Printed:
    """One part as a template argument: 「中 72%」, its label kept in either language."""
    return Printed(f"{part.label} {part.value.normalize():f}{part.unit or ''}")


@check
def missing_breakdown_parts(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """A figure of a disaggregated KPI lacks a part; under worst/all, has none at all."""
    for kpi in plan.kpis:
        b = kpi.breakdown
        if b is None:
            continue
        for field, year, fig in _own_figures(kpi):
            place = Place(kpi=kpi.id, year=year, field=field)
            if fig.is_none and not fig.parts:
                continue
            if not fig.parts:
                if b.rule is not BreakdownRule.TOTAL and field == "actual":
                    every = "、".join(b.accepted()[:-1])
                    yield c.MISSING_PART(
                        place, found=printed(fig), expected=every, what=FIELDS[field]
                    )
                continue
            missing = missing_parts(b, fig)
            if missing:
                yield c.MISSING_PART(
                    place, found=printed(fig), expected="、".join(missing), what=FIELDS[field]
                )


@check
def part_units(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for kpi in plan.kpis:
        if kpi.breakdown is None or kpi.unit is None:
            continue
        for field, year, fig in _own_figures(kpi):
            for part in fig.parts:
                if part.unit is None or normalise_unit(part.unit) == normalise_unit(kpi.unit):
                    continue
                yield c.UNIT_MISMATCH(
                    Place(kpi=kpi.id, year=year, field=field),
                    found=part.unit,
                    expected=kpi.unit,
                    figure=_part(part),
                )


@check
def part_totals(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """A count's total against the sum of the parts of each complete dimension."""
    for kpi in plan.kpis:
        b = kpi.breakdown
        if b is None or not is_additive(kpi):
            continue
        for field, year, fig in _own_figures(kpi):
            total = figure_value(kpi, fig)
            if total is None or not fig.parts:
                continue
            for dim, values in _complete_dimensions(b, fig):
                parts_sum = sum(values, Decimal(0))
                if parts_sum == total:
                    continue
                approximate = fig.approximate or any(p.approximate for p in fig.parts)
                yield c.PART_TOTAL_MISMATCH(
                    Place(kpi=kpi.id, year=year, field=field),
                    found=f"{total.normalize():f}",
                    expected=f"{parts_sum.normalize():f}",
                    severity=Severity.WARNING if approximate else None,
                    what=FIELDS[field],
                    figure=printed(fig),
                    dimension=dim,
                )


def _complete_dimensions(b: Breakdown, fig: Figure) -> Iterator[tuple[str, list[Decimal]]]:
    """Each dimension whose every value is a part of its own (「男」「女」, not 「小・男」)."""
    values = part_values(b, fig)
    for dim, declared in b.dimensions.items():
        if all(v in values for v in declared):
            yield dim, [values[v] for v in declared]


@check
def parts_without_breakdown(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """A KPI with no breakdown whose own figures hold labelled parts: they are not judged."""
    for kpi in plan.kpis:
        if kpi.breakdown is not None:
            continue
        for field, year, fig in _own_figures(kpi):
            yield from _labels(Place(kpi=kpi.id, year=year, field=field), kpi, fig, field)


@check
def stated_parts(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """Cards and main initiatives printing a KPI's parts: declared labels, same values."""
    for area, _ in plan.walk_areas():
        for card in area.cards:
            kpi = plan.kpi(card.kpi)
            obs = kpi.observations.get(ev.year)
            place = Place(area=area.id, kpi=kpi.id, field="card")
            for what, fig, own in (
                ("baseline", card.baseline, kpi.baseline.value),
                ("actual", card.actual, obs.value if obs is not None else None),
            ):
                yield from _labels(place, kpi, fig, what)
                yield from _part_values(place, kpi, fig, own, what)
        for g in area.guidelines:
            for _, f, kpi_id, year in g.kpi_figures():
                place = Place(area=area.id, kpi=kpi_id, year=year, field="initiative")
                kpi = plan.kpi(kpi_id)
                obs = kpi.observations.get(year)
                yield from _labels(place, kpi, f.figure, "actual")
                if f.kind == "actual" and obs is not None:
                    yield from _part_values(place, kpi, f.figure, obs.value, "actual")


def _labels(place: Place, kpi: KPI, fig: Figure | None, what: str) -> Iterator[Problem]:
    if fig is None:
        return
    b = kpi.breakdown
    labels = b.undeclared(fig) if b is not None else [p.label for p in fig.parts]
    accepted = "、".join(b.accepted()) if b is not None else "—"
    for label in labels:
        yield c.UNDECLARED_PART_LABEL(
            place, found=label, expected=accepted, what=FIELDS[what], figure=printed(fig)
        )


def _part_values(
    place: Place, kpi: KPI, shown: Figure | None, own: Figure | None, what: str
) -> Iterator[Problem]:
    """Each printed part against the KPI's part of the same label, at the printed precision."""
    b = kpi.breakdown
    if b is None or shown is None or own is None:
        return
    mine = {p.label: p for p in own.parts}
    for part in shown.parts:
        theirs = mine.get(part.label)
        if theirs is None or b.resolve(part.label) is None:
            continue
        printed_part = Figure(text=f"{part.value}", value=part.value, approximate=part.approximate)
        table = Figure(text=f"{theirs.value}", value=theirs.value, approximate=theirs.approximate)
        if not agree(printed_part, table):
            yield c.VALUE_DIFFERS_BETWEEN_PLACES(
                place,
                found=_part(part),
                expected=_part(theirs),
                shown_in=FIELDS[place.field or "card"],
                what=FIELDS[what],
            )

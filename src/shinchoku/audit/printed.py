"""Checks on what a figure cell prints beside its number: its period, its "from" value.

A cell such as 「88.1%(平成28年度)」 or 「2,300万件→3,100万件」 states more than one
number; each statement that the plan also records elsewhere is compared with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from shinchoku.audit import catalogue as c
from shinchoku.audit.agreement import agree
from shinchoku.audit.checks import _same_unit, check
from shinchoku.method import Evaluation
from shinchoku.model import Figure, MoneyRecord, Plan, Point
from shinchoku.problems import Place, Printed, Problem, Wording
from shinchoku.wording import FIELDS, fiscal_year_text
from shinchoku.wording import printed as printed_figure

_BASELINE = Wording("基準値", "the baseline")
_KINDS = {
    "settled": Wording("決算額", "settled"),
    "budget": Wording("予算額", "budget"),
    "project-cost": Wording("事業費", "project cost"),
}


def _point(p: Point) -> Wording:
    """「平成28年度」 as printed in Japanese; the fiscal year (and month) in English."""
    month = f", month {p.month}" if p.month is not None else ""
    return Wording(f"「{p.text}」", f"FY{p.fiscal_year}{month}")


def _same_point(a: Point, b: Point) -> bool:
    return (a.fiscal_year, a.month) == (b.fiscal_year, b.month)


@check
def printed_periods(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for kpi in plan.kpis:
        rows: list[tuple[str, int | None, Figure | None, Point | None]] = [
            ("baseline", None, kpi.baseline.value, kpi.baseline.as_of)
        ]
        rows += [("actual", y, o.value, o.as_of) for y, o in sorted(kpi.observations.items())]
        for field, year, figure, as_of in rows:
            printed = figure.as_of if figure is not None else None
            if printed is None or as_of is None or _same_point(printed, as_of):
                continue
            assert figure is not None
            yield c.AS_OF_MISMATCH(
                Place(kpi=kpi.id, year=year, field=field),
                found=printed.text,
                expected=as_of.text,
                printed_at=_point(printed),
                dated=_point(as_of),
                figure=printed_figure(figure),
                what=FIELDS[field],
            )


@check
def printed_starts(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for kpi in plan.kpis:
        baseline = kpi.baseline.value
        targets: list[tuple[str, int | None, Figure | None]] = [
            ("target", y, t.figure) for y, t in sorted(kpi.targets.items())
        ]
        if kpi.final_target is not None:
            targets.append(("final-target", None, kpi.final_target.figure))
        for field, year, figure in targets:
            if figure is not None and figure.start is not None:
                yield from _compare_start(kpi.id, field, year, figure, baseline, _BASELINE)
        for year, o in sorted(kpi.observations.items()):
            if o.value.start is None:
                continue
            before = kpi.observations.get(year - 1)
            if before is not None and before.value.value is not None:
                previous = Wording(
                    f"{fiscal_year_text(year - 1, 'ja')}の実績値",
                    f"the {fiscal_year_text(year - 1, 'en')} actual",
                )
                yield from _compare_start(kpi.id, "actual", year, o.value, before.value, previous)
            else:
                yield from _compare_start(kpi.id, "actual", year, o.value, baseline, _BASELINE)


def _compare_start(
    kpi_id: str, field: str, year: int | None, figure: Figure, base: Figure | None, what: Wording
) -> Iterator[Problem]:
    start = figure.start
    if start is None or base is None or base.value is None or start.value is None:
        return
    if agree(start, base) and _same_unit(start.unit, base.unit):
        return
    yield c.START_MISMATCH(
        Place(kpi=kpi_id, year=year, field=field),
        found=printed_figure(start),
        expected=printed_figure(base),
        figure=printed_figure(figure),
        basis=what,
    )


@check
def printed_money_kinds(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    records: list[tuple[str | None, str | None, MoneyRecord]] = [
        (None, None, r) for r in plan.money
    ]
    records += [(a.id, None, r) for a, _ in plan.walk_areas() for r in a.money]
    records += [(a.id, m.id, r) for a, m in plan.measures() for r in m.money]
    for area_id, measure_id, r in records:
        printed = r.printed_kind
        if printed is not None and printed is not r.kind and r.amount is not None:
            yield c.MONEY_KIND_MISMATCH(
                Place(area=area_id, measure=measure_id, year=r.year, field="money"),
                found=printed.value,
                expected=r.kind.value,
                labelled=_KINDS[printed.value],
                recorded=_KINDS[r.kind.value],
                amount=Printed(
                    r.amount.text, None if r.amount.yen is None else str(r.amount.yen), "円"
                ),
            )

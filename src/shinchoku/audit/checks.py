"""The checks: every figure a person typed that can be recomputed is recomputed.

Each check takes the plan and the evaluation of the year and yields
:class:`~shinchoku.problems.Problem` objects from the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from shinchoku.audit import catalogue as c
from shinchoku.japanese import ParseError, normalise, normalise_unit, parse_money
from shinchoku.method import (
    Evaluation,
    rate_display,
)
from shinchoku.method.aggregate import area_money, areas_sum, children_sum, plan_money
from shinchoku.method.rates import achievement_rate, is_better, is_met
from shinchoku.method.rounding import format_money, format_rate, round_decimal
from shinchoku.model import (
    KPI,
    Figure,
    MoneyKind,
    MoneyRecord,
    Plan,
    RateBasis,
    TargetKind,
)
from shinchoku.problems import Place, Problem, Severity

Check = Callable[[Plan, Evaluation], Iterator[Problem]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


def _num(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.normalize():f}"


def _same_unit(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    return normalise_unit(a) == normalise_unit(b)


def _same_base_unit(a: str | None, b: str | None) -> bool:
    """Cards drop the period of a rate unit: 「377人」 beside 「377人/年」 agree."""
    if a is None or b is None:
        return True
    return normalise_unit(a).split("/")[0] == normalise_unit(b).split("/")[0]


# -- money ---------------------------------------------------------------------------------
@check
def money_totals(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """An area's own record against its children's sum; the plan record against the areas."""
    deep = plan.settings.area_money_from_measures
    for area, _ in plan.walk_areas():
        for rec in area.money:
            below = children_sum(area, rec.year, deep)
            if below is None:
                continue
            own = area_money(area, rec.year)
            assert own is not None
            place = Place(area=area.id, year=rec.year, field="money")
            yield from _compare_totals(
                place,
                own.projects,
                own.yen,
                below.projects,
                below.yen,
                "its measures and sub-areas" if deep else "its parts",
            )
    for rec in plan.money:
        below = areas_sum(plan, rec.year)
        if below is None:
            continue
        yen = rec.amount.yen if rec.amount is not None else None
        place = Place(year=rec.year, field="money")
        yield from _compare_totals(place, rec.projects, yen, below.projects, below.yen)


def _compare_totals(
    place: Place,
    projects: int | None,
    yen: int | None,
    sum_p: int | None,
    sum_y: int | None,
    parts: str = "its parts",
) -> Iterator[Problem]:
    if projects is not None and sum_p is not None and projects != sum_p:
        yield c.STATED_TOTAL_MISMATCH(
            place,
            f"project count {projects:,} differs from the sum of {parts}, {sum_p:,}",
            projects,
            sum_p,
        )
    if yen is not None and sum_y is not None and yen != sum_y:
        yield c.STATED_TOTAL_MISMATCH(
            place, f"amount {yen:,}円 differs from the sum of {parts}, {sum_y:,}円", yen, sum_y
        )


@check
def statements(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """Counts and amounts printed on the summary page against the computed ones."""
    s = plan.settings
    for st in plan.statements:
        total = (
            plan_money(plan, st.year)
            if st.area is None
            else area_money(plan.area(st.area), st.year, s.area_money_from_measures)
        )
        place = Place(area=st.area, year=st.year, field=f"statement ({st.where})")
        if total is None:
            continue
        if st.projects is not None and st.projects.value is not None:
            if total.projects is not None and Decimal(total.projects) != st.projects.value:
                yield c.STATED_TOTAL_MISMATCH(
                    place, "printed project count differs", st.projects.text, total.projects
                )
        if st.amount is not None and total.yen is not None:
            computed = format_money(total.yen, s)
            if _display_differs(st.amount, total.yen, plan):
                yield c.STATED_MONEY_DISPLAY_MISMATCH(
                    place, "printed amount differs from the recorded amount", st.amount, computed
                )
        if st.kind is not None and total.kind is not None and st.kind is not total.kind:
            yield c.STATED_TOTAL_MISMATCH(
                place, "printed money kind differs", st.kind.value, total.kind.value
            )


def _display_differs(printed: str, yen: int, plan: Plan) -> bool:
    try:
        printed_yen = parse_money(printed)
    except ParseError:
        return True
    # Compare in the printed form's own precision: 20.2億円 vs 2,022,951千円.
    return printed_yen != _to_display_yen(yen, printed, plan)


def _to_display_yen(yen: int, printed: str, plan: Plan) -> int:
    text = normalise(printed)
    for unit, size in (("億円", 10**8), ("百万円", 10**6), ("万円", 10**4), ("千円", 10**3)):
        if text.endswith(unit):
            number = text[: -len(unit)].replace(",", "")
            decimals = len(number.split(".")[1]) if "." in number else 0
            shown = round_decimal(Decimal(yen) / size, decimals, plan.settings.money_rounding)
            return int(shown * size)
    return yen


@check
def past_year_budget(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """Money of a closed year should be settled (決算額), not budgeted."""
    report_year = plan.report.year or ev.year
    records: list[tuple[str | None, str | None, MoneyRecord]] = [
        (None, None, r) for r in plan.money
    ]
    records += [(a.id, None, r) for a, _ in plan.walk_areas() for r in a.money]
    records += [(a.id, m.id, r) for a, m in plan.measures() for r in m.money]
    for area_id, measure_id, r in records:
        if r.kind is MoneyKind.BUDGET and r.year < report_year:
            yield c.PAST_YEAR_BUDGET_AMOUNT(
                Place(area=area_id, measure=measure_id, year=r.year, field="money"),
                f"FY{r.year} is closed in the FY{report_year} report but its money is a budget"
                + (f" (printed as {r.note})" if r.note else ""),
                found="予算額",
                expected="決算額",
            )


# -- KPIs ----------------------------------------------------------------------------------
@check
def units(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for kpi in plan.kpis:
        for field, fig in _kpi_figures(kpi):
            if fig is not None and not _same_unit(fig.unit, kpi.unit):
                yield c.UNIT_MISMATCH(
                    Place(kpi=kpi.id, field=field), f"figure {fig.text!r}", fig.unit, kpi.unit
                )


def _kpi_figures(kpi: KPI) -> Iterator[tuple[str, Figure | None]]:
    yield "baseline", kpi.baseline.value
    for year, t in sorted(kpi.targets.items()):
        yield f"target {year}", t.figure
    if kpi.final_target is not None:
        yield "final target", kpi.final_target.figure
    for year, o in sorted(kpi.observations.items()):
        yield f"actual {year}", o.value


@check
def targets_against_baseline(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for kpi in plan.kpis:
        base = kpi.baseline.value.value if kpi.baseline.value is not None else None
        if base is None:
            continue
        named = [(f"target {y}", y, t) for y, t in sorted(kpi.targets.items())]
        if kpi.final_target is not None:
            named.append(("final target", plan.period.end, kpi.final_target))
        for field, year, t in named:
            tv = t.value
            if tv is None or not is_better(base, tv, kpi.direction):
                continue
            yield c.TARGET_BELOW_BASELINE(
                Place(kpi=kpi.id, year=year, field=field),
                f"target {t.text!r} is not beyond the baseline {kpi.baseline.value.text!r}"
                if kpi.baseline.value is not None
                else "target is not beyond the baseline",
                _num(tv),
                f"beyond {_num(base)}",
            )


@check
def final_target_met_early(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for kpi in plan.kpis:
        final = kpi.final_target
        if final is None or final.value is None:
            continue
        points: list[tuple[int, Decimal, str]] = []
        b = kpi.baseline
        if b.value is not None and b.value.value is not None:
            points.append((b.as_of.fiscal_year if b.as_of else 0, b.value.value, "baseline"))
        for y, o in sorted(kpi.observations.items()):
            if o.value.value is not None and y <= ev.year:
                points.append((o.data_year or y, o.value.value, f"actual {y}"))
        for year, value, label in points:
            if year < plan.period.end and is_met(value, final.value, kpi.direction, Decimal(0)):
                yield c.FINAL_TARGET_MET_EARLY(
                    Place(kpi=kpi.id, field=label),
                    f"the final target {final.text!r} (FY{plan.period.end}) is met by the "
                    f"{label}" + (f" (FY{year})" if year else ""),
                    _num(value),
                    final.text,
                )
                break


@check
def observations(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for kpi in plan.kpis:
        for year, o in sorted(kpi.observations.items()):
            place = Place(kpi=kpi.id, year=year, field="actual")
            if o.data_year is not None and o.data_year < year:
                yield c.OBSERVATION_EARLIER_YEAR(
                    place,
                    f"the figure reported for FY{year} describes FY{o.data_year}"
                    + (f" ({o.note})" if o.note else ""),
                    o.data_year,
                    year,
                )
            elif o.as_of is not None and o.as_of.fiscal_year < year:
                yield c.OBSERVATION_EARLIER_YEAR(
                    place, f"the figure was measured at {o.as_of.text}", o.as_of.text, year
                )
            if o.basis is not None:
                yield c.OBSERVATION_BASIS_DIFFERS(
                    place,
                    f"the figure {o.value.text!r} is printed as {o.basis}; the KPI is {kpi.name!r}",
                    o.basis,
                    kpi.name,
                )
        r = ev.kpis[kpi.id]
        if r.target_value is not None and r.observation is None:
            yield c.MISSING_OBSERVATION(
                Place(kpi=kpi.id, year=ev.year, field="actual"),
                f"target {r.target.text if r.target else ''!r} but no actual",
            )
        if (
            r.target is not None
            and r.target.kind in (TargetKind.BEAT_PREVIOUS, TargetKind.MAINTAIN)
            and r.previous is None
            and r.actual is not None
        ):
            yield c.RELATIVE_TARGET_UNVERIFIABLE(
                Place(kpi=kpi.id, year=ev.year, field="target"),
                f"target {r.target.text!r} needs the FY{ev.year - 1} figure",
            )


@check
def stated_rates(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """Printed 達成率 on cards and observations against the computed rate."""
    s = plan.settings
    for area, _ in plan.walk_areas():
        for card in area.cards:
            if card.rate is None or card.rate.value is None:
                continue
            kpi = plan.kpi(card.kpi)
            actual = card.actual if card.actual is not None else None
            obs = kpi.observations.get(ev.year)
            actual_fig = actual or (obs.value if obs else None)
            final = kpi.final_target if s.card_rate_basis is RateBasis.FINAL else None
            target = final or kpi.targets.get(ev.year)
            if actual_fig is None or actual_fig.value is None or target is None:
                continue
            tv = target.value
            if tv is None:
                continue
            rate = achievement_rate(actual_fig.value, tv, kpi.direction)
            if rate is None:
                continue
            yield from _rate_problem(
                Place(area=area.id, kpi=kpi.id, year=ev.year, field="card 達成率"),
                card.rate,
                rate,
                plan,
                approximate=actual_fig.approximate
                or bool(target.figure and target.figure.approximate),
                detail=f"{actual_fig.text} / {target.text}",
            )
    for kpi in plan.kpis:
        o = kpi.observations.get(ev.year)
        r = ev.kpis[kpi.id]
        if o is None or o.stated_rate is None or o.stated_rate.value is None or r.rate is None:
            continue
        yield from _rate_problem(
            Place(kpi=kpi.id, year=ev.year, field="stated 達成率"),
            o.stated_rate,
            r.rate,
            plan,
            approximate=o.value.approximate,
            detail=f"{o.value.text} / {r.target.text if r.target else ''}",
        )


def _rate_problem(
    place: Place, printed: Figure, rate: Decimal, plan: Plan, approximate: bool, detail: str
) -> Iterator[Problem]:
    shown = rate_display(rate, plan.settings)
    assert printed.value is not None
    if printed.value != shown:
        note = " (the figures are approximate)" if approximate else ""
        yield c.STATED_RATE_MISMATCH(
            place,
            f"printed {printed.text}, computed {format_rate(rate, plan.settings)} from "
            f"{detail}{note}",
            printed.text,
            format_rate(rate, plan.settings),
            severity=Severity.WARNING if approximate else None,
        )


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


@check
def analysis_numbering(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for area, m in plan.measures():
        my = m.years.get(ev.year)
        if my is None or not my.analysis or len(m.kpis) < 2:
            continue
        numbers = {r.number for r in m.kpis if r.number is not None}
        for ch in sorted(set(re.findall(f"[{_CIRCLED}]", my.analysis))):
            n = _CIRCLED.index(ch) + 1
            if n not in numbers:
                yield c.ANALYSIS_REFERS_TO_MISSING_KPI(
                    Place(area=area.id, measure=m.id, year=ev.year, field="analysis"),
                    f"the analysis mentions {ch} but the measure has KPIs "
                    + "".join(_CIRCLED[i - 1] for i in sorted(numbers)),
                    ch,
                    "".join(_CIRCLED[i - 1] for i in sorted(numbers)),
                )


@check
def values_between_places(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    """Cards and initiative figures against the KPI's own figures."""
    for area, _ in plan.walk_areas():
        for card in area.cards:
            kpi = plan.kpi(card.kpi)
            place = Place(area=area.id, kpi=kpi.id, field="card")
            b = kpi.baseline
            if card.baseline is not None and b.value is not None:
                yield from _compare(place, "baseline", card.baseline, b.value, kpi)
            if card.baseline_as_of is not None and b.as_of is not None:
                if card.baseline_as_of.fiscal_year != b.as_of.fiscal_year:
                    yield c.VALUE_DIFFERS_BETWEEN_PLACES(
                        place,
                        f"the card dates the baseline {card.baseline_as_of.text}, the KPI "
                        f"table {b.as_of.text}",
                        card.baseline_as_of.text,
                        b.as_of.text,
                    )
            obs = kpi.observations.get(ev.year)
            if card.actual is not None and obs is not None:
                yield from _compare(place, "actual", card.actual, obs.value, kpi)
                shown = card.actual_as_of.fiscal_year if card.actual_as_of else ev.year
                described = obs.data_year or ev.year
                if shown != described:
                    yield c.VALUE_DIFFERS_BETWEEN_PLACES(
                        place,
                        f"the card dates the actual FY{shown}, the KPI table FY{described}",
                        shown,
                        described,
                    )
            if card.target is not None and kpi.final_target is not None:
                t = kpi.final_target
                card_fig = _try_figure(card.target)
                if card_fig is not None and t.figure is not None:
                    yield from _compare(place, "final target", card_fig, t.figure, kpi)
                elif (card_fig is None) != (t.figure is None) or (
                    card_fig is None and card.target.strip() != t.text.strip()
                ):
                    yield c.VALUE_DIFFERS_BETWEEN_PLACES(
                        place, "the card's target differs", card.target, t.text
                    )
        for g in area.guidelines:
            for year, inits in sorted(g.initiatives.items()):
                for init in inits:
                    for f in init.figures:
                        if f.kpi is None:
                            continue
                        kpi = plan.kpi(f.kpi)
                        obs = kpi.observations.get(f.year or year)
                        if f.kind == "actual" and obs is not None:
                            yield from _compare(
                                Place(
                                    area=area.id,
                                    kpi=kpi.id,
                                    year=f.year or year,
                                    field=f"initiative {init.text!r}",
                                ),
                                "actual",
                                f.figure,
                                obs.value,
                                kpi,
                            )


def _try_figure(text: str) -> Figure | None:
    try:
        f = Figure.of(text)
    except ValueError:
        return None
    return f if f.value is not None else None


def _compare(place: Place, what: str, shown: Figure, own: Figure, kpi: KPI) -> Iterator[Problem]:
    if shown.value is None or own.value is None:
        return
    if not _same_base_unit(shown.unit, own.unit):
        yield c.UNIT_MISMATCH(
            place, f"{what}: {shown.text!r} beside the KPI's {own.text!r}", shown.unit, own.unit
        )
    if agree(shown, own):
        return
    yield c.VALUE_DIFFERS_BETWEEN_PLACES(
        place,
        f"{what}: printed {shown.text!r}, the KPI table has {own.text!r}",
        shown.text,
        own.text,
    )


_LAST_NUMBER = re.compile(r"(\d[\d,]*)(?:\.(\d+))?\s*(億|万|千)?")
_MULTIPLIER = {
    "億": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(1000),
    None: Decimal(1),
}


def quantum(fig: Figure) -> Decimal:
    """The place value of the last digit written: 「162万」 → 10⁴, 「97.4%」 → 0.1."""
    text = normalise(fig.text)
    if fig.as_of is not None:  # 「88.1%(平成28年度)」: the period's digits are not the figure's
        text = text[: text.rfind("(")] if "(" in text else text
    matches = list(_LAST_NUMBER.finditer(text))
    if not matches:
        return Decimal(1)
    m = matches[-1]
    decimals = len(m.group(2) or "")
    return _MULTIPLIER[m.group(3)] * Decimal(1).scaleb(-decimals)


def agree(a: Figure, b: Figure) -> bool:
    """Two printed figures agree when the finer one, rounded to the coarser one's
    last digit (truncated or half-up), gives the coarser one."""
    if a.value is None or b.value is None:
        return a.value == b.value
    qa, qb = quantum(a), quantum(b)
    fine, coarse, q = (a.value, b.value, qb) if qa <= qb else (b.value, a.value, qa)
    if fine == coarse:
        return True
    steps = fine / q
    candidates = {
        steps.to_integral_value(rounding=mode) * q for mode in ("ROUND_DOWN", "ROUND_HALF_UP")
    }
    return coarse in candidates or ((a.approximate or b.approximate) and abs(fine - coarse) < q)

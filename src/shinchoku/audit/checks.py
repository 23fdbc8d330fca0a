"""The checks: every figure a person typed that can be recomputed is recomputed.

Each check takes the plan and the evaluation of the year and yields
:class:`~shinchoku.problems.Problem` objects from the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from shinchoku.audit import catalogue as c
from shinchoku.audit.agreement import agree
from shinchoku.japanese import (
    ParseError,
    format_fiscal_year,
    normalise,
    normalise_unit,
    parse_money,
    parse_period,
)
from shinchoku.method import (
    Evaluation,
    rate_display,
)
from shinchoku.method.aggregate import area_money, areas_sum, children_sum, plan_money
from shinchoku.method.rates import achievement_rate, is_better, is_met
from shinchoku.method.rounding import format_money, format_rate, round_decimal
from shinchoku.model import KPI, Figure, MoneyKind, MoneyRecord, Plan, RateBasis, TargetKind
from shinchoku.problems import FiscalYear, Place, Printed, Problem, Severity, Wording
from shinchoku.wording import FIELDS, printed

_NONE = Wording("", "")
_PROJECTS = Wording("事業数", "project count")
_AMOUNT = Wording("金額", "amount")
_YEN = Wording("円", " yen")
_COUNT = Wording("件", "")
_PARTS_SUM = Wording("内訳の合計", "the sum of the parts")
_DIRECTION = {
    "higher": Wording("高いほど良いKPI", "higher is better"),
    "lower": Wording("低いほど良いKPI", "lower is better"),
    "keep": Wording("目標値の維持", "keep at target"),
}
_TARGET_KINDS = {
    TargetKind.BEAT_PREVIOUS: "beat the previous year",
    TargetKind.MAINTAIN: "keep last year's level",
}

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
    parts = (
        Wording("施策と下位の領域の合計", "the sum of its measures and sub-areas")
        if deep
        else _PARTS_SUM
    )
    for area, _ in plan.walk_areas():
        for rec in area.money:
            below = children_sum(area, rec.year, deep)
            if below is None:
                continue
            own = area_money(area, rec.year)
            assert own is not None
            place = Place(area=area.id, year=rec.year, field="money")
            yield from _compare_totals(
                place, own.projects, own.yen, below.projects, below.yen, parts
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
    parts: Wording = _PARTS_SUM,
) -> Iterator[Problem]:
    if projects is not None and sum_p is not None and projects != sum_p:
        yield c.STATED_TOTAL_MISMATCH(
            place, found=projects, expected=sum_p, what=_PROJECTS, basis=parts, unit=_COUNT
        )
    if yen is not None and sum_y is not None and yen != sum_y:
        yield c.STATED_TOTAL_MISMATCH(
            place, found=yen, expected=sum_y, what=_AMOUNT, basis=parts, unit=_YEN
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
        place = Place(area=st.area, year=st.year, field="statement")
        where = Wording(f"概要（{st.where}）に記載の", "") if st.where else _NONE
        if total is None:
            continue
        if st.projects is not None and st.projects.value is not None:
            if total.projects is not None and Decimal(total.projects) != st.projects.value:
                yield c.STATED_TOTAL_MISMATCH(
                    place,
                    found=Printed(st.projects.text, f"{st.projects.value.normalize():f}"),
                    expected=total.projects,
                    what=Wording(f"{where.ja}事業数", "printed project count"),
                    basis=Wording("施策ごとの事業数の合計", "the sum of the recorded counts"),
                    unit=_NONE,
                )
        if st.amount is not None and total.yen is not None:
            computed = format_money(total.yen, s)
            if _display_differs(st.amount, total.yen, plan):
                yield c.STATED_MONEY_DISPLAY_MISMATCH(
                    place,
                    found=_money_printed(st.amount),
                    expected=_money_printed(computed, _to_display_yen(total.yen, st.amount, plan)),
                )
        if st.kind is not None and total.kind is not None and st.kind is not total.kind:
            yield c.STATED_TOTAL_MISMATCH(
                place,
                found=_KIND_WORDS[st.kind.value],
                expected=_KIND_WORDS[total.kind.value],
                what=Wording(f"{where.ja}金額の区分", "printed kind of money"),
                basis=Wording("記録された金額の区分", "the kind of the recorded money"),
                unit=_NONE,
            )


_KIND_WORDS = {
    "settled": Wording("決算額", "settled"),
    "budget": Wording("予算額", "budget"),
    "project-cost": Wording("事業費", "project cost"),
}


def _money_printed(text: str, yen: int | None = None) -> Printed:
    """A money display form: 「85百万円」 in Japanese, "85,000,000 yen" in English."""
    if yen is None:
        try:
            yen = parse_money(text)
        except ParseError:
            return Printed(text)
    return Printed(text, str(yen), "円")


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
                found=_KIND_WORDS["budget"],
                expected=_KIND_WORDS["settled"],
                report_year=FiscalYear(report_year),
                note=Wording(f"（{r.note}と記載）", "") if r.note else _NONE,
            )


# -- KPIs ----------------------------------------------------------------------------------
@check
def units(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for kpi in plan.kpis:
        for field, year, fig in _kpi_figures(kpi):
            if fig is not None and fig.unit and kpi.unit and not _same_unit(fig.unit, kpi.unit):
                yield c.UNIT_MISMATCH(
                    Place(kpi=kpi.id, year=year, field=field),
                    found=fig.unit,
                    expected=kpi.unit,
                    figure=printed(fig),
                )


def _kpi_figures(kpi: KPI) -> Iterator[tuple[str, int | None, Figure | None]]:
    yield "baseline", None, kpi.baseline.value
    for year, t in sorted(kpi.targets.items()):
        yield "target", year, t.figure
    if kpi.final_target is not None:
        yield "final-target", None, kpi.final_target.figure
    for year, o in sorted(kpi.observations.items()):
        yield "actual", year, o.value


@check
def targets_against_baseline(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for kpi in plan.kpis:
        base = kpi.baseline.value.value if kpi.baseline.value is not None else None
        if base is None:
            continue
        named = [("target", y, t) for y, t in sorted(kpi.targets.items())]
        if kpi.final_target is not None:
            named.append(("final-target", plan.period.end, kpi.final_target))
        for field, year, t in named:
            tv = t.value
            if tv is None or not is_better(base, tv, kpi.direction):
                continue
            yield c.TARGET_BELOW_BASELINE(
                Place(kpi=kpi.id, year=year, field=field),
                found=_num(tv),
                expected=_num(base),
                target=_target_printed(t.text, t.figure),
                baseline=printed(kpi.baseline.value)
                if kpi.baseline.value is not None
                else _num(base),
                direction=_DIRECTION[kpi.direction.value],
            )


@check
def final_target_met_early(plan: Plan, ev: Evaluation) -> Iterator[Problem]:
    for kpi in plan.kpis:
        final = kpi.final_target
        if final is None or final.value is None:
            continue
        points: list[tuple[int, Decimal, str, int | None, Figure]] = []
        b = kpi.baseline
        if b.value is not None and b.value.value is not None:
            points.append(
                (b.as_of.fiscal_year if b.as_of else 0, b.value.value, "baseline", None, b.value)
            )
        # A target with a deadline (「14年度までに」) asks to be met by then: an actual that
        # meets it early is what it asks for; a baseline that already meets it is not.
        for y, o in sorted(kpi.observations.items()):
            if o.value.value is not None and y <= ev.year and final.deadline is None:
                points.append((o.data_year or y, o.value.value, "actual", y, o.value))
        for year, value, label, reported, fig in points:
            if year < plan.period.end and is_met(value, final.value, kpi.direction, Decimal(0)):
                by = (
                    Wording("基準値", "baseline")
                    if label == "baseline"
                    else Wording(f"{_fy_ja(reported or year)}の実績値", f"FY{reported} actual")
                )
                yield c.FINAL_TARGET_MET_EARLY(
                    Place(kpi=kpi.id, year=reported, field=label),
                    found=printed(fig),
                    expected=final.text,
                    final=_target_printed(final.text, final.figure),
                    end=FiscalYear(plan.period.end),
                    by=by,
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
                    found=o.data_year,
                    expected=year,
                    when=FiscalYear(o.data_year),
                    note=Wording(f"（{o.note}）", "") if o.note else _NONE,
                )
            elif o.as_of is not None and o.as_of.fiscal_year < year:
                yield c.OBSERVATION_EARLIER_YEAR(
                    place,
                    found=o.as_of.text,
                    expected=year,
                    when=Wording(
                        f"{o.as_of.text}時点（{_fy_ja(o.as_of.fiscal_year)}）",
                        f"FY{o.as_of.fiscal_year} (measured before FY{year} began)",
                    ),
                    note=_NONE,
                )
            if o.basis is not None:
                yield c.OBSERVATION_BASIS_DIFFERS(
                    place,
                    found=o.basis,
                    expected=kpi.name,
                    figure=printed(o.value),
                    basis=_basis_en(o.basis),
                )
        r = ev.kpis[kpi.id]
        if r.target_value is not None and r.observation is None:
            yield c.MISSING_OBSERVATION(
                Place(kpi=kpi.id, year=ev.year, field="actual"),
                target=_target_printed(r.target.text, r.target.figure) if r.target else "—",
            )
        if (
            r.target is not None
            and r.target.kind in (TargetKind.BEAT_PREVIOUS, TargetKind.MAINTAIN)
            and r.previous is None
            and r.actual is not None
        ):
            yield c.RELATIVE_TARGET_UNVERIFIABLE(
                Place(kpi=kpi.id, year=ev.year, field="target"),
                target=Wording(r.target.text, _TARGET_KINDS[r.target.kind]),
                previous=FiscalYear(ev.year - 1),
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
                Place(area=area.id, kpi=kpi.id, year=ev.year, field="card-rate"),
                card.rate,
                rate,
                plan,
                approximate=actual_fig.approximate
                or bool(target.figure and target.figure.approximate),
                actual=printed(actual_fig),
                target=_target_printed(target.text, target.figure),
            )
    for kpi in plan.kpis:
        o = kpi.observations.get(ev.year)
        r = ev.kpis[kpi.id]
        if o is None or o.stated_rate is None or o.stated_rate.value is None:
            continue
        # A year with no target of its own can only state its rate against the final
        # target (大崎町's 平成27年度 達成率 against the KPI 平成32年3月まで).
        target, rate = r.target, r.rate
        if target is None and kpi.final_target is not None:
            target, rate = kpi.final_target, r.final_rate
        if rate is None:
            continue
        yield from _rate_problem(
            Place(kpi=kpi.id, year=ev.year, field="stated-rate"),
            o.stated_rate,
            rate,
            plan,
            approximate=o.value.approximate,
            actual=printed(o.value),
            target=_target_printed(target.text, target.figure) if target else "—",
        )


_APPROXIMATE = Wording(
    "（数値が概数のため、正確な数値では記載どおりになる可能性があります）",
    " (the figures are approximate; the exact figures may give the printed rate)",
)


def _rate_problem(
    place: Place,
    stated: Figure,
    rate: Decimal,
    plan: Plan,
    approximate: bool,
    actual: Printed,
    target: Printed | str,
) -> Iterator[Problem]:
    shown = rate_display(rate, plan.settings)
    assert stated.value is not None
    if stated.value != shown:
        yield c.STATED_RATE_MISMATCH(
            place,
            found=printed(stated),
            expected=format_rate(rate, plan.settings),
            severity=Severity.WARNING if approximate else None,
            actual=actual,
            target=target,
            approximate=_APPROXIMATE if approximate else _NONE,
        )


def _target_printed(text: str, fig: Figure | None) -> Printed:
    return printed(fig) if fig is not None else Printed(text)


def _fy_ja(fy: int) -> str:
    return format_fiscal_year(fy, "wareki")


_BASIS = re.compile(r"^(.+?)(?:年度)?比$")


def _basis_en(basis: str) -> Wording:
    """「R4年度比」 → "relative to FY2022"; the text itself in Japanese."""
    m = _BASIS.match(normalise(basis))
    if m:
        try:
            return Wording(basis, f"relative to FY{parse_period(m.group(1)).fiscal_year}")
        except ParseError:
            pass
    return Wording(basis, "on another basis")


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
                have = sorted(numbers)
                yield c.ANALYSIS_REFERS_TO_MISSING_KPI(
                    Place(area=area.id, measure=m.id, year=ev.year, field="analysis"),
                    found=Wording(ch, f"no. {n}"),
                    expected=Wording(
                        "".join(_CIRCLED[i - 1] for i in have),
                        ", ".join(f"no. {i}" for i in have),
                    ),
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
                yield from _compare(place, _CARD, "baseline", card.baseline, b.value)
            if card.baseline_as_of is not None and b.as_of is not None:
                if card.baseline_as_of.fiscal_year != b.as_of.fiscal_year:
                    yield c.VALUE_DIFFERS_BETWEEN_PLACES(
                        place,
                        found=Wording(
                            card.baseline_as_of.text, f"FY{card.baseline_as_of.fiscal_year}"
                        ),
                        expected=Wording(b.as_of.text, f"FY{b.as_of.fiscal_year}"),
                        shown_in=_CARD,
                        what=Wording("基準値の時点", "as-of point of the baseline"),
                    )
            obs = kpi.observations.get(ev.year)
            if card.actual is not None and obs is not None:
                yield from _compare(place, _CARD, "actual", card.actual, obs.value)
                shown = card.actual_as_of.fiscal_year if card.actual_as_of else ev.year
                described = obs.data_year or ev.year
                if shown != described:
                    yield c.VALUE_DIFFERS_BETWEEN_PLACES(
                        place,
                        found=FiscalYear(shown),
                        expected=FiscalYear(described),
                        shown_in=_CARD,
                        what=Wording("実績値の年度", "fiscal year of the actual"),
                    )
            if card.target is not None and kpi.final_target is not None:
                t = kpi.final_target
                card_fig = _try_figure(card.target)
                if card_fig is not None and t.figure is not None:
                    yield from _compare(place, _CARD, "final-target", card_fig, t.figure)
                elif (card_fig is None) != (t.figure is None) or (
                    card_fig is None and card.target.strip() != t.text.strip()
                ):
                    yield c.VALUE_DIFFERS_BETWEEN_PLACES(
                        place,
                        found=Printed(card.target),
                        expected=Printed(t.text),
                        shown_in=_CARD,
                        what=FIELDS["final-target"],
                    )
        for g in area.guidelines:
            for init, f, kpi_id, year in g.kpi_figures():
                obs = plan.kpi(kpi_id).observations.get(year)
                if f.kind == "actual" and obs is not None:
                    yield from _compare(
                        Place(area=area.id, kpi=kpi_id, year=year, field="initiative"),
                        Wording(f"主要取組「{init.text}」", "main initiative"),
                        "actual",
                        f.figure,
                        obs.value,
                    )


def _try_figure(text: str) -> Figure | None:
    try:
        f = Figure.of(text)
    except ValueError:
        return None
    return f if f.value is not None else None


_CARD = Wording("主要KPI", "headline KPI card")


def _compare(
    place: Place, shown_in: Wording, what: str, shown: Figure, own: Figure
) -> Iterator[Problem]:
    if shown.value is None or own.value is None:
        return
    if shown.unit and own.unit and not _same_base_unit(shown.unit, own.unit):
        yield c.UNIT_MISMATCH(place, found=shown.unit, expected=own.unit, figure=printed(shown))
    if agree(shown, own):
        return
    yield c.VALUE_DIFFERS_BETWEEN_PLACES(
        place, found=printed(shown), expected=printed(own), shown_in=shown_in, what=FIELDS[what]
    )

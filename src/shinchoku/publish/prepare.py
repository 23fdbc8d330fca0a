"""Plan + year → :class:`ReportView`: evaluation, summary and audit, computed once.

Every figure is taken from the method and audit layers (``evaluate``,
``summarise``, ``audit``); this module only chooses words (ja/en), links and
display forms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from shinchoku.audit import audit
from shinchoku.japanese import ParseError, normalise_unit, parse_period
from shinchoku.method import Evaluation, KpiResult, evaluate
from shinchoku.method.evaluate import counted_alike, year_target
from shinchoku.method.outlook import Outlook
from shinchoku.method.rounding import (
    format_decimal,
    format_rate,
    rate_display,
)
from shinchoku.method.summary import summarise
from shinchoku.model import (
    KPI,
    Area,
    Direction,
    Figure,
    Measure,
    OutlookMethod,
    Plan,
    RateBasis,
    SchemeKind,
    Target,
)
from shinchoku.problems import Severity
from shinchoku.publish.charts import Datum, bar_chart, line_chart, stacked_chart
from shinchoku.publish.findings import finding_groups, finding_views, refs
from shinchoku.publish.labels import (
    fiscal_year_label,
    fiscal_year_short,
)
from shinchoku.publish.methodology import methodology
from shinchoku.publish.parts import part_lines
from shinchoku.publish.tidy import tables
from shinchoku.publish.view import (
    AreaRow,
    AreaView,
    CardView,
    FindingView,
    GuidelineView,
    InitiativeView,
    KpiLine,
    KpiPage,
    Link,
    MeasureView,
    ReportView,
    StatusCount,
    Text,
    YearRow,
)
from shinchoku.publish.words import DATA_LANG, Words, area_href, kpi_href
from shinchoku.wording import number_text, point_text

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def report_year(plan: Plan, year: int | None) -> int:
    return year or plan.report.year or plan.period.end


def as_of_date(plan: Plan, fy: int) -> date:
    """The date the figures are as of (for document metadata), else the fiscal year's end."""
    if plan.report.as_of is not None:
        try:
            p = parse_period(plan.report.as_of.text)
        except ParseError:
            p = None
        if p is not None and p.year is not None and p.month is not None:
            return date(p.year, p.month, p.day or 1)
    return date(fy + 1, 3, 31)


class _Builder(Words):
    """Builds the view's records; knows the evaluation, the findings and the indexes."""

    def __init__(self, plan: Plan, fy: int, lang: str) -> None:
        super().__init__(plan, lang)
        self.fy = fy
        self.ev: Evaluation = evaluate(plan, fy)
        self.parents: dict[str, list[Area]] = {}
        self.kpi_places: dict[str, list[tuple[Area, Measure]]] = defaultdict(list)
        self.card_areas: dict[str, list[Area]] = defaultdict(list)
        self._index(plan.areas, [])
        self.problems = audit(plan, fy, self.ev).sorted()
        self.findings = finding_views(self, self.problems)
        self.by_kpi: dict[str, list[FindingView]] = defaultdict(list)
        self.by_measure: dict[str, list[FindingView]] = defaultdict(list)
        self.by_card: dict[tuple[str, str], list[FindingView]] = defaultdict(list)
        for f in self.findings:
            if f.kpi_id is not None:
                self.by_kpi[f.kpi_id].append(f)
                if f.area_id is not None:
                    self.by_card[(f.area_id, f.kpi_id)].append(f)
            if f.measure_id is not None:
                self.by_measure[f.measure_id].append(f)
        self.lines: dict[str, KpiLine] = {}

    # -- indexes -----------------------------------------------------------------------
    def _index(self, areas: Iterable[Area], parents: list[Area]) -> None:
        for a in areas:
            self.parents[a.id] = list(parents)
            for c in a.cards:
                self.card_areas[c.kpi].append(a)
            for m in a.measures:
                for ref in m.kpis:
                    self.kpi_places[ref.kpi].append((a, m))
            self._index(a.children, [*parents, a])

    # -- KPIs ----------------------------------------------------------------------------
    def line(self, r: KpiResult) -> KpiLine:
        if r.kpi.id in self.lines:
            return self.lines[r.kpi.id]
        s = self.plan.settings
        k = r.kpi
        final = final_target(self.plan, k)
        obs = r.observation
        areas: dict[str, Link] = {}
        for a, _ in self.kpi_places.get(k.id, []):
            areas.setdefault(a.id, self.area_link(a))
        for a in self.card_areas.get(k.id, []):
            areas.setdefault(a.id, self.area_link(a))
        line = KpiLine(
            id=k.id,
            href=kpi_href(k.id),
            mark="",
            name=self.kpi_name(k),
            unit=k.unit,
            baseline=k.baseline.value.text if k.baseline.value is not None else k.baseline.note,
            baseline_value=k.baseline.value.value if k.baseline.value is not None else None,
            baseline_as_of=(
                point_text(k.baseline.as_of.text, k.baseline.as_of.fiscal_year, self.lang)
                if k.baseline.as_of is not None
                else None
            ),
            final_target=final.text if final is not None else None,
            final_target_value=final.value if final is not None else None,
            target=r.target.text if r.target is not None else None,
            target_note=r.target.note if r.target is not None else None,
            target_value=r.target_value,
            actual=obs.value.text if obs is not None else None,
            actual_value=r.actual,
            actual_flags=self.flags(obs, self.fy)
            + (
                ()
                if r.met_in is None
                else (self.L["flag_met_in"].format(year=self.year_short(r.met_in)),)
            ),
            baseline_display=self.figure(k.baseline.value, k.unit)
            if k.baseline.value is not None
            else (k.baseline.note if self.lang == "ja" else None),
            final_target_display=self.target(final, k.unit),
            target_display=self.target(r.target, k.unit),
            actual_display=self.figure(obs.value, k.unit) if obs is not None else None,
            rate=format_rate(r.rate, s),
            rate_value=None if r.rate is None else rate_display(r.rate, s),
            final_rate=format_rate(r.final_rate, s),
            final_rate_value=None if r.final_rate is None else rate_display(r.final_rate, s),
            card_rate=format_rate(r.card_rate(s), s),
            status=r.status.value,
            status_label=self.status_label(r.status.value),
            grade=r.grade_label(self.lang),
            outlook=r.outlook.status.value,
            outlook_label=self.outlook_label(r.outlook.status.value),
            areas=tuple(areas.values()),
            findings=refs(self.by_kpi.get(k.id, [])),
            parts=part_lines(self.plan, r, self),
            breakdown_rule=None if k.breakdown is None else k.breakdown.rule.value,
            breakdown_rule_label=None
            if k.breakdown is None
            else self.L[f"breakdown_rule_{k.breakdown.rule.value}"],
        )
        self.lines[k.id] = line
        return line

    def kpi_page(self, r: KpiResult) -> KpiPage:
        k = r.kpi
        L = self.L
        line = self.line(r)
        final = final_target(self.plan, k)
        years = set(self.plan.years) | set(k.targets) | set(k.observations)
        rows: list[YearRow] = []
        for y in range(min(years), max(years) + 1):
            t = year_target(self.plan, k, y)
            o = k.observations.get(y)
            rows.append(
                YearRow(
                    year=y,
                    year_label=fiscal_year_label(y, self.lang),
                    target=t.text if t is not None else None,
                    target_value=t.value if t is not None else None,
                    actual=o.value.text if o is not None else None,
                    actual_value=o.value.value if o is not None else None,
                    flags=self.flags(o, y),
                    current=y == self.fy,
                    target_display=self.target(t, k.unit),
                    actual_display=self.figure(o.value, k.unit) if o is not None else None,
                )
            )
        base = k.baseline
        baseline = (
            Datum(base.as_of.fiscal_year, base.value.value, base.value.text)
            if base.value is not None and base.value.value is not None and base.as_of is not None
            else None
        )
        end = self.plan.period.end
        values = {y: t.value for y, t in k.targets.items()}  # Target.value parses its text
        targets = [
            Datum(y, v, k.targets[y].text)
            for y, v in sorted(values.items())
            if v is not None and not (y == end and final is not None)
        ]
        final_value = final.value if final is not None else None
        fin = Datum(end, final_value, final.text) if final and final_value is not None else None
        actuals = [
            Datum(o.data_year or y, o.value.value, o.value.text)
            for y, o in sorted(k.observations.items())
            if o.value.value is not None
        ]
        chart = line_chart(
            baseline,
            targets,
            actuals,
            fin,
            lambda y: fiscal_year_short(y, self.lang),
            span=(self.plan.period.start, self.plan.period.end),
        )
        desc: list[str] = []
        if line.baseline_display:
            point = f"（{line.baseline_as_of}）" if line.baseline_as_of else ""
            desc.append(f"{L['baseline']} {line.baseline_display}{point}")
        for row in rows:
            parts = []
            if row.target_display:
                parts.append(f"{L['target']} {row.target_display}")
            if row.actual_display:
                parts.append(f"{L['actual']} {row.actual_display}")
            if parts:
                desc.append(f"{row.year_label} " + "、".join(parts))
        places = tuple(
            (self.area_link(a), self.text(m.name, m.name_en))
            for a, m in self.kpi_places.get(k.id, [])
        )
        direction = {
            Direction.HIGHER: L["direction_higher"],
            Direction.LOWER: L["direction_lower"],
            Direction.KEEP: L["direction_keep"],
        }[k.direction]
        alike = counted_alike(k)  # else a pace or a projection mixes units
        return KpiPage(
            line=line,
            direction_label=direction,
            cumulative=k.cumulative,
            source=k.source,
            notes=tuple(self.text(n) for n in k.notes),
            places=places,
            baseline_note=base.note,
            rows=tuple(rows),
            chart=chart,
            chart_desc="; ".join(desc) if desc else L["chart_none"],
            progress=format_rate(r.progress, self.plan.settings),
            observed_pace=self.pace(r.outlook, r.outlook.observed_pace, k.unit) if alike else None,
            required_pace=self.pace(r.outlook, r.outlook.required_pace, k.unit) if alike else None,
            projected=None
            if r.outlook.projected is None or not alike
            else format_decimal(r.outlook.projected.quantize(Decimal("0.01"))),
            findings=tuple(self.by_kpi.get(k.id, [])),
        )

    def pace(self, outlook: Outlook, value: Decimal | None, unit: str | None) -> str | None:
        """A change per year in the tables' style: 「+52.5件」, CAGR as 「+3.1%」."""
        if value is None:
            return None
        if outlook.method is OutlookMethod.CAGR:
            value, unit = value * 100, "%"
        sign = "+" if value > 0 else ""
        text = sign + number_text(value.quantize(Decimal("0.01")))
        if not unit:
            return text
        return text + ("" if self.lang == "ja" or unit == "%" else " ") + unit

    # -- areas ---------------------------------------------------------------------------
    def measure(self, area: Area, m: Measure) -> MeasureView:
        mr = self.ev.measures[m.id]
        numbered = len(m.kpis) > 1 or any(ref.number is not None for ref in m.kpis)
        kpis: list[KpiLine] = []
        for i, ref in enumerate(m.kpis, 1):
            base = self.line(self.ev.kpis[ref.kpi])
            n = ref.number or i
            mark = _CIRCLED[n - 1] if numbered and 0 < n <= len(_CIRCLED) else ""
            kpis.append(_with_mark(base, mark))
        units: list[Text] = []
        for uid in m.org_units:
            u = self.plan.org_unit(uid)
            english = u.label_en(", ") if self.lang == "en" else None
            if english is not None:
                units.append(Text(english, "en"))
            else:
                units.append(Text(u.label, DATA_LANG))
        if m.org_unit_text and (self.lang == "ja" or not units):
            units = [Text(m.org_unit_text, DATA_LANG)]
        my = m.years.get(self.fy)
        return MeasureView(
            id=m.id,
            name=self.text(m.name, m.name_en),
            area_id=area.id,
            org_units=tuple(units),
            org_unit_ids=tuple(m.org_units),
            kpis=tuple(kpis),
            declared=mr.declared_text,
            status=mr.status.value,
            status_label=self.status_label(mr.status.value),
            grade=mr.grade_label(self.lang),
            analysis=self.text(my.analysis) if my is not None and my.analysis else None,
            findings=refs(self.by_measure.get(m.id, [])),
            target=m.target,
            money=self.measure_money_view(m, self.fy),
        )

    def card_figure(self, fig: Figure | None, kpi: KPI) -> str | None:
        """A card has no column heading: 「35」 reads 「35市町村」."""
        text = self.figure(fig, kpi.unit)
        if text is None or fig is None or fig.value is None or not kpi.unit:
            return text
        if fig.unit is not None and normalise_unit(fig.unit) != normalise_unit(kpi.unit):
            return text  # its own unit is shown already
        space = "" if self.lang == "ja" or kpi.unit == "%" else " "
        return f"{text}{space}{kpi.unit}"

    def card(self, area: Area, c_index: int) -> CardView:
        c = area.cards[c_index]
        L = self.L
        r = self.ev.kpis[c.kpi]
        k = r.kpi
        line = self.line(r)
        obs = r.observation
        final = final_target(self.plan, k)
        base_point = None
        if k.baseline.as_of is not None:
            base_point = self.year_short(k.baseline.as_of.fiscal_year)
        actual_point = self.year_short(obs.data_year or self.fy) if obs is not None else None
        target_point = self.year_short(self.plan.period.end)
        baseline_txt = self.card_figure(k.baseline.value, k)
        actual_txt = self.card_figure(obs.value if obs is not None else None, k)
        target_txt = self.card_figure(final.figure if final is not None else None, k)
        if final is not None and final.figure is None:
            target_txt = self.target(final, k.unit)
        rows = [
            (
                "baseline",
                f"{L['chart_short_baseline']} {base_point or ''}".strip(),
                _datum(k.baseline.value.value if k.baseline.value else None, baseline_txt),
            ),
            (
                "actual",
                f"{L['chart_short_actual']} {actual_point or ''}".strip(),
                _datum(r.actual, actual_txt),
            ),
            (
                "target",
                f"{L['chart_short_target']} {target_point}",
                _datum(final.value if final is not None else None, target_txt),
            ),
        ]
        desc = (
            "、".join(f"{label} {d.text}" for _, label, d in rows if d is not None)
            or L["chart_none"]
        )
        title = (
            self.kpi_name(k)
            if self.lang == "en" and k.name_en
            else Text(c.title or k.name, DATA_LANG)
        )
        basis = (
            L["card_rate_final"]
            if self.plan.settings.card_rate_basis is RateBasis.FINAL
            else L["card_rate_year"]
        )
        return CardView(
            dom_id=f"card-{area.id}-{c_index}",
            kpi_id=k.id,
            href=line.href,
            title=title,
            baseline=baseline_txt or k.baseline.note,
            baseline_point=base_point,
            actual=actual_txt,
            actual_point=actual_point,
            target=target_txt,
            target_point=target_point,
            rate=line.card_rate,
            rate_basis=basis,
            status=line.status,
            status_label=line.status_label,
            grade=line.grade,
            outlook=line.outlook,
            outlook_label=line.outlook_label,
            notes=tuple(self.text(n) for n in c.notes)
            + tuple(Text(f, self.lang) for f in line.actual_flags if f not in c.notes),
            chart=bar_chart(rows),
            chart_desc=desc,
            findings=refs(self.by_card.get((area.id, k.id), [])),
        )

    def area(self, area: Area, depth: int) -> AreaView:
        own_measures = {m.id for m in area.measures}
        own_kpis = {ref.kpi for m in area.measures for ref in m.kpis}
        findings = tuple(
            f
            for f in self.findings
            if (f.area_id == area.id)
            or (f.measure_id in own_measures)
            or (f.area_id is None and f.measure_id is None and f.kpi_id in own_kpis)
        )
        money = tuple(
            mv
            for y in (self.fy - 1, self.fy, self.fy + 1)
            if (mv := self.area_money_view(area, y)) is not None
        )
        return AreaView(
            id=area.id,
            href=area_href(area.id),
            name=self.area_name(area),
            label=area.label,
            kind=area.kind,
            depth=depth,
            parents=tuple(self.area_link(p) for p in self.parents[area.id]),
            children=tuple(self.area_link(c) for c in area.children),
            money=money,
            kpi_status=self.counts(self.ev.kpi_status_counts(area)),
            guidelines=tuple(
                GuidelineView(
                    id=g.id,
                    headings=tuple(self.text(h) for h in g.headings),
                    initiatives=tuple(
                        InitiativeView(
                            text=self.text(i.text),
                            new=i.new,
                            details=tuple(self.text(d) for d in i.details),
                        )
                        for i in g.initiatives.get(self.fy, [])
                    ),
                )
                for g in area.guidelines
            ),
            cards=tuple(self.card(area, i) for i in range(len(area.cards))),
            measures=tuple(self.measure(area, m) for m in area.measures),
            findings=findings,
        )


def final_target(plan: Plan, kpi: KPI) -> Target | None:
    return kpi.final_target or kpi.targets.get(plan.period.end)


def _with_mark(line: KpiLine, mark: str) -> KpiLine:
    return line if line.mark == mark else replace(line, mark=mark)


def _datum(value: Decimal | None, text: str | None) -> Datum | None:
    if value is None or text is None:
        return None
    return Datum(None, value, text)


def prepare(plan: Plan, year: int | None = None, lang: str = "ja") -> ReportView:
    """Everything the report shows for ``year`` (default: the plan's report year)."""
    fy = report_year(plan, year)
    b = _Builder(plan, fy, lang)
    L = b.L
    summary = summarise(plan, fy, b.ev)
    originals: dict[tuple[str, int], str] = {}
    for a, _ in plan.walk_areas():
        for rec in a.money:
            if rec.amount is not None:
                originals[(a.id, rec.year)] = rec.amount.text
    area_rows: list[AreaRow] = []
    for row in summary.areas:
        area_obj = plan.area(row.id)
        area_rows.append(
            AreaRow(
                id=row.id,
                href=area_href(row.id),
                name=b.area_name(area_obj),
                label=row.label,
                depth=row.depth,
                measures=row.measures,
                no_kpi=row.measure_status["no-kpi"],
                kpis=row.kpis,
                kpi_status=b.counts(row.kpi_status),
                money=b.money_from_cell(row.money, originals.get((row.id, fy))),
                previous=b.money_from_cell(row.previous, originals.get((row.id, fy - 1))),
            )
        )
    prev_rec = next((r for r in plan.money if r.year == fy - 1), None)
    previous_total = b.money_from_cell(
        summary.previous_total,
        prev_rec.amount.text if prev_rec is not None and prev_rec.amount else None,
    )
    if previous_total is not None and prev_rec is not None and prev_rec.note:
        previous_total = replace(previous_total, note=prev_rec.note)
    areas = tuple(b.area(a, depth) for a, depth in plan.walk_areas())
    kpis = tuple(b.kpi_page(b.ev.kpis[k.id]) for k in plan.kpis)
    counts = {s.value: 0 for s in Severity}
    for f in b.findings:
        counts[f.severity] += 1
    end = plan.period.end
    return ReportView(
        lang=lang,
        labels=L,
        plan_id=plan.id,
        plan_name=b.text(plan.name, plan.name_en),
        government=plan.government,
        basic_goal=b.text(plan.basic_goal) if plan.basic_goal else None,
        slogan=b.text(plan.slogan) if plan.slogan else None,
        year=fy,
        year_label=fiscal_year_label(fy, lang),
        year_short=fiscal_year_short(fy, lang),
        previous_year_label=fiscal_year_label(fy - 1, lang),
        final_year=end,
        final_year_label=fiscal_year_label(end, lang),
        period_label=(
            f"{fiscal_year_label(plan.period.start, lang)} – {fiscal_year_label(end, lang)}"
        ),
        as_of=plan.report.as_of.text if plan.report.as_of is not None else None,
        as_of_date=as_of_date(plan, fy).isoformat(),
        report_note=b.text(plan.report.note) if plan.report.note else None,
        money_unit=plan.settings.money_unit.value,
        areas_summary=tuple(area_rows),
        total=b.money_from_cell(summary.total, None),
        previous_total=previous_total,
        kpi_status=b.counts(summary.kpi_status),
        areas=areas,
        kpis=kpis,
        findings=b.findings,
        finding_groups=finding_groups(b, b.findings),
        finding_counts=tuple(StatusCount(k, L[k], n) for k, n in counts.items()),
        methodology=methodology(plan, fy, lang),
        tables=tables(plan, b.ev, b.problems),
        settings_rate_decimals=plan.settings.rate_decimals,
        graded=plan.settings.scheme.kind is not SchemeKind.STATUS,
        settings_money_decimals=plan.settings.money_decimals,
        **_status_chart(area_rows, L, lang),
    )


def _status_chart(rows: Sequence[AreaRow], L: Mapping[str, str], lang: str) -> dict[str, Any]:
    """The year at a glance: the top-level areas' KPIs by status, and the chart in words."""
    top = [
        (r.name.text, [(s.key, s.label, s.count) for s in r.kpi_status])
        for r in rows
        if r.depth == 0
    ]
    if not any(c for _, parts in top for _, _, c in parts):
        return {}
    sep, colon = ("、", "：") if lang == "ja" else (", ", ": ")
    desc = "; ".join(
        name + colon + sep.join(f"{label} {count}" for _, label, count in parts if count)
        for name, parts in top
    )
    return {
        "status_chart": stacked_chart(top),
        "status_chart_desc": f"{L['status_chart_title']}{colon}{desc}",
    }


__all__ = ["area_href", "as_of_date", "kpi_href", "prepare", "report_year"]

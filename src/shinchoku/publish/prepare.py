"""Plan + year → :class:`ReportView`: evaluation, summary and audit, computed once.

Every figure is taken from the method and audit layers (``evaluate``,
``summarise``, ``audit``); this module only chooses words (ja/en), links and
display forms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal

from shinchoku.audit import CATALOGUE, audit
from shinchoku.japanese import ParseError, parse_period
from shinchoku.method import Evaluation, KpiResult, KpiStatus, evaluate
from shinchoku.method.aggregate import area_money
from shinchoku.method.outlook import Outlook
from shinchoku.method.rounding import (
    format_count,
    format_decimal,
    format_money,
    format_rate,
    money_in_unit,
    rate_display,
)
from shinchoku.method.summary import MoneyCell, summarise
from shinchoku.model import (
    KPI,
    Area,
    Direction,
    Figure,
    Measure,
    Observation,
    OutlookMethod,
    Plan,
    Target,
)
from shinchoku.problems import Problem, Severity
from shinchoku.publish.charts import Datum, bar_chart, line_chart
from shinchoku.publish.labels import (
    finding_title,
    fiscal_year_label,
    fiscal_year_short,
    labels,
)
from shinchoku.publish.methodology import methodology
from shinchoku.publish.view import (
    AreaRow,
    AreaView,
    CardView,
    FindingRef,
    FindingView,
    GuidelineView,
    InitiativeView,
    KpiLine,
    KpiPage,
    Link,
    MeasureView,
    MoneyView,
    PlaceItem,
    ReportView,
    StatusCount,
    Text,
    YearRow,
)

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
DATA_LANG = "ja"  # the language data text is entered in


def area_href(area_id: str) -> str:
    return f"areas/{area_id}.html"


def kpi_href(kpi_id: str) -> str:
    return f"kpis/{kpi_id}.html"


def finding_anchor(n: int) -> str:
    return f"f-{n:03d}"


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


class _Builder:
    def __init__(self, plan: Plan, fy: int, lang: str) -> None:
        self.plan = plan
        self.fy = fy
        self.lang = lang
        self.L = labels(lang)
        self.ev: Evaluation = evaluate(plan, fy)
        self.parents: dict[str, list[Area]] = {}
        self.measure_area: dict[str, Area] = {}
        self.kpi_places: dict[str, list[tuple[Area, Measure]]] = defaultdict(list)
        self._index(plan.areas, [])
        self.findings = self._findings(audit(plan, fy, self.ev).sorted())
        self.by_kpi: dict[str, list[FindingView]] = defaultdict(list)
        self.by_measure: dict[str, list[FindingView]] = defaultdict(list)
        self.by_area: dict[str, list[FindingView]] = defaultdict(list)
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
            for m in a.measures:
                self.measure_area[m.id] = a
                for ref in m.kpis:
                    self.kpi_places[ref.kpi].append((a, m))
            self._index(a.children, [*parents, a])

    # -- words ---------------------------------------------------------------------------
    def text(self, value: str, english: str | None = None) -> Text:
        if self.lang == "en" and english:
            return Text(english, "en")
        return Text(value, DATA_LANG)

    def area_name(self, a: Area) -> Text:
        return self.text(a.name, a.name_en)

    def area_link(self, a: Area) -> Link:
        return Link(area_href(a.id), self.area_name(a), a.id)

    def kpi_name(self, k: KPI) -> Text:
        return self.text(k.name, k.name_en)

    def status_label(self, status: str) -> str:
        return self.L[f"status_{status}"]

    def outlook_label(self, status: str) -> str:
        return self.L[f"outlook_{status}"]

    def year_short(self, fy: int) -> str:
        return fiscal_year_short(fy, self.lang)

    def counts(self, counts: Mapping[str, int]) -> tuple[StatusCount, ...]:
        return tuple(StatusCount(k, self.status_label(k), n) for k, n in counts.items())

    # -- money -----------------------------------------------------------------------------
    def money_from_cell(self, cell: MoneyCell | None, original: str | None) -> MoneyView | None:
        if cell is None:
            return None
        return self.money(
            cell.year, cell.projects, cell.yen, cell.kind, cell.recorded, original, cell.display
        )

    def money(
        self,
        year: int,
        projects: int | None,
        yen: int | None,
        kind: str | None,
        recorded: bool,
        original: str | None,
        display: str | None = None,
        note: str | None = None,
    ) -> MoneyView:
        s = self.plan.settings
        amount = format_money(yen, s)
        if display is None or self.lang == "en":
            count = format_count(projects) if self.lang == "ja" else _en_projects(projects)
            display = f"{count} {amount}" if self.lang == "ja" else f"{count}, {amount}"
        return MoneyView(
            year=year,
            year_label=fiscal_year_label(year, self.lang),
            projects=projects,
            yen=yen,
            display=display,
            amount_display=amount,
            amount_in_unit=None if yen is None else money_in_unit(yen, s),
            kind=kind,
            kind_label=self.L[kind] if kind else self.L["mixed"],
            recorded=recorded,
            original=original,
            note=note,
        )

    def area_money_view(self, area: Area, year: int) -> MoneyView | None:
        total = area_money(area, year)
        if total is None:
            return None
        rec = next((r for r in area.money if r.year == year), None)
        original = rec.amount.text if rec is not None and rec.amount is not None else None
        kind = total.kind.value if total.kind is not None else None
        return self.money(year, total.projects, total.yen, kind, total.recorded, original)

    # -- findings ------------------------------------------------------------------------
    def _findings(self, problems: list[Problem]) -> tuple[FindingView, ...]:
        out: list[FindingView] = []
        for n, p in enumerate(problems, 1):
            ft = CATALOGUE.get(p.code)
            title = finding_title(p.code, ft.title if ft else p.code, self.lang)
            items = self._place(p)
            out.append(
                FindingView(
                    ref=f"F-{n:03d}",
                    anchor=finding_anchor(n),
                    code=p.code,
                    severity=p.severity.value,
                    severity_label=self.L[p.severity.value],
                    title=title,
                    message=p.message,
                    place=items,
                    place_text=" / ".join(f"{i.label}: {i.value.text}" for i in items),
                    found=p.found,
                    expected=p.expected,
                    area_id=p.place.area,
                    measure_id=p.place.measure,
                    kpi_id=p.place.kpi,
                    year=p.place.year,
                    field_name=p.place.field,
                )
            )
        return tuple(out)

    def _place(self, p: Problem) -> tuple[PlaceItem, ...]:
        pl = p.place
        items: list[PlaceItem] = []
        L = self.L
        for label, value in (
            ("file", pl.file),
            ("sheet", pl.sheet),
            ("cell", pl.cell),
            ("path", pl.path),
        ):
            if value:
                items.append(PlaceItem(label, Text(value, "en")))
        if pl.area:
            try:
                a = self.plan.area(pl.area)
                items.append(PlaceItem(L["area"], self.area_name(a), area_href(a.id)))
            except KeyError:
                items.append(PlaceItem(L["area"], Text(pl.area, "en")))
        if pl.measure:
            m = next((m for _, m in self.plan.measures() if m.id == pl.measure), None)
            name = self.text(m.name, m.name_en) if m else Text(pl.measure, "en")
            items.append(PlaceItem(L["measure_name"], name))
        if pl.kpi:
            try:
                k = self.plan.kpi(pl.kpi)
                items.append(PlaceItem(L["kpi"], self.kpi_name(k), kpi_href(k.id)))
            except KeyError:
                items.append(PlaceItem(L["kpi"], Text(pl.kpi, "en")))
        if pl.year is not None:
            year_text = Text(fiscal_year_label(pl.year, self.lang), self.lang)
            items.append(PlaceItem(L["fiscal_year"], year_text))
        if pl.field:
            items.append(PlaceItem(L["field"], Text(pl.field, "en")))
        return tuple(items)

    @staticmethod
    def refs(findings: Iterable[FindingView]) -> tuple[FindingRef, ...]:
        return tuple(FindingRef(f.ref, f.anchor, f.severity, f.title) for f in findings)

    # -- KPIs ----------------------------------------------------------------------------
    def flags(self, obs: Observation | None, year: int) -> tuple[str, ...]:
        """Marks printed beside an actual: 「R4年度数値」, ※翌年度に数値確定, basis."""
        if obs is None:
            return ()
        out: list[str] = []
        if obs.data_year is not None and obs.data_year < year:
            if self.lang == "ja" and obs.note:
                out.append(obs.note)
            else:
                out.append(f"{self.year_short(obs.data_year)}{self.L['flag_data_year']}")
        elif obs.note and self.lang == "ja":
            out.append(obs.note)
        if obs.basis:
            out.append(obs.basis if self.lang == "ja" else f"{self.L['flag_basis']}: {obs.basis}")
        if obs.provisional:
            out.append(self.L["flag_provisional"])
        if obs.finalised_later:
            out.append(self.L["flag_finalised_later"])
        return tuple(out)

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
        for a, _ in self.plan.walk_areas():
            if any(c.kpi == k.id for c in a.cards):
                areas.setdefault(a.id, self.area_link(a))
        line = KpiLine(
            id=k.id,
            href=kpi_href(k.id),
            mark="",
            name=self.kpi_name(k),
            unit=k.unit,
            baseline=k.baseline.value.text if k.baseline.value is not None else k.baseline.note,
            baseline_value=k.baseline.value.value if k.baseline.value is not None else None,
            baseline_as_of=k.baseline.as_of.text if k.baseline.as_of is not None else None,
            final_target=final.text if final is not None else None,
            final_target_value=final.value if final is not None else None,
            target=r.target.text if r.target is not None else None,
            target_note=r.target.note if r.target is not None else None,
            target_value=r.target_value,
            actual=obs.value.text if obs is not None else None,
            actual_value=r.actual,
            actual_flags=self.flags(obs, self.fy),
            rate=format_rate(r.rate, s),
            rate_value=None if r.rate is None else rate_display(r.rate, s),
            final_rate=format_rate(r.final_rate, s),
            final_rate_value=None if r.final_rate is None else rate_display(r.final_rate, s),
            card_rate=format_rate(r.card_rate(s), s),
            status=r.status.value,
            status_label=self.status_label(r.status.value),
            outlook=r.outlook.status.value,
            outlook_label=self.outlook_label(r.outlook.status.value),
            areas=tuple(areas.values()),
            findings=self.refs(self.by_kpi.get(k.id, [])),
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
            t = k.targets.get(y)
            if t is None and y == self.plan.period.end:
                t = final
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
                )
            )
        base = k.baseline
        baseline = (
            Datum(base.as_of.fiscal_year, base.value.value, base.value.text)
            if base.value is not None and base.value.value is not None and base.as_of is not None
            else None
        )
        end = self.plan.period.end
        targets = [
            Datum(y, t.value, t.text)
            for y, t in sorted(k.targets.items())
            if t.value is not None and not (y == end and final is not None)
        ]
        fin = (
            Datum(end, final.value, final.text)
            if final is not None and final.value is not None
            else None
        )
        actuals = [
            Datum(o.data_year or y, o.value.value, o.value.text)
            for y, o in sorted(k.observations.items())
            if o.value.value is not None
        ]
        chart = line_chart(
            baseline, targets, actuals, fin, lambda y: fiscal_year_short(y, self.lang)
        )
        desc: list[str] = []
        if line.baseline:
            point = f"（{line.baseline_as_of}）" if line.baseline_as_of else ""
            desc.append(f"{L['baseline']} {line.baseline}{point}")
        for row in rows:
            parts = []
            if row.target:
                parts.append(f"{L['target']} {row.target}")
            if row.actual:
                parts.append(f"{L['actual']} {row.actual}")
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
            observed_pace=self.pace(r.outlook, r.outlook.observed_pace, k.unit),
            required_pace=self.pace(r.outlook, r.outlook.required_pace, k.unit),
            projected=None
            if r.outlook.projected is None
            else format_decimal(r.outlook.projected.quantize(Decimal("0.01"))),
            findings=tuple(self.by_kpi.get(k.id, [])),
        )

    @staticmethod
    def pace(outlook: Outlook, value: Decimal | None, unit: str | None) -> str | None:
        if value is None:
            return None
        if outlook.method is OutlookMethod.CAGR:
            return f"{value * 100:+.1f}%"
        return f"{value:+,.2f}" + (f" {unit}" if unit else "")

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
            if self.lang == "en" and u.department_en and u.division_en:
                units.append(Text(f"{u.department_en}, {u.division_en}", "en"))
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
            analysis=self.text(my.analysis) if my is not None and my.analysis else None,
            findings=self.refs(self.by_measure.get(m.id, [])),
        )

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
        baseline_txt = _with_unit(k.baseline.value.text, k) if k.baseline.value else None
        actual_txt = _with_unit(obs.value.text, k) if obs is not None else None
        target_txt = _with_unit(final.text, k) if final is not None else None
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
            if self.plan.settings.card_rate_basis.value == "final"
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
            outlook=line.outlook,
            outlook_label=line.outlook_label,
            notes=tuple(self.text(n) for n in c.notes)
            + tuple(Text(f, self.lang) for f in line.actual_flags if f not in c.notes),
            chart=bar_chart(rows),
            chart_desc=desc,
            findings=self.refs(self.by_card.get((area.id, k.id), [])),
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


def _with_unit(text: str, kpi: KPI) -> str:
    """「35」 on a card reads 「35市町村」: add the KPI's unit when the figure has none."""
    try:
        fig = Figure.of(text)
    except ValueError:
        return text
    if fig.value is None or fig.unit is not None or not kpi.unit:
        return text
    return f"{text}{kpi.unit}"


def _datum(value: Decimal | None, text: str | None) -> Datum | None:
    if value is None or text is None:
        return None
    return Datum(None, value, text)


def _en_projects(n: int | None) -> str:
    if n is None:
        return "—"
    return f"{n:,} project" + ("" if n == 1 else "s")


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
        finding_counts=tuple(StatusCount(k, L[k], n) for k, n in counts.items()),
        methodology=methodology(plan, fy, lang),
    )


__all__ = ["KpiStatus", "area_href", "kpi_href", "prepare", "report_year"]

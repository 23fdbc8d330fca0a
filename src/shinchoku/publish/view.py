"""The report as plain records, ready for any output: HTML, PDF, XLSX.

:func:`shinchoku.publish.prepare.prepare` fills these from a plan and a year
once; every format renders the same records, so the formats cannot disagree.
Display strings sit beside the numbers they show (``rate`` and
``rate_value``) because the spreadsheet wants the number and the page the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from shinchoku.publish.charts import BarChart, LineChart, StackedChart
from shinchoku.publish.fields import Table


@dataclass(frozen=True, slots=True)
class Text:
    """Text with the language it is written in (data stays as entered)."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Link:
    href: str  # relative to the site root
    label: Text
    key: str = ""  # the id of what it links to (for anchors inside one document)


@dataclass(frozen=True, slots=True)
class MoneyView:
    year: int
    year_label: str
    projects: int | None
    yen: int | None
    display: str  # "60件 20.2億円"
    amount_display: str  # "20.2億円"
    amount_in_unit: Decimal | None  # 20.2, under the plan's rounding rule
    kind: str | None  # settled / budget / None when mixed
    kind_label: str
    recorded: bool  # a record of this node, not a sum from below
    original: str | None  # the amount as entered, e.g. 2,022,951千円
    note: str | None = None


@dataclass(frozen=True, slots=True)
class StatusCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class FindingRef:
    ref: str  # F-003
    anchor: str  # f-003
    severity: str
    title: str


@dataclass(frozen=True, slots=True)
class PlaceItem:
    label: str
    value: Text
    href: str | None = None


@dataclass(frozen=True, slots=True)
class FindingView:
    ref: str
    anchor: str
    code: str
    severity: str
    severity_label: str
    title: str
    message: str
    place: tuple[PlaceItem, ...]
    place_text: str
    found: str | None
    expected: str | None
    area_id: str | None
    measure_id: str | None
    kpi_id: str | None
    year: int | None
    field_name: str | None
    divisions: tuple[str, ...] = ()  # org unit ids (担当所属) responsible for the place


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """The findings one division (担当所属) has to look at; plan-wide ones last."""

    anchor: str
    label: Text
    findings: tuple[FindingView, ...]


@dataclass(frozen=True, slots=True)
class PartLine:
    """One breakdown value of a disaggregated KPI, shown as a line under the KPI."""

    label: str  # 「男」「小・男」
    dimensions: tuple[tuple[str, str], ...]  # (("性別", "男"),)
    baseline: str | None
    baseline_value: Decimal | None
    final_target: str | None
    final_target_value: Decimal | None
    target: str | None
    target_value: Decimal | None
    actual: str | None
    actual_value: Decimal | None
    rate: str
    rate_value: Decimal | None  # rounded by the plan's rule, percent
    final_rate: str
    final_rate_value: Decimal | None
    status: str
    status_label: str
    grade: str
    outlook: str
    outlook_label: str


@dataclass(frozen=True, slots=True)
class KpiLine:
    """One KPI as a row: in a measure table, the KPI list and the spreadsheet."""

    id: str
    href: str
    mark: str  # ① when the measure numbers its KPIs
    name: Text
    unit: str | None
    baseline: str | None
    baseline_value: Decimal | None
    baseline_as_of: str | None
    final_target: str | None
    final_target_value: Decimal | None
    target: str | None
    target_note: str | None
    target_value: Decimal | None
    actual: str | None
    actual_value: Decimal | None
    actual_flags: tuple[str, ...]
    # The figures in one display style (half-width digits, separators, the unit once in
    # the heading); the fields above keep them as typed, shown on demand.
    baseline_display: str | None
    final_target_display: str | None
    target_display: str | None
    actual_display: str | None
    rate: str
    rate_value: Decimal | None  # rounded by the plan's rule, percent
    final_rate: str
    final_rate_value: Decimal | None
    card_rate: str
    status: str
    status_label: str
    grade: str  # under the plan's grading scheme (A–D, ◎○△×, …)
    outlook: str
    outlook_label: str
    areas: tuple[Link, ...]
    findings: tuple[FindingRef, ...]
    parts: tuple[PartLine, ...] = ()  # a disaggregated KPI's breakdown values
    breakdown_rule: str | None = None  # worst / all / total
    breakdown_rule_label: str | None = None


@dataclass(frozen=True, slots=True)
class MeasureView:
    id: str
    name: Text
    area_id: str
    org_units: tuple[Text, ...]
    org_unit_ids: tuple[str, ...]
    kpis: tuple[KpiLine, ...]
    declared: str | None  # as typed, e.g. 未達成
    status: str
    status_label: str
    grade: str
    analysis: Text | None
    findings: tuple[FindingRef, ...]
    target: str | None = None  # a measure's own 目標 as printed (one with no KPI)
    money: MoneyView | None = None  # the measure's own 事業数・金額 for the year

    @property
    def row_count(self) -> int:
        """Table rows: one per KPI and one per breakdown value under it (at least one)."""
        return sum(1 + len(k.parts) for k in self.kpis) or 1


@dataclass(frozen=True, slots=True)
class InitiativeView:
    text: Text
    new: bool
    details: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class GuidelineView:
    id: str
    headings: tuple[Text, ...]
    initiatives: tuple[InitiativeView, ...]


@dataclass(frozen=True, slots=True)
class CardView:
    dom_id: str
    kpi_id: str
    href: str
    title: Text
    baseline: str | None
    baseline_point: str | None
    actual: str | None
    actual_point: str | None
    target: str | None
    target_point: str | None
    rate: str
    rate_basis: str
    status: str
    status_label: str
    grade: str
    outlook: str
    outlook_label: str
    notes: tuple[Text, ...]
    chart: BarChart
    chart_desc: str
    findings: tuple[FindingRef, ...]


@dataclass(frozen=True, slots=True)
class AreaView:
    id: str
    href: str
    name: Text
    label: str | None
    kind: str
    depth: int
    parents: tuple[Link, ...]
    children: tuple[Link, ...]
    money: tuple[MoneyView, ...]
    kpi_status: tuple[StatusCount, ...]
    guidelines: tuple[GuidelineView, ...]
    cards: tuple[CardView, ...]
    measures: tuple[MeasureView, ...]
    findings: tuple[FindingView, ...]


@dataclass(frozen=True, slots=True)
class AreaRow:
    id: str
    href: str
    name: Text
    label: str | None
    depth: int
    measures: int
    no_kpi: int  # of the measures, those with no KPI (測定指標なし)
    kpis: int
    kpi_status: tuple[StatusCount, ...]
    money: MoneyView | None
    previous: MoneyView | None


@dataclass(frozen=True, slots=True)
class YearRow:
    year: int
    year_label: str
    target: str | None
    target_value: Decimal | None
    actual: str | None
    actual_value: Decimal | None
    flags: tuple[str, ...]
    current: bool
    target_display: str | None = None
    actual_display: str | None = None


@dataclass(frozen=True, slots=True)
class KpiPage:
    line: KpiLine
    direction_label: str
    cumulative: bool
    source: str | None
    notes: tuple[Text, ...]
    places: tuple[tuple[Link, Text], ...]  # (area, measure)
    baseline_note: str | None
    rows: tuple[YearRow, ...]
    chart: LineChart | None
    chart_desc: str
    progress: str
    observed_pace: str | None
    required_pace: str | None
    projected: str | None
    findings: tuple[FindingView, ...]


@dataclass(frozen=True, slots=True)
class MethodItem:
    term: str
    text: str
    example: str | None = None


@dataclass(frozen=True, slots=True)
class Download:
    href: str
    label: str


@dataclass(slots=True)
class ReportView:
    lang: str
    labels: Mapping[str, str]
    plan_id: str
    plan_name: Text
    government: str | None
    basic_goal: Text | None
    slogan: Text | None
    year: int
    year_label: str
    year_short: str
    previous_year_label: str
    final_year: int
    final_year_label: str
    period_label: str
    as_of: str | None
    as_of_date: str  # ISO date used for the document metadata
    report_note: Text | None
    money_unit: str
    areas_summary: tuple[AreaRow, ...]
    total: MoneyView | None
    previous_total: MoneyView | None
    kpi_status: tuple[StatusCount, ...]
    areas: tuple[AreaView, ...]
    kpis: tuple[KpiPage, ...]
    findings: tuple[FindingView, ...]
    finding_counts: tuple[StatusCount, ...]
    finding_groups: tuple[FindingGroup, ...]
    methodology: tuple[MethodItem, ...]
    tables: tuple[Table, ...]  # the open-data tables
    settings_rate_decimals: int
    graded: bool  # the plan grades beyond 達成/未達成 (bands, symbols, relative)
    settings_money_decimals: int
    downloads: list[Download] = field(default_factory=list)
    status_chart: StackedChart | None = None  # the year at a glance: KPIs by status per area
    status_chart_desc: str = ""

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    @property
    def title(self) -> str:
        if self.lang == "ja":
            return f"{self.year_label}「{self.plan_name.text}」{self.labels['report_subtitle']}"
        return f"{self.plan_name.text}: {self.labels['report_title']}, {self.year_label}"

    @property
    def top_areas(self) -> tuple[AreaView, ...]:
        return tuple(a for a in self.areas if a.depth == 0)

"""The plan model (DESIGN §1): plan → areas (any depth) → guidelines and measures → KPIs.

KPIs live once at plan level and measures refer to them by id, so a KPI shown
under two areas is one KPI. Every figure is a :class:`Figure`/:class:`Money`
keeping its original text; provenance says where a figure came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from shinchoku.japanese import is_none_marker
from shinchoku.model.settings import Settings
from shinchoku.model.values import Figure, Money, Point, ScalarOr

_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better
    KEEP = "keep"  # keep at target


class TargetKind(StrEnum):
    VALUE = "value"
    NONE = "none"  # ー
    BEAT_PREVIOUS = "beat-previous"  # 前年度越え
    MAINTAIN = "maintain"  # 維持


_RELATIVE_TARGETS: dict[str, TargetKind] = {
    "前年度越え": TargetKind.BEAT_PREVIOUS,
    "前年度超え": TargetKind.BEAT_PREVIOUS,
    "前年度以上": TargetKind.BEAT_PREVIOUS,
    "前年超え": TargetKind.BEAT_PREVIOUS,
    "維持": TargetKind.MAINTAIN,
    "現状維持": TargetKind.MAINTAIN,
}


class MoneyKind(StrEnum):
    SETTLED = "settled"  # 決算額
    BUDGET = "budget"  # 予算額


class Provenance(_Record):
    """Where a figure came from and when."""

    source: str = Field(description="e.g. 'dataset', 'inquiry', 'web'")
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    checksum: str | None = None
    user: str | None = None
    at: str | None = Field(None, description="ISO 8601 timestamp")


class Target(ScalarOr, _Record):
    """A target as written: a number, 「ー」, or relative (「前年度越え」「維持」)."""

    text: str
    note: str | None = Field(None, description="Text printed beside the target, e.g. 'R4目標'")

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        if isinstance(data, str | int | float | Decimal) and not isinstance(data, bool):
            return {"text": str(data)}
        return data

    # Parsed once: targets are read many times over in evaluation and audit.
    _kind: TargetKind = PrivateAttr(TargetKind.NONE)
    _figure: Figure | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _parse(self) -> Target:
        key = self.text.strip()
        if key in _RELATIVE_TARGETS:
            self._kind = _RELATIVE_TARGETS[key]
        elif not is_none_marker(key):
            self._kind = TargetKind.VALUE
            self._figure = Figure.of(self.text)  # raises on unreadable text
        return self

    @model_serializer(mode="wrap")
    def _serialise(self, handler: SerializerFunctionWrapHandler) -> Any:
        return self.text if self.note is None else handler(self)

    @property
    def kind(self) -> TargetKind:
        return self._kind

    @property
    def figure(self) -> Figure | None:
        return self._figure

    @property
    def value(self) -> Decimal | None:
        return self._figure.value if self._figure is not None else None


class Baseline(_Record):
    """基準値: value with its as-of point, or absent with a note (「R3新規」)."""

    value: Figure | None = None
    as_of: Point | None = None
    note: str | None = None


class Observation(_Record):
    """The actual (実績値) reported for one fiscal year."""

    value: Figure
    as_of: Point | None = Field(None, description="When the figure was measured.")
    data_year: int | None = Field(
        None, description="Fiscal year the figure describes when earlier (「R4年度数値」)."
    )
    provisional: bool = False
    finalised_later: bool = Field(False, description="※翌年度に数値確定")
    basis: str | None = Field(None, description="Basis printed with the figure, e.g. 'R4年度比'")
    declared_status: str | None = Field(
        None, description="Grade typed for this KPI, in the scheme's labels, if any"
    )
    stated_rate: Figure | None = Field(None, description="達成率 the source itself states")
    note: str | None = None
    provenance: Provenance | None = None


class KPI(_Record):
    id: str = Field(pattern=_ID_PATTERN)
    name: str
    name_en: str | None = None
    unit: str | None = Field(None, description="Unit as printed in 項目（単位）")
    direction: Direction = Direction.HIGHER
    cumulative: bool = Field(False, description="累計 / 延べ")
    baseline: Baseline = Field(default_factory=Baseline)
    targets: dict[int, Target] = Field(default_factory=dict, description="Per fiscal year")
    final_target: Target | None = None
    observations: dict[int, Observation] = Field(default_factory=dict)
    source: str | None = Field(None, description="Publisher of the figures, e.g. 総務省発表")
    notes: list[str] = Field(default_factory=list)

    def target_for(self, year: int) -> Target | None:
        return self.targets.get(year)


class OrgUnit(_Record):
    """A responsible unit: 部 (department) → 課 (division)."""

    id: str = Field(pattern=_ID_PATTERN)
    department: str
    division: str
    department_en: str | None = None
    division_en: str | None = None

    @property
    def label(self) -> str:
        return f"{self.department} {self.division}"


class KpiRef(ScalarOr, _Record):
    scalar_json_types: ClassVar[tuple[str, ...]] = ("string",)

    kpi: str
    number: int | None = Field(None, description="①② numbering inside the measure")

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        return {"kpi": data} if isinstance(data, str) else data

    @model_serializer(mode="wrap")
    def _serialise(self, handler: SerializerFunctionWrapHandler) -> Any:
        return self.kpi if self.number is None else handler(self)


class MeasureYear(_Record):
    """What a measure's row says for one fiscal year."""

    declared_status: str | None = Field(
        None, description="Grade as typed in the scheme's labels, e.g. 【達成】 or 横ばいC"
    )
    analysis: str | None = Field(None, description="要因分析")
    provenance: Provenance | None = None


class MoneyRecord(_Record):
    """Project count and money of a measure, an area or the plan for one fiscal year."""

    year: int
    projects: int | None = None
    amount: Money | None = None
    kind: MoneyKind
    note: str | None = None
    provenance: Provenance | None = None


class Measure(_Record):
    """A measure (施策/事業); one with no KPI (測定指標なし) is graded by its declaration."""

    id: str = Field(pattern=_ID_PATTERN)
    name: str
    name_en: str | None = None
    org_units: list[str] = Field(default_factory=list)
    org_unit_text: str | None = Field(None, description="担当所属 as printed, when it differs")
    kpis: list[KpiRef] = Field(default_factory=list, description="None: 測定指標なし")
    years: dict[int, MeasureYear] = Field(default_factory=dict)
    money: list[MoneyRecord] = Field(
        default_factory=list, description="Project count and money per fiscal year"
    )

    @property
    def has_kpis(self) -> bool:
        return bool(self.kpis)


class StatedFigure(_Record):
    """A figure printed somewhere (an initiative, a card) that refers to a KPI."""

    text: str
    kpi: str | None = None
    year: int | None = None
    kind: str = Field("actual", pattern="^(actual|baseline|target|rate)$")
    value: Figure | None = Field(None, description="Only when the text is not one number")

    _figure: Figure | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _parse(self) -> StatedFigure:
        if self.value is None and self.kpi is not None:
            self._figure = Figure.of(self.text)  # raises on unreadable text
        return self

    @property
    def figure(self) -> Figure:
        if self.value is not None:
            return self.value
        return self._figure if self._figure is not None else Figure.of(self.text)


class Initiative(ScalarOr, _Record):
    scalar_json_types: ClassVar[tuple[str, ...]] = ("string",)

    """主要取組: free text, 【新規】 flag, optional figures."""

    text: str
    new: bool = Field(False, description="【新規】")
    details: list[str] = Field(default_factory=list)
    figures: list[StatedFigure] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data

    @model_serializer(mode="wrap")
    def _serialise(self, handler: SerializerFunctionWrapHandler) -> Any:
        plain = not (self.new or self.details or self.figures)
        return self.text if plain else handler(self)


class Guideline(_Record):
    """ポリシー行動指針 with each year's main initiatives."""

    id: str = Field(pattern=_ID_PATTERN)
    headings: list[str] = Field(min_length=1)
    initiatives: dict[int, list[Initiative]] = Field(default_factory=dict)

    @property
    def name(self) -> str:
        return "・".join(self.headings)


class Card(_Record):
    """A headline KPI card on an area page, with the figures as printed there."""

    kpi: str
    title: str | None = Field(None, description="Card title when it differs from the KPI name")
    baseline: Figure | None = None
    baseline_as_of: Point | None = None
    actual: Figure | None = None
    actual_as_of: Point | None = None
    target: str | None = None
    target_year: int | None = None
    rate: Figure | None = Field(None, description="達成率 as printed")
    notes: list[str] = Field(default_factory=list)


class Statement(_Record):
    """A total or display form printed in the source report, checked and never used."""

    where: str = Field(description="Where it is printed, e.g. 'summary page'")
    area: str | None = Field(None, description="Area id; none for the plan total")
    year: int
    projects: Figure | None = None
    amount: str | None = Field(None, description="Money as printed, e.g. '20.2億円'")
    kind: MoneyKind | None = None


class Area(_Record):
    id: str = Field(pattern=_ID_PATTERN)
    name: str
    name_en: str | None = None
    label: str | None = Field(None, description="Short label, e.g. 'D for Citizen' or 'イ'")
    kind: str = Field("area", description="priority-goal, foundation, sub-area, section, …")
    guidelines: list[Guideline] = Field(default_factory=list)
    cards: list[Card] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    money: list[MoneyRecord] = Field(default_factory=list)
    children: list[Area] = Field(default_factory=list)

    def walk(self, depth: int = 0) -> Iterator[tuple[Area, int]]:
        yield self, depth
        for child in self.children:
            yield from child.walk(depth + 1)


class Period(_Record):
    start: int = Field(description="First fiscal year")
    end: int = Field(description="Final fiscal year")

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self


class ReportInfo(_Record):
    year: int | None = Field(None, description="Fiscal year of the latest report")
    as_of: Point | None = Field(None, description="時点 of the figures")
    note: str | None = None


class Plan(_Record):
    id: str = Field(pattern=_ID_PATTERN)
    name: str
    name_en: str | None = None
    government: str | None = Field(None, description="e.g. 宮城県")
    period: Period
    basic_goal: str | None = None
    slogan: str | None = None
    settings: Settings = Field(default_factory=Settings)
    report: ReportInfo = Field(default_factory=ReportInfo)
    org_units: list[OrgUnit] = Field(default_factory=list)
    money: list[MoneyRecord] = Field(
        default_factory=list, description="Plan-level money where no area breakdown exists"
    )
    statements: list[Statement] = Field(default_factory=list)
    areas: list[Area] = Field(default_factory=list)
    kpis: list[KPI] = Field(default_factory=list)

    @field_validator("kpis")
    @classmethod
    def _unique_kpis(cls, kpis: list[KPI]) -> list[KPI]:
        seen: set[str] = set()
        for k in kpis:
            if k.id in seen:
                raise ValueError(f"duplicate KPI id {k.id!r}")
            seen.add(k.id)
        return kpis

    @model_validator(mode="after")
    def _references(self) -> Plan:
        kpi_ids = {k.id for k in self.kpis}
        unit_ids = {u.id for u in self.org_units}
        area_ids: set[str] = set()
        measure_ids: set[str] = set()
        for area, _ in self.walk_areas():
            if area.id in area_ids:
                raise ValueError(f"duplicate area id {area.id!r}")
            area_ids.add(area.id)
            for m in area.measures:
                if m.id in measure_ids:
                    raise ValueError(f"duplicate measure id {m.id!r}")
                measure_ids.add(m.id)
                for ref in m.kpis:
                    if ref.kpi not in kpi_ids:
                        raise ValueError(f"measure {m.id!r} refers to unknown KPI {ref.kpi!r}")
                for u in m.org_units:
                    if u not in unit_ids:
                        raise ValueError(f"measure {m.id!r} refers to unknown org unit {u!r}")
            for c in area.cards:
                if c.kpi not in kpi_ids:
                    raise ValueError(f"card in area {area.id!r} refers to unknown KPI {c.kpi!r}")
            for g in area.guidelines:
                for inits in g.initiatives.values():
                    for i in inits:
                        for f in i.figures:
                            if f.kpi is not None and f.kpi not in kpi_ids:
                                raise ValueError(
                                    f"initiative figure {f.text!r} refers to unknown KPI {f.kpi!r}"
                                )
        for s in self.statements:
            if s.area is not None and s.area not in area_ids:
                raise ValueError(f"statement refers to unknown area {s.area!r}")
        return self

    # -- navigation -------------------------------------------------------------
    def walk_areas(self) -> Iterator[tuple[Area, int]]:
        for area in self.areas:
            yield from area.walk()

    def area(self, area_id: str) -> Area:
        for a, _ in self.walk_areas():
            if a.id == area_id:
                return a
        raise KeyError(area_id)

    def kpi(self, kpi_id: str) -> KPI:
        for k in self.kpis:
            if k.id == kpi_id:
                return k
        raise KeyError(kpi_id)

    def org_unit(self, unit_id: str) -> OrgUnit:
        for u in self.org_units:
            if u.id == unit_id:
                return u
        raise KeyError(unit_id)

    def measures(self) -> Iterator[tuple[Area, Measure]]:
        for a, _ in self.walk_areas():
            for m in a.measures:
                yield a, m

    def kpi_places(self, kpi_id: str) -> list[tuple[Area, Measure]]:
        """Every (area, measure) a KPI is shown under."""
        return [(a, m) for a, m in self.measures() if any(r.kpi == kpi_id for r in m.kpis)]

    @property
    def years(self) -> range:
        return range(self.period.start, self.period.end + 1)


Area.model_rebuild()

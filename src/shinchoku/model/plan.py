"""The plan model (DESIGN §1): plan → areas (any depth) → guidelines and measures → KPIs.

KPIs live once at plan level and measures refer to them by id, so a KPI shown
under two areas is one KPI. Every figure is a :class:`Figure`/:class:`Money`
keeping its original text; provenance says where a figure came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from shinchoku.japanese import is_none_marker
from shinchoku.model.breakdown import (
    Breakdown,
    parts_beside_text,
)
from shinchoku.model.settings import Settings
from shinchoku.model.types import Int
from shinchoku.model.values import (
    Figure,
    FigurePart,
    FiscalYear,
    Money,
    Point,
    ScalarOr,
    declared_unit,
    kpi_units,
    short_years,
    unit_of_kpi,
)
from shinchoku.orgs.codes import checked_code
from shinchoku.problems import InvalidValue, Loc, Place, Problem, Wording
from shinchoku.problems.input import DUPLICATE_ID, UNKNOWN_REFERENCE

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
    PROJECT_COST = "project-cost"  # 事業費: what a project costs, budgeted or settled


# The kind a label printed before an amount names (see shinchoku.japanese.MONEY_LABELS).
MONEY_LABEL_KINDS: dict[str, MoneyKind] = {
    "決算額": MoneyKind.SETTLED,
    "決算": MoneyKind.SETTLED,
    "予算額": MoneyKind.BUDGET,
    "予算": MoneyKind.BUDGET,
    "当初予算額": MoneyKind.BUDGET,
    "当初予算": MoneyKind.BUDGET,
    "補正後予算額": MoneyKind.BUDGET,
    "事業費": MoneyKind.PROJECT_COST,
    "総事業費": MoneyKind.PROJECT_COST,
}


class Provenance(_Record):
    """Where a figure came from and when."""

    source: str = Field(description="e.g. 'dataset', 'inquiry', 'web'")
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    checksum: str | None = None
    user: str | None = None
    at: str | None = Field(None, description="ISO 8601 timestamp")


def _private(model: BaseModel) -> dict[str, Any]:
    """The private attributes of a model that has some (set when it was validated)."""
    private = model.__pydantic_private__
    assert private is not None
    return private


class Target(ScalarOr, _Record):
    """A target as written: a number, 「ー」, or relative (「前年度越え」「維持」).

    A disaggregated KPI's target is one figure for every part, or one per part
    (「男 70% 女 75%」, whose ``parts`` the figure gives).
    """

    text: str
    note: str | None = Field(None, description="Text printed beside the target, e.g. 'R4目標'")
    parts: tuple[FigurePart, ...] = Field(
        (), description="Per-part targets, only when the text cannot be split into them"
    )

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
        elif self.parts:
            self._kind = TargetKind.VALUE
            self._figure = Figure(text=self.text, parts=self.parts)
            if not parts_beside_text(self._figure):
                self.parts = ()  # the text gives them: they are not kept twice
        elif not is_none_marker(key):
            self._kind = TargetKind.VALUE
            self._figure = Figure.of(self.text)  # raises on unreadable text
        return self

    @model_serializer(mode="wrap")
    def _serialise(self, handler: SerializerFunctionWrapHandler) -> Any:
        return self.text if self.note is None and not self.parts else handler(self)

    # Read straight from the private-attribute dict: ``self._figure`` would go through
    # pydantic's ``__getattr__`` fallback, and evaluation and audit read targets ~100 times
    # per KPI.
    @property
    def kind(self) -> TargetKind:
        kind: TargetKind = _private(self)["_kind"]
        return kind

    @property
    def figure(self) -> Figure | None:
        f: Figure | None = _private(self)["_figure"]
        return f

    @property
    def value(self) -> Decimal | None:
        f: Figure | None = _private(self)["_figure"]
        return f.value if f is not None else None

    @property
    def deadline(self) -> int | None:
        """The fiscal year a target printed with a deadline is to be reached by
        (「14年度までに外国人宿泊者100万人」 → 2014); ``None`` for any other target."""
        f: Figure | None = _private(self)["_figure"]
        return f.as_of.fiscal_year if f is not None and f.deadline and f.as_of else None


class _AsOfFromFigure(_Record):
    """A figure with its as-of point: 「88.1%(平成28年度)」 gives the point when none is set.

    An explicit ``as_of`` that differs from the printed one is kept and reported by the
    audit (``as-of-mismatch``); a point taken from the text is not written back.
    """

    value: Figure | None = None
    as_of: Point | None = None

    @model_validator(mode="after")
    def _as_of_from_figure(self) -> _AsOfFromFigure:
        if self.as_of is None and self.value is not None and self.value.as_of is not None:
            object.__setattr__(self, "as_of", self.value.as_of)
        return self

    @model_serializer(mode="wrap")
    def _without_printed_as_of(self, handler: SerializerFunctionWrapHandler) -> Any:
        out = handler(self)
        printed = self.value.as_of if self.value is not None else None
        if isinstance(out, dict) and printed is not None and self.as_of == printed:
            out.pop("as_of", None)
        return out


class Baseline(_AsOfFromFigure):
    """基準値: value with its as-of point, or absent with a note (「R3新規」).

    A from→to printed as the baseline (「(50万人→100万人)」) gives the baseline as its
    "from": the "to" is the target it leads to, written in the target column.
    """

    note: str | None = None

    @model_validator(mode="after")
    def _from_of_a_change(self) -> Baseline:
        v = self.value
        if v is not None and v.start is not None and v.value != v.start.value:
            start = v.start
            update = {"value": start.value, "unit": start.unit, "approximate": start.approximate}
            object.__setattr__(self, "value", v.model_copy(update=update))
        return self


class Observation(_AsOfFromFigure):
    """The actual (実績値) reported for one fiscal year."""

    value: Figure
    as_of: Point | None = Field(None, description="When the figure was measured.")
    data_year: FiscalYear | None = Field(
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
    targets: dict[FiscalYear, Target] = Field(default_factory=dict, description="Per fiscal year")
    final_target: Target | None = None
    observations: dict[FiscalYear, Observation] = Field(default_factory=dict)
    source: str | None = Field(None, description="Publisher of the figures, e.g. 総務省発表")
    notes: list[str] = Field(default_factory=list)
    indicator: str | None = Field(
        None, description="The common indicator it reports: '<indicator set id>/<indicator id>'"
    )
    breakdown: Breakdown | None = Field(
        None, description="Disaggregation: a value, target and grade per part"
    )

    @model_validator(mode="after")
    def _part_labels(self) -> KPI:
        """Every part of every figure of a disaggregated KPI names declared values."""
        if self.breakdown is not None:
            problems = self.breakdown.label_problems(self.figures())
            if problems:
                raise ReferenceErrors(problems)  # each where it is written
        return self

    def figures(self) -> Iterator[tuple[Loc, Figure | None]]:
        """Every figure of the KPI with its location in it: baseline, targets, actuals."""
        yield ("baseline", "value"), self.baseline.value
        for year, t in self.targets.items():
            yield ("targets", year), t.figure
        if self.final_target is not None:
            yield ("final_target",), self.final_target.figure
        for year, o in self.observations.items():
            yield ("observations", year, "value"), o.value

    @model_validator(mode="wrap")
    @classmethod
    def _read_with_unit(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # The KPI's own unit is accepted in its figures however rare (「14団体等」).
        unit = data.get("unit") if isinstance(data, dict) else None
        name = data.get("name") if isinstance(data, dict) else None
        with declared_unit(unit if isinstance(unit, str) else None, name):
            return handler(data)

    def target_for(self, year: int) -> Target | None:
        return self.targets.get(year)


class OrgUnit(_Record):
    """A responsible unit: 部 (department) → 課 (division); a 所管部 alone has no division."""

    id: str = Field(pattern=_ID_PATTERN)
    department: str
    division: str | None = None
    department_en: str | None = None
    division_en: str | None = None

    @field_validator("division", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        """``''`` (what a unit without 課 had to give before) reads as no division."""
        return None if value == "" else value

    @property
    def label(self) -> str:
        """「企画部 デジタルみやぎ推進課」, or 「産業振興部」 for a 所管部 alone."""
        return f"{self.department} {self.division}" if self.division else self.department

    def label_en(self, sep: str = " ") -> str | None:
        """The English label when every part the unit has is given in English, else none."""
        if not self.department_en:
            return None
        if not self.division:
            return self.department_en
        return f"{self.department_en}{sep}{self.division_en}" if self.division_en else None


class KpiRef(ScalarOr, _Record):
    scalar_json_types: ClassVar[tuple[str, ...]] = ("string",)

    kpi: str
    number: Int | None = Field(None, description="①② numbering inside the measure")

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

    year: FiscalYear
    projects: Int | None = None
    amount: Money | None = None
    kind: MoneyKind
    note: str | None = None
    provenance: Provenance | None = None

    @property
    def printed_kind(self) -> MoneyKind | None:
        """The kind the amount's own label names: 「(予算額(事業費)28,310千円)」 is a budget."""
        labels = self.amount.labels if self.amount is not None else ()
        return MONEY_LABEL_KINDS[labels[0]] if labels else None


class Measure(_Record):
    """A measure (施策/事業); one with no KPI (測定指標なし) is graded by its declaration."""

    id: str = Field(pattern=_ID_PATTERN)
    name: str
    name_en: str | None = None
    org_units: list[str] = Field(default_factory=list)
    org_unit_text: str | None = Field(None, description="担当所属 as printed, when it differs")
    kpis: list[KpiRef] = Field(default_factory=list, description="None: 測定指標なし")
    target: str | None = Field(
        None, description="目標 as printed, for a measure with no KPI (e.g. 「11年度から実施」)"
    )
    years: dict[FiscalYear, MeasureYear] = Field(default_factory=dict)
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
    year: FiscalYear | None = None
    kind: str = Field("actual", pattern="^(actual|baseline|target|rate)$")
    value: Figure | None = Field(None, description="Only when the text is not one number")

    _figure: Figure | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _parse(self) -> StatedFigure:
        if self.value is None and self.kpi is not None:
            # raises on unreadable text
            self._figure = Figure.read(self.text, unit_of_kpi(self.kpi))
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
    initiatives: dict[FiscalYear, list[Initiative]] = Field(default_factory=dict)

    @property
    def name(self) -> str:
        return "・".join(self.headings)

    def kpi_figures(self) -> Iterator[tuple[Initiative, StatedFigure, str, int]]:
        """Each figure an initiative prints for a KPI: the KPI's id and the fiscal year
        the figure describes beside it."""
        for year, inits in sorted(self.initiatives.items()):
            for init in inits:
                for f in init.figures:
                    if f.kpi is not None:
                        yield init, f, f.kpi, f.year or year


class Card(_Record):
    """A headline KPI card on an area page, with the figures as printed there."""

    kpi: str
    title: str | None = Field(None, description="Card title when it differs from the KPI name")
    baseline: Figure | None = None
    baseline_as_of: Point | None = None
    actual: Figure | None = None
    actual_as_of: Point | None = None
    target: str | None = None
    target_year: FiscalYear | None = None
    rate: Figure | None = Field(None, description="達成率 as printed")
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _read_with_unit(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        unit = unit_of_kpi(data.get("kpi")) if isinstance(data, dict) else None
        with declared_unit(unit):
            return handler(data)


class Statement(_Record):
    """A total or display form printed in the source report, checked and never used."""

    where: str = Field(description="Where it is printed, e.g. 'summary page'")
    area: str | None = Field(None, description="Area id; none for the plan total")
    year: FiscalYear
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
    start: FiscalYear = Field(description="First fiscal year")
    end: FiscalYear = Field(description="Final fiscal year")

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self


class ReportInfo(_Record):
    year: FiscalYear | None = Field(None, description="Fiscal year of the latest report")
    as_of: Point | None = Field(None, description="時点 of the figures")
    note: str | None = None


class ReferenceErrors(InvalidValue):
    """Ids that are used twice or refer to nothing, each with its place in the document.

    The dataset reader reports each at its own file and line (``loc`` is the pydantic
    location: ``("areas", 0, "measures", 2, "kpis", 0)``).
    """


def _walk_with_loc(areas: list[Area], loc: Loc) -> Iterator[tuple[Area, Loc]]:
    for i, area in enumerate(areas):
        here = (*loc, i)
        yield area, here
        yield from _walk_with_loc(area.children, (*here, "children"))


_KPI, _AREA, _MEASURE = Wording("KPI", "KPI"), Wording("領域", "area"), Wording("施策", "measure")
_UNIT = Wording("所属", "org unit")


def _duplicate(loc: Loc, what: Wording, ident: str) -> tuple[Loc, Problem]:
    message = f"duplicate {what.en} id {ident!r}"
    return loc, DUPLICATE_ID(Place(), message, found=ident, what=what)


def _unknown(loc: Loc, message: str, what: Wording, ident: str) -> tuple[Loc, Problem]:
    return loc, UNKNOWN_REFERENCE(Place(), message, found=ident, what=what)


def _reference_problems(plan: Plan) -> Iterator[tuple[Loc, Problem]]:
    """Every duplicate id and unknown reference, where it is written."""
    kpi_ids: set[str] = set()
    for i, k in enumerate(plan.kpis):
        if k.id in kpi_ids:
            yield _duplicate(("kpis", i, "id"), _KPI, k.id)
        kpi_ids.add(k.id)
    unit_ids = {u.id for u in plan.org_units}
    area_ids: set[str] = set()
    measure_ids: set[str] = set()
    for area, loc in _walk_with_loc(plan.areas, ("areas",)):
        if area.id in area_ids:
            yield _duplicate((*loc, "id"), _AREA, area.id)
        area_ids.add(area.id)
        for mi, m in enumerate(area.measures):
            mloc = (*loc, "measures", mi)
            if m.id in measure_ids:
                yield _duplicate((*mloc, "id"), _MEASURE, m.id)
            measure_ids.add(m.id)
            for ri, ref in enumerate(m.kpis):
                if ref.kpi not in kpi_ids:
                    message = f"measure {m.id!r} refers to unknown KPI {ref.kpi!r}"
                    yield _unknown((*mloc, "kpis", ri), message, _KPI, ref.kpi)
            for ui, u in enumerate(m.org_units):
                if u not in unit_ids:
                    message = f"measure {m.id!r} refers to unknown org unit {u!r}"
                    yield _unknown((*mloc, "org_units", ui), message, _UNIT, u)
        for ci, card in enumerate(area.cards):
            if card.kpi not in kpi_ids:
                message = f"card in area {area.id!r} refers to unknown KPI {card.kpi!r}"
                yield _unknown((*loc, "cards", ci, "kpi"), message, _KPI, card.kpi)
        for gi, g in enumerate(area.guidelines):
            for year, inits in g.initiatives.items():
                for ii, init in enumerate(inits):
                    for fi, f in enumerate(init.figures):
                        if f.kpi is not None and f.kpi not in kpi_ids:
                            where = (*loc, "guidelines", gi, "initiatives", year, ii)
                            message = (
                                f"initiative figure {f.text!r} refers to unknown KPI {f.kpi!r}"
                            )
                            yield _unknown((*where, "figures", fi, "kpi"), message, _KPI, f.kpi)
    for si, st in enumerate(plan.statements):
        if st.area is not None and st.area not in area_ids:
            message = f"statement refers to unknown area {st.area!r}"
            yield _unknown(("statements", si, "area"), message, _AREA, st.area)


class Plan(_Record):
    id: str = Field(pattern=_ID_PATTERN)
    name: str
    name_en: str | None = None
    government: str | None = Field(None, description="e.g. 宮城県")
    organisation: Annotated[str | None, AfterValidator(checked_code)] = Field(
        None, pattern=r"^[0-9]{6}$", description="団体コード of the government, e.g. 040002"
    )
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

    @model_validator(mode="wrap")
    @classmethod
    def _read_with_kpi_units(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # Cards and initiative figures name their KPI: read them with its unit.
        units: dict[str, str | None] = {}
        raw_kpis = data.get("kpis") if isinstance(data, dict) else None
        for k in raw_kpis if isinstance(raw_kpis, list) else []:
            kid = k.get("id") if isinstance(k, dict) else getattr(k, "id", None)
            unit = k.get("unit") if isinstance(k, dict) else getattr(k, "unit", None)
            if isinstance(kid, str):
                units[kid] = unit if isinstance(unit, str) else None
        # A year printed without its era (「(18年度)」) is read by the plan's own rule.
        settings = data.get("settings") if isinstance(data, dict) else None
        rule = (
            settings.get("era_of_short_years")
            if isinstance(settings, dict)
            else getattr(settings, "era_of_short_years", None)
        )
        with kpi_units(units), short_years(rule):
            return handler(data)

    @model_validator(mode="after")
    def _references(self) -> Plan:
        problems = list(_reference_problems(self))
        if problems:
            raise ReferenceErrors(problems)
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

    def places_by_kpi(self) -> dict[str, list[tuple[Area, Measure]]]:
        """:meth:`kpi_places` of every KPI at once, in one walk (for loops over all KPIs)."""
        places: dict[str, list[tuple[Area, Measure]]] = {k.id: [] for k in self.kpis}
        for a, m in self.measures():
            for kpi_id in dict.fromkeys(r.kpi for r in m.kpis):
                places.setdefault(kpi_id, []).append((a, m))
        return places

    @property
    def years(self) -> range:
        return range(self.period.start, self.period.end + 1)


Area.model_rebuild()

"""The API's request and response bodies (pydantic), as the OpenAPI document shows them.

Exact numbers are strings (``"78.4"``) so no digit is lost; every figure keeps the text
it was entered as beside its value.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shinchoku.japanese.text import MAX_FIGURE_TEXT


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanItem(_Out):
    id: str
    name: str
    name_en: str | None = None
    government: str | None = None
    period_start: int
    period_end: int


class OrgUnitOut(_Out):
    id: str
    department: str
    division: str | None = None
    department_en: str | None = None
    division_en: str | None = None


class YearOut(_Out):
    year: int
    label: str
    state: str | None = Field(None, description="open / published; null: never opened")
    published: bool = Field(description="Whether the public sees this year")
    published_at: str | None = None


class PlanOut(PlanItem):
    basic_goal: str | None = None
    slogan: str | None = None
    default_year: int | None = None
    years: list[YearOut]
    org_units: list[OrgUnitOut]


class MoneyOut(_Out):
    year: int
    projects: int | None = None
    yen: int | None = None
    display: str
    kind: str | None = Field(None, description="settled (決算額) / budget (予算額)")


class AreaOut(_Out):
    id: str
    name: str
    name_en: str | None = None
    label: str | None = None
    kind: str
    parent_id: str | None = None
    depth: int
    children: list[str]
    measures: list[str] = Field(description="Measures directly under this area")
    kpis: list[str] = Field(description="KPIs of this area and the areas below it")
    year: int
    money: MoneyOut | None = None
    previous_money: MoneyOut | None = None
    kpi_status: dict[str, int]
    measure_status: dict[str, int]


class MeasureOut(_Out):
    id: str
    name: str
    name_en: str | None = None
    area_id: str
    org_units: list[str]
    kpis: list[str]
    year: int
    status: str = Field(description="Computed from the KPIs; no-kpi: 測定指標なし")
    grade: str | None = Field(None, description="Code of the computed grade; None if not judged")
    grade_label: str = Field(
        description="The grade as printed in Japanese (for no KPI, the declared one), "
        "else the status"
    )
    grade_label_en: str = Field(description="The same in English")
    declared_status: str | None = Field(None, description="As typed, in the scheme's labels")
    money: MoneyOut | None = Field(None, description="The measure's own projects and money")
    analysis: str | None = Field(None, description="要因分析")
    revision: int | None = Field(None, description="Row revision for writes (staff only)")


class TargetOut(_Out):
    year: int
    text: str
    value: str | None = None
    kind: str
    note: str | None = None


class BreakdownOut(_Out):
    dimensions: dict[str, list[str]] = Field(description="Each dimension with its values")
    rule: str = Field(description="worst, all or total: how the KPI's own status is decided")
    total: str = Field(description="Label of the part that is the total")


class PartOut(_Out):
    """One breakdown value of a disaggregated KPI for the year."""

    label: str = Field(description="e.g. 男, or 小・男 for values of several dimensions")
    dimensions: dict[str, str] = Field(description="Dimension → value, e.g. {'性別': '男'}")
    target: str | None = None
    actual: str | None = None
    rate: str | None = Field(None, description="Against the part's target, as displayed")
    final_rate: str | None = Field(None, description="Against the part's final target")
    status: str
    grade: str | None = Field(None, description="Code of the grade; None if not judged")
    grade_label: str = Field(description="The grade as printed in Japanese, else the status")
    grade_label_en: str = Field(description="The same in English")
    outlook: str


class KpiOut(_Out):
    id: str
    name: str
    name_en: str | None = None
    unit: str | None = None
    direction: str
    cumulative: bool
    baseline: str | None = None
    baseline_value: str | None = None
    baseline_as_of: str | None = None
    baseline_note: str | None = None
    targets: list[TargetOut]
    final_target: str | None = None
    areas: list[str]
    measures: list[str]
    year: int
    target: str | None = None
    actual: str | None = None
    actual_value: str | None = None
    rate: str | None = Field(None, description="Against the year's target, as displayed")
    final_rate: str | None = Field(None, description="Against the final target")
    status: str
    grade: str | None = Field(None, description="Code of the grade; None if not judged")
    grade_label: str = Field(description="The grade as printed in Japanese, else the status")
    grade_label_en: str = Field(description="The same in English")
    outlook: str
    observed_pace: str | None = None
    required_pace: str | None = None
    breakdown: BreakdownOut | None = Field(None, description="Disaggregation, if declared")
    parts: list[PartOut] = Field(default_factory=list, description="One per breakdown value")


class ObservationOut(_Out):
    kpi_id: str
    year: int
    value_text: str
    value: str | None = None
    unit: str | None = None
    approximate: bool = False
    as_of: str | None = None
    data_year: int | None = None
    provisional: bool = False
    finalised_later: bool = False
    basis: str | None = None
    note: str | None = None
    revision: int | None = Field(None, description="Row revision for writes (staff only)")
    updated_by: str | None = Field(None, description="Last web/API editor (staff only)")
    updated_at: str | None = Field(None, description="When it was last edited (staff only)")


class FindingOut(_Out):
    code: str
    severity: str
    title: str = Field(description="Title of the finding type (English)")
    title_ja: str = Field(description="Title of the finding type (Japanese)")
    message: str = Field(description="What was printed, what the data give, what to check")
    message_ja: str = Field(description="The message in Japanese, naming KPIs and measures")
    place: dict[str, str | int]
    found: str | None = None
    expected: str | None = None
    params: dict[str, str | int] = Field(
        default_factory=dict, description="The values the messages are worded from"
    )


class ChangeOut(_Out):
    at: str
    user: str
    source: str
    entity: str
    kpi_id: str | None = None
    measure_id: str | None = None
    year: int
    field: str
    before: str | None = None
    after: str | None = None


class MeOut(_Out):
    name: str
    role: str
    units: list[str]
    organisation: str | None = Field(
        None, description="団体コード the user works for; null: installation-wide"
    )


class ObservationIn(BaseModel):
    """A KPI's actual for one year. Omit a field to leave it as it is."""

    model_config = ConfigDict(extra="forbid")

    value: str | None = Field(
        None,
        max_length=MAX_FIGURE_TEXT,
        description="As written: 「1,731」「約5万2千件」「78.4%」「ー」",
    )
    as_of: str | None = Field(None, max_length=50, description="「R6.3」「R5年度」; empty clears")
    revision: int = Field(ge=0, description="Revision you read; 0 when there was no figure")


class MeasureYearIn(BaseModel):
    """A measure's declared status and 要因分析 for one year. Omit a field to keep it."""

    model_config = ConfigDict(extra="forbid")

    declared_status: str | None = Field(
        None, max_length=20, description="A label of the plan's grading scheme, e.g. 達成"
    )
    analysis: str | None = Field(None, max_length=4000)
    revision: int = Field(ge=0, description="Revision you read; 0 when there was no row")


class FieldChangeOut(_Out):
    field: str
    before: str | None = None
    after: str | None = None


class EditOut(_Out):
    changes: list[FieldChangeOut]
    revision: int = Field(description="The row's revision now")


class HealthOut(_Out):
    status: str

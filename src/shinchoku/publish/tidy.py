"""The open-data tables: tidy rows with typed, described fields.

One row per observation unit (a KPI × fiscal year × kind of value; an area ×
year; a measure; a finding). The same tables feed the CSV and JSON files, the
Frictionless descriptor and the spreadsheet, so they always agree. Values
are language-independent: names carry both the entered text and ``*_en``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from shinchoku.method import Evaluation
from shinchoku.method.aggregate import area_money, measure_money, money_years, plan_money
from shinchoku.method.breakdown import part_values
from shinchoku.method.evaluate import figure_value
from shinchoku.method.rounding import format_money, rate_display
from shinchoku.model import KPI, Area, Figure, Observation, Plan, Target
from shinchoku.problems import Problem
from shinchoku.publish.fields import Table, Value, _f
from shinchoku.publish.tidy_parts import dimension_fields, dimension_names, split_parts
from shinchoku.wording import Names, problem_message, problem_title

KPI_VALUE_FIELDS = (
    _f("kpi_id", "string", "KPI ID", "KPI id", "Stable identifier of the KPI."),
    _f("kpi_name", "string", "KPI名", "KPI name", "Name of the KPI as entered (Japanese)."),
    _f("kpi_name_en", "string", "KPI名（英語）", "KPI name (English)", "English name, if any."),
    _f("unit", "string", "単位", "Unit", "Unit of the KPI as printed in 項目（単位）."),
    _f("direction", "string", "評価の方向", "Direction", "higher, lower or keep (is better)."),
    _f("cumulative", "boolean", "累計", "Cumulative", "True when the KPI counts cumulatively."),
    _f(
        "fiscal_year",
        "integer",
        "年度",
        "Fiscal year",
        "Japanese fiscal year (April–March) named by the Western year it starts in. For "
        "baselines the fiscal year of the as-of point; for actuals the year reported for.",
    ),
    _f("kind", "string", "種別", "Kind", "baseline (基準値), target (目標値) or actual (実績値)."),
    _f("value", "number", "数値", "Value", "The value as a number; empty for 「ー」 or text."),
    _f("text", "string", "記載", "Text", "The value exactly as entered in the source."),
    _f(
        "target_kind",
        "string",
        "目標の種類",
        "Target kind",
        "For targets: value, none (ー), beat-previous (前年度越え) or maintain (維持).",
    ),
    _f(
        "final",
        "boolean",
        "最終目標",
        "Final target",
        "True for the final target (of the plan's final year, or of its 「…までに」 year).",
    ),
    _f("as_of", "string", "時点", "As of", "As-of point as entered, e.g. R2.12 or R元年度."),
    _f(
        "as_of_fiscal_year",
        "integer",
        "時点の年度",
        "As-of fiscal year",
        "Fiscal year the as-of point falls in.",
    ),
    _f("approximate", "boolean", "概数", "Approximate", "True when the figure is 約 (about)."),
    _f("provisional", "boolean", "速報値", "Provisional", "True when the figure is provisional."),
    _f(
        "finalised_later",
        "boolean",
        "翌年度確定",
        "Finalised later",
        "True when the figure is finalised in the next fiscal year (※翌年度に数値確定).",
    ),
    _f(
        "data_year",
        "integer",
        "数値の年度",
        "Data year",
        "Fiscal year the figure describes when earlier than the year reported for "
        "(「R4年度数値」).",
    ),
    _f("note", "string", "備考", "Note", "Note printed with the value."),
)

_AT = {f.name: i for i, f in enumerate(KPI_VALUE_FIELDS)}

AREA_MONEY_FIELDS = (
    _f("scope", "string", "範囲", "Scope", "plan (the whole plan) or area."),
    _f("area_id", "string", "領域ID", "Area id", "Area identifier; empty for the plan."),
    _f("area_name", "string", "領域名", "Area name", "Area name as entered."),
    _f("area_name_en", "string", "領域名（英語）", "Area name (English)", "English name."),
    _f("parent_id", "string", "上位領域ID", "Parent area id", "Identifier of the parent area."),
    _f("depth", "integer", "階層", "Depth", "0 for a top-level area, 1 below it, …"),
    _f("fiscal_year", "integer", "年度", "Fiscal year", "Japanese fiscal year (April–March)."),
    _f("projects", "integer", "事業数", "Projects", "Number of related projects."),
    _f("yen", "integer", "金額（円）", "Amount (yen)", "Money in yen."),
    _f(
        "amount_display",
        "string",
        "金額（表示）",
        "Amount (display)",
        "Money in the plan's display unit under its rounding rule, e.g. 20.2億円.",
    ),
    _f("kind", "string", "区分", "Kind", "settled (決算額) or budget (予算額); empty when mixed."),
    _f(
        "source",
        "string",
        "根拠",
        "Source",
        "recorded (the node's own record) or sum (summed from the rows below).",
    ),
    _f("text", "string", "記載", "Text", "The amount as entered, e.g. 2,022,951千円."),
    _f("note", "string", "備考", "Note", "Note printed with the figure."),
)

MEASURE_FIELDS = (
    _f("fiscal_year", "integer", "年度", "Fiscal year", "Fiscal year of the status and analysis."),
    _f("measure_id", "string", "施策ID", "Measure id", "Stable identifier of the measure."),
    _f("measure_name", "string", "施策名", "Measure name", "Name as entered (Japanese)."),
    _f("measure_name_en", "string", "施策名（英語）", "Measure name (English)", "English name."),
    _f("area_id", "string", "領域ID", "Area id", "Area the measure belongs to."),
    _f("area_name", "string", "領域名", "Area name", "Name of that area."),
    _f("area_path", "string", "領域の階層", "Area path", "Area ids from the top, joined by ' > '."),
    _f("org_unit_ids", "string", "担当所属ID", "Org unit ids", "Responsible units, joined by ';'."),
    _f("org_units", "string", "担当所属", "Responsible units", "部 課 of each, by ';'."),
    _f("kpi_ids", "string", "KPI ID", "KPI ids", "The measure's KPIs in order, joined by ';'."),
    _f(
        "measure_target",
        "string",
        "施策の目標",
        "Measure target",
        "The measure's own 目標 as printed (e.g. 11年度から実施), when the plan gives one.",
    ),
    _f(
        "declared_status",
        "string",
        "記載の達成状況",
        "Declared status",
        "Grade or status the unit declared, as typed (e.g. 達成, 横ばいC, ◎).",
    ),
    _f(
        "status",
        "string",
        "判定",
        "Status",
        "Status computed from the KPIs: achieved, partial, not-achieved, pending, no-target, "
        "ended, or no-kpi (測定指標なし: a measure with no KPI).",
    ),
    _f(
        "grade",
        "string",
        "評価",
        "Grade",
        "Grade under the plan's grading scheme, as printed in Japanese; for a measure with "
        "no KPI the declared grade; otherwise (not judged) the status in Japanese.",
    ),
    _f("grade_en", "string", "評価（英語）", "Grade (English)", "The same grade in English."),
    _f("analysis", "string", "要因分析", "Analysis", "Factor analysis text (要因分析)."),
    _f(
        "projects", "integer", "事業数", "Projects", "The measure's own project count for the year."
    ),
    _f(
        "yen",
        "integer",
        "金額（円）",
        "Amount (yen)",
        "The measure's own money for the year, in yen.",
    ),
    _f(
        "money_kind",
        "string",
        "金額の区分",
        "Money kind",
        "settled (決算額) or budget (予算額), when the measure records money.",
    ),
)

KPI_RESULT_FIELDS = (
    _f("fiscal_year", "integer", "年度", "Fiscal year", "Fiscal year assessed."),
    _f("kpi_id", "string", "KPI ID", "KPI id", "Stable identifier of the KPI."),
    _f("kpi_name", "string", "KPI名", "KPI name", "Name as entered (Japanese)."),
    _f("unit", "string", "単位", "Unit", "Unit of the KPI."),
    _f("target", "number", "目標値", "Target", "The year's target as a number."),
    _f("actual", "number", "実績値", "Actual", "The year's actual as a number."),
    _f("final_target", "number", "最終目標値", "Final target", "Final-year target as a number."),
    _f(
        "rate",
        "number",
        "達成率（%）",
        "Achievement (%)",
        "Achievement rate against the year's target, in percent, rounded by the plan's rule.",
    ),
    _f(
        "final_rate",
        "number",
        "最終目標に対する達成率（%）",
        "Achievement vs final (%)",
        "Achievement rate against the final target, in percent, rounded by the plan's rule.",
    ),
    _f(
        "status",
        "string",
        "判定",
        "Status",
        "achieved, not-achieved, pending, no-target or ended.",
    ),
    _f(
        "grade",
        "string",
        "評価",
        "Grade",
        "Grade under the plan's grading scheme (computed from the unrounded rate), as printed "
        "in Japanese; the status in Japanese when the year is not judged.",
    ),
    _f("grade_en", "string", "評価（英語）", "Grade (English)", "The same grade in English."),
    _f(
        "outlook",
        "string",
        "見通し",
        "Outlook",
        "met, on-track, at-risk, off-track or insufficient-data.",
    ),
)

FINDING_FIELDS = (
    _f("ref", "string", "番号", "Ref", "Finding number in this report, e.g. F-001."),
    _f("code", "string", "コード", "Code", "Stable kebab-case code of the finding type."),
    _f("severity", "string", "重大度", "Severity", "error, warning or info."),
    _f("title", "string", "種類", "Title", "Title of the finding type (Japanese)."),
    _f("title_en", "string", "種類（英語）", "Title (English)", "Title of the finding type."),
    _f(
        "message",
        "string",
        "内容",
        "Message",
        "What was printed, what the data give and what to check (Japanese).",
    ),
    _f("message_en", "string", "内容（英語）", "Message (English)", "The message in English."),
    _f("area_id", "string", "領域ID", "Area id", "Area concerned, if any."),
    _f("measure_id", "string", "施策ID", "Measure id", "Measure concerned, if any."),
    _f("kpi_id", "string", "KPI ID", "KPI id", "KPI concerned, if any."),
    _f("fiscal_year", "integer", "年度", "Fiscal year", "Fiscal year concerned, if any."),
    _f("field", "string", "項目", "Field", "Field concerned, e.g. card-rate or actual."),
    _f("found", "string", "記載値", "Found", "The value found in the source."),
    _f("expected", "string", "算出値・期待値", "Expected", "The value computed or expected."),
    _f("file", "string", "ファイル", "File", "Source file, when known."),
    _f("sheet", "string", "シート", "Sheet", "Source sheet, when known."),
    _f("cell", "string", "セル", "Cell", "Source cell, when known."),
)


def _target_rows(
    plan: Plan, kpi: KPI, common: tuple[Value, ...]
) -> Iterator[tuple[int, tuple[Value, ...], Figure | None]]:
    final = kpi.final_target
    # The final target's year: its deadline (「14年度までに」) when printed with one.
    end = (final.deadline if final is not None else None) or plan.period.end
    targets: list[tuple[int, Target, bool]] = [
        (y, t, y == end and (final is None or final.text == t.text))
        for y, t in sorted(kpi.targets.items())
    ]
    if final is not None and not any(is_final for _, _, is_final in targets):
        targets.append((end, final, True))
        targets.sort(key=lambda item: item[0])
    for y, t, is_final in targets:
        fig = t.figure
        yield (
            y,
            (
                *common,
                y,
                "target",
                fig.value if fig is not None else None,
                t.text,
                t.kind.value,
                is_final,
                None,
                None,
                bool(fig and fig.approximate),
                False,
                False,
                None,
                t.note,
            ),
            fig,
        )


def _actual_row(year: int, o: Observation, common: tuple[Value, ...]) -> tuple[Value, ...]:
    return (
        *common,
        year,
        "actual",
        o.value.value,
        o.value.text,
        None,
        None,
        o.as_of.text if o.as_of is not None else None,
        o.as_of.fiscal_year if o.as_of is not None else None,
        o.value.approximate,
        o.provisional,
        o.finalised_later,
        o.data_year,
        "; ".join(x for x in (o.note, o.basis) if x) or None,
    )


def kpi_values(plan: Plan) -> list[tuple[Value, ...]]:
    """Sorted by KPI (plan order), fiscal year, then baseline < target < actual; a
    disaggregated figure's part rows follow its own row."""
    rows: list[tuple[Value, ...]] = []
    names = dimension_names(plan)
    for kpi in plan.kpis:
        common: tuple[Value, ...] = (
            kpi.id,
            kpi.name,
            kpi.name_en,
            kpi.unit,
            kpi.direction.value,
            kpi.cumulative,
        )
        keyed: list[tuple[int, int, int, tuple[Value, ...]]] = []
        b = kpi.baseline
        if b.value is not None or b.note is not None:
            fy = b.as_of.fiscal_year if b.as_of is not None else None
            row = (
                *common,
                fy,
                "baseline",
                b.value.value if b.value is not None else None,
                b.value.text if b.value is not None else b.note,
                None,
                None,
                b.as_of.text if b.as_of is not None else None,
                fy,
                bool(b.value and b.value.approximate),
                False,
                False,
                None,
                b.note if b.value is not None else None,
            )
            for r in split_parts(row, b.value, kpi, names, _AT):
                keyed.append((fy or 0, 0, len(keyed), r))
        for y, row, figure in _target_rows(plan, kpi, common):
            for r in split_parts(row, figure, kpi, names, _AT):
                keyed.append((y, 1, len(keyed), r))
        for y, o in sorted(kpi.observations.items()):
            for r in split_parts(_actual_row(y, o, common), o.value, kpi, names, _AT):
                keyed.append((y, 2, len(keyed), r))
        keyed.sort(key=lambda item: item[:3])
        rows.extend(row for *_, row in keyed)
    return rows


def _walk(
    areas: Sequence[Area], ancestors: tuple[Area, ...] = ()
) -> Iterator[tuple[Area, tuple[Area, ...]]]:
    """Every area with its ancestors, top first."""
    for a in areas:
        yield a, ancestors
        yield from _walk(a.children, (*ancestors, a))


def area_money_rows(plan: Plan, fy: int) -> list[tuple[Value, ...]]:
    s = plan.settings
    years = sorted(set(money_years(plan)) | {fy - 1, fy, fy + 1})
    rows: list[tuple[Value, ...]] = []
    for y in years:
        total = plan_money(plan, y)
        if total is not None:
            rec = next((r for r in plan.money if r.year == y), None)
            rows.append(
                (
                    "plan",
                    None,
                    plan.name,
                    plan.name_en,
                    None,
                    None,
                    y,
                    total.projects,
                    total.yen,
                    format_money(total.yen, s) if total.yen is not None else None,
                    total.kind.value if total.kind is not None else None,
                    "recorded" if total.recorded else "sum",
                    rec.amount.text if rec is not None and rec.amount is not None else None,
                    rec.note if rec is not None else None,
                )
            )
    for area, ancestors in _walk(plan.areas):
        parent = ancestors[-1] if ancestors else None
        for y in years:
            total = area_money(area, y, s.area_money_from_measures)
            if total is None:
                continue
            rec = next((r for r in area.money if r.year == y), None)
            rows.append(
                (
                    "area",
                    area.id,
                    area.name,
                    area.name_en,
                    parent.id if parent is not None else None,
                    len(ancestors),
                    y,
                    total.projects,
                    total.yen,
                    format_money(total.yen, s) if total.yen is not None else None,
                    total.kind.value if total.kind is not None else None,
                    "recorded" if total.recorded else "sum",
                    rec.amount.text if rec is not None and rec.amount is not None else None,
                    rec.note if rec is not None else None,
                )
            )
    return rows


def measure_rows(plan: Plan, ev: Evaluation) -> list[tuple[Value, ...]]:
    rows: list[tuple[Value, ...]] = []
    units = {u.id: u for u in plan.org_units}
    for area, ancestors in _walk(plan.areas):
        path = [a.id for a in (*ancestors, area)]
        for m in area.measures:
            mr = ev.measures[m.id]
            my = m.years.get(ev.year)
            money = measure_money(m, ev.year)
            rows.append(
                (
                    ev.year,
                    m.id,
                    m.name,
                    m.name_en,
                    area.id,
                    area.name,
                    " > ".join(path),
                    ";".join(m.org_units),
                    m.org_unit_text or ";".join(units[u].label for u in m.org_units),
                    ";".join(r.kpi for r in m.kpis),
                    m.target,
                    mr.declared_text,
                    mr.status.value,
                    mr.grade_label("ja"),
                    mr.grade_label("en"),
                    my.analysis if my is not None else None,
                    money.projects if money is not None else None,
                    money.yen if money is not None else None,
                    money.kind.value if money is not None and money.kind is not None else None,
                )
            )
    return rows


def kpi_result_rows(plan: Plan, ev: Evaluation) -> list[tuple[Value, ...]]:
    s = plan.settings
    names = dimension_names(plan)
    rows: list[tuple[Value, ...]] = []
    for kpi in plan.kpis:
        r = ev.kpis[kpi.id]
        final = kpi.final_target or kpi.targets.get(plan.period.end)
        rows.append(
            (
                ev.year,
                kpi.id,
                kpi.name,
                kpi.unit,
                r.target_value,
                r.actual,
                figure_value(kpi, final.figure) if final is not None else None,
                None if r.rate is None else rate_display(r.rate, s),
                None if r.final_rate is None else rate_display(r.final_rate, s),
                r.status.value,
                r.grade_label("ja"),
                r.grade_label("en"),
                r.outlook.status.value,
                *(None for _ in names),
            )
        )
        finals = part_values(kpi.breakdown, final.figure) if kpi.breakdown and final else {}
        for p in r.parts:
            dims = dict(p.dimensions)
            rows.append(
                (
                    ev.year,
                    kpi.id,
                    kpi.name,
                    kpi.unit,
                    p.target_value,
                    p.actual,
                    finals.get(p.label),
                    None if p.rate is None else rate_display(p.rate, s),
                    None if p.final_rate is None else rate_display(p.final_rate, s),
                    p.status.value,
                    p.grade_label("ja"),
                    p.grade_label("en"),
                    p.outlook.status.value,
                    *(dims.get(n) for n in names),
                )
            )
    return rows


def finding_rows(plan: Plan, problems: Sequence[Problem]) -> list[tuple[Value, ...]]:
    rows: list[tuple[Value, ...]] = []
    ja, en = Names.of(plan, "ja"), Names.of(plan, "en")
    for n, p in enumerate(problems, 1):
        pl = p.place
        rows.append(
            (
                f"F-{n:03d}",
                p.code,
                p.severity.value,
                problem_title(p, "ja"),
                problem_title(p, "en"),
                problem_message(p, "ja", ja),
                problem_message(p, "en", en),
                pl.area,
                pl.measure,
                pl.kpi,
                pl.year,
                pl.field,
                p.found,
                p.expected,
                pl.file,
                pl.sheet,
                pl.cell,
            )
        )
    return rows


def tables(plan: Plan, ev: Evaluation, problems: Sequence[Problem]) -> tuple[Table, ...]:
    """All open-data tables for the evaluated year, in publication order."""
    dims = dimension_fields(dimension_names(plan))
    return (
        Table(
            "kpi_values",
            "KPIの基準値・目標値・実績値",
            "KPI baselines, targets, actuals",
            "One row per KPI × fiscal year × kind (baseline, target, actual), values as entered "
            "and as numbers, with their as-of points and flags.",
            (*KPI_VALUE_FIELDS, *dims),
            kpi_values(plan),
        ),
        Table(
            "kpi_results",
            "KPIの評価",
            "KPI assessment",
            "One row per KPI (then one per breakdown value of a disaggregated KPI): the year's "
            "target and actual, achievement rates, status, grade and outlook as computed under "
            "the plan's methodology.",
            (*KPI_RESULT_FIELDS, *dims),
            kpi_result_rows(plan, ev),
        ),
        Table(
            "area_money",
            "領域別の事業数・金額",
            "Projects and money by area",
            "One row per area (or the whole plan) × fiscal year: project count and money, settled "
            "or budget.",
            AREA_MONEY_FIELDS,
            area_money_rows(plan, ev.year),
        ),
        Table(
            "measures",
            "施策",
            "Measures",
            "One row per measure: its area, responsible units, KPIs, declared and computed status "
            "and the factor analysis for the year.",
            MEASURE_FIELDS,
            measure_rows(plan, ev),
        ),
        Table(
            "findings",
            "監査指摘",
            "Audit findings",
            "One row per audit finding: code, severity, place and both values.",
            FINDING_FIELDS,
            finding_rows(plan, problems),
        ),
    )

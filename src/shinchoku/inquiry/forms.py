"""The content of the forms: which rows each division gets, pre-filled with what is known.

Pure data, no Excel: :func:`plan_forms` turns a plan and a year into :class:`FormSpec`
objects that :mod:`shinchoku.inquiry.xlsx` renders and whose keys the reader checks.

- one form per org unit that owns measures: the 施策・KPI sheet (each measure with its
  KPIs; a KPI shown under two measures of one form takes input once, the second row
  refers to the first);
- one form for the policy office: 事業数・決算額 per area with money (the year's
  settled amount, next year's budget), 主要取組 per action guideline, and the KPIs that
  belong to no measure (headline-card KPIs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from shinchoku.inquiry.index import PlanIndex
from shinchoku.inquiry.layout import (
    MODE_INPUT,
    MODE_REFERENCE,
    NEW_MARK,
    OFFICE,
    RowKey,
    SheetRole,
    circled,
    fingerprint,
    key_fields,
    prefill_json,
    safe_file_part,
    short_year,
    signature,
)
from shinchoku.inquiry.values import compose_remarks, observation_text
from shinchoku.method import accepted_labels, read_declared
from shinchoku.model import (
    KPI,
    Area,
    KpiRef,
    Measure,
    MoneyKind,
    MoneyRecord,
    OrgUnit,
    Plan,
    Target,
)

OFFICE_LABEL = "政策担当課"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    field: str
    label: str
    width: float
    kind: str  # "key" (hidden), "show" (protected) or "input" (unlocked)
    merge: bool = False  # merged over the rows of one group (a measure, a guideline)
    validation: str | None = None  # "status", "new", "count", "amount" or "text"
    prompt: str | None = None
    choices: tuple[str, ...] = ()  # the drop-down of a "status" column
    numeric: bool = False  # shown right-aligned


@dataclass(slots=True)
class RowSpec:
    key: RowKey
    values: dict[str, str | int] = field(default_factory=dict)  # by field
    prefill: dict[str, str] = field(default_factory=dict)  # input field → pre-filled text
    group: str = ""  # rows of one group have their merged columns merged
    locked: frozenset[str] = frozenset()  # input fields locked in this row
    depth: int = 0  # indentation of the first shown column

    @property
    def prefill_text(self) -> str:
        return prefill_json(self.prefill)


@dataclass(slots=True)
class SheetSpec:
    role: SheetRole
    title: str  # the sheet's name
    heading: str
    notes: list[str]
    columns: list[ColumnSpec]
    rows: list[RowSpec]


@dataclass(slots=True)
class FormSpec:
    plan_id: str
    plan_name: str
    year: int
    form: str  # org unit id or OFFICE
    label: str  # 「企画部 デジタルみやぎ推進課」
    file_name: str
    sheets: list[SheetSpec]
    secret: bytes | None = None  # the installation's, when made with a database

    def rows(self) -> Iterator[tuple[RowKey, str]]:
        for sheet in self.sheets:
            for row in sheet.rows:
                yield row.key, row.prefill_text

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.plan_id, self.year, self.form, self.rows())

    @property
    def signature(self) -> str | None:
        if self.secret is None:
            return None
        return signature(self.secret, self.plan_id, self.year, self.form, self.rows())


def plan_forms(plan: Plan, year: int, office_label: str = OFFICE_LABEL) -> list[FormSpec]:
    """Every form of the year's inquiry: the divisions' in plan order, the office's last."""
    forms: list[FormSpec] = []
    names: set[str] = set()
    for unit in plan.org_units:
        measures = [(a, m) for a, m in plan.measures() if unit.id in m.org_units]
        if not measures:
            continue
        sheet = _kpi_sheet(plan, year, measures, [])
        forms.append(_form(plan, year, unit.id, unit.label, _unit_file(unit, year, names), [sheet]))
    office = _office_sheets(plan, year)
    if office:
        name = f"{short_year(year)}照会_{safe_file_part(office_label)}.xlsx"
        forms.append(_form(plan, year, OFFICE, office_label, name, office))
    return forms


def _form(
    plan: Plan, year: int, key: str, label: str, file_name: str, sheets: list[SheetSpec]
) -> FormSpec:
    return FormSpec(plan.id, plan.name, year, key, label, file_name, sheets)


def _unit_file(unit: OrgUnit, year: int, names: set[str]) -> str:
    parts = [unit.department, *([unit.division] if unit.division else [])]
    base = f"{short_year(year)}照会_" + "_".join(safe_file_part(p) for p in parts)
    name = f"{base}.xlsx" if base not in names else f"{base}_{unit.id}.xlsx"
    names.add(base)
    return name


# -- 施策・KPI ---------------------------------------------------------------------------


def _kpi_columns(plan: Plan, year: int, with_measures: bool) -> list[ColumnSpec]:
    y = short_year(year)
    final = short_year(plan.period.end)
    cols = _key_columns(SheetRole.KPIS)
    if with_measures:
        cols += [
            ColumnSpec("area", "領域", 12, "show", merge=True),
            ColumnSpec("measure", "施策名", 22, "show", merge=True),
            ColumnSpec("units", "担当所属", 16, "show", merge=True),
        ]
    cols += [
        ColumnSpec("number", "No.", 4.5, "show"),
        ColumnSpec("kpi", "項目（KPI）", 26, "show"),
        ColumnSpec("unit", "単位", 8, "show"),
        ColumnSpec("baseline", "基準値", 10, "show", numeric=True),
        ColumnSpec("baseline_as_of", "基準値の時点", 9, "show"),
    ]
    if year != plan.period.end:
        cols.append(ColumnSpec("final_target", f"{final}年度末目標値", 10, "show", numeric=True))
    cols.append(ColumnSpec("target", f"{y}年度末目標値", 10, "show", numeric=True))
    for fy in range(plan.period.start, year):
        label = f"{short_year(fy)}年度実績値"
        cols.append(ColumnSpec(f"actual.{fy}", label, 10, "show", numeric=True))
    cols += [
        ColumnSpec(
            "in.value",
            f"{y}年度末実績値",
            12,
            "input",
            validation="text",
            prompt="数値を入力（例：345、71.0、約16%）。単位は不要。該当なしは「ー」。",
            numeric=True,
        ),
        ColumnSpec(
            "in.as_of",
            "実績値の時点",
            10,
            "input",
            validation="text",
            prompt="例：R6.3、R5年度末、令和6年3月31日",
        ),
        ColumnSpec(
            "in.remarks",
            "備考（速報値・R4年度数値など）",
            16,
            "input",
            validation="text",
            prompt="速報値・暫定値のとき、前年度以前の数値を報告するとき（例：R4年度数値）、"
            "数値の確定が翌年度になるとき（※翌年度に数値確定）に記入。",
        ),
    ]
    if with_measures:
        choices = tuple(accepted_labels(plan.settings.scheme))
        cols += [
            ColumnSpec(
                "in.status",
                "達成状況",
                10,
                "input",
                merge=True,
                validation="status",
                prompt="一覧から選択：" + "／".join(choices),
                choices=choices,
            ),
            ColumnSpec(
                "in.analysis",
                "進捗状況に係る要因分析",
                44,
                "input",
                merge=True,
                validation="text",
                prompt="達成・未達成の要因を200字程度で記入。",
            ),
        ]
    return cols


def _key_columns(role: SheetRole) -> list[ColumnSpec]:
    return [ColumnSpec(f, "（照合用）", 6, "key") for f in key_fields(role)]


def _kpi_sheet(
    plan: Plan, year: int, measures: list[tuple[Area, Measure]], loose: list[KPI]
) -> SheetSpec:
    rows: list[RowSpec] = []
    seen: dict[str, str] = {}  # KPI id → the measure whose row takes its input
    for area, m in measures:
        units = "\n".join(plan.org_unit(u).label for u in m.org_units)
        common: dict[str, str | int] = {
            "area": area.label or area.name,
            "measure": m.name,
            "units": m.org_unit_text or units,
        }
        my = m.years.get(year)
        measure_prefill = {
            "in.status": _status_text(plan, my.declared_status if my else None),
            "in.analysis": (my.analysis or "") if my else "",
        }
        refs: list[KpiRef | None] = list(m.kpis) or [None]
        for i, ref in enumerate(refs):
            kpi = plan.kpi(ref.kpi) if ref is not None else None
            first = i == 0
            prefill = dict(measure_prefill) if first else {}
            locked = set() if first else {"in.status", "in.analysis"}
            values = dict(common)
            mode = MODE_INPUT
            if kpi is None:
                locked |= {"in.value", "in.as_of", "in.remarks"}
                values["kpi"] = "（KPIなし）"
            elif kpi.id in seen:
                mode = MODE_REFERENCE
                locked |= {"in.value", "in.as_of", "in.remarks"}
                values.update(_kpi_values(plan, kpi, year))
                values["in.value"] = f"（{seen[kpi.id]}の行に入力）"
            else:
                seen[kpi.id] = m.name
                values.update(_kpi_values(plan, kpi, year))
                prefill.update(_kpi_prefill(kpi, year))
            values["number"] = circled(ref.number) if ref is not None else ""
            values.update(prefill)
            key = RowKey(SheetRole.KPIS, (m.id, kpi.id if kpi else "", mode))
            rows.append(RowSpec(key, values, prefill, m.id, frozenset(locked)))
    for kpi in loose:
        prefill = _kpi_prefill(kpi, year)
        values = {**_kpi_values(plan, kpi, year), **prefill}
        rows.append(RowSpec(RowKey(SheetRole.KPIS, ("", kpi.id, MODE_INPUT)), values, prefill))
    with_measures = bool(measures)
    title = "施策・KPI" if with_measures else "KPI（施策外）"
    heading = (
        f"{short_year(year)}年度 施策及びKPIの進捗状況"
        if with_measures
        else f"{short_year(year)}年度 重点目標ページ掲載KPI（施策に属さないもの）の実績"
    )
    notes = [
        "黄色のセルに入力してください。灰色のセルは参考（入力不要）です。",
        "達成状況・要因分析は施策ごとに1つです（結合セル）。",
    ]
    return SheetSpec(
        SheetRole.KPIS, title, heading, notes, _kpi_columns(plan, year, with_measures), rows
    )


def _status_text(plan: Plan, text: str | None) -> str:
    """The declared grade pre-filled as the scheme's label (「【達成】」 → 「達成」)."""
    if not text:
        return ""
    declared = read_declared(plan.settings.scheme, text)
    return declared.label if declared is not None else text


def _kpi_values(plan: Plan, kpi: KPI, year: int) -> dict[str, str | int]:
    b = kpi.baseline
    final = kpi.final_target or kpi.targets.get(plan.period.end)
    values: dict[str, str | int] = {
        "kpi": kpi.name + ("（累計）" if kpi.cumulative and "累計" not in kpi.name else ""),
        "unit": kpi.unit or "",
        "baseline": b.value.text if b.value is not None else (b.note or "ー"),
        "baseline_as_of": b.as_of.text if b.as_of is not None else "",
        "final_target": _target_text(final),
        "target": _target_text(
            kpi.targets.get(year) or (final if year == plan.period.end else None)
        ),
    }
    for fy in range(plan.period.start, year):
        obs = kpi.observations.get(fy)
        values[f"actual.{fy}"] = observation_text(obs) if obs is not None else ""
    return values


def _target_text(target: Target | None) -> str:
    if target is None:
        return ""
    return f"{target.text}（{target.note}）" if target.note else target.text


def _kpi_prefill(kpi: KPI, year: int) -> dict[str, str]:
    obs = kpi.observations.get(year)
    if obs is None:
        return {}
    return {
        "in.value": obs.value.text,
        "in.as_of": obs.as_of.text if obs.as_of is not None else "",
        "in.remarks": compose_remarks(obs),
    }


def current_prefill(index: PlanIndex, year: int, kind: str, ids: tuple[str, ...]) -> dict[str, str]:
    """What a form made now would pre-fill for an edit's target (see ``merge``)."""
    if kind == "observation":
        return _kpi_prefill(index.kpis[ids[0]], year)
    if kind == "measure":
        my = index.measures[ids[0]].years.get(year)
        return {
            "in.status": _status_text(index.plan, my.declared_status if my else None),
            "in.analysis": (my.analysis or "") if my else "",
        }
    if kind == "money":
        fy, money_kind = int(ids[1]), MoneyKind(ids[2])
        area = index.areas[ids[0]]
        rec = next((r for r in area.money if r.year == fy and r.kind is money_kind), None)
        return {k: str(v) for k, v in _money_values(rec).items()}
    return {}


# -- the office's form -------------------------------------------------------------------


def _office_sheets(plan: Plan, year: int) -> list[SheetSpec]:
    sheets: list[SheetSpec] = []
    money = _money_sheet(plan, year)
    if money.rows:
        sheets.append(money)
    initiatives = _initiative_sheet(plan, year)
    if initiatives.rows:
        sheets.append(initiatives)
    in_measures = {r.kpi for _, m in plan.measures() for r in m.kpis}
    loose = [k for k in plan.kpis if k.id not in in_measures]
    unowned = office_measures(plan)
    if loose or unowned:
        sheets.append(_kpi_sheet(plan, year, unowned, loose))
    return sheets


def office_measures(plan: Plan) -> list[tuple[Area, Measure]]:
    """Measures with no 担当所属: nobody else can be asked, so the office's form carries them."""
    return [(a, m) for a, m in plan.measures() if not m.org_units]


_KIND_JA = {
    MoneyKind.SETTLED: "決算額",
    MoneyKind.BUDGET: "予算額",
    MoneyKind.PROJECT_COST: "事業費",
}


def _money_sheet(plan: Plan, year: int) -> SheetSpec:
    cols = [
        *_key_columns(SheetRole.MONEY),
        ColumnSpec("area", "領域", 36, "show"),
        ColumnSpec("kind", "区分", 14, "show"),
        ColumnSpec("reference", "参考（直近の記録）", 30, "show"),
        ColumnSpec(
            "in.projects",
            "事業数（件）",
            12,
            "input",
            validation="count",
            prompt="関連事業の件数（整数）",
            numeric=True,
        ),
        ColumnSpec(
            "in.amount",
            "金額（千円）",
            16,
            "input",
            validation="amount",
            prompt="千円単位で入力（例：2,022,951）",
            numeric=True,
        ),
    ]
    wanted = [(year, MoneyKind.SETTLED)]
    if year + 1 <= plan.period.end:
        wanted.append((year + 1, MoneyKind.BUDGET))
    rows: list[RowSpec] = []
    for area, depth in plan.walk_areas():
        if not area.money:
            continue
        for fy, kind in wanted:
            rec = next((r for r in area.money if r.year == fy and r.kind is kind), None)
            shown = _money_values(rec)
            prefill = {k: str(v) for k, v in shown.items()}
            values: dict[str, str | int] = {
                "area": (f"{area.label} " if area.label else "") + area.name,
                "kind": f"{short_year(fy)}年度 {_KIND_JA[kind]}",
                "reference": _money_reference(area, fy, kind),
                **shown,
            }
            key = RowKey(SheetRole.MONEY, (area.id, str(fy), kind.value))
            rows.append(RowSpec(key, values, prefill, depth=depth))
    notes = ["領域ごとの関連事業数と金額（千円）を入力してください。"]
    if len(wanted) > 1:
        notes.append(f"{short_year(year)}年度は決算額、翌年度は予算額です。")
    return SheetSpec(
        SheetRole.MONEY,
        "事業数・決算額",
        f"{short_year(year)}年度 関連事業数・決算額",
        notes,
        cols,
        rows,
    )


def _money_values(rec: MoneyRecord | None) -> dict[str, str | int]:
    """A record as its input cells show it: numbers in 千円 (the unit is in the header)."""
    if rec is None:
        return {}
    out: dict[str, str | int] = {}
    if rec.projects is not None:
        out["in.projects"] = rec.projects
    if rec.amount is not None:
        yen = rec.amount.yen
        out["in.amount"] = yen // 1000 if yen % 1000 == 0 else rec.amount.text
    return out


def _money_reference(area: Area, fy: int, kind: MoneyKind) -> str:
    """The latest other record up to the row's year, e.g. the year's budget."""
    earlier = sorted(
        (r for r in area.money if r.year <= fy and (r.year, r.kind) != (fy, kind)),
        key=lambda r: (r.year, r.kind is MoneyKind.SETTLED),
    )
    if not earlier:
        return ""
    r = earlier[-1]
    parts = [f"{short_year(r.year)}年度 {_KIND_JA[r.kind]}"]
    if r.projects is not None:
        parts.append(f"{r.projects}件")
    if r.amount is not None:
        parts.append(r.amount.text)
    return " ".join(parts)


def _initiative_sheet(plan: Plan, year: int) -> SheetSpec:
    cols = [
        *_key_columns(SheetRole.INITIATIVES),
        ColumnSpec("area", "領域", 14, "show", merge=True),
        ColumnSpec("guideline", "ポリシー行動指針", 26, "show", merge=True),
        ColumnSpec("no", "No.", 4.5, "show"),
        ColumnSpec(
            "in.text",
            f"{short_year(year)}年度の主要取組",
            48,
            "input",
            validation="text",
            prompt="取組を1行に1件。数値があれば括弧書きで（例：成婚97組）。",
        ),
        ColumnSpec(
            "in.new",
            "新規",
            7,
            "input",
            validation="new",
            prompt="新規の取組は「新規」を選択",
        ),
        ColumnSpec(
            "in.details",
            "補足（1行に1項目）",
            34,
            "input",
            validation="text",
            prompt="補足説明。セル内で改行（Alt+Enter）して複数項目を記入できます。",
        ),
    ]
    rows: list[RowSpec] = []
    for area, _ in plan.walk_areas():
        for g in area.guidelines:
            current = g.initiatives.get(year, [])
            for slot in range(len(current) + 3):
                init = current[slot] if slot < len(current) else None
                prefill: dict[str, str] = {}
                if init is not None:
                    prefill = {
                        "in.text": init.text,
                        "in.new": NEW_MARK if init.new else "",
                        "in.details": "\n".join(init.details),
                    }
                values: dict[str, str | int] = {
                    "area": area.label or area.name,
                    "guideline": "\n".join(f"●{h}" for h in g.headings),
                    "no": slot + 1,
                    **prefill,
                }
                key = RowKey(SheetRole.INITIATIVES, (area.id, g.id, str(slot + 1)))
                rows.append(RowSpec(key, values, prefill, group=f"{area.id}/{g.id}"))
    notes = [
        "行動指針ごとに主要取組を入力してください（空いている行に追記できます）。",
        "取組を削除するときは、その行の内容を消してください。",
    ]
    return SheetSpec(
        SheetRole.INITIATIVES,
        "主要取組",
        f"{short_year(year)}年度 ポリシー行動指針ごとの主要取組",
        notes,
        cols,
        rows,
    )

"""What ``shinchoku check`` and ``shinchoku summary`` print, in Japanese or English.

The words come from the library (:mod:`shinchoku.wording`, the methodology's status and
outlook words); this module only lays them out for a terminal.
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.table import Table

from shinchoku.method import OUTLOOK_WORDS, STATUS_WORDS
from shinchoku.method.rounding import round_decimal
from shinchoku.method.summary import MoneyCell, Summary
from shinchoku.model import KPI, Plan, TargetKind
from shinchoku.problems import Report, Severity, Wording
from shinchoku.wording import (
    Names,
    counts_text,
    figure_text,
    fiscal_year_text,
    place_text,
    point_text,
    problem_message,
    severity_label,
)

_STYLES = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

_W: dict[str, Wording] = {
    "plan_from": Wording("計画 {plan}（{source}）", "plan {plan} from {source}"),
    "areas": Wording(
        "領域別の施策数・KPI数・事業数・金額", "Measures, KPIs, projects and money by area"
    ),
    "area": Wording("領域", "Area"),
    "measures": Wording("施策数", "Measures"),
    "kpis": Wording("KPI数", "KPIs"),
    "yen": Wording("金額（円）", "Yen"),
    "kind": Wording("区分", "Kind"),
    "change": Wording("事業数の増減", "Change in projects"),
    "total": Wording("合計", "Total"),
    "kpi": Wording("KPI（単位）", "KPI (unit)"),
    "baseline": Wording("基準値（時点）", "Baseline (as of)"),
    "target": Wording("目標値", "Target"),
    "final": Wording("最終目標値", "Final target"),
    "actual": Wording("実績値", "Actual"),
    "rate": Wording("達成率", "Rate"),
    "final_rate": Wording("対最終目標", "vs final"),
    "status": Wording("判定", "Status"),
    "grade": Wording("評価", "Grade"),
    "outlook": Wording("見通し", "Outlook"),
    "kpi_status": Wording("KPIの判定", "KPI status"),
    "measure_status": Wording("施策の判定", "Measure status"),
    "settled": Wording("決算額", "settled"),
    "budget": Wording("予算額", "budget"),
    "project-cost": Wording("事業費", "project cost"),
}
_TARGET_KINDS = {
    TargetKind.BEAT_PREVIOUS: Wording("前年度越え", "beat last year"),
    TargetKind.MAINTAIN: Wording("維持", "keep"),
}


def source_line(plan_id: str, source: str, lang: str) -> str:
    return _W["plan_from"].get(lang).format(plan=plan_id, source=source)


def print_report(out: Console, report: Report, names: Names) -> None:
    lang = names.lang
    for p in report:
        out.print(f"[{_STYLES[p.severity]}]{severity_label(p.severity, lang)}[/] ", end="")
        out.print(
            f"[{p.code}] {place_text(p.place, lang, names)}: {problem_message(p, lang, names)}",
            markup=False,
        )
    out.print(counts_text(report.counts(), lang), markup=False)


def print_summary(out: Console, s: Summary, plan: Plan, lang: str) -> None:
    def w(key: str) -> str:
        return _W[key].get(lang)

    names = Names.of(plan, lang)
    title = plan.name_en if lang == "en" and plan.name_en else s.plan_name
    out.print(f"{title}  {_year_label(s.year, lang)}", markup=False, style="bold")
    t = Table(title=w("areas"), title_justify="left")
    heads = (
        w("area"),
        w("measures"),
        w("kpis"),
        fiscal_year_text(s.year, lang),
        w("yen"),
        w("kind"),
        fiscal_year_text(s.previous_year, lang),
        w("change"),
    )
    for i, col in enumerate(heads):
        t.add_column(col, justify="left" if i == 0 else "right")
    for a in s.areas:
        name = "  " * a.depth + (f"{a.label} " if a.label else "") + names.areas[a.id]
        t.add_row(
            name,
            f"{a.measures:,}",
            f"{a.kpis:,}",
            _money(a.money, plan, lang),
            _yen(a.money.yen if a.money else None),
            _kind(a.money.kind if a.money else None, lang),
            _money(a.previous, plan, lang),
            _change(a.projects_change, lang),
        )
    if s.total:
        t.add_row(
            w("total"),
            "",
            "",
            _money(s.total, plan, lang),
            _yen(s.total.yen),
            _kind(s.total.kind, lang),
            _money(s.previous_total, plan, lang),
            "",
            style="bold",
        )
    out.print(t)
    k = Table(title="KPI", title_justify="left")
    for key in (
        "kpi",
        "baseline",
        "target",
        "final",
        "actual",
        "rate",
        "final_rate",
        "status",
        "grade",
        "outlook",
    ):
        k.add_column(w(key), justify="left" if key in ("kpi", "status", "outlook") else "right")
    for r in s.kpis:
        kpi = plan.kpi(r.id)
        k.add_row(
            ("★" if r.headline else "") + names.kpis[r.id] + _unit(r.unit, lang),
            _baseline(kpi, lang),
            _target(kpi, s.year, lang),
            _final(kpi, lang),
            figure_text(kpi.observations[s.year].value, kpi.unit, lang)
            if s.year in kpi.observations
            else "—",
            r.rate or "—",
            r.final_rate or "—",
            STATUS_WORDS[r.status].get(lang),
            r.grade_label if lang == "ja" else r.grade_label_en,
            OUTLOOK_WORDS[r.outlook].get(lang),
        )
        for part in r.parts:  # one line per breakdown value, under its KPI
            k.add_row(
                f"  └ {part.label}",
                "",
                part.target or "—",
                "",
                part.actual or "—",
                part.rate or "—",
                part.final_rate or "—",
                STATUS_WORDS[part.status].get(lang),
                part.grade_label if lang == "ja" else part.grade_label_en,
                OUTLOOK_WORDS[part.outlook].get(lang),
            )
    out.print(k)
    sep = "、" if lang == "ja" else ", "
    for key, status in (("kpi_status", s.kpi_status), ("measure_status", s.measure_status)):
        counts = sep.join(f"{STATUS_WORDS[k].get(lang)} {n}" for k, n in status.items() if n)
        out.print(f"{w(key)}: {counts}", markup=False)
    for mr in s.measures:
        if mr.status != "no-kpi":
            continue
        if lang == "ja":
            declared = f"（記載: {mr.declared}）" if mr.declared else ""
            target = f"（目標: {mr.target}）" if mr.target else ""
            line = f"測定指標なし: {mr.name}{target}{declared} 評価 {mr.grade_label}"
            out.print(line, markup=False)
        else:
            name = names.measures.get(mr.id, mr.name)
            target = f", target {mr.target}" if mr.target else ""
            out.print(f"No indicator: {name}{target}, grade {mr.grade_label_en}", markup=False)


def _unit(unit: str | None, lang: str) -> str:
    if not unit:
        return ""
    return f"（{unit}）" if lang == "ja" else f" ({unit})"


def _year_label(fy: int, lang: str) -> str:
    from shinchoku.japanese import format_fiscal_year

    return format_fiscal_year(fy, "both") if lang == "ja" else f"FY{fy}"


def _baseline(kpi: KPI, lang: str) -> str:
    b = kpi.baseline
    text = figure_text(b.value, kpi.unit, lang) if b.value is not None else "—"
    if b.value is None and b.note and lang == "ja":
        text = b.note
    when = point_text(b.as_of.text, b.as_of.fiscal_year, lang) if b.as_of else ""
    return text + (f"（{when}）" if lang == "ja" else f" ({when})") if when else text


def _target(kpi: KPI, year: int, lang: str) -> str:
    t = kpi.targets.get(year)
    if t is None:
        return "—"
    if t.kind in _TARGET_KINDS:
        return _TARGET_KINDS[t.kind].get(lang)
    return figure_text(t.figure, kpi.unit, lang)


def _final(kpi: KPI, lang: str) -> str:
    t = kpi.final_target
    if t is None:
        return "—"
    if t.kind in _TARGET_KINDS:
        return _TARGET_KINDS[t.kind].get(lang)
    return figure_text(t.figure, kpi.unit, lang)


def _money(cell: MoneyCell | None, plan: Plan, lang: str) -> str:
    if cell is None:
        return "—"
    if lang == "ja":
        return cell.display
    count = "—" if cell.projects is None else f"{cell.projects:,} projects"
    if cell.yen is None:
        return count
    millions = round_decimal(Decimal(cell.yen) / 10**6, 0, plan.settings.money_rounding)
    return f"{count}, ¥{millions:,f} million"


def _yen(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def _kind(kind: str | None, lang: str) -> str:
    return _W[kind].get(lang) if kind in ("settled", "budget", "project-cost") else ""


def _change(n: int | None, lang: str) -> str:
    if n is None:
        return ""
    unit = "件" if lang == "ja" else ""
    return f"±0{unit}" if n == 0 else f"{n:+,d}{unit}"

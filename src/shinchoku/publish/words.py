"""The report's words: labels, names in the chosen language, links, money display forms.

Shared by the builders of the view (:mod:`shinchoku.publish.prepare`,
:mod:`shinchoku.publish.findings`).
"""

from __future__ import annotations

from collections.abc import Mapping

from shinchoku.method.aggregate import area_money, measure_money
from shinchoku.method.rounding import format_count, format_money, money_in_unit
from shinchoku.method.summary import MoneyCell
from shinchoku.model import (
    KPI,
    Area,
    Figure,
    Measure,
    Observation,
    Plan,
    Target,
    TargetKind,
)
from shinchoku.publish.labels import fiscal_year_label, fiscal_year_short, labels
from shinchoku.publish.view import Link, MoneyView, StatusCount, Text
from shinchoku.wording import figure_text

_RELATIVE = {
    TargetKind.BEAT_PREVIOUS: "target_beat_previous",
    TargetKind.MAINTAIN: "target_maintain",
}

DATA_LANG = "ja"  # the language data text is entered in


def area_href(area_id: str) -> str:
    return f"areas/{area_id}.html"


def kpi_href(kpi_id: str) -> str:
    return f"kpis/{kpi_id}.html"


def finding_anchor(n: int) -> str:
    return f"f-{n:03d}"


class Words:
    """Labels and names for one plan in one language."""

    def __init__(self, plan: Plan, lang: str) -> None:
        self.plan = plan
        self.lang = lang
        self.L = labels(lang)

    # -- names ---------------------------------------------------------------------------
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
        total = area_money(area, year, self.plan.settings.area_money_from_measures)
        if total is None:
            return None
        rec = next((r for r in area.money if r.year == year), None)
        original = rec.amount.text if rec is not None and rec.amount is not None else None
        kind = total.kind.value if total.kind is not None else None
        return self.money(year, total.projects, total.yen, kind, total.recorded, original)

    def measure_money_view(self, measure: Measure, year: int) -> MoneyView | None:
        """A measure's own project count and money for the year (事業数・金額), if recorded."""
        total = measure_money(measure, year)
        if total is None:
            return None
        rec = next(r for r in measure.money if r.year == year)
        original = rec.amount.text if rec.amount is not None else None
        kind = total.kind.value if total.kind is not None else None
        return self.money(year, total.projects, total.yen, kind, True, original)

    # -- figures -----------------------------------------------------------------------------
    def figure(self, fig: Figure | None, unit: str | None) -> str | None:
        """A figure in the tables' one style; None when there is none."""
        return None if fig is None else figure_text(fig, unit, self.lang)

    def target(self, t: Target | None, unit: str | None) -> str | None:
        if t is None:
            return None
        if t.kind in _RELATIVE:
            return self.L[_RELATIVE[t.kind]]
        if t.figure is None:
            return figure_text(Figure(text=t.text), unit, self.lang)
        return figure_text(t.figure, unit, self.lang)

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


def _en_projects(n: int | None) -> str:
    if n is None:
        return "—"
    return f"{n:,} project" + ("" if n == 1 else "s")

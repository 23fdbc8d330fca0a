"""Problems worded for the person who fixes them, in Japanese or in English.

One mechanism for every renderer (the CLI's ``check``, the report's audit appendix, the
web's findings page, open data): a :class:`~shinchoku.problems.ProblemType` carries a
:class:`~shinchoku.problems.Wording` template per language; :func:`problem_message`
formats it from the problem's ``params`` and its place, naming the KPI, the measure
(施策) and the area by their names (:class:`Names`). Ids stay the keys of the JSON form.

A template may use its own params and the place's ``{kpi}``, ``{measure}``, ``{area}``
and ``{year}``. Adding a code with ja/en text is one ``_finding(...)`` call in a catalogue.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from shinchoku.japanese import format_fiscal_year
from shinchoku.model import Figure, Plan
from shinchoku.problems import (
    CATALOGUE,
    Arg,
    FiscalYear,
    Place,
    Printed,
    Problem,
    Severity,
    Wording,
)

LANGS = ("ja", "en")

SEVERITY = {
    Severity.ERROR: Wording("エラー", "error"),
    Severity.WARNING: Wording("警告", "warning"),
    Severity.INFO: Wording("情報", "note"),
}

# Place.field keys: what part of the record a problem is about.
FIELDS: dict[str, Wording] = {
    "baseline": Wording("基準値", "baseline"),
    "target": Wording("目標値", "target"),
    "final-target": Wording("最終目標値", "final target"),
    "actual": Wording("実績値", "actual"),
    "declared-status": Wording("記載の評価（達成状況）", "declared grade"),
    "money": Wording("事業数・金額", "projects and money"),
    "statement": Wording("概要の記載", "summary statement"),
    "card": Wording("主要KPIの表示", "headline KPI card"),
    "card-rate": Wording("主要KPIの達成率", "achievement rate on the headline card"),
    "stated-rate": Wording("記載の達成率", "stated achievement rate"),
    "initiative": Wording("主要取組", "main initiative"),
    "analysis": Wording("要因分析", "factor analysis"),
    "status-analysis": Wording("評価・要因分析", "declared grade and analysis"),
    "as-of": Wording("時点", "as of"),
    "data-year": Wording("データの年度", "data year"),
    "note": Wording("備考", "note"),
    "declared_status": Wording("評価（達成状況）", "declared grade"),
    # a survey file's columns and an indicator set's fields (shinchoku.compare)
    "code": Wording("団体コード", "organisation code"),
    "name": Wording("団体名", "organisation name"),
    "year": Wording("年度", "fiscal year"),
    "indicator": Wording("指標", "indicator"),
    "value": Wording("値", "value"),
    "owner": Wording("作成団体（owner）", "owner"),
    "indicators": Wording("指標（indicators）", "indicators"),
}

_PLACE_WORDS = {
    "area": Wording("領域", "area"),
    "measure": Wording("施策", "measure"),
    "kpi": Wording("KPI", "KPI"),
    "file": Wording("ファイル", "file"),
    "sheet": Wording("シート", "sheet"),
    "cell": Wording("セル", "cell"),
    "line": Wording("行", "line"),
}

_COUNTS = Wording(
    "エラー {error}件、警告 {warning}件、情報 {info}件",
    "{error} errors, {warning} warnings, {info} notes",
)


@dataclass(frozen=True)
class Names:
    """The names a reader knows things by, in one language; ids where a name is unknown."""

    lang: str
    areas: Mapping[str, str] = field(default_factory=dict)
    measures: Mapping[str, str] = field(default_factory=dict)
    kpis: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)  # org units: 部 課
    measure_units: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    kpi_measures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, plan: Plan, lang: str) -> Names:
        en = lang == "en"

        def pick(name: str, english: str | None) -> str:
            return english if en and english else name

        kpi_measures: dict[str, list[str]] = {}
        for _, m in plan.measures():
            for r in m.kpis:
                kpi_measures.setdefault(r.kpi, []).append(m.id)
        return cls(
            lang=lang,
            areas={a.id: pick(a.name, a.name_en) for a, _ in plan.walk_areas()},
            measures={m.id: pick(m.name, m.name_en) for _, m in plan.measures()},
            kpis={k.id: pick(k.name, k.name_en) for k in plan.kpis},
            units={u.id: (u.label_en() if en else None) or u.label for u in plan.org_units},
            measure_units={m.id: tuple(m.org_units) for _, m in plan.measures()},
            kpi_measures={k: tuple(v) for k, v in kpi_measures.items()},
        )

    def divisions(self, place: Place) -> tuple[str, ...]:
        """The org units (担当所属) responsible for what the place names: the measure's,
        else those of every measure the KPI belongs to; none for plan- or area-wide."""
        measures: Iterable[str] = (
            (place.measure,) if place.measure else self.kpi_measures.get(place.kpi or "", ())
        )
        out: list[str] = []
        for m in measures:
            out += [u for u in self.measure_units.get(m, ()) if u not in out]
        return tuple(out)


def render_arg(arg: Arg, lang: str) -> str:
    """One template argument in ``lang``."""
    if isinstance(arg, Wording):
        return arg.get(lang)
    if isinstance(arg, FiscalYear):
        return fiscal_year_text(arg.year, lang)
    if isinstance(arg, Printed):
        return _printed(arg, lang)
    if isinstance(arg, int):
        return f"{arg:,}"
    return arg


def fiscal_year_text(fy: int, lang: str) -> str:
    """「令和5年度」 / "FY2023"."""
    if lang == "en":
        return f"FY{fy}"
    try:
        return format_fiscal_year(fy, "wareki")
    except ValueError:  # before 昭和 or far ahead: a year no era names
        return f"{fy}年度"


def printed(fig: Figure) -> Printed:
    """A model figure as a template argument."""
    value = None if fig.value is None else f"{fig.value.normalize():f}"
    return Printed(fig.text, value, fig.unit)


def number_text(value: str | Decimal) -> str:
    """Half-width digits with thousands separators: 「52000」 → "52,000", 「97.40」 → "97.4"."""
    try:
        d = Decimal(value).normalize() if isinstance(value, str) else value.normalize()
    except InvalidOperation:
        return str(value)
    whole, _, frac = f"{abs(d):f}".partition(".")
    text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return ("-" if d < 0 else "") + text


def _printed(p: Printed, lang: str) -> str:
    if lang != "en":
        return f"「{p.text}」"
    if p.value is None:
        text = unicodedata.normalize("NFKC", p.text).strip()
        return "none" if text in ("ー", "-", "—", "―", "－", "") else text
    unit = unicodedata.normalize("NFKC", p.unit) if p.unit else ""
    unit = "yen" if unit == "円" else unit
    about = "about " if p.text.lstrip().startswith(("約", "概ね")) else ""
    sep = "" if unit in ("%", "") else " "
    return f"{about}{number_text(p.value)}{sep}{unit}"


def format_message(
    template: Wording, args: Mapping[str, Arg], place: Place, lang: str, names: Names | None = None
) -> str:
    """Format ``template`` in ``lang`` from ``args`` and the place's names."""
    values = {k: render_arg(v, lang) for k, v in args.items()}
    n = names or Names(lang)
    q = ("「", "」") if lang == "ja" else ('"', '"')
    for key, ident, table in (
        ("kpi", place.kpi, n.kpis),
        ("measure", place.measure, n.measures),
        ("area", place.area, n.areas),
    ):
        if ident is not None and key not in values:
            values[key] = f"{q[0]}{table.get(ident, ident)}{q[1]}"
    if place.year is not None and "year" not in values:
        values["year"] = fiscal_year_text(place.year, lang)
    return template.get(lang).format_map(values)


def problem_message(p: Problem, lang: str, names: Names | None = None) -> str:
    """The problem's message in ``lang``. A code with no template says its title and the
    text found in Japanese, and the stored (English) message in English."""
    kind = p.kind or CATALOGUE.get(p.code)
    if kind is None or kind.message is None:
        if lang == "en" or kind is None:
            return p.message
        return kind.title_ja + (f"（記載:「{p.found}」）" if p.found else "") + "。"
    return format_message(kind.message, p.args, p.place, lang, names)


def problem_title(p: Problem, lang: str) -> str:
    kind = p.kind or CATALOGUE.get(p.code)
    return kind.wording_title(lang) if kind is not None else p.code


def severity_label(severity: Severity, lang: str) -> str:
    return SEVERITY[severity].get(lang)


def field_label(key: str, lang: str) -> str:
    return FIELDS[key].get(lang) if key in FIELDS else key


def shown_value(p: Problem, key: str, lang: str) -> str | None:
    """``found`` or ``expected`` as the reader should see it."""
    arg = p.args.get(key)
    if arg is not None:
        return render_arg(arg, lang).strip("「」") if lang == "ja" else render_arg(arg, lang)
    return p.found if key == "found" else p.expected


def place_text(place: Place, lang: str, names: Names | None = None) -> str:
    """「施策「…」、KPI「…」（令和5年度・実績値）」 / 'measure "…", KPI "…" (FY2023, actual)'."""
    n = names or Names(lang)
    q = ("「", "」") if lang == "ja" else ('"', '"')
    parts: list[str] = []
    if place.file:
        parts.append(place.file if place.line is None else f"{place.file}:{place.line}")
    for key in ("sheet", "cell"):
        value = getattr(place, key)
        if value:
            parts.append(f"{_PLACE_WORDS[key].get(lang)} {value}")
    if place.path:
        parts.append(place.path)
    for key, ident, table in (
        ("area", place.area, n.areas),
        ("measure", place.measure, n.measures),
        ("kpi", place.kpi, n.kpis),
    ):
        if ident is not None:
            parts.append(
                f"{_PLACE_WORDS[key].get(lang)}{'' if lang == 'ja' else ' '}"
                f"{q[0]}{table.get(ident, ident)}{q[1]}"
            )
    detail = [fiscal_year_text(place.year, lang)] if place.year is not None else []
    if place.field:
        detail.append(field_label(place.field, lang))
    sep = "、" if lang == "ja" else ", "
    text = sep.join(parts) or ("計画全体" if lang == "ja" else "whole plan")
    if detail:
        text += f"（{'・'.join(detail)}）" if lang == "ja" else f" ({', '.join(detail)})"
    return text


def counts_text(counts: Mapping[str, int], lang: str) -> str:
    return _COUNTS.get(lang).format(**counts)


def report_lines(problems: Iterable[Problem], lang: str, names: Names | None = None) -> list[str]:
    """One line per problem: severity, code, place with names, message."""
    return [
        f"{severity_label(p.severity, lang)} [{p.code}] {place_text(p.place, lang, names)}: "
        f"{problem_message(p, lang, names)}"
        for p in problems
    ]


def error_lines(problems: Iterable[Problem], lang: str, names: Names | None = None) -> list[str]:
    """Why the work stopped, one line per problem: :func:`report_lines`, with the text
    found (and what was expected) where the message does not already say it."""
    listed = list(problems)
    out: list[str] = []
    for p, line in zip(listed, report_lines(listed, lang, names), strict=True):
        said = []
        # A template says what it needs; the English expected of one is for the JSON.
        keys = ("found",) if p.kind is not None and p.kind.message is not None else ()
        for key, label in (("found", _FOUND), ("expected", _EXPECTED)):
            if keys and key not in keys:
                continue
            value = shown_value(p, key, lang)
            if value and value not in line:
                said.append(label.get(lang).format(value))
        if said:
            line += f"（{'、'.join(said)}）" if lang == "ja" else f" ({'; '.join(said)})"
        out.append(line)
    return out


_FOUND = Wording("記載「{}」", "found {!r}")
_EXPECTED = Wording("期待「{}」", "expected {!r}")


def problem_dict(p: Problem, lang: str, names: Names | None = None) -> dict[str, object]:
    """The JSON form: codes, ids and values as data, the message and title in ``lang``."""
    data = p.to_dict()
    data["message"] = problem_message(p, lang, names)
    data["title"] = problem_title(p, lang)
    return data


# -- figures in tables ----------------------------------------------------------------------
_NONE_TEXT = {"", "ー", "-", "—", "―", "－", "‐"}


def figure_text(fig: Figure | None, unit: str | None, lang: str) -> str:
    """A figure in one style for tables: half-width digits, thousands separators, 約 kept,
    the unit left to the column or row heading unless it differs from ``unit``.
    Text that holds no number is shown as typed (Japanese) or as a dash (English)."""
    if fig is None:
        return "—"
    if fig.value is None and fig.parts:
        # 「97.0%(小) 98.2%(中)」 → 「小 97 中 98.2」: each labelled value in the same style.
        return " ".join(
            f"{p.label} {_number(p.value, p.unit, p.approximate, unit, lang)}" for p in fig.parts
        )
    if fig.value is None:
        text = unicodedata.normalize("NFKC", fig.text).strip()
        return "—" if text in _NONE_TEXT or lang == "en" else text
    return _number(fig.value, fig.unit, fig.approximate, unit, lang)


def _number(
    value: Decimal, own_unit: str | None, approximate: bool, unit: str | None, lang: str
) -> str:
    number = number_text(value)
    if approximate:
        number = f"約{number}" if lang == "ja" else f"about {number}"
    own = unicodedata.normalize("NFKC", own_unit) if own_unit else None
    if own and unit and own != unicodedata.normalize("NFKC", unit):
        number += own if lang == "ja" or own == "%" else f" {own}"
    return number


def point_text(text: str | None, fiscal_year: int | None, lang: str) -> str:
    """An as-of point: as typed in Japanese (「R2.12」), "FY2020" in English. Brackets
    typed around it (「(平成27年度)」) are left to the table, which brackets it once."""
    if text is None:
        return ""
    if lang == "en":
        return f"FY{fiscal_year}" if fiscal_year is not None else ""
    shown = unicodedata.normalize("NFKC", text).strip()
    inner = shown[1:-1]
    if shown[:1] == "(" and shown[-1:] == ")" and "(" not in inner and ")" not in inner:
        return inner.strip()
    return shown

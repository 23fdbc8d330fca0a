"""Audit findings as report records: numbered, worded in the report's language, placed,
and grouped by the division (担当所属) that has to act on them.

The words come from :mod:`shinchoku.wording`, as for the CLI and the web.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from shinchoku.model import Measure
from shinchoku.problems import Problem
from shinchoku.publish.labels import fiscal_year_label
from shinchoku.publish.view import FindingGroup, FindingRef, FindingView, PlaceItem, Text
from shinchoku.publish.words import ReportWords, area_href, finding_anchor, kpi_href
from shinchoku.wording import (
    Names,
    field_label,
    place_text,
    problem_message,
    problem_title,
    shown_value,
)


def finding_views(words: ReportWords, problems: Sequence[Problem]) -> tuple[FindingView, ...]:
    """The findings in report order, numbered F-001, F-002, …"""
    measures = {m.id: m for _, m in words.plan.measures()}
    names = Names.of(words.plan, words.lang)
    lang = words.lang
    out: list[FindingView] = []
    for n, p in enumerate(problems, 1):
        items = _place(words, p, measures, names)
        out.append(
            FindingView(
                ref=f"F-{n:03d}",
                anchor=finding_anchor(n),
                code=p.code,
                severity=p.severity.value,
                severity_label=words.L[p.severity.value],
                title=problem_title(p, lang),
                message=problem_message(p, lang, names),
                place=items,
                place_text=place_text(p.place, lang, names),
                found=shown_value(p, "found", lang),
                expected=shown_value(p, "expected", lang),
                area_id=p.place.area,
                measure_id=p.place.measure,
                kpi_id=p.place.kpi,
                year=p.place.year,
                field_name=p.place.field,
                divisions=names.divisions(p.place),
            )
        )
    return tuple(out)


def finding_groups(words: ReportWords, findings: Sequence[FindingView]) -> tuple[FindingGroup, ...]:
    """One group per division in the plan's order of org units (a finding goes to the
    first division responsible for it), then the findings no division owns."""
    plan = words.plan
    groups: list[FindingGroup] = []
    for u in plan.org_units:
        own = tuple(f for f in findings if f.divisions and f.divisions[0] == u.id)
        if own:
            label = words.text(u.label, u.label_en())
            groups.append(FindingGroup(f"findings-{u.id}", label, own))
    known = {u.id for u in plan.org_units}
    rest = tuple(f for f in findings if not f.divisions or f.divisions[0] not in known)
    if rest:
        label = Text(words.L["findings_plan_wide"], words.lang)
        groups.append(FindingGroup("findings-plan", label, rest))
    return tuple(groups)


def _place(
    words: ReportWords, p: Problem, measures: dict[str, Measure], names: Names
) -> tuple[PlaceItem, ...]:
    pl = p.place
    plan = words.plan
    L = words.L
    items: list[PlaceItem] = []
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
            a = plan.area(pl.area)
            items.append(PlaceItem(L["area"], words.area_name(a), area_href(a.id)))
        except KeyError:
            items.append(PlaceItem(L["area"], Text(pl.area, "en")))
    if pl.measure:
        m = measures.get(pl.measure)
        name = words.text(m.name, m.name_en) if m else Text(pl.measure, "en")
        items.append(PlaceItem(L["measure_name"], name))
    if pl.kpi:
        try:
            k = plan.kpi(pl.kpi)
            items.append(PlaceItem(L["kpi"], words.kpi_name(k), kpi_href(k.id)))
        except KeyError:
            items.append(PlaceItem(L["kpi"], Text(pl.kpi, "en")))
    divisions = names.divisions(pl)
    if divisions:
        units = {u.id: u for u in plan.org_units}
        english = words.lang == "en" and all(
            u in units and units[u].label_en() is not None for u in divisions
        )
        text = ("、" if words.lang == "ja" else ", ").join(names.units.get(u, u) for u in divisions)
        items.append(PlaceItem(L["org_unit"], Text(text, "en" if english else "ja")))
    if pl.year is not None:
        year_text = Text(fiscal_year_label(pl.year, words.lang), words.lang)
        items.append(PlaceItem(L["fiscal_year"], year_text))
    if pl.field:
        items.append(PlaceItem(L["field"], Text(field_label(pl.field, words.lang), words.lang)))
    return tuple(items)


def refs(findings: Iterable[FindingView]) -> tuple[FindingRef, ...]:
    return tuple(FindingRef(f.ref, f.anchor, f.severity, f.title) for f in findings)

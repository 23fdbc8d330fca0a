"""Audit findings as report records: numbered, titled in the report's language, placed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from shinchoku.audit import CATALOGUE
from shinchoku.model import Measure
from shinchoku.problems import Problem
from shinchoku.publish.labels import finding_title, fiscal_year_label
from shinchoku.publish.view import FindingRef, FindingView, PlaceItem, Text
from shinchoku.publish.words import Words, area_href, finding_anchor, kpi_href


def finding_views(words: Words, problems: Sequence[Problem]) -> tuple[FindingView, ...]:
    """The findings in report order, numbered F-001, F-002, …"""
    measures = {m.id: m for _, m in words.plan.measures()}
    out: list[FindingView] = []
    for n, p in enumerate(problems, 1):
        ft = CATALOGUE.get(p.code)
        title = finding_title(p.code, ft.title if ft else p.code, words.lang)
        items = _place(words, p, measures)
        out.append(
            FindingView(
                ref=f"F-{n:03d}",
                anchor=finding_anchor(n),
                code=p.code,
                severity=p.severity.value,
                severity_label=words.L[p.severity.value],
                title=title,
                message=p.message,
                place=items,
                place_text=" / ".join(f"{i.label}: {i.value.text}" for i in items),
                found=p.found,
                expected=p.expected,
                area_id=p.place.area,
                measure_id=p.place.measure,
                kpi_id=p.place.kpi,
                year=p.place.year,
                field_name=p.place.field,
            )
        )
    return tuple(out)


def _place(words: Words, p: Problem, measures: dict[str, Measure]) -> tuple[PlaceItem, ...]:
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
    if pl.year is not None:
        year_text = Text(fiscal_year_label(pl.year, words.lang), words.lang)
        items.append(PlaceItem(L["fiscal_year"], year_text))
    if pl.field:
        items.append(PlaceItem(L["field"], Text(pl.field, "en")))
    return tuple(items)


def refs(findings: Iterable[FindingView]) -> tuple[FindingRef, ...]:
    return tuple(FindingRef(f.ref, f.anchor, f.severity, f.title) for f in findings)

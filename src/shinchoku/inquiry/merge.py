"""Applying the edits of every reply to one copy of the plan, and what changed.

Edits of one target (a KPI's observation, a measure's year…) from two replies must
agree, or both are refused (``conflicting-replies``); an edit equal to what is stored
(provenance aside) changes nothing, which is what makes collecting twice a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shinchoku.inquiry import codes as c
from shinchoku.inquiry.forms import current_prefill
from shinchoku.inquiry.index import PlanIndex
from shinchoku.inquiry.replies import Edit, EditTarget, same_value
from shinchoku.inquiry.values import compose_remarks
from shinchoku.model import (
    Area,
    Initiative,
    MeasureYear,
    MoneyKind,
    MoneyRecord,
    Observation,
    Plan,
)
from shinchoku.problems import Place, Problem

_KIND_JA = {"settled": "決算額", "budget": "予算額", "project-cost": "事業費"}
_SHOWN = 60  # characters of a long text shown in a diff


@dataclass(frozen=True, slots=True)
class ReplyChange:
    """One figure or text a reply changes: old → new, where it was typed."""

    form: str
    subject: str  # the KPI, measure, area or guideline, by name
    field: str  # 実績値, 達成状況, 要因分析, 事業数・金額, 主要取組
    old: str
    new: str
    place: Place

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "subject": self.subject,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "place": self.place.to_dict(),
        }


@dataclass(slots=True)
class Merged:
    plan: Plan
    index: PlanIndex  # of the new plan
    changes: list[ReplyChange]
    applied: list[Edit]  # the edits that changed something
    errors: list[Problem]
    warnings: list[Problem]


def merge(index: PlanIndex, year: int, edits: Iterable[Edit]) -> Merged:
    """A new plan with the edits applied; the indexed plan itself is not changed."""
    plan = index.plan
    by_target: dict[EditTarget, list[Edit]] = {}
    for e in edits:
        by_target.setdefault(e.target, []).append(e)
    errors: list[Problem] = []
    chosen: list[Edit] = []
    for group in by_target.values():
        first = group[0]
        clash = [e for e in group[1:] if not same_value(e.value, first.value)]
        if clash:
            for e in (first, *clash):
                errors.append(
                    c.CONFLICTING_REPLIES(
                        e.place,
                        f"{len(clash) + 1} replies give this {first.target.kind} differently: "
                        + "; ".join(f"{x.place.describe()}" for x in (first, *clash)),
                        _show(e.value),
                    )
                )
            continue
        chosen.append(first)

    new = _copy(plan)
    target = PlanIndex(new)
    changes: list[ReplyChange] = []
    applied: list[Edit] = []
    warnings: list[Problem] = []
    for e in chosen:
        old, subject, field = _apply(target, year, e)
        if old is not None and same_value(old, e.value):
            continue
        if _since_sent(index, year, e):
            warnings.append(
                c.CHANGED_SINCE_SENT(
                    e.place,
                    "the stored figure changed after the form was made; the reply replaces it",
                    _show(old),
                    _show(e.value),
                )
            )
        applied.append(e)
        changes.extend(_changes(e, old, subject, field))
    return Merged(new, target, changes, applied, errors, warnings)


def _copy(plan: Plan) -> Plan:
    """A copy that :func:`_apply` may change: every record it assigns to is copied,
    the values inside (observations, figures…) are shared, as nothing changes them."""

    def area(a: Area) -> Area:
        return a.model_copy(
            update={
                "measures": [m.model_copy() for m in a.measures],
                "money": list(a.money),
                "guidelines": [g.model_copy() for g in a.guidelines],
                "children": [area(child) for child in a.children],
            }
        )

    return plan.model_copy(
        update={"areas": [area(a) for a in plan.areas], "kpis": [k.model_copy() for k in plan.kpis]}
    )


def _apply(index: PlanIndex, year: int, e: Edit) -> tuple[Any, str, str]:
    """Set the edit's value in the indexed plan; return the old value, the subject, the field."""
    kind, ids = e.target.kind, e.target.ids
    if kind == "observation":
        kpi = index.kpis[ids[0]]
        old: Any = kpi.observations.get(year)
        kpi.observations = dict(sorted({**kpi.observations, year: e.value}.items()))
        return old, kpi.name, "実績値"
    if kind == "measure":
        m = index.measures[ids[0]]
        old = m.years.get(year)
        value: MeasureYear = e.value
        m.years = dict(sorted({**m.years, year: value}.items()))
        return old, m.name, "達成状況・要因分析"
    if kind == "money":
        area = index.areas[ids[0]]
        fy, money_kind = int(ids[1]), MoneyKind(ids[2])
        record: MoneyRecord = e.value
        label = f"FY{fy} {_KIND_JA[ids[2]]}"
        for i, r in enumerate(area.money):
            if r.year == fy and r.kind is money_kind:
                area.money[i] = record
                return r, area.name, label
        area.money.append(record)
        return None, area.name, label
    g = index.guideline(ids[0], ids[1])
    assert g is not None
    old = g.initiatives.get(year)
    items: list[Initiative] = e.value
    g.initiatives = dict(sorted({**g.initiatives, year: items}.items()))
    return old, g.name, "主要取組"


_FIELDS = {
    "observation": ("in.value", "in.as_of", "in.remarks"),
    "measure": ("in.status", "in.analysis"),
    "money": ("in.projects", "in.amount"),
}


def _since_sent(index: PlanIndex, year: int, e: Edit) -> bool:
    """Whether the stored value differs from what the reply's form was pre-filled with."""
    fields = _FIELDS.get(e.target.kind, ())
    if not fields:
        return False
    current = current_prefill(index, year, e.target.kind, e.target.ids)
    return any(current.get(f, "") != e.prefill.get(f, "") for f in fields)


def _changes(e: Edit, old: Any, subject: str, field: str) -> list[ReplyChange]:
    if isinstance(e.value, MeasureYear):
        out = []
        before = old if isinstance(old, MeasureYear) else MeasureYear()
        if before.declared_status != e.value.declared_status:
            out.append(
                ReplyChange(
                    e.form,
                    subject,
                    "達成状況",
                    before.declared_status or "—",
                    e.value.declared_status or "—",
                    e.place,
                )
            )
        if before.analysis != e.value.analysis:
            out.append(
                ReplyChange(
                    e.form,
                    subject,
                    "要因分析",
                    _cut(before.analysis),
                    _cut(e.value.analysis),
                    e.place,
                )
            )
        return out
    return [ReplyChange(e.form, subject, field, _show(old), _show(e.value), e.place)]


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Observation):
        text = value.value.text
        if value.as_of is not None:
            text += f"（{value.as_of.text}時点）"
        remarks = compose_remarks(value)
        return f"{text} {remarks}".strip()
    if isinstance(value, MeasureYear):
        return f"{value.declared_status or '—'} {_cut(value.analysis)}"
    if isinstance(value, MoneyRecord):
        projects = f"{value.projects}件" if value.projects is not None else "—件"
        amount = value.amount.text if value.amount is not None else "—"
        return f"{projects} {amount}"
    if isinstance(value, list):
        return " / ".join(("【新規】" if i.new else "") + i.text for i in value) or "—"
    return str(value)


def _cut(text: str | None) -> str:
    if not text:
        return "—"
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHOWN else flat[: _SHOWN - 1] + "…"

"""Plan ⇄ rows: the mapping between the plan model and the tables.

:func:`plan_rows` flattens a :class:`~shinchoku.model.Plan` into one list of row dicts per
table; :func:`plan_from_rows` assembles those rows back into an equal plan. Both sides
use the same column names, so saving compares desired rows with stored rows directly.
Per-year records (targets, observations, measure years) come back in year order.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from shinchoku.model import (
    KPI,
    Area,
    Baseline,
    Figure,
    FigurePart,
    KpiRef,
    Measure,
    MeasureYear,
    MoneyRecord,
    Observation,
    Plan,
    Point,
    Provenance,
    Statement,
    Target,
    declared_unit,
    parts_beside_text,
)
from shinchoku.model.values import short_years
from shinchoku.store.types import exact

Row = dict[str, Any]
Rows = dict[str, list[Row]]

# Columns the store maintains itself; never part of the plan's content.
MANAGED_COLUMNS = frozenset({"revision", "updated_at"})


def content_hash(plan: Plan) -> str:
    """A digest of the plan's content, independent of the order of its per-year dicts."""
    text = json.dumps(plan.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- value objects ⇄ columns ---------------------------------------------------------


def _figure_cols(prefix: str, figure: Figure | None) -> Row:
    """A figure as four columns; ``None`` leaves the text NULL."""
    return {
        f"{prefix}_text": None if figure is None else figure.text,
        f"{prefix}_value": None if figure is None else exact(figure.value),
        f"{prefix}_unit": None if figure is None else figure.unit,
        f"{prefix}_approximate": False if figure is None else figure.approximate,
    }


def _figure(
    text: str | None,
    value: Decimal | None,
    unit: str | None,
    approx: bool,
    parts: list[Any] | None = None,
) -> Figure | None:
    if text is None:
        return None
    if not parts:
        # Parts re-derive from the text (the stored value alone would stop the parsing).
        try:
            parsed: Figure | None = Figure.of(text)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.parts:
            if (parsed.value, parsed.unit, parsed.approximate) == (value, unit, approx):
                return parsed
        if parsed is not None and parsed.start is not None and value == parsed.start.value:
            return parsed  # a baseline printed as a change: the Baseline takes its "from"
    data: dict[str, Any] = {"text": text, "value": value, "unit": unit, "approximate": approx}
    if parts:
        data["parts"] = parts
    return Figure.model_validate(data)


def parts_out(parts: tuple[FigurePart, ...]) -> list[Any] | None:
    """Parts for a JSON column; NULL when there are none (they re-derive from the text)."""
    return [p.model_dump(mode="json", exclude_defaults=True) for p in parts] or None


def _parts_col(figure: Figure | None) -> list[Any] | None:
    return None if figure is None else parts_out(parts_beside_text(figure))


def _point_cols(prefix: str, point: Point | None) -> Row:
    if point is None:
        return {f"{prefix}_text": None, f"{prefix}_fy": None, f"{prefix}_month": None}
    return {
        f"{prefix}_text": point.text,
        f"{prefix}_fy": point.fiscal_year,
        f"{prefix}_month": point.month,
    }


def _point(row: Mapping[str, Any], prefix: str) -> Point | None:
    text = row[f"{prefix}_text"]
    if text is None:
        return None
    return Point.model_validate(
        {"text": text, "fiscal_year": row[f"{prefix}_fy"], "month": row[f"{prefix}_month"]}
    )


def _provenance_out(p: Provenance | None) -> dict[str, Any] | None:
    return None if p is None else p.model_dump(mode="json", exclude_none=True)


def _provenance(data: dict[str, Any] | None) -> Provenance | None:
    return None if data is None else Provenance.model_validate(data)


# -- plan → rows -----------------------------------------------------------------------


def plan_rows(plan: Plan) -> Rows:
    """One list of rows per table name, for every table the plan touches."""
    pid = plan.id
    rows: Rows = defaultdict(list)
    rows["plans"].append(
        {
            "id": pid,
            "name": plan.name,
            "name_en": plan.name_en,
            "government": plan.government,
            "organisation": plan.organisation,
            "period_start": plan.period.start,
            "period_end": plan.period.end,
            "basic_goal": plan.basic_goal,
            "slogan": plan.slogan,
            "settings": plan.settings.model_dump(mode="json"),
            "report": plan.report.model_dump(mode="json"),
            "content_hash": content_hash(plan),
        }
    )
    for pos, u in enumerate(plan.org_units):
        # The column is NOT NULL: a 所管部 alone is stored with '' (read back as no division).
        unit = {**u.model_dump(mode="python"), "division": u.division or ""}
        rows["org_units"].append({"plan_id": pid, "position": pos, **unit})
    for pos, kpi in enumerate(plan.kpis):
        _kpi_rows(rows, pid, pos, kpi)
    for pos, area in enumerate(plan.areas):
        _area_rows(rows, pid, area, None, pos, 0)
    _money_rows(rows, pid, None, plan.money)
    for pos, s in enumerate(plan.statements):
        rows["statements"].append(
            {
                "plan_id": pid,
                "position": pos,
                "location": s.where,
                "area_id": s.area,
                "year": s.year,
                **_figure_cols("projects", s.projects),
                "amount_text": s.amount,
                "kind": None if s.kind is None else s.kind.value,
            }
        )
    return dict(rows)


def _kpi_rows(rows: Rows, pid: str, pos: int, kpi: KPI) -> None:
    b = kpi.baseline
    final = kpi.final_target
    rows["kpis"].append(
        {
            "plan_id": pid,
            "id": kpi.id,
            "position": pos,
            "name": kpi.name,
            "name_en": kpi.name_en,
            "unit": kpi.unit,
            "direction": kpi.direction.value,
            "cumulative": kpi.cumulative,
            **_figure_cols("baseline", b.value),
            **_point_cols("baseline_as_of", b.as_of),
            "baseline_note": b.note,
            "final_target_text": None if final is None else final.text,
            "final_target_note": None if final is None else final.note,
            "source": kpi.source,
            "notes": list(kpi.notes),
            "indicator": kpi.indicator,
            "breakdown": None
            if kpi.breakdown is None
            else kpi.breakdown.model_dump(mode="json", exclude_defaults=True),
            "baseline_parts": _parts_col(b.value),
            "final_target_parts": None if final is None else parts_out(final.parts),
        }
    )
    for year, t in kpi.targets.items():
        rows["targets"].append(
            {
                "plan_id": pid,
                "kpi_id": kpi.id,
                "year": year,
                "text": t.text,
                "note": t.note,
                "parts": parts_out(t.parts),
            }
        )
    for year, o in kpi.observations.items():
        value = _figure_cols("value", o.value)
        rows["observations"].append(
            {
                "plan_id": pid,
                "kpi_id": kpi.id,
                "year": year,
                "value_text": value["value_text"],
                "value": value["value_value"],
                "unit": value["value_unit"],
                "approximate": value["value_approximate"],
                "value_parts": _parts_col(o.value),
                **_point_cols("as_of", o.as_of),
                "data_year": o.data_year,
                "provisional": o.provisional,
                "finalised_later": o.finalised_later,
                "basis": o.basis,
                "declared_status": o.declared_status,
                **_figure_cols("stated_rate", o.stated_rate),
                "note": o.note,
                "provenance": _provenance_out(o.provenance),
            }
        )


def _area_rows(rows: Rows, pid: str, area: Area, parent: str | None, pos: int, depth: int) -> None:
    rows["areas"].append(
        {
            "plan_id": pid,
            "id": area.id,
            "parent_id": parent,
            "position": pos,
            "depth": depth,
            "kind": area.kind,
            "label": area.label,
            "name": area.name,
            "name_en": area.name_en,
            "guidelines": [g.model_dump(mode="json") for g in area.guidelines],
            "cards": [c.model_dump(mode="json") for c in area.cards],
        }
    )
    for mpos, m in enumerate(area.measures):
        _measure_rows(rows, pid, area.id, mpos, m)
    _money_rows(rows, pid, area.id, area.money)
    for cpos, child in enumerate(area.children):
        _area_rows(rows, pid, child, area.id, cpos, depth + 1)


def _measure_rows(rows: Rows, pid: str, area_id: str, pos: int, m: Measure) -> None:
    rows["measures"].append(
        {
            "plan_id": pid,
            "id": m.id,
            "area_id": area_id,
            "position": pos,
            "name": m.name,
            "name_en": m.name_en,
            "org_unit_text": m.org_unit_text,
            "target": m.target,
        }
    )
    for upos, unit in enumerate(m.org_units):
        rows["measure_org_units"].append(
            {"plan_id": pid, "measure_id": m.id, "org_unit_id": unit, "position": upos}
        )
    for kpos, ref in enumerate(m.kpis):
        rows["measure_kpis"].append(
            {
                "plan_id": pid,
                "measure_id": m.id,
                "kpi_id": ref.kpi,
                "number": ref.number,
                "position": kpos,
            }
        )
    for mpos, r in enumerate(m.money):
        rows["measure_money"].append(
            {
                "plan_id": pid,
                "measure_id": m.id,
                "year": r.year,
                "kind": r.kind.value,
                "position": mpos,
                "projects": r.projects,
                "amount_text": None if r.amount is None else r.amount.text,
                "amount_yen": None if r.amount is None else r.amount.yen,
                "note": r.note,
                "provenance": _provenance_out(r.provenance),
            }
        )
    for year, y in m.years.items():
        rows["measure_years"].append(
            {
                "plan_id": pid,
                "measure_id": m.id,
                "year": year,
                "declared_status": y.declared_status,
                "analysis": y.analysis,
                "provenance": _provenance_out(y.provenance),
            }
        )


def _money_rows(rows: Rows, pid: str, area_id: str | None, money: Iterable[MoneyRecord]) -> None:
    for pos, r in enumerate(money):
        rows["money"].append(
            {
                "plan_id": pid,
                "scope": area_id or "",
                "year": r.year,
                "kind": r.kind.value,
                "area_id": area_id,
                "position": pos,
                "projects": r.projects,
                "amount_text": None if r.amount is None else r.amount.text,
                "amount_yen": None if r.amount is None else r.amount.yen,
                "note": r.note,
                "provenance": _provenance_out(r.provenance),
            }
        )


# -- rows → plan -----------------------------------------------------------------------


def _by(rows: Iterable[Row], *keys: str) -> dict[Any, list[Row]]:
    """Group rows by a key column (or tuple of columns), keeping their order."""
    out: dict[Any, list[Row]] = defaultdict(list)
    for r in rows:
        out[r[keys[0]] if len(keys) == 1 else tuple(r[k] for k in keys)].append(r)
    return out


def _sorted(rows: Iterable[Row], *keys: str) -> list[Row]:
    return sorted(rows, key=lambda r: tuple(r[k] for k in keys))


def plan_from_rows(rows: Mapping[str, list[Row]]) -> Plan:
    """Assemble the plan from its rows (one plan's rows, any order)."""
    (p,) = rows["plans"]
    money = _by(_sorted(rows.get("money", []), "position"), "scope")
    measures = _by(_sorted(rows.get("measures", []), "position"), "area_id")
    units = _by(_sorted(rows.get("measure_org_units", []), "position"), "measure_id")
    refs = _by(_sorted(rows.get("measure_kpis", []), "position"), "measure_id")
    years = _by(_sorted(rows.get("measure_years", []), "year"), "measure_id")
    measure_money = _by(_sorted(rows.get("measure_money", []), "position"), "measure_id")
    children = _by(_sorted(rows.get("areas", []), "position"), "parent_id")

    def measure(r: Row) -> Measure:
        return Measure(
            id=r["id"],
            name=r["name"],
            name_en=r["name_en"],
            org_units=[u["org_unit_id"] for u in units[r["id"]]],
            org_unit_text=r["org_unit_text"],
            target=r["target"],
            kpis=[KpiRef(kpi=k["kpi_id"], number=k["number"]) for k in refs[r["id"]]],
            years={
                y["year"]: MeasureYear(
                    declared_status=y["declared_status"],
                    analysis=y["analysis"],
                    provenance=_provenance(y["provenance"]),
                )
                for y in years[r["id"]]
            },
            money=[_money(m) for m in measure_money[r["id"]]],
        )

    def area(r: Row) -> Area:
        return Area.model_validate(
            {
                "id": r["id"],
                "name": r["name"],
                "name_en": r["name_en"],
                "label": r["label"],
                "kind": r["kind"],
                "guidelines": r["guidelines"],
                "cards": r["cards"],
                "measures": [measure(m) for m in measures[r["id"]]],
                "money": [_money(m) for m in money[r["id"]]],
                "children": [area(c) for c in children[r["id"]]],
            }
        )

    targets = _by(_sorted(rows.get("targets", []), "year"), "kpi_id")
    observations = _by(_sorted(rows.get("observations", []), "year"), "kpi_id")
    settings = p["settings"] if isinstance(p["settings"], dict) else {}
    with short_years(settings.get("era_of_short_years")):  # 「(18年度)」 as the plan reads it
        return _plan(p, rows, money, children, area, targets, observations)


def _plan(
    p: Row,
    rows: Mapping[str, list[Row]],
    money: Mapping[Any, list[Row]],
    children: Mapping[Any, list[Row]],
    area: Callable[[Row], Area],
    targets: Mapping[Any, list[Row]],
    observations: Mapping[Any, list[Row]],
) -> Plan:
    return Plan.model_validate(
        {
            "id": p["id"],
            "name": p["name"],
            "name_en": p["name_en"],
            "government": p["government"],
            "organisation": p["organisation"],
            "period": {"start": p["period_start"], "end": p["period_end"]},
            "basic_goal": p["basic_goal"],
            "slogan": p["slogan"],
            "settings": p["settings"],
            "report": p["report"],
            "org_units": [
                {k: u[k] for k in ("id", "department", "division", "department_en", "division_en")}
                for u in _sorted(rows.get("org_units", []), "position")
            ],
            "money": [_money(m) for m in money[""]],
            "statements": [_statement(s) for s in _sorted(rows.get("statements", []), "position")],
            "areas": [area(a) for a in children[None]],
            "kpis": [
                _kpi(k, targets[k["id"]], observations[k["id"]])
                for k in _sorted(rows.get("kpis", []), "position")
            ],
        }
    )


def _kpi(r: Row, targets: list[Row], observations: list[Row]) -> KPI:
    with declared_unit(r["unit"], r["name"]):  # figures read as the dataset reads them
        return _kpi_record(r, targets, observations)


def _kpi_record(r: Row, targets: list[Row], observations: list[Row]) -> KPI:
    final = r["final_target_text"]
    return KPI(
        id=r["id"],
        name=r["name"],
        name_en=r["name_en"],
        unit=r["unit"],
        direction=r["direction"],
        cumulative=r["cumulative"],
        baseline=Baseline(
            value=_figure(
                r["baseline_text"],
                r["baseline_value"],
                r["baseline_unit"],
                r["baseline_approximate"],
                r["baseline_parts"],
            ),
            as_of=_point(r, "baseline_as_of"),
            note=r["baseline_note"],
        ),
        targets={t["year"]: _target(t["text"], t["note"], t["parts"]) for t in targets},
        final_target=None
        if final is None
        else _target(final, r["final_target_note"], r["final_target_parts"]),
        observations={o["year"]: _observation(o) for o in observations},
        source=r["source"],
        notes=list(r["notes"]),
        indicator=r["indicator"],
        breakdown=r["breakdown"],
    )


def _target(text: str, note: str | None, parts: list[Any] | None) -> Target:
    return Target.model_validate({"text": text, "note": note, "parts": parts or ()})


def _observation(r: Row) -> Observation:
    value = _figure(r["value_text"], r["value"], r["unit"], r["approximate"], r["value_parts"])
    assert value is not None  # value_text is NOT NULL
    return Observation(
        value=value,
        as_of=_point(r, "as_of"),
        data_year=r["data_year"],
        provisional=r["provisional"],
        finalised_later=r["finalised_later"],
        basis=r["basis"],
        declared_status=r["declared_status"],
        stated_rate=_figure(
            r["stated_rate_text"],
            r["stated_rate_value"],
            r["stated_rate_unit"],
            r["stated_rate_approximate"],
        ),
        note=r["note"],
        provenance=_provenance(r["provenance"]),
    )


def _money(r: Row) -> MoneyRecord:
    amount = None
    if r["amount_text"] is not None:
        amount = {"text": r["amount_text"], "yen": r["amount_yen"]}
    return MoneyRecord.model_validate(
        {
            "year": r["year"],
            "projects": r["projects"],
            "amount": amount,
            "kind": r["kind"],
            "note": r["note"],
            "provenance": _provenance(r["provenance"]),
        }
    )


def _statement(r: Row) -> Statement:
    return Statement.model_validate(
        {
            "where": r["location"],
            "area": r["area_id"],
            "year": r["year"],
            "projects": _figure(
                r["projects_text"],
                r["projects_value"],
                r["projects_unit"],
                r["projects_approximate"],
            ),
            "amount": r["amount_text"],
            "kind": r["kind"],
        }
    )

"""The change log as a staff page: every figure a person changed, filtered by division,
KPI, user and day, and exported as CSV (cells a spreadsheet would run as formulas are
neutralised by the open data's CSV writer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, Response

from shinchoku.model import Plan
from shinchoku.problems import Place, Wording
from shinchoku.problems.store import INVALID_DATE, UNIT_NOT_FOUND
from shinchoku.publish.fields import Field, Table, Value
from shinchoku.publish.opendata import table_csv
from shinchoku.store.history import ChangeEntry, ChangeFilter
from shinchoku.web import pages
from shinchoku.web.params import Staff, Text
from shinchoku.web.render import jst, render, request_lang
from shinchoku.web.state import app_state, base_path
from shinchoku.workload import unit_work

router = APIRouter(prefix="/staff", include_in_schema=False)

Day = Annotated[str | None, Query(max_length=10)]
PAGE_ROWS = 500  # the page shows the newest; the CSV has every match

_FIELDS = (
    Field("id", "integer", "番号", "id", "The change's number"),
    Field("at", "string", "日時", "at", "When (JST)"),
    Field("user", "string", "担当者", "user", "Who changed it"),
    Field("source", "string", "経路", "source", "web or api"),
    Field("year", "integer", "年度", "year", "Fiscal year of the figure"),
    Field("kpi_id", "string", "KPI", "kpi_id", "KPI id"),
    Field("measure_id", "string", "施策", "measure_id", "Measure id"),
    Field("field", "string", "項目", "field", "The field changed"),
    Field("before", "string", "変更前", "before", "The text before"),
    Field("after", "string", "変更後", "after", "The text after"),
)


@dataclass(frozen=True, slots=True)
class ChangeQuery:
    division: str | None
    kpi: str | None
    user: str | None
    since: date | None
    until: date | None


# The change log's date filters, as ``invalid-date`` words them.
_DAY_WORDS = {"since": Wording("開始日", "start date"), "until": Wording("終了日", "end date")}


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise INVALID_DATE.error(Place(field=name), found=text, what=_DAY_WORDS[name]) from None


def _query(
    division: Text = None,
    kpi: Text = None,
    user: Text = None,
    since: Day = None,
    until: Day = None,
) -> ChangeQuery:
    """The change log's filters, as the page's form and the CSV link give them."""
    return ChangeQuery(
        division or None, kpi or None, user or None, _day(since, "since"), _day(until, "until")
    )


Filters = Annotated[ChangeQuery, Depends(_query)]


def _find(request: Request, plan: Plan, q: ChangeQuery, limit: int | None) -> list[ChangeEntry]:
    """The changes ``q`` asks for, newest first; a division means its KPIs' figures and its
    measures' texts (or, with a KPI, that KPI's)."""
    measure_ids: frozenset[str] = frozenset()
    kpi_ids: frozenset[str] | None = None
    if q.division is not None:
        work = unit_work(plan, plan.period.start).get(q.division)
        if work is None:
            raise UNIT_NOT_FOUND.error(Place(field="division"), found=q.division, unit=q.division)
        if q.kpi is None:
            measure_ids, kpi_ids = frozenset(work.measures), frozenset(work.kpis)
    which = ChangeFilter(
        kpi_id=q.kpi,
        measure_ids=measure_ids,
        kpi_ids=kpi_ids,
        user=q.user,
        since=q.since,
        until=q.until,
    )
    return app_state(request).service.workflow.find_changes(plan.id, which, limit)


@router.get("/changes")
def changes_page(request: Request, viewer: Staff, q: Filters) -> HTMLResponse:
    plan = pages.plan_view(request, "staff").plan
    found = _find(request, plan, q, PAGE_ROWS + 1)
    used = {u for _, m in plan.measures() for u in m.org_units}
    return render(
        request,
        "staff/changes.html",
        {
            "q": q,
            "changes": found[:PAGE_ROWS],
            "more": len(found) > PAGE_ROWS,
            "limit": PAGE_ROWS,
            "divisions": [u for u in plan.org_units if u.id in used],
            "kpis": plan.kpis,
            "kpi_names": {k.id: k.name for k in plan.kpis},
            "measure_names": {m.id: m.name for _, m in plan.measures()},
            "users": app_state(request).service.workflow.change_users(plan.id),
            "csv_url": str(request.url.replace(path=base_path(request) + "/staff/changes.csv")),
            "staff": True,
            "title_key": "change_log",
        },
    )


@router.get("/changes.csv")
def changes_csv(request: Request, viewer: Staff, q: Filters) -> Response:
    found = _find(request, pages.plan_view(request, "staff").plan, q, None)
    rows: list[tuple[Value, ...]] = [
        (
            c.id,
            jst(c.at),
            c.user,
            c.source,
            c.year,
            c.kpi_id,
            c.measure_id,
            c.field,
            c.before,
            c.after,
        )
        for c in found
    ]
    table = Table("change_log", "変更履歴", "Change log", "Figures changed by staff", _FIELDS, rows)
    return Response(
        table_csv(table, header=request_lang(request)),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="change_log.csv"',
            "Cache-Control": "no-store",
        },
    )

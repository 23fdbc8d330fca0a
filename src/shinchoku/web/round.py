"""The policy office's round: every division at a glance, the year's deadline, reminders by
e-mail, and the confirmations before a division is reviewed or returned and before the
year is published (each lists what is still open). Admins only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from shinchoku.audit import audit
from shinchoku.inquiry import records
from shinchoku.inquiry.layout import date_label
from shinchoku.mail import send_reminders
from shinchoku.model import Plan
from shinchoku.problems import Place, Problem, Report, ShinchokuError, Wording
from shinchoku.problems.store import INVALID_DATE, MAIL_NOT_CONFIGURED
from shinchoku.store.accounts import User
from shinchoku.store.history import ChangeFilter
from shinchoku.web import pages
from shinchoku.web.auth import check_csrf, require_office
from shinchoku.web.errors import status_of
from shinchoku.web.params import Admin, Key, Reviewer, Year, YearQ
from shinchoku.web.render import JST, render, request_lang
from shinchoku.web.service import not_found
from shinchoku.web.state import app_state, base_path
from shinchoku.wording import problem_message
from shinchoku.workflow import UnitState, YearStatus, submitting_units
from shinchoku.workload import UnitWork, unit_work

router = APIRouter(prefix="/staff", include_in_schema=False)

Note = Annotated[str | None, Query(max_length=40)]


@dataclass(frozen=True, slots=True)
class YearWork:
    """One year of the plan as the office sees it: states, what each division owes."""

    plan: Plan
    year: int
    status: YearStatus
    work: dict[str, UnitWork]
    report: Report

    @property
    def not_reviewed(self) -> list[str]:
        return [u for u in self.work if self.status.unit_state(u) is not UnitState.REVIEWED]

    @property
    def empty(self) -> int:
        return sum(len(w.empty) for w in self.work.values())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.report.errors if p.place.kpi or p.place.measure]


def year_work(request: Request, year: int) -> YearWork:
    """The year's states and each division's empty figures and findings (the audit of the
    staff view, drafts included)."""
    st = app_state(request)
    view = pages.plan_view(request, "staff")
    plan = view.plan
    if year not in plan.years:
        raise not_found("fiscal year", str(year), year)
    status = st.service.workflow.status(plan.id, year)
    report = view.findings(year) if year in view.years else audit(plan, year)
    work = unit_work(plan, year, report)
    return YearWork(plan, year, status, {u: work[u] for u in submitting_units(plan)}, report)


def today_jst() -> date:
    """The day it is in Japan, where deadlines fall."""
    return datetime.now(JST).date()


def deadline_label(day: date, lang: str) -> str:
    """「令和7年6月30日（月）」 in Japanese, 「Mon 2025-06-30」 in English."""
    return date_label(day) if lang == "ja" else f"{day:%a} {day.isoformat()}"


def _default_year(request: Request) -> int:
    st = app_state(request)
    view = pages.plan_view(request, "staff")
    open_year = st.service.workflow.open_year(view.plan.id)
    if open_year is not None:
        return open_year
    return view.default_year or view.plan.period.start


def _base(request: Request, title_key: str) -> dict[str, Any]:
    lang = request_lang(request)
    plan = pages.plan_view(request, "staff").plan
    return {
        "kpi_names": {k.id: k.name for k in plan.kpis},
        "measure_names": {m.id: m.name for _, m in plan.measures()},
        "staff": True,
        "title_key": title_key,
        "say": lambda p: problem_message(p, lang),
    }


@router.get("/round")
def round_page(
    request: Request, user: Admin, year: YearQ = None, note: Note = None
) -> HTMLResponse:
    st = app_state(request)
    fy = year if year is not None else _default_year(request)
    yw = year_work(request, fy)
    wf = st.service.workflow
    plan_id = yw.plan.id
    sent = records.forms_of(st.db, plan_id, fy)
    replied = {r.form for r in records.replies_of(st.db, plan_id, fy)}
    returns = wf.returns(plan_id, fy)
    addresses = st.accounts.emails_of_units(yw.work)
    rows = []
    for unit_id, w in yw.work.items():
        last = wf.find_changes(
            plan_id,
            ChangeFilter(measure_ids=frozenset(w.measures), kpi_ids=frozenset(w.kpis), year=fy),
            limit=1,
        )
        rows.append(
            {
                "unit": yw.plan.org_unit(unit_id),
                "state": yw.status.unit_state(unit_id).value,
                "empty": len(w.empty),
                "errors": len(w.errors),
                "findings": len(w.findings),
                "last": last[0] if last else None,
                "inquiry": "replied"
                if unit_id in replied
                else ("awaiting" if unit_id in sent else "not-sent"),
                "returned": returns.get(unit_id),
                "addresses": addresses.get(unit_id, []),
            }
        )
    deadline = wf.deadline(plan_id, fy)
    waiting = [r for r in rows if r["state"] == UnitState.DRAFT.value]
    return render(
        request,
        "staff/round.html",
        {
            **_base(request, "round"),
            "year": fy,
            "years": yw.plan.years,
            "status": yw.status,
            "rows": rows,
            "deadline": deadline,
            "deadline_label": deadline_label(deadline.deadline, request_lang(request))
            if deadline
            else None,
            "overdue": yw.status.is_open
            and deadline is not None
            and deadline.deadline < today_jst()
            and bool(waiting),
            "waiting": waiting,
            "mail_ready": st.settings.mail is not None,
            "mails": wf.mails(plan_id, fy),
            "unit_names": {u.id: u.label for u in yw.plan.org_units},
            "note": note,
        },
    )


async def _admin_form(request: Request) -> tuple[User, Any]:
    form = await request.form()
    user = await run_in_threadpool(require_office, request)
    check_csrf(request, form.get("csrf_token"))
    return user, form


@router.post("/round/{year}/deadline")
async def set_deadline(request: Request, year: Year) -> Response:
    user, form = await _admin_form(request)
    text = str(form.get("deadline") or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise INVALID_DATE.error(
            Place(year=year, field="deadline"), found=text, what=Wording("締切日", "deadline")
        ) from None
    st = app_state(request)
    await run_in_threadpool(
        st.service.workflow.set_deadline, st.plan_id(request), year, day, user.name
    )
    return RedirectResponse(
        f"{base_path(request)}/staff/round?year={year}&note=deadline", status_code=303
    )


@router.post("/round/{year}/remind")
async def remind(request: Request, year: Year) -> Response:
    user, _form = await _admin_form(request)
    st = app_state(request)
    mail = st.settings.mail
    if mail is None:
        raise MAIL_NOT_CONFIGURED.error(Place(year=year))
    yw = await run_in_threadpool(year_work, request, year)
    site = st.settings.site_url or str(request.base_url)
    done = await run_in_threadpool(
        send_reminders, st.db, yw.plan, year, mail, site, user.name, yw.work
    )
    note = f"sent-{len(done.sent)}"
    if done.no_address:
        note += f"-missing-{len(done.no_address)}"
    return RedirectResponse(
        f"{base_path(request)}/staff/round?year={year}&note={note}", status_code=303
    )


# -- confirmations -----------------------------------------------------------------------


def _unit(yw: YearWork, unit_id: str) -> UnitWork:
    if unit_id not in yw.work:
        raise not_found("org unit", unit_id, yw.year)
    return yw.work[unit_id]


@router.get("/years/{year}/units/{unit_id}/review")
def review_confirm(request: Request, user: Reviewer, year: Year, unit_id: Key) -> HTMLResponse:
    return _unit_confirm(request, year, unit_id, "review")


@router.get("/years/{year}/units/{unit_id}/return")
def return_confirm(request: Request, user: Reviewer, year: Year, unit_id: Key) -> HTMLResponse:
    return _unit_confirm(request, year, unit_id, "return")


def _unit_confirm(request: Request, year: int, unit_id: str, action: str) -> HTMLResponse:
    yw = year_work(request, year)
    w = _unit(yw, unit_id)
    return render(
        request,
        "staff/unit_confirm.html",
        {
            **_base(request, "confirm_" + action),
            "action": action,
            "year": year,
            "unit": yw.plan.org_unit(unit_id),
            "state": yw.status.unit_state(unit_id).value,
            "is_open": yw.status.is_open,
            "work": w,
        },
    )


@router.get("/years/{year}/publish")
def publish_confirm(request: Request, user: Admin, year: Year) -> HTMLResponse:
    return publish_page(request, year)


def publish_page(
    request: Request, year: int, refused: ShinchokuError | None = None
) -> HTMLResponse:
    """What is still open before ``year`` is published; with ``refused``, why it was not."""
    yw = year_work(request, year)
    return render(
        request,
        "staff/publish_confirm.html",
        {
            **_base(request, "confirm_publish"),
            "year": year,
            "status": yw.status,
            "not_reviewed": [
                (yw.plan.org_unit(u), yw.status.unit_state(u).value) for u in yw.not_reviewed
            ],
            "empty": [(yw.plan.org_unit(u), w) for u, w in yw.work.items() if w.empty],
            "errors": yw.errors,
            "refused": refused,
        },
        status=status_of(refused) if refused is not None else 200,
    )

"""Several plans in one app: ``/`` lists them and each plan's pages live under
``/p/{plan_id}/…``.

With one plan stored, or one configured (``serve --plan``), addresses stay as they were
(``/``, ``/staff/…``). With more than one and none configured, :class:`PlanPrefix` (a
plain ASGI layer) takes ``/p/{plan_id}`` off the address: it puts the plan id in the
request scope (:data:`~shinchoku.web.state.PLAN_SCOPE`, read by
:meth:`~shinchoku.web.state.AppState.plan_id`) and appends the prefix to ``root_path``,
so the routes are the same for every plan and every template builds its links from one
``base`` (:func:`~shinchoku.web.state.base_path`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from shinchoku.problems import ShinchokuError
from shinchoku.problems.web import PLAN_NOT_CHOSEN
from shinchoku.publish.labels import fiscal_year_label
from shinchoku.store.accounts import User
from shinchoku.web.i18n import words
from shinchoku.web.render import render, request_lang
from shinchoku.web.state import PLAN_SCOPE, AppState, app_state
from shinchoku.workflow import may_read_plan

PREFIX = "/p/"
_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,199}$")  # Plan.id's pattern


class PlanPrefix:
    """Serves ``/p/{plan_id}/…`` as the plan's own ``/…`` (unless a plan is configured)."""

    def __init__(self, app: ASGIApp, state: AppState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.state.settings.plan_id is not None:
            await self.app(scope, receive, send)
            return
        root = scope.get("root_path", "")
        path: str = scope["path"]
        route = path[len(root) :] if root and path.startswith(root) else path
        if route.startswith(PREFIX):
            plan_id, slash, _rest = route[len(PREFIX) :].partition("/")
            if _PLAN_ID.match(plan_id):
                if not slash:  # /p/{plan_id} → its home
                    response = RedirectResponse(f"{root}{PREFIX}{plan_id}/", status_code=307)
                    await response(scope, receive, send)
                    return
                scope = {**scope, "root_path": f"{root}{PREFIX}{plan_id}", PLAN_SCOPE: plan_id}
        await self.app(scope, receive, send)


def several_plans(request: Request) -> bool:
    """Does ``/`` list the plans: more than one stored, none configured or named? Asked
    on every page, so it goes through the plan the request shows (AppState.plan_id), which
    remembers the only stored plan rather than listing the plans each time."""
    try:
        app_state(request).plan_id(request)
    except ShinchokuError as exc:
        return exc.problem.code == PLAN_NOT_CHOSEN.code
    return False


@dataclass(frozen=True, slots=True)
class PlanEntry:
    id: str
    name: str
    government: str | None
    organisation: str | None
    period: str
    url: str
    staff_url: str | None  # for staff who may read its drafts


def plan_entries(request: Request, user: User | None) -> list[PlanEntry]:
    """Every stored plan, by id, with its public address (and staff address for ``user``)."""
    st = app_state(request)
    lang = request_lang(request)
    out = []
    for plan_id, _name in st.service.plans():
        plan = st.service.view(plan_id, "staff").plan
        start, end = (
            fiscal_year_label(plan.period.start, lang),
            fiscal_year_label(plan.period.end, lang),
        )
        url = f"{request.scope.get('root_path', '')}{PREFIX}{plan_id}/"
        out.append(
            PlanEntry(
                id=plan.id,
                name=plan.name_en if lang == "en" and plan.name_en else plan.name,
                government=plan.government,
                organisation=plan.organisation,
                period=f"{start}–{end}",
                url=url,
                staff_url=f"{url}staff/" if may_read_plan(user, plan.organisation) else None,
            )
        )
    return out


def plans_page(request: Request, user: User | None, staff: bool = False) -> HTMLResponse:
    """The plans stored, as ``/`` (and ``/staff/``) shows them when there are several."""
    return render(
        request,
        "pages/plans.html",
        {
            "plans": plan_entries(request, user),
            "staff": staff,
            "title_key": "plans",
            "plan_list": True,  # the navigation leaves out one plan's pages
            "site_name": words(request_lang(request))("site_title"),  # no one plan's name
        },
    )

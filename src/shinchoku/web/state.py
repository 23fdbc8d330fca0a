"""What every request of one app shares: the settings, the database, the services."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from jinja2 import Environment

from shinchoku.problems import ShinchokuError
from shinchoku.problems.store import PLAN_AMBIGUOUS
from shinchoku.problems.web import PLAN_NOT_CHOSEN
from shinchoku.store import Database
from shinchoku.store.accounts import Accounts
from shinchoku.web.downloads import Downloads
from shinchoku.web.service import PlanService
from shinchoku.web.settings import WebSettings

# The request scope's key for the plan a /p/{plan_id}/ address names.
PLAN_SCOPE = "shinchoku.plan"
# ... and for the plan found for a request whose address names none (or why none was):
# a page asks several times (its title, its navigation, its cache key).
FOUND_PLAN_SCOPE = "shinchoku.found_plan"


@dataclass(slots=True)
class AppState:
    settings: WebSettings
    db: Database
    accounts: Accounts
    service: PlanService
    templates: Environment
    downloads: Downloads

    def plan_id(self, request: Request) -> str:
        """The plan the request's pages show: the one its address names (``/p/{plan_id}/…``,
        :mod:`shinchoku.web.plans`), else the configured one, else the only one stored."""
        named = request.scope.get(PLAN_SCOPE)
        if isinstance(named, str):
            return named
        if self.settings.plan_id is not None:
            return self.settings.plan_id
        found = request.scope.get(FOUND_PLAN_SCOPE)
        if found is None:
            found = request.scope[FOUND_PLAN_SCOPE] = self._found_plan()
        if isinstance(found, ShinchokuError):
            raise found
        return str(found)

    def _found_plan(self) -> str | ShinchokuError:
        """The only stored plan, or the problem of finding none or several."""
        try:
            return self.service.default_plan_id(None)
        except ShinchokuError as exc:
            if exc.problem.code != PLAN_AMBIGUOUS.code:
                return exc
            # several plans and none in the address: the list at / says which
            return PLAN_NOT_CHOSEN.error(count=len(self.service.plans()))

    def plan_name(self, request: Request) -> str | None:
        """The name of the plan the request's pages are about, when it is in memory (page
        titles; never queries). None on the pages of several plans (the plan list, the
        comparison of organisations when several plans are stored)."""
        try:
            plan_id = self.plan_id(request)
        except ShinchokuError:
            return None
        return self.service.cached_name(plan_id)


def base_path(request: Request) -> str:
    """What the request's internal links start with: ``/p/{plan_id}`` when its address
    named a plan (:mod:`shinchoku.web.plans`), else nothing."""
    return str(request.scope.get("root_path", ""))


def app_state(request: Request) -> AppState:
    """The state of the app serving ``request`` (set by :func:`~shinchoku.web.create_app`)."""
    return request.app.state.shinchoku  # type: ignore[no-any-return]

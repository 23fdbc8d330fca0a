"""What every request of one app shares: the settings, the database, the services."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from jinja2 import Environment

from shinchoku.store import Database
from shinchoku.store.accounts import Accounts
from shinchoku.web.downloads import Downloads
from shinchoku.web.service import PlanService
from shinchoku.web.settings import WebSettings


@dataclass(slots=True)
class AppState:
    settings: WebSettings
    db: Database
    accounts: Accounts
    service: PlanService
    templates: Environment
    downloads: Downloads

    def plan_id(self) -> str:
        """The plan the pages show: the configured one, else the only one stored."""
        if self.settings.plan_id is not None:
            return self.settings.plan_id
        return self.service.default_plan_id(None)


def app_state(request: Request) -> AppState:
    """The state of the app serving ``request`` (set by :func:`~shinchoku.web.create_app`)."""
    return request.app.state.shinchoku  # type: ignore[no-any-return]

"""Pages: one Jinja2 environment (autoescape on), one ``render`` that every page goes through.

``render`` adds what every page needs — the language, the words, the user, the CSRF token
— and sets the language cookie when the page was asked for with ``?lang=``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from starlette.responses import HTMLResponse

from shinchoku.problems import ShinchokuError
from shinchoku.publish.labels import labels
from shinchoku.publish.templating import TEMPLATE_GLOBALS
from shinchoku.store.accounts import User
from shinchoku.web.auth import csrf_token, current_user, plan_organisation, set_pre_cookie
from shinchoku.web.i18n import LANGS, words
from shinchoku.web.state import app_state, base_path
from shinchoku.wording import problem_message
from shinchoku.workflow import is_national_admin, may_manage_plan

TEMPLATES = Path(__file__).parent / "templates"
LANG_COOKIE = "lang"


JST = timezone(timedelta(hours=9), "JST")  # Japan has no daylight saving time


def jst(value: datetime | str | None) -> str:
    """A time as staff read it: 「2025-06-07 09:30 JST」 (ISO text is read first)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        when = value
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(JST).strftime("%Y-%m-%d %H:%M JST")


@cache
def environment() -> Environment:
    """The templates, compiled once per process (the environment holds no app state)."""
    env = Environment(
        # The web's own templates, then the report's partials (charts, tables) they include.
        loader=ChoiceLoader(
            [FileSystemLoader(TEMPLATES), PackageLoader("shinchoku.publish", "templates")]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["thousands"] = lambda n: "—" if n is None else f"{n:,}"
    env.filters["jst"] = jst
    env.filters["problem_message"] = problem_message  # {{ p|problem_message(lang) }}
    env.filters["signed"] = lambda n: "" if n is None else f"{n:+,}"
    env.globals.update(TEMPLATE_GLOBALS)  # the report's partials call them
    return env


def request_lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LANGS:
        return cookie
    return str(request.app.state.shinchoku.settings.default_lang)


def _office(request: Request, user: User | None) -> bool:
    """Is ``user`` the office of the plan the page shows (may manage it)?"""
    if user is None or not user.is_admin:
        return False
    try:
        return may_manage_plan(user, plan_organisation(request)[1])
    except ShinchokuError:  # no one plan to show (an error page)
        return False


def url_with(request: Request, **params: Any) -> str:
    """This page's URL with some query parameters replaced (None removes one)."""
    query = dict(request.query_params)
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    text = urlencode(query)
    return request.url.path + ("?" + text if text else "")


class LazyToken:
    """The form token, made only when a page has a form (so plain pages set no cookie)."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self._value: str | None = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = csrf_token(self.request)
        return self._value

    def __html__(self) -> str:
        return str(self)  # URL-safe characters only


def respond(
    request: Request,
    html: str | bytes,
    status: int = 200,
    headers: dict[str, str] | None = None,
    private: bool = False,
) -> HTMLResponse:
    """An HTML response with the headers every page gets (language cookie, caching)."""
    state = request.app.state.shinchoku
    response = HTMLResponse(html, status_code=status, headers=headers)
    asked = request.query_params.get("lang")
    if asked in LANGS:
        response.set_cookie(
            LANG_COOKIE,
            asked,
            max_age=365 * 24 * 3600,
            path="/",
            secure=state.settings.secure_cookies,
            httponly=True,
            samesite="lax",
        )
    set_pre_cookie(request, response)
    response.headers["Cache-Control"] = "no-store" if private else "no-cache"
    response.headers["Vary"] = "Cookie"
    return response


# The label catalogue is read-only: one per language, not one per page.
_labels = cache(labels)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    state = request.app.state.shinchoku
    lang = request_lang(request)
    t = words(lang)
    user = current_user(request)
    ctx: dict[str, Any] = {
        "request": request,
        "lang": lang,
        "other_lang": "en" if lang == "ja" else "ja",
        "t": t,
        "user": user,
        "csrf": LazyToken(request),
        "url_with": lambda **kw: url_with(request, **kw),
        "path": request.url.path,
        "staff": False,
        "title": "",
    }
    ctx.update(context or {})
    # every internal link starts from ``base``: "" or /p/{plan_id} (shinchoku.web.plans)
    ctx.setdefault("base", base_path(request))
    ctx.setdefault("home", ctx["base"] + ("/staff/" if ctx["staff"] else "/"))
    if "plan_list" not in ctx and "site_name" not in ctx:
        # a page of no one plan (the plan list; the comparison while several plans or
        # none are stored) links to none of one plan's pages
        ctx["plan_list"] = _no_one_plan(request)
    ctx.setdefault("plan_list", False)
    if "office" not in ctx:  # the office's pages in the staff navigation
        ctx["office"] = ctx["staff"] and _office(request, user)
    # the installation's pages (indicator sets) in the staff navigation
    ctx.setdefault("national_admin", ctx["staff"] and is_national_admin(user))
    ctx.setdefault("L", _labels(lang))
    if "title_key" in ctx:
        ctx["title"] = t(ctx["title_key"])
    if "site_name" not in ctx:
        report = ctx.get("R")
        plan_name = report.plan_name.text if report is not None else state.plan_name(request)
        ctx["site_name"] = plan_name or t("site_title")
    html = state.templates.get_template(name).render(ctx)
    private = user is not None or name.startswith("staff/") or name == "pages/login.html"
    return respond(request, html, status, headers, private)


def _no_one_plan(request: Request) -> bool:
    """Is the page about no one plan: several stored and none configured or in the
    address, or none stored at all (a database of comparisons only)?"""
    try:
        app_state(request).plan_id(request)
    except ShinchokuError:
        return True
    return False

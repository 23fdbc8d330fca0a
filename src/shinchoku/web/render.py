"""Pages: one Jinja2 environment (autoescape on), one ``render`` that every page goes through.

``render`` adds what every page needs — the language, the words, the user, the CSRF token
— and sets the language cookie when the page was asked for with ``?lang=``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from shinchoku.web.auth import csrf_token, current_user, set_pre_cookie
from shinchoku.web.i18n import LANGS, words

TEMPLATES = Path(__file__).parent / "templates"
LANG_COOKIE = "lang"


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["thousands"] = lambda n: "—" if n is None else f"{n:,}"
    env.filters["signed"] = lambda n: "" if n is None else f"{n:+,}"
    return env


def request_lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LANGS:
        return cookie
    return str(request.app.state.shinchoku.settings.default_lang)


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
        "csrf": csrf_token(request),
        "url_with": lambda **kw: url_with(request, **kw),
        "path": request.url.path,
        "staff": False,
        "title": "",
    }
    ctx.update(context or {})
    html = state.templates.get_template(name).render(ctx)
    response = HTMLResponse(html, status_code=status, headers=headers)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=365 * 24 * 3600,
            path="/",
            secure=state.settings.secure_cookies,
            httponly=True,
            samesite="lax",
        )
    set_pre_cookie(request, response)
    private = user is not None or name.startswith("staff/") or name == "login.html"
    response.headers["Cache-Control"] = "no-store" if private else "no-cache"
    response.headers["Vary"] = "Cookie"
    return response

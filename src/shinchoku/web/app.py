"""The application factory: ``create_app(settings)`` builds everything from one settings object.

Nothing connects at import or in ``create_app``; the database is first used by the first
request. The caller migrates the schema (``Database.migrate``; ``shinchoku serve`` does).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shinchoku import __version__ as version
from shinchoku.problems import ShinchokuError
from shinchoku.problems.web import SERVER_ERROR
from shinchoku.store import Database
from shinchoku.store.accounts import Accounts
from shinchoku.web import (
    api,
    apidocs,
    changes,
    compare,
    error_words,
    indicators,
    mywork,
    public,
    staff,
    users,
)
from shinchoku.web import round as office_round
from shinchoku.web.downloads import Downloads
from shinchoku.web.errors import (
    LoginRequired,
    PasswordChangeRequired,
    WebError,
    error_body,
    from_http,
    from_validation,
    json_error,
    status_of,
    wants_json,
)
from shinchoku.web.plans import PlanPrefix
from shinchoku.web.render import environment, render, request_lang
from shinchoku.web.service import PlanService
from shinchoku.web.settings import WebSettings
from shinchoku.web.state import AppState

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
# The report's stylesheet: the dashboard looks like the printed report.
REPORT_STATIC = Path(__file__).parent.parent / "publish" / "static"

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: cheap)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: WebSettings) -> FastAPI:
    db = Database(settings.database_url)
    service = PlanService(db, settings.cache_size)
    state = AppState(
        settings=settings,
        db=db,
        accounts=Accounts(db),
        service=service,
        templates=environment(),
        downloads=Downloads(service, settings.build_dir),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()
        state.downloads.close()

    app = FastAPI(
        title="shinchoku",
        version=version,
        summary="Progress of a government digital policy: plans, areas, measures, KPIs.",
        description=(
            "Read endpoints are public and show published fiscal years only; with a staff "
            "API token (`Authorization: Bearer …`) they show drafts too. Write endpoints "
            "take an editor's or admin's token and follow the same role rules as the web "
            "pages. Every error has the shape `{code, message, place, details}`."
        ),
        docs_url=None,  # Swagger UI would need scripts from a CDN: /docs is apidocs.py
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.shinchoku = state
    _handlers(app)

    app.include_router(apidocs.router)
    app.include_router(public.router)
    app.include_router(staff.router)
    app.include_router(mywork.router)
    app.include_router(office_round.router)
    app.include_router(users.router)
    app.include_router(changes.router)
    app.include_router(indicators.router)
    app.include_router(api.router)
    app.include_router(compare.router)
    app.include_router(compare.api_router)
    app.mount("/static/report", StaticFiles(directory=REPORT_STATIC), name="report-static")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(PlanPrefix, state=state)
    app.add_middleware(SecurityHeaders)
    default_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = api.optional_auth(default_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _error_response(request: Request, err: ShinchokuError) -> Response:
    if wants_json(request):
        return json_error(err)
    try:
        lang = request_lang(request)
        return render(
            request,
            "pages/error.html",
            {
                "error": error_body(err),
                "status": status_of(err),
                "heading": error_words.heading(status_of(err), lang),
                "message": error_words.message(err, lang),
                "details": error_words.details(err, lang),
                "title": error_words.heading(status_of(err), lang),
            },
            status=status_of(err),
            headers=err.headers if isinstance(err, WebError) else {},
        )
    except Exception:  # the error page itself failed: fall back to the JSON shape
        log.exception("error page failed")
        return json_error(err)


def _handlers(app: FastAPI) -> None:
    async def problem_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ShinchokuError)
        return _error_response(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return _error_response(request, from_http(exc, request.url.path))

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _error_response(request, from_validation(exc))

    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        from urllib.parse import urlencode

        if isinstance(exc, PasswordChangeRequired):
            return RedirectResponse(exc.next_path, status_code=303)
        return RedirectResponse("/login?" + urlencode({"next": exc.next_path}), status_code=303)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path, exc_info=exc)
        return _error_response(
            request, SERVER_ERROR.error(message="something went wrong on the server")
        )

    handlers: dict[Any, Any] = {
        ShinchokuError: problem_error,
        StarletteHTTPException: http_error,
        RequestValidationError: validation_error,
        LoginRequired: login_required,
        Exception: server_error,
    }
    for exc_class, handler in handlers.items():
        app.add_exception_handler(exc_class, handler)

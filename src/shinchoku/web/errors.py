"""One error shape for everything: ``{"code", "message", "place"}`` (plus ``details``).

The API answers errors as JSON in that shape; the pages render the same fields with
``error.html``. Codes are stable kebab-case, like the audit's finding codes.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from shinchoku.problems import Problem, ShinchokuError, Wording
from shinchoku.wording import problem_message

log = logging.getLogger(__name__)

Place = dict[str, str | int]


class ErrorDetail(BaseModel):
    """One field error or one conflicting field."""

    code: str
    message: str
    place: Place = Field(default_factory=dict)
    found: str | None = Field(None, description="The text found (field errors)")
    expected: str | None = Field(None, description="What would have been read (field errors)")
    yours: str | None = Field(None, description="The value you sent (conflicts)")
    theirs: str | None = Field(None, description="The value saved meanwhile (conflicts)")
    by: str | None = Field(None, description="Who saved it (conflicts)")
    at: str | None = Field(None, description="When it was saved (conflicts)")


class ErrorBody(BaseModel):
    """The shape of every error the API answers."""

    code: str = Field(description="Stable kebab-case code, e.g. not-found, edit-conflict")
    message: str
    place: Place = Field(default_factory=dict)
    details: list[ErrorDetail] = Field(default_factory=list)


class WebError(Exception):
    """An error with an HTTP status, rendered as JSON (API) or as the error page."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        place: Place | None = None,
        details: list[ErrorDetail] | None = None,
        headers: dict[str, str] | None = None,
        wording: Wording | None = None,
        detail_words: list[Wording | None] | None = None,
    ) -> None:
        super().__init__(message)
        # The pages' words for the message and each detail, when a catalogue has them.
        self.wording = wording
        self.detail_words = detail_words or []
        self.status = status
        self.body = ErrorBody(code=code, message=message, place=place or {}, details=details or [])
        self.headers = headers or {}


class LoginRequired(Exception):
    """A staff page asked for without a session: go to the log-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


# Where a user logged in with a temporary password must go before anything else.
PASSWORD_PAGE = "/staff/account/password"


class PasswordChangeRequired(LoginRequired):
    """A user logged in with a temporary password asked for another page: change it first."""


# Workflow and state errors are conflicts with the current state; the rest bad input.
_STATUS: dict[str, int] = {
    "not-found": 404,
    "plan-not-found": 404,
    "no-published-year": 404,
    "year-already-opened": 409,
    "another-year-open": 409,
    "unit-state-invalid": 409,
    "year-not-open": 409,
    "year-not-published": 409,
    "units-not-reviewed": 409,
    "user-exists": 409,
    "user-not-found": 404,
    "token-not-found": 404,
    "unit-not-found": 404,
    "year-published": 409,
    "year-outside-plan": 422,
    "database-busy": 503,
    "plan-ambiguous": 500,
}

_HTTP_CODES: dict[int, str] = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid-request",
    429: "too-many-requests",
    503: "unavailable",
}


def _wording(p: Problem) -> Wording | None:
    if p.kind is None or p.kind.message is None:
        return None
    return Wording(problem_message(p, "ja"), problem_message(p, "en"))


def from_problem_error(exc: ShinchokuError) -> WebError:
    p = exc.problem
    return WebError(
        _STATUS.get(p.code, 400),
        p.code,
        p.message,
        {k: v for k, v in p.place.to_dict().items() if isinstance(v, str | int)},
        [
            ErrorDetail(
                code=q.code,
                message=q.message,
                place={k: v for k, v in q.place.to_dict().items() if isinstance(v, str | int)},
                found=q.found,
                expected=q.expected,
            )
            for q in exc.problems[1:]
        ],
        wording=_wording(p),
        detail_words=[_wording(q) for q in exc.problems[1:]],
    )


def from_http(exc: StarletteHTTPException) -> WebError:
    code = _HTTP_CODES.get(exc.status_code, "error" if exc.status_code < 500 else "server-error")
    message = exc.detail if isinstance(exc.detail, str) else code
    return WebError(exc.status_code, code, message, headers=dict(exc.headers or {}))


def from_validation(exc: RequestValidationError) -> WebError:
    details: list[ErrorDetail] = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ())]
        details.append(
            ErrorDetail(
                code="invalid-value",
                message=str(e.get("msg", "invalid")),
                place={"field": ".".join(loc)},
                found=_short(e.get("input")),
            )
        )
    first = details[0].place.get("field", "") if details else ""
    return WebError(
        422,
        "invalid-request",
        f"the request is not valid ({len(details)} problems)",
        {"field": first} if first else {},
        details,
    )


def _short(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def json_error(err: WebError) -> Response:
    return JSONResponse(
        err.body.model_dump(mode="json"), status_code=err.status, headers=err.headers
    )


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"

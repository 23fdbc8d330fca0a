"""One error shape for everything: ``{"code", "message", "place"}`` (plus ``details``).

Every error is a :class:`~shinchoku.problems.ShinchokuError` carrying problems of the one
catalogue (:mod:`shinchoku.problems`): the HTTP status is the problem type's, the API
answers JSON in this shape (English messages, codes and places as data), the pages word
the same problems in the reader's language (:mod:`shinchoku.web.error_words`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from shinchoku.problems import CATALOGUE, Problem, ShinchokuError, Wording, arg_value
from shinchoku.problems import Place as Place_
from shinchoku.problems.input import INVALID_VALUE, pydantic_rule
from shinchoku.problems.web import BAD_REQUEST, BY_STATUS, INVALID_REQUEST, NOT_FOUND, SERVER_ERROR
from shinchoku.wording import problem_message

log = logging.getLogger(__name__)

Place = dict[str, str | int]


class ErrorDetail(BaseModel):
    """One field error or one conflicting field."""

    code: str
    message: str
    message_ja: str = Field("", description="The message in Japanese, with the same reason")
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


class WebError(ShinchokuError):
    """Problems answered over HTTP with headers of their own (``Retry-After``,
    ``WWW-Authenticate``). Any :class:`ShinchokuError` is answered the same way: the
    status is its first problem's type's, the body :func:`error_body`."""

    def __init__(
        self, problems: Problem | Iterable[Problem], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(problems)
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


def status_of(exc: ShinchokuError) -> int:
    """The HTTP status of the first problem's type (its catalogue entry)."""
    kind = exc.problem.kind or CATALOGUE.get(exc.problem.code)
    return kind.status if kind is not None else 400


def _place(p: Problem) -> Place:
    return {k: v for k, v in p.place.to_dict().items() if isinstance(v, str | int)}


def _detail(q: Problem) -> ErrorDetail:
    args = q.args
    said = {k: str(arg_value(args[k])) for k in ("yours", "theirs", "by", "at") if k in args}
    return ErrorDetail(
        code=q.code,
        message=q.message,
        message_ja=problem_message(q, "ja"),
        place=_place(q),
        found=q.found,
        expected=q.expected,
        **{k: v or None for k, v in said.items()},
    )


def error_body(exc: ShinchokuError) -> ErrorBody:
    """The JSON shape: the first problem's code, English message and place; every
    further problem (a field error, a conflicting field) as a detail."""
    p = exc.problem
    return ErrorBody(
        code=p.code,
        message=p.message,
        place=_place(p),
        details=[_detail(q) for q in exc.problems[1:]],
    )


def from_http(exc: StarletteHTTPException, path: str = "") -> WebError:
    """An HTTP error raised by routing or Starlette, as the code of its status."""
    kind = BY_STATUS.get(exc.status_code) or (
        SERVER_ERROR if exc.status_code >= 500 else BAD_REQUEST
    )
    message = exc.detail if isinstance(exc.detail, str) else None
    if kind is NOT_FOUND:
        problem = kind(Place_(), message, found=path, what=Wording("ページ", "page"))
    else:
        problem = kind(Place_(), message)
    return WebError(problem, dict(exc.headers or {}))


def from_validation(exc: RequestValidationError) -> WebError:
    details: list[Problem] = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ())]
        shown = _short(e.get("input"))
        message = str(e.get("msg", "invalid"))
        rule = pydantic_rule(str(e.get("type", "")), e.get("ctx") or {}, shown, message)
        details.append(INVALID_VALUE(Place_(field=".".join(loc)), message, shown, rule=rule))
    first = details[0].place.field if details else None
    main = INVALID_REQUEST(
        Place_(field=first),
        f"the request is not valid ({len(details)} problems)",
        count=len(details),
    )
    return WebError([main, *details])


def json_error(exc: ShinchokuError) -> Response:
    headers = exc.headers if isinstance(exc, WebError) else {}
    return JSONResponse(
        error_body(exc).model_dump(mode="json"), status_code=status_of(exc), headers=headers
    )


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _short(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "…"

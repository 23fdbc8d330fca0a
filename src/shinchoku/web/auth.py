"""Log-in, sessions, CSRF and API tokens.

* Sessions are server-side (``sessions`` table); the cookie holds a random token —
  Secure (configurable for http://127.0.0.1), HttpOnly, SameSite=Lax.
* Every form carries a synchroniser token: the session's CSRF token, or before log-in a
  token derived from a signed pre-session cookie, so the log-in form is protected too.
* Failed log-ins are counted in the database (shared by all workers) per user name and
  per address; past either limit the answer is 429 until the window has passed. An
  attempt is recorded before its password is checked (check and record in one
  transaction), so parallel attempts cannot slip past the limit.
* The API takes ``Authorization: Bearer <token>``; a token that is wrong is refused, never
  silently treated as anonymous.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import timedelta

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.responses import Response

from shinchoku.problems import Place
from shinchoku.problems.web import CSRF_FAILED, FORBIDDEN, TOO_MANY_LOG_IN_FAILURES, UNAUTHORIZED
from shinchoku.store.accounts import LoginLimits, User, same_token
from shinchoku.web.errors import (
    PASSWORD_PAGE,
    LoginRequired,
    PasswordChangeRequired,
    WebError,
)
from shinchoku.web.state import app_state
from shinchoku.workflow import (
    is_national_admin,
    may_manage_plan,
    may_read_plan,
    may_review,
    plan_refused,
)

PRE_COOKIE = "shinchoku_pre"


def session_cookie_name(secure: bool) -> str:
    # The __Host- prefix pins a Secure cookie to this host and path "/".
    return "__Host-shinchoku_session" if secure else "shinchoku_session"


def client_ip(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


# -- sessions --------------------------------------------------------------------------


def _load_session(request: Request) -> tuple[User, str] | None:
    if hasattr(request.state, "session_info"):
        return request.state.session_info  # type: ignore[no-any-return]
    st = app_state(request)
    token = request.cookies.get(session_cookie_name(st.settings.secure_cookies))
    info = st.accounts.session(token) if token else None
    request.state.session_info = info
    return info


def current_user(request: Request) -> User | None:
    """The logged-in staff member of this request, if any."""
    info = _load_session(request)
    return info[0] if info is not None else None


def require_user(request: Request) -> User:
    """A logged-in user, else off to the log-in page."""
    user = current_user(request)
    if user is None:
        path = request.url.path
        if request.url.query:
            path += "?" + request.url.query
        raise LoginRequired(path)
    if user.must_change_password and request.url.path != PASSWORD_PAGE:
        raise PasswordChangeRequired(PASSWORD_PAGE)
    return user


def require_admin(request: Request) -> User:
    """A logged-in admin of any organisation (pages about the admin's own account)."""
    user = require_user(request)
    if not user.is_admin:
        raise FORBIDDEN.error(message="this page is for admins")
    return user


def require_national_admin(request: Request) -> User:
    """The installation's administrator (an admin of no organisation): the pages of what
    belongs to no one plan — indicator sets and their surveys."""
    user = require_user(request)
    if not is_national_admin(user):
        raise FORBIDDEN.error(message="this page is for the national administrator")
    return user


def plan_organisation(request: Request) -> tuple[str, str | None]:
    """(id, organisation) of the plan the request's pages show."""
    st = app_state(request)
    plan = st.service.view(st.plan_id(request), "staff").plan
    return plan.id, plan.organisation


def require_staff(request: Request) -> User:
    """A logged-in user who may read the plan's internal pages (its own organisation's, or
    for a prefecture its municipalities')."""
    user = require_user(request)
    plan_id, org = plan_organisation(request)
    if not may_read_plan(user, org):
        raise plan_refused(user, plan_id, org, "read")
    return user


def require_office(request: Request) -> User:
    """An admin of the plan's own organisation (or installation-wide): its policy office."""
    return _plan_admin(request, may_manage_plan, "manage")


def require_reviewer(request: Request) -> User:
    """An admin who may review the plan's divisions: its office, or its prefecture's."""
    return _plan_admin(request, may_review, "review")


def _plan_admin(request: Request, rule: Callable[[User, str | None], bool], action: str) -> User:
    """A staff admin for whom the role ``rule`` holds in the plan's organisation."""
    user = require_staff(request)
    if not user.is_admin:
        raise FORBIDDEN.error(message="this page is for admins")
    plan_id, org = plan_organisation(request)
    if not rule(user, org):
        raise plan_refused(user, plan_id, org, action)
    return user


def start_session(request: Request, response: Response, user: User) -> None:
    st = app_state(request)
    token, _csrf = st.accounts.start_session(user, timedelta(hours=st.settings.session_hours))
    response.set_cookie(
        session_cookie_name(st.settings.secure_cookies),
        token,
        max_age=int(st.settings.session_hours * 3600),
        path="/",
        secure=st.settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )
    response.delete_cookie(PRE_COOKIE, path="/")


def end_session(request: Request, response: Response) -> None:
    st = app_state(request)
    name = session_cookie_name(st.settings.secure_cookies)
    token = request.cookies.get(name)
    if token:
        st.accounts.end_session(token)
    response.delete_cookie(
        name, path="/", secure=st.settings.secure_cookies, httponly=True, samesite="lax"
    )


# -- CSRF ------------------------------------------------------------------------------


def _serializer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(app_state(request).settings.secret_key, salt="pre-session")


def _pre_nonce(request: Request) -> str | None:
    raw = request.cookies.get(PRE_COOKIE)
    if not raw:
        return None
    try:
        value = _serializer(request).loads(raw)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def _pre_token(request: Request, nonce: str) -> str:
    key = app_state(request).settings.secret_key.encode("utf-8")
    return hmac.new(key, b"login:" + nonce.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The token forms must carry: the session's, else one tied to the pre-session cookie."""
    info = _load_session(request)
    if info is not None:
        return info[1]
    nonce = _pre_nonce(request)
    if nonce is None:
        nonce = getattr(request.state, "new_pre_nonce", None) or secrets.token_urlsafe(24)
        request.state.new_pre_nonce = nonce
    return _pre_token(request, nonce)


def set_pre_cookie(request: Request, response: Response) -> None:
    """Send the pre-session cookie a log-in form's token was made from."""
    nonce = getattr(request.state, "new_pre_nonce", None)
    if nonce is None:
        return
    response.set_cookie(
        PRE_COOKIE,
        _serializer(request).dumps(nonce),
        max_age=3600,
        path="/",
        secure=app_state(request).settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )


def check_csrf(request: Request, sent: object) -> None:
    """Refuse a form whose token is not this session's (or this pre-session's)."""
    info = _load_session(request)
    if info is not None:
        expected: str | None = info[1]
    else:
        nonce = _pre_nonce(request)
        expected = _pre_token(request, nonce) if nonce is not None else None
    if not isinstance(sent, str) or expected is None or not same_token(sent, expected):
        raise CSRF_FAILED.error(
            message="the form has expired or did not come from this site; reload the page and "
            "try again"
        )


# -- log-in rate limit -------------------------------------------------------------------


def begin_login(request: Request, username: str) -> int:
    """Record a log-in attempt (as failed until it succeeds); 429 past a limit."""
    st = app_state(request)
    limits = LoginLimits(
        window=timedelta(seconds=st.settings.login_window_seconds),
        per_account=st.settings.login_max_failures,
        per_address=st.settings.login_max_failures_per_address,
    )
    attempt = st.accounts.begin_login(username, client_ip(request), limits)
    if attempt is None:
        raise WebError(
            TOO_MANY_LOG_IN_FAILURES(Place()),
            headers={"Retry-After": str(st.settings.login_window_seconds)},
        )
    return attempt


# -- API tokens --------------------------------------------------------------------------


def bearer_user(request: Request) -> User | None:
    """The user of the request's API token; None without one; 401 when it is not valid."""
    if hasattr(request.state, "bearer_user"):
        return request.state.bearer_user  # type: ignore[no-any-return]
    header = request.headers.get("authorization")
    user = None
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorised("use Authorization: Bearer <token>")
        user = app_state(request).accounts.user_for_token(token.strip())
        if user is None:
            raise _unauthorised("the API token is not valid")
    request.state.bearer_user = user
    return user


def _unauthorised(message: str) -> WebError:
    return WebError(UNAUTHORIZED(Place(), message), headers={"WWW-Authenticate": "Bearer"})

"""Staff accounts on the web: the admins' user management (add, disable, re-enable, role,
org units and e-mail address, password reset) and every user's own account (password,
two-factor log-in). The rules are the accounts store's (:mod:`shinchoku.store.accounts`),
shared with ``shinchoku user …``."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from shinchoku.problems import Place, Problem, ShinchokuError
from shinchoku.problems.web import (
    CANNOT_DEMOTE_SELF,
    CANNOT_DISABLE_SELF,
    CANNOT_RESET_SELF,
    INVALID_ROLE,
    PASSWORDS_DIFFER,
)
from shinchoku.store.accounts import KEEP, User, new_totp_secret, totp_uri
from shinchoku.web import pages
from shinchoku.web.auth import check_csrf, require_admin, require_office, require_user
from shinchoku.web.errors import PASSWORD_PAGE, status_of
from shinchoku.web.params import Account, AccountAdmin, Admin, Key
from shinchoku.web.render import render
from shinchoku.web.state import app_state, base_path
from shinchoku.workflow import Role, may_manage_user, organisation_words

router = APIRouter(prefix="/staff", include_in_schema=False)


async def _form(request: Request, need: Callable[[Request], User]) -> tuple[User, FormData]:
    form = await request.form()
    user = await run_in_threadpool(need, request)
    check_csrf(request, form.get("csrf_token"))
    return user, form


async def _call(fn: Any, *args: Any) -> Any:
    """An accounts operation; its refusal is answered from the catalogue (status, words)."""
    return await run_in_threadpool(fn, *args)


def _organisation(form: FormData, admin: User) -> str | None:
    """The account's organisation from the form: an organisation's office makes accounts
    of its own organisation; the national admin chooses (blank: installation-wide)."""
    if admin.organisation is not None:
        return admin.organisation
    return str(form.get("organisation") or "").strip() or None


def _role(form: FormData) -> str:
    role = str(form.get("role") or "")
    if role not in {r.value for r in Role}:
        raise INVALID_ROLE.error(Place(field="role"), found=role)
    return role


def _users_page(
    request: Request, user: User, temporary: tuple[str, str] | None = None
) -> HTMLResponse:
    st = app_state(request)
    plan = pages.plan_view(request, "staff").plan
    return render(
        request,
        "staff/users.html",
        {
            # an organisation's office sees and manages its own organisation's accounts
            "users": [u for u in st.accounts.list_users() if may_manage_user(user, u.organisation)],
            "organisation": organisation_words(user.organisation),
            "national": user.organisation is None,
            "plan_organisation": plan.organisation,
            "org_units": plan.org_units,
            "roles": [Role.VIEWER.value, Role.EDITOR.value, Role.ADMIN.value],
            "unit_names": {u.id: u.label for u in plan.org_units},
            "temporary": temporary,
            "staff": True,
            "title_key": "users",
        },
    )


def _back(request: Request) -> RedirectResponse:
    return RedirectResponse(f"{base_path(request)}/staff/users", status_code=303)


@router.get("/users")
def users(request: Request, user: Admin) -> HTMLResponse:
    return _users_page(request, user)


@router.post("/users")
async def add_user(request: Request) -> Response:
    admin, form = await _form(request, require_office)
    st = app_state(request)
    password = str(form.get("password") or "")
    if password != str(form.get("password_again") or ""):
        raise PASSWORDS_DIFFER.error(Place(field="password"))
    units = [str(u) for u in form.getlist("units")]
    await _call(
        st.accounts.add_user,
        str(form.get("username") or "").strip(),
        _role(form),
        password,
        units,
        str(form.get("email") or ""),
        _organisation(form, admin),
        admin,
    )
    return _back(request)


@router.post("/users/{name}/disable")
async def disable_user(request: Request, name: Key) -> Response:
    user, _ = await _form(request, require_office)
    if name == user.name:
        raise CANNOT_DISABLE_SELF.error(found=name)
    await _call(app_state(request).accounts.disable, name, user)
    return _back(request)


@router.post("/users/{name}/enable")
async def enable_user(request: Request, name: Key) -> Response:
    user, _ = await _form(request, require_office)
    await _call(app_state(request).accounts.enable, name, user)
    return _back(request)


@router.post("/users/{name}/update")
async def update_user(request: Request, name: Key) -> Response:
    user, form = await _form(request, require_office)
    role = _role(form)
    if name == user.name and role != Role.ADMIN.value:
        raise CANNOT_DEMOTE_SELF.error(found=name)
    units = [str(u) for u in form.getlist("units")]
    organisation = _organisation(form, user) if "organisation" in form else KEEP
    await _call(
        app_state(request).accounts.update,
        name,
        role,
        units,
        str(form.get("email") or ""),
        organisation,
        user,
    )
    return _back(request)


@router.post("/users/{name}/reset-password")
async def reset_password(request: Request, name: Key) -> Response:
    user, _ = await _form(request, require_office)
    if name == user.name:
        raise CANNOT_RESET_SELF.error(found=name)
    temporary = await _call(app_state(request).accounts.reset_password, name, user)
    # Shown once, on this answer only (never stored in clear, never in a URL).
    return await run_in_threadpool(_users_page, request, user, (name, temporary))


# -- the user's own account ---------------------------------------------------------------


def _password_page(
    request: Request, user: User, error: Problem | None = None, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "staff/password.html",
        {
            "forced": user.must_change_password,
            "error": error,
            "changed": request.query_params.get("note") == "changed" and error is None,
            "staff": True,
            "title_key": "change_password",
        },
        status=status,
    )


@router.get("/account/password")
def password_form(request: Request, user: Account) -> HTMLResponse:
    return _password_page(request, user)


@router.post("/account/password")
async def change_password(request: Request) -> Response:
    user, form = await _form(request, require_user)
    new = str(form.get("new_password") or "")
    if new != str(form.get("new_password_again") or ""):
        refused = PASSWORDS_DIFFER.error(Place(field="new_password"))
        return _password_page(request, user, refused.problem, status_of(refused))
    try:
        await run_in_threadpool(
            app_state(request).accounts.change_password,
            user.name,
            str(form.get("current_password") or ""),
            new,
        )
    except ShinchokuError as exc:
        return _password_page(request, user, exc.problem, status_of(exc))
    return RedirectResponse(f"{base_path(request)}{PASSWORD_PAGE}?note=changed", 303)


@router.get("/account/totp")
def totp_form(request: Request, user: AccountAdmin) -> HTMLResponse:
    secret = new_totp_secret()
    return _totp_page(request, user, secret)


def qr_svg(text: str) -> Markup | None:
    """``text`` as a QR code in inline SVG (no script, no style: the CSP holds), or None
    when the optional ``segno`` package is not installed (the key and URI still show)."""
    try:
        import segno
    except ModuleNotFoundError:
        return None
    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer, kind="svg", scale=4, border=4, xmldecl=False, svgclass="totp-qr", lineclass=None
    )
    return Markup(buffer.getvalue().decode("ascii"))  # made here from the URI, not user HTML


def _totp_page(
    request: Request, user: User, secret: str, error: Problem | None = None, status: int = 200
) -> HTMLResponse:
    issuer = app_state(request).plan_name(request) or "shinchoku"
    uri = totp_uri(secret, user.name, issuer)
    return render(
        request,
        "staff/totp.html",
        {
            "enrolled": user.totp,
            "note": request.query_params.get("note") if not error else None,
            "secret": secret,
            "uri": uri,
            "qr": qr_svg(uri),
            "error": error,
            "staff": True,
            "title_key": "two_factor",
        },
        status=status,
    )


@router.post("/account/totp")
async def totp_enrol(request: Request) -> Response:
    user, form = await _form(request, require_admin)
    st = app_state(request)
    if form.get("turn_off") == "yes":
        await _call(st.accounts.disable_totp, user.name)
        return RedirectResponse(f"{base_path(request)}/staff/account/totp?note=off", 303)
    secret = str(form.get("secret") or "")[:64]
    try:
        await run_in_threadpool(
            st.accounts.enrol_totp, user.name, secret, str(form.get("code") or "")
        )
    except ShinchokuError as exc:
        return _totp_page(request, user, secret, exc.problem, status_of(exc))
    return RedirectResponse(f"{base_path(request)}/staff/account/totp?note=on", 303)

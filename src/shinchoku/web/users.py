"""Staff accounts on the web: the admins' user management (add, disable, re-enable, role,
org units and e-mail address, password reset) and every user's own account (password,
two-factor log-in). The rules are the accounts store's (:mod:`shinchoku.store.accounts`),
shared with ``shinchoku user …``."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from shinchoku.problems import ShinchokuError, Wording
from shinchoku.store.accounts import User, new_totp_secret, totp_uri
from shinchoku.web import pages
from shinchoku.web.auth import app_state, check_csrf, require_admin, require_user
from shinchoku.web.errors import PASSWORD_PAGE, WebError
from shinchoku.web.render import render
from shinchoku.workflow import Role

router = APIRouter(prefix="/staff", include_in_schema=False)

Key = Annotated[str, Path(max_length=200)]
Admin = Annotated[User, Depends(require_admin)]
Staff = Annotated[User, Depends(require_user)]

# The accounts store's refusals, worded for the pages (status, Japanese, English).
_REFUSALS: dict[str, tuple[int, Wording]] = {
    "user-exists": (
        409,
        Wording("同じ名前のユーザーが既にいます。", "A user of that name exists."),
    ),
    "user-not-found": (404, Wording("ユーザーが見つかりません。", "No such user.")),
    "user-name-invalid": (
        422,
        Wording(
            "ユーザー名は半角英数字と . _ @ - の1〜64文字で入力してください。",
            "A user name is 1–64 letters, digits, . _ @ or -.",
        ),
    ),
    "password-too-short": (
        422,
        Wording(
            "パスワードは10文字以上にしてください。", "A password needs 10 characters or more."
        ),
    ),
    "password-wrong": (
        422,
        Wording("現在のパスワードが違います。", "The current password is wrong."),
    ),
    "password-unchanged": (
        422,
        Wording(
            "新しいパスワードは現在のものと違うものにしてください。",
            "The new password must differ from the current one.",
        ),
    ),
    "editor-needs-unit": (
        422,
        Wording(
            "入力担当には担当所属を1つ以上選んでください。",
            "Choose at least one division for an editor.",
        ),
    ),
    "unknown-org-unit": (
        422,
        Wording("計画にない所属が指定されました。", "A division that the plan lacks was given."),
    ),
    "email-invalid": (
        422,
        Wording(
            "メールアドレスの形式が正しくありません（例 taro@pref.example.jp）。",
            "The e-mail address is not valid (e.g. taro@pref.example.jp).",
        ),
    ),
    "totp-code-wrong": (
        422,
        Wording(
            "確認コードが一致しません。認証アプリに表示されている現在のコードを入力してください。",
            "The code does not match; enter the one your authenticator app shows now.",
        ),
    ),
}


def refusal(exc: ShinchokuError) -> WebError:
    """An accounts refusal as a page error in the reader's language."""
    p = exc.problem
    status, wording = _REFUSALS.get(p.code, (422, None))
    place: dict[str, str | int] = {"field": "user"} if p.found is None else {"found": p.found}
    return WebError(status, p.code, p.message, place, wording=wording)


async def _form(request: Request, admin: bool) -> tuple[User, FormData]:
    form = await request.form()
    user = await run_in_threadpool(require_admin if admin else require_user, request)
    check_csrf(request, form.get("csrf_token"))
    return user, form


async def _call(fn: Any, *args: Any) -> Any:
    try:
        return await run_in_threadpool(fn, *args)
    except ShinchokuError as exc:
        raise refusal(exc) from None


def _role(form: FormData) -> str:
    role = str(form.get("role") or "")
    if role not in {r.value for r in Role}:
        raise WebError(
            422,
            "invalid-role",
            "choose admin, editor or viewer",
            {"field": "role"},
            wording=Wording(
                "権限は管理者・入力担当・閲覧者のいずれかを選んでください。",
                "Choose admin, editor or viewer.",
            ),
        )
    return role


def _users_page(request: Request, temporary: tuple[str, str] | None = None) -> HTMLResponse:
    st = app_state(request)
    plan = pages.plan_view(request, "staff").plan
    return render(
        request,
        "staff/users.html",
        {
            "users": st.accounts.list_users(),
            "org_units": plan.org_units,
            "roles": [Role.VIEWER.value, Role.EDITOR.value, Role.ADMIN.value],
            "unit_names": {u.id: u.label for u in plan.org_units},
            "temporary": temporary,
            "staff": True,
            "home": "/staff/",
            "title_key": "users",
        },
    )


def _back() -> RedirectResponse:
    return RedirectResponse("/staff/users", status_code=303)


@router.get("/users")
def users(request: Request, user: Admin) -> HTMLResponse:
    return _users_page(request)


@router.post("/users")
async def add_user(request: Request) -> Response:
    _admin, form = await _form(request, admin=True)
    st = app_state(request)
    password = str(form.get("password") or "")
    if password != str(form.get("password_again") or ""):
        raise WebError(422, "passwords-differ", "the two passwords differ", {"field": "password"})
    units = [str(u) for u in form.getlist("units")]
    await _call(
        st.accounts.add_user,
        str(form.get("username") or "").strip(),
        _role(form),
        password,
        units,
        str(form.get("email") or ""),
    )
    return _back()


@router.post("/users/{name}/disable")
async def disable_user(request: Request, name: Key) -> Response:
    user, _ = await _form(request, admin=True)
    if name == user.name:
        raise WebError(409, "cannot-disable-self", "you cannot disable your own account")
    await _call(app_state(request).accounts.disable, name)
    return _back()


@router.post("/users/{name}/enable")
async def enable_user(request: Request, name: Key) -> Response:
    await _form(request, admin=True)
    await _call(app_state(request).accounts.enable, name)
    return _back()


@router.post("/users/{name}/update")
async def update_user(request: Request, name: Key) -> Response:
    user, form = await _form(request, admin=True)
    role = _role(form)
    if name == user.name and role != Role.ADMIN.value:
        raise WebError(
            409,
            "cannot-demote-self",
            "you cannot take the admin role from your own account",
            wording=Wording(
                "自分のアカウントから管理者権限を外すことはできません。",
                "You cannot take the admin role from your own account.",
            ),
        )
    units = [str(u) for u in form.getlist("units")]
    await _call(app_state(request).accounts.update, name, role, units, str(form.get("email") or ""))
    return _back()


@router.post("/users/{name}/reset-password")
async def reset_password(request: Request, name: Key) -> Response:
    user, _ = await _form(request, admin=True)
    if name == user.name:
        raise WebError(
            409,
            "cannot-reset-self",
            "change your own password on your account page",
            wording=Wording(
                "自分のパスワードは「パスワードの変更」で変更してください。",
                "Change your own password on the password page.",
            ),
        )
    temporary = await _call(app_state(request).accounts.reset_password, name)
    # Shown once, on this answer only (never stored in clear, never in a URL).
    return await run_in_threadpool(_users_page, request, (name, temporary))


# -- the user's own account ---------------------------------------------------------------


def _password_page(
    request: Request, user: User, error: str | None = None, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "staff/password.html",
        {
            "forced": user.must_change_password,
            "error": error,
            "changed": request.query_params.get("note") == "changed" and error is None,
            "staff": True,
            "home": "/staff/",
            "title_key": "change_password",
        },
        status=status,
    )


@router.get("/account/password")
def password_form(request: Request, user: Staff) -> HTMLResponse:
    return _password_page(request, user)


@router.post("/account/password")
async def change_password(request: Request) -> Response:
    user, form = await _form(request, admin=False)
    new = str(form.get("new_password") or "")
    if new != str(form.get("new_password_again") or ""):
        return _password_page(request, user, "passwords-differ", 422)
    try:
        await run_in_threadpool(
            app_state(request).accounts.change_password,
            user.name,
            str(form.get("current_password") or ""),
            new,
        )
    except ShinchokuError as exc:
        return _password_page(request, user, exc.problem.code, 422)
    return RedirectResponse(f"{PASSWORD_PAGE}?note=changed", status_code=303)


@router.get("/account/totp")
def totp_form(request: Request, user: Admin) -> HTMLResponse:
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
    request: Request, user: User, secret: str, error: bool = False, status: int = 200
) -> HTMLResponse:
    issuer = app_state(request).service.cached_name() or "shinchoku"
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
            "home": "/staff/",
            "title_key": "two_factor",
        },
        status=status,
    )


@router.post("/account/totp")
async def totp_enrol(request: Request) -> Response:
    user, form = await _form(request, admin=True)
    st = app_state(request)
    if form.get("turn_off") == "yes":
        await _call(st.accounts.disable_totp, user.name)
        return RedirectResponse("/staff/account/totp?note=off", status_code=303)
    secret = str(form.get("secret") or "")[:64]
    try:
        await run_in_threadpool(
            st.accounts.enrol_totp, user.name, secret, str(form.get("code") or "")
        )
    except ShinchokuError:
        return _totp_page(request, user, secret, error=True, status=422)
    return RedirectResponse("/staff/account/totp?note=on", status_code=303)

"""Staff accounts: users bound to org units, API tokens, log-in sessions, failed log-ins.

Passwords are stored as argon2id hashes; API tokens and session tokens are random and
stored only as their SHA-256 digest, so a copy of the database lets nobody log in.
There is no default account and no default password: ``shinchoku user add`` makes the
first admin.

A user may be bound to an organisation (団体コード, checked against the shipped registry);
the role rules of :mod:`shinchoku.workflow` then keep them to its plans. An operation
taken ``by`` a staff account (the staff pages) follows :func:`~shinchoku.workflow.
may_manage_user`: an organisation's admin creates and changes only its own accounts.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from shinchoku.problems import Place
from shinchoku.problems import store as s_
from shinchoku.store.database import Database
from shinchoku.store.tables import (
    ApiTokenRow,
    LoginFailureRow,
    OrgUnitRow,
    SessionRow,
    UserOrgUnitRow,
    UserRow,
)
from shinchoku.workflow import Named, Role, may_manage_user, organisation_words

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"
EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"
MIN_PASSWORD = 10
# A token's last use is written at most this often, so using the API does not mean a
# write (and the write lock) per request.
TOKEN_TOUCH = timedelta(minutes=1)
# PostgreSQL advisory lock serialising the log-in limit's check-and-record ("LGIN").
_LOGIN_LOCK = 0x4C47_494E


class Keep(Enum):
    """``update``'s organisation when it is left as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class ApiToken:
    """What is known of an API token: never the token itself."""

    id: int
    user: str
    label: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class LoginLimits:
    """Failed log-ins allowed within ``window``: per user name (from any address) and per
    address (whatever the user names: password spraying)."""

    window: timedelta
    per_account: int
    per_address: int


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: Role
    units: frozenset[str]
    disabled: bool = False
    created_at: datetime | None = None
    email: str | None = None
    must_change_password: bool = False  # logged in with a temporary password
    totp: bool = False  # two-factor log-in enrolled
    organisation: str | None = None  # 団体コード; None: installation-wide

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


def utcnow() -> datetime:
    return datetime.now(UTC)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    """User, token and session operations over a :class:`Database`."""

    def __init__(self, db: Database, hasher: PasswordHasher | None = None) -> None:
        self.db = db
        self.hasher = hasher or PasswordHasher()

    # -- users ---------------------------------------------------------------------

    def _user(self, s: Session, row: UserRow) -> User:
        units = s.scalars(
            select(UserOrgUnitRow.org_unit_id)
            .where(UserOrgUnitRow.user_id == row.id)
            .order_by(UserOrgUnitRow.org_unit_id)
        ).all()
        return User(
            id=row.id,
            name=row.name,
            role=Role(row.role),
            units=frozenset(units),
            disabled=row.disabled,
            created_at=row.created_at,
            email=row.email,
            must_change_password=bool(row.must_change_password),
            totp=row.totp_secret is not None,
            organisation=row.organisation,
        )

    def _check(self, s: Session, role: Role, units: list[str], email: str | None) -> str | None:
        """The account rules the CLI and the staff pages share; the e-mail address cleaned."""
        if role is Role.EDITOR and not units:
            raise s_.EDITOR_NEEDS_UNIT.error()
        known = set(s.scalars(select(OrgUnitRow.id)))
        unknown = sorted(set(units) - known) if known else []
        if unknown:
            raise s_.UNIT_NOT_FOUND.error(found=", ".join(unknown), unit=", ".join(unknown))
        address = (email or "").strip() or None
        if address is not None and (len(address) > 254 or not re.match(EMAIL_PATTERN, address)):
            raise s_.EMAIL_INVALID.error(found=address)
        return address

    def _row(self, s: Session, name: str, by: Named | None = None) -> UserRow:
        """The user ``name``; with ``by``, only when ``by`` may manage its account."""
        row = s.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            raise s_.USER_NOT_FOUND.error(found=name)
        if by is not None:
            _check_manager(by, row.organisation)
        return row

    def add_user(
        self,
        name: str,
        role: Role | str,
        password: str,
        units: Iterable[str] = (),
        email: str | None = None,
        organisation: str | None = None,
        by: Named | None = None,
    ) -> User:
        """A new account; ``units`` must be org units of a stored plan (when any is stored),
        ``organisation`` a 団体コード of the registry (None: installation-wide). Taken
        ``by`` a staff account, only within what that account may manage."""
        role = Role(role)
        unit_list = sorted(set(units))
        if not re.match(NAME_PATTERN, name):
            raise s_.USER_NAME_INVALID.error(found=name)
        _check_password(password)
        org = organisation_code(organisation)
        if by is not None:
            _check_manager(by, org)
        with self.db.session() as s:
            address = self._check(s, role, unit_list, email)
            if s.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
                raise s_.USER_EXISTS.error(found=name)
            row = UserRow(
                name=name,
                role=role.value,
                password_hash=self.hasher.hash(password),
                disabled=False,
                created_at=utcnow(),
                email=address,
                must_change_password=False,
                organisation=org,
            )
            s.add(row)
            s.flush()
            s.add_all(UserOrgUnitRow(user_id=row.id, org_unit_id=u) for u in unit_list)
            s.flush()
            return self._user(s, row)

    def get(self, name: str) -> User | None:
        with self.db.reading() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            return None if row is None else self._user(s, row)

    def acting(self, name: str, place: Place | None = None) -> User:
        """The enabled account ``name`` that a command acts as (``--by``); ``user-not-found``
        (at ``place``) when there is none or it is disabled."""
        user = self.get(name)
        if user is None or user.disabled:
            raise s_.USER_NOT_FOUND.error(place or Place(), found=name)
        return user

    def list_users(self) -> list[User]:
        with self.db.reading() as s:
            return [self._user(s, r) for r in s.scalars(select(UserRow).order_by(UserRow.name))]

    def disable(self, name: str, by: Named | None = None) -> User:
        """Disable a user: their sessions end and their API tokens stop working."""
        with self.db.session() as s:
            row = self._row(s, name, by)
            row.disabled = True
            s.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
            s.flush()
            return self._user(s, row)

    def enable(self, name: str, by: Named | None = None) -> User:
        """Re-enable a disabled user (their old sessions stay ended)."""
        with self.db.session() as s:
            row = self._row(s, name, by)
            row.disabled = False
            s.flush()
            return self._user(s, row)

    def update(
        self,
        name: str,
        role: Role | str,
        units: Iterable[str],
        email: str | None,
        organisation: str | Keep | None = KEEP,
        by: Named | None = None,
    ) -> User:
        """Change a user's role, org units, e-mail address and (unless :data:`KEEP`)
        organisation, with the same rules as adding."""
        role = Role(role)
        unit_list = sorted(set(units))
        org = None if isinstance(organisation, Keep) else organisation_code(organisation)
        with self.db.session() as s:
            row = self._row(s, name, by)
            if not isinstance(organisation, Keep):
                if by is not None:
                    _check_manager(by, org)
                row.organisation = org
            address = self._check(s, role, unit_list, email)
            row.role, row.email = role.value, address
            s.execute(delete(UserOrgUnitRow).where(UserOrgUnitRow.user_id == row.id))
            s.add_all(UserOrgUnitRow(user_id=row.id, org_unit_id=u) for u in unit_list)
            s.flush()
            return self._user(s, row)

    def emails_of_units(self, units: Iterable[str]) -> dict[str, list[str]]:
        """The e-mail addresses of the enabled editors of each org unit, sorted."""
        wanted = set(units)
        out: dict[str, set[str]] = {u: set() for u in wanted}
        with self.db.reading() as s:
            rows = s.execute(
                select(UserOrgUnitRow.org_unit_id, UserRow.email)
                .join(UserRow, UserRow.id == UserOrgUnitRow.user_id)
                .where(
                    UserRow.disabled.is_(False),
                    UserRow.email.is_not(None),
                    UserRow.role == Role.EDITOR.value,
                )
            )
            for unit, email in rows:
                if unit in wanted and email:
                    out[unit].add(email)
        return {u: sorted(v) for u, v in out.items()}

    def count(self) -> int:
        with self.db.reading() as s:
            return int(s.scalar(select(func.count()).select_from(UserRow)) or 0)

    # -- passwords -----------------------------------------------------------------

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when the password is right and the account enabled, else None."""
        with self.db.reading() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                # Spend the same time as a real check so names cannot be probed.
                self.hasher.hash(password)
                return None
            try:
                self.hasher.verify(row.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return None
            if row.disabled:
                return None
            user = self._user(s, row)
            stale = self.hasher.check_needs_rehash(row.password_hash)
        if stale:
            with self.db.session() as s:
                s.execute(
                    update(UserRow)
                    .where(UserRow.id == user.id)
                    .values(password_hash=self.hasher.hash(password))
                )
        return user

    def reset_password(self, name: str, by: Named | None = None) -> str:
        """A temporary password for ``name``, to be changed at the next log-in; the user's
        sessions end. Shown once: only its hash is stored."""
        temporary = secrets.token_urlsafe(12)
        with self.db.session() as s:
            row = self._row(s, name, by)
            row.password_hash = self.hasher.hash(temporary)
            row.must_change_password = True
            s.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
        return temporary

    def change_password(self, name: str, current: str, new: str) -> User:
        """A user's own password change: the current one must be right."""
        _check_password(new)
        if new == current:
            raise s_.PASSWORD_UNCHANGED.error()
        with self.db.session() as s:
            row = self._row(s, name)
            try:
                self.hasher.verify(row.password_hash, current)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                raise s_.PASSWORD_WRONG.error() from None
            row.password_hash = self.hasher.hash(new)
            row.must_change_password = False
            s.flush()
            return self._user(s, row)

    # -- two-factor log-in (TOTP) --------------------------------------------------

    def enrol_totp(self, name: str, secret: str, code: str) -> User:
        """Turn on two-factor log-in with ``secret`` once ``code`` shows the user's
        authenticator app has it."""
        if not re.match(r"^[A-Z2-7]{16,64}$", secret) or not totp_valid(secret, code):
            raise s_.TOTP_CODE_WRONG.error()
        with self.db.session() as s:
            row = self._row(s, name)
            row.totp_secret = secret
            s.flush()
            return self._user(s, row)

    def disable_totp(self, name: str) -> User:
        with self.db.session() as s:
            row = self._row(s, name)
            row.totp_secret = None
            s.flush()
            return self._user(s, row)

    def check_totp(self, user: User, code: str) -> bool:
        """Is ``code`` the current one-time code of the user's enrolled secret?"""
        with self.db.reading() as s:
            secret = s.scalar(select(UserRow.totp_secret).where(UserRow.id == user.id))
        return secret is not None and totp_valid(secret, code)

    # -- API tokens ----------------------------------------------------------------

    def create_token(self, name: str, label: str | None = None) -> str:
        """A new API token for ``name``; only its digest is stored, so show it once."""
        token = "shk_" + secrets.token_urlsafe(32)
        with self.db.session() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                raise s_.USER_NOT_FOUND.error(found=name)
            if row.disabled:
                raise s_.USER_DISABLED.error(found=name)
            s.add(
                ApiTokenRow(
                    user_id=row.id, token_hash=digest(token), label=label, created_at=utcnow()
                )
            )
        return token

    def user_for_token(self, token: str) -> User | None:
        """The user of a live (not revoked) token of an enabled account, else None."""
        with self.db.reading() as s:
            found = s.execute(
                select(UserRow, ApiTokenRow.id, ApiTokenRow.last_used_at)
                .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
                .where(ApiTokenRow.token_hash == digest(token), ApiTokenRow.revoked_at.is_(None))
            ).first()
            if found is None or found[0].disabled:
                return None
            user = self._user(s, found[0])
        now = utcnow()
        if found[2] is None or found[2] <= now - TOKEN_TOUCH:
            with self.db.session() as s:
                s.execute(
                    update(ApiTokenRow)
                    .where(
                        ApiTokenRow.id == found[1],
                        or_(
                            ApiTokenRow.last_used_at.is_(None),
                            ApiTokenRow.last_used_at <= now - TOKEN_TOUCH,
                        ),
                    )
                    .values(last_used_at=now)
                )
        return user

    def list_tokens(self, name: str | None = None) -> list[ApiToken]:
        """Every API token (or one user's), oldest first."""
        with self.db.reading() as s:
            q = select(ApiTokenRow, UserRow.name).join(UserRow, UserRow.id == ApiTokenRow.user_id)
            if name is not None:
                q = q.where(UserRow.name == name)
            return [_token(t, n) for t, n in s.execute(q.order_by(ApiTokenRow.id))]

    def revoke_token(self, token_id: int, who: str, by: Named | None = None) -> ApiToken:
        """Revoke one token (``who`` names the revoker in the record; with ``by``, only a
        token of an account ``by`` manages): it stops working at once; the others go on."""
        with self.db.session() as s:
            found = s.execute(
                select(ApiTokenRow, UserRow.name, UserRow.organisation)
                .join(UserRow, UserRow.id == ApiTokenRow.user_id)
                .where(ApiTokenRow.id == token_id)
            ).first()
            if found is None:
                raise s_.TOKEN_NOT_FOUND.error(found=str(token_id))
            row, owner, organisation = found
            if by is not None:
                _check_manager(by, organisation)
            if row.revoked_at is None:
                row.revoked_at, row.revoked_by = utcnow(), who[:64]
                s.flush()
            return _token(row, owner)

    # -- sessions ------------------------------------------------------------------

    def start_session(self, user: User, lifetime: timedelta) -> tuple[str, str]:
        """(session token, CSRF token) of a new session."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = utcnow()
        with self.db.session() as s:
            s.execute(delete(SessionRow).where(SessionRow.expires_at < now))
            s.add(
                SessionRow(
                    id=digest(token),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=now + lifetime,
                )
            )
        return token, csrf

    def session(self, token: str) -> tuple[User, str] | None:
        """(user, CSRF token) of a live session, else None."""
        with self.db.reading() as s:
            found = s.execute(
                select(UserRow, SessionRow)
                .join(SessionRow, SessionRow.user_id == UserRow.id)
                .where(SessionRow.id == digest(token))
            ).first()
            if found is None:
                return None
            user_row, session_row = found
            if user_row.disabled or session_row.expires_at <= utcnow():
                return None
            return self._user(s, user_row), session_row.csrf_token

    def end_session(self, token: str) -> None:
        with self.db.session() as s:
            s.execute(delete(SessionRow).where(SessionRow.id == digest(token)))

    # -- failed log-ins ------------------------------------------------------------

    def begin_login(self, username: str, ip: str, limits: LoginLimits) -> int | None:
        """Count a log-in attempt as failed before its password is checked, unless a limit
        is reached already (then None: refuse it unchecked).

        Check and record are one transaction under one lock, so parallel attempts cannot
        all pass the check before any of them is recorded. :meth:`end_login` takes the
        mark away when the password was right.
        """
        now = utcnow()
        since = now - limits.window
        name, addr = username[:64], ip[:64]
        with self.db.session() as s:
            if s.get_bind().dialect.name == "postgresql":
                s.execute(select(func.pg_advisory_xact_lock(_LOGIN_LOCK)))
            s.execute(delete(LoginFailureRow).where(LoginFailureRow.at < since))
            recent = select(func.count()).select_from(LoginFailureRow)
            recent = recent.where(LoginFailureRow.at >= since)
            by_name = s.scalar(recent.where(LoginFailureRow.username == name)) or 0
            by_addr = s.scalar(recent.where(LoginFailureRow.ip == addr)) or 0
            if by_name >= limits.per_account or by_addr >= limits.per_address:
                return None
            row = LoginFailureRow(username=name, ip=addr, at=now)
            s.add(row)
            s.flush()
            return row.id

    def end_login(self, attempt: int, username: str, ip: str) -> None:
        """A successful log-in: its attempt and the earlier failures of the name here go."""
        with self.db.session() as s:
            s.execute(
                delete(LoginFailureRow).where(
                    or_(
                        LoginFailureRow.id == attempt,
                        (LoginFailureRow.username == username[:64])
                        & (LoginFailureRow.ip == ip[:64]),
                    )
                )
            )


def organisation_code(text: str | None) -> str | None:
    """A user's organisation as typed (full-width digits, five-digit JIS codes too): the
    registry's 団体コード, or None for none (installation-wide; 国's own code 000000 is
    that level too). Raises ``org-code-invalid`` or ``org-unknown``."""
    if text is None or not text.strip():
        return None
    from shinchoku.orgs import NATION_CODE, registry

    code = registry().find(text).code
    return None if code == NATION_CODE else code


def _check_manager(by: Named, organisation: str | None) -> None:
    if not may_manage_user(by, organisation):
        raise s_.USER_OF_ANOTHER_ORGANISATION.error(
            user=by.name,
            organisation=organisation_words(by.organisation),
            target=organisation_words(organisation),
            found=organisation or "",
        )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise s_.PASSWORD_TOO_SHORT.error(minimum=MIN_PASSWORD)


def new_totp_secret() -> str:
    """A random base32 secret for an authenticator app."""
    import pyotp

    return pyotp.random_base32()


def totp_uri(secret: str, name: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads (typed in or as a QR code)."""
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=issuer)


def totp_valid(secret: str, code: str) -> bool:
    """Is ``code`` the secret's current six-digit code (one step of clock drift allowed)?"""
    import pyotp

    code = code.strip().replace(" ", "")
    return len(code) == 6 and code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


def _token(row: ApiTokenRow, owner: str) -> ApiToken:
    return ApiToken(
        id=row.id,
        user=owner,
        label=row.label,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
    )


def same_token(a: str, b: str) -> bool:
    """Constant-time comparison of two tokens."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))

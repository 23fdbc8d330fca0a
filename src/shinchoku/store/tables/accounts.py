"""Who may use the installation: users, their org units, API tokens, sessions, the
log-in limit's failures (migration ``0003``), the installation secret (``0008``), and
each user's organisation (``0012``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shinchoku.store.tables.base import Base, UtcDateTime

SECRET_BYTES = 32


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Migration 0010: where reminders go, a temporary password to replace, TOTP.
    email: Mapped[str | None] = mapped_column(String(254))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # Migration 0012: the organisation (団体コード) the user works for; None: installation-wide.
    organisation: Mapped[str | None] = mapped_column(String(6))


class UserOrgUnitRow(Base):
    """An editor's org units (ids of :class:`~shinchoku.model.OrgUnit`, any plan)."""

    __tablename__ = "user_org_units"

    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), primary_key=True)
    org_unit_id: Mapped[str] = mapped_column(String(), primary_key=True)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(64))


class SessionRow(Base):
    """A server-side log-in session; the cookie holds the token, the table its digest."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LoginFailureRow(Base):
    """A failed log-in — or one under way: an attempt counts as failed until it succeeds."""

    __tablename__ = "login_failures"
    __table_args__ = (Index(None, "username", "ip", "at"), Index(None, "ip", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class InstallationSecretRow(Base):
    """The one row holding the installation's signing key (hex)."""

    __tablename__ = "installation_secret"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 1
    secret: Mapped[str] = mapped_column(String(2 * SECRET_BYTES))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

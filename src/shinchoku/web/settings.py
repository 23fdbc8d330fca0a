"""The web app's one settings object: everything ``create_app`` needs, nothing read implicitly.

Nothing here reads the environment; the ``serve`` command builds a :class:`WebSettings`
from its options, and :func:`shinchoku.web.server.app_from_environment` (for uvicorn
worker processes) from one JSON variable it is handed.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from shinchoku.mail import MailSettings


class WebSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str = Field(description="sqlite:///file or postgresql://…")
    plan_id: str | None = Field(None, description="Plan the pages show; default: the only one")
    secure_cookies: bool = Field(
        True, description="Mark cookies Secure (turn off only for http:// on loopback)"
    )
    secret_key: str = Field(
        default_factory=lambda: secrets.token_urlsafe(32),
        description="Signs the pre-log-in cookie; share it between workers",
    )
    session_hours: float = Field(8.0, gt=0, description="Lifetime of a log-in session")
    login_max_failures: int = Field(
        5, ge=1, description="Failed log-ins allowed per user name per window (any address)"
    )
    login_max_failures_per_address: int = Field(
        30, ge=1, description="Failed log-ins allowed per address per window (any user name)"
    )
    login_window_seconds: int = Field(300, ge=1, description="Log-in rate-limit window")
    build_dir: Path | None = Field(
        None, description="Where generated downloads are cached; default a temporary folder"
    )
    default_lang: str = Field("ja", pattern="^(ja|en)$")
    cache_size: int = Field(8, ge=1, description="Plan views kept in memory per worker")
    upload_max_bytes: int = Field(
        64 * 1024 * 1024,
        ge=1024,
        description="Largest file a staff form takes (an indicator set, a survey file)",
    )
    mail: MailSettings | None = Field(
        None, description="The SMTP server reminders go through; None: no mail is sent"
    )
    site_url: str | None = Field(
        None, description="The site's address in mails (https://…); default the request's"
    )

"""E-mail from the policy office: reminders to the divisions that have not submitted.

Mail goes through a real SMTP server named in :class:`MailSettings` (host, port, sender,
STARTTLS and a log-in optional), read from the environment by ``shinchoku serve`` and
``shinchoku remind``. A division's addresses are those of its enabled editors (users
have an e-mail address). The message is the template ``reminder.txt`` (Japanese), with
the year's deadline and a link to the division's work; every message handed to the
server is recorded (who sent it, to whom, when, the subject) and listed on the office's
round page.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel, ConfigDict, Field

from shinchoku.inquiry.forms import OFFICE_LABEL
from shinchoku.inquiry.layout import date_label, year_label
from shinchoku.model import Plan
from shinchoku.problems import Place
from shinchoku.problems import store as s_
from shinchoku.store import Database
from shinchoku.store.accounts import Accounts
from shinchoku.store.history import SentMail, Workflow
from shinchoku.workflow import UnitState, submitting_units
from shinchoku.workload import UnitWork

# Where a division does its year's work, below the site's address.
WORK_PATH = "/staff/my"
REMINDER = "reminder"

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent),
    undefined=StrictUndefined,
    autoescape=False,  # plain text mail; nothing here is HTML
    keep_trailing_newline=True,
)


class MailSettings(BaseModel):
    """The SMTP server the office's mail goes through."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = Field(description="SMTP server host")
    port: int = Field(25, ge=1, le=65535, description="SMTP server port")
    sender: str = Field(description="From: address")
    starttls: bool = Field(False, description="Upgrade the connection with STARTTLS")
    username: str | None = Field(None, description="Log-in name, when the server wants one")
    password: str | None = Field(None, description="Log-in password")
    timeout: float = Field(30.0, gt=0, description="Seconds to wait for the server")
    office: str = Field(OFFICE_LABEL, description="The signature under each message")

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> MailSettings | None:
        """``SHINCHOKU_SMTP_HOST`` (required to send), ``_PORT``, ``_FROM``, ``_STARTTLS``
        (1/true), ``_USER``, ``_PASSWORD`` and ``SHINCHOKU_MAIL_OFFICE``; None without a host."""
        host = env.get("SHINCHOKU_SMTP_HOST", "").strip()
        if not host:
            return None
        return cls(
            host=host,
            port=int(env.get("SHINCHOKU_SMTP_PORT") or 25),
            sender=env.get("SHINCHOKU_SMTP_FROM") or f"shinchoku@{host}",
            starttls=env.get("SHINCHOKU_SMTP_STARTTLS", "").lower() in ("1", "true", "yes"),
            username=env.get("SHINCHOKU_SMTP_USER") or None,
            password=env.get("SHINCHOKU_SMTP_PASSWORD") or None,
            office=env.get("SHINCHOKU_MAIL_OFFICE") or OFFICE_LABEL,
        )


@dataclass(frozen=True, slots=True)
class Letter:
    unit_id: str
    to: str
    subject: str
    body: str


@dataclass(slots=True)
class Reminders:
    """What a round of reminders did: mails sent, divisions with no address to send to."""

    sent: list[SentMail] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)


def reminder_letters(
    plan: Plan,
    year: int,
    units: Iterable[str],
    addresses: Mapping[str, list[str]],
    work: Mapping[str, UnitWork],
    deadline: str | None,
    site_url: str,
    office: str = OFFICE_LABEL,
) -> list[Letter]:
    """The reminder to each address of each division in ``units``."""
    template = _ENV.get_template("reminder.txt")
    letters: list[Letter] = []
    for unit_id in units:
        unit = plan.org_unit(unit_id)
        w = work.get(unit_id)
        subject = f"【{plan.name}】{year_label(year)}実績の提出のお願い（{unit.label}）"
        body = template.render(
            division=unit.label,
            plan=plan.name,
            year=year_label(year),
            deadline=deadline,
            empty=len(w.empty) if w else 0,
            errors=len(w.errors) if w else 0,
            link=site_url.rstrip("/") + WORK_PATH,
            office=office,
        )
        letters.extend(Letter(unit_id, to, subject, body) for to in addresses.get(unit_id, []))
    return letters


def send_reminders(
    db: Database,
    plan: Plan,
    year: int,
    settings: MailSettings,
    site_url: str,
    by: str,
    work: Mapping[str, UnitWork],
) -> Reminders:
    """Remind every division of the open ``year`` that has not submitted, and record each
    mail. A server that refuses stops the round; the mails sent before it stay recorded."""
    wf = Workflow(db)
    status = wf.status(plan.id, year)
    if not status.is_open:
        raise s_.YEAR_NOT_OPEN.error(Place(year=year), state=s_.YEAR_STATE_WORDS[status.state])
    waiting = [u for u in submitting_units(plan) if status.unit_state(u) is UnitState.DRAFT]
    addresses = Accounts(db).emails_of_units(waiting)
    dl = wf.deadline(plan.id, year)
    letters = reminder_letters(
        plan,
        year,
        waiting,
        addresses,
        work,
        date_label(dl.deadline) if dl else None,
        site_url,
        settings.office,
    )
    done = Reminders(no_address=[u for u in waiting if not addresses.get(u)])
    if not letters:
        return done
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            for letter in letters:
                smtp.send_message(_message(settings, letter))
                done.sent.append(
                    wf.record_mail(
                        plan.id, year, REMINDER, letter.unit_id, letter.to, letter.subject, by
                    )
                )
    except (smtplib.SMTPException, OSError) as exc:
        raise s_.MAIL_FAILED.error(
            Place(year=year),
            found=str(exc),
            server=f"{settings.host}:{settings.port}",
            sent=len(done.sent),
            total=len(letters),
        ) from exc
    return done


def _message(settings: MailSettings, letter: Letter) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = letter.to
    msg["Subject"] = letter.subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    msg.set_content(letter.body, charset="utf-8")
    return msg

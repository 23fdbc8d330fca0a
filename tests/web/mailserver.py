"""A local SMTP server (aiosmtpd) for the mail tests, and a site that sends to it: the
messages are really sent over SMTP and parsed as received, never mocked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import Message
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

from shinchoku.mail import MailSettings
from shinchoku.web import create_app
from tests.web.browser import free_port
from tests.web.conftest import Site, make_settings

SITE_URL = "https://shinchoku.pref.example.jp"
SENDER = "office@pref.example.jp"


class Inbox(MessageHandler):
    """Every message the local SMTP server received, parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Message] = []

    def handle_message(self, message: Message) -> None:
        self.messages.append(message_from_bytes(message.as_bytes(), policy=default_policy))


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def mail_site(site_factory: Callable[[], Site], smtp: tuple[Inbox, int]) -> Site:
    """A site whose reminders go to the local SMTP server."""
    site = site_factory()
    settings = make_settings(site.url, site.tmp_path).model_copy(
        update={
            "mail": MailSettings(host="127.0.0.1", port=smtp[1], sender=SENDER),
            "site_url": SITE_URL,
        }
    )
    site.app = create_app(settings)
    return site


def body(message: Message) -> str:
    part = message.get_body()  # type: ignore[attr-defined]
    return str(part.get_content())

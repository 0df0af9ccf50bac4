"""A real SMTP server on loopback (aiosmtpd) for the delivery tests, and a way to run the
worker's queue in the test's own transaction.

Each test process (one per pytest-xdist worker) starts its own server on a port the system
gives it, so parallel runs never share an inbox."""

from __future__ import annotations

import email
import socket
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Arrived:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        # Folding a long encoded header may leave whitespace at the seams; it is not text.
        return " ".join(str(self.message["Subject"]).split())

    @property
    def body(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def raw(self) -> str:
        return self.message.as_string()


class Inbox:
    """What the server received, in order."""

    def __init__(self):
        self.messages: list[Arrived] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(Arrived(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Arrived]:
        return [m for m in self.messages if address in m.rcpt_tos]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Start an SMTP server on 127.0.0.1 and point Django's SMTP backend at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture
def closed_smtp(settings):
    """An SMTP address where nothing listens: every send fails."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_TIMEOUT = 2

"""The demo's and the tests' post office: what would be sent is kept in OutboxEntry, which
the administrator reads in the admin. Settings refuse it in production."""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend

from los.notifications.models import Channel, OutboxEntry


class OutboxEmailBackend(BaseEmailBackend):
    """Django e-mail backend that stores each message instead of sending it."""

    def send_messages(self, email_messages) -> int:
        entries = [
            OutboxEntry(
                channel=Channel.EMAIL,
                to=", ".join(message.recipients()),
                subject=message.subject,
                body=message.body,
            )
            for message in email_messages
        ]
        OutboxEntry.objects.bulk_create(entries)
        return len(entries)

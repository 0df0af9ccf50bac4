"""SMS through a gateway: one interface, a provider adapter chosen by LOS_SMS_DELIVERY.

- `outbox` (demo and tests): keep what would be sent in the outbox (admin: Utboks);
- `http`: POST {"to", "from", "text"} as JSON to LOS_SMS_GATEWAY_URL with
  `Authorization: Bearer LOS_SMS_GATEWAY_TOKEN`; any answer but 2xx is a failed send, which
  the notice worker retries. A provider with another API gets its own adapter here.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings

from los.notifications.models import Channel, OutboxEntry


class SmsError(Exception):
    """The gateway did not take the message."""


class OutboxSmsBackend:
    def send(self, to: str, text: str) -> None:
        OutboxEntry.objects.create(channel=Channel.SMS, to=to, body=text)


class HttpSmsBackend:
    timeout = 15

    def send(self, to: str, text: str) -> None:
        body = json.dumps({"to": to, "from": settings.LOS_SMS_SENDER, "text": text}).encode()
        request = urllib.request.Request(  # noqa: S310 - the operator's configured https URL
            settings.LOS_SMS_GATEWAY_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.LOS_SMS_GATEWAY_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                status = answer.status
        except urllib.error.HTTPError as error:
            raise SmsError(f"HTTP {error.code}") from error
        except OSError as error:
            raise SmsError(type(error).__name__) from error
        if not 200 <= status < 300:
            raise SmsError(f"HTTP {status}")


BACKENDS = {"outbox": OutboxSmsBackend, "http": HttpSmsBackend}


def sms_backend():
    return BACKENDS[settings.LOS_SMS_DELIVERY]()

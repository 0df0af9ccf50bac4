"""The HTTP SMS adapter against a real HTTP server on loopback: what the gateway receives,
and that an error answer is a failed send that is retried."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from los.notifications import services
from los.notifications.models import Kind, Notice, Status

pytestmark = pytest.mark.django_db


class Gateway(BaseHTTPRequestHandler):
    received: list = []
    answer = 202

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), json.loads(body)))
        self.send_response(type(self).answer)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    Gateway.received, Gateway.answer = [], 202
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.LOS_SMS_DELIVERY = "http"
    settings.LOS_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.LOS_SMS_GATEWAY_TOKEN = "gateway-token"
    settings.LOS_SMS_SENDER = "Los"
    yield Gateway
    server.shutdown()
    server.server_close()


def _sms(world):
    return Notice.objects.create(
        kind=Kind.QUESTIONNAIRE_DUE,
        channel="sms",
        recipient=world.participant_user,
        address="+4791234567",
        link="/deltakere/",
    )


def test_the_gateway_gets_the_number_the_sentence_and_the_token(world, gateway):
    notice = _sms(world)

    assert services.deliver(notice.pk) == Status.SENT

    [(headers, body)] = gateway.received
    assert headers["Authorization"] == "Bearer gateway-token"
    assert body == {
        "to": "+4791234567",
        "from": "Los",
        "text": "Du har et skjema å fylle ut i Los: http://127.0.0.1:8000/deltakere/",
    }


def test_an_error_from_the_gateway_is_retried(world, gateway):
    gateway.answer = 503
    notice = _sms(world)

    assert services.deliver(notice.pk) == Status.PENDING

    notice.refresh_from_db()
    assert notice.attempts == 1 and notice.next_attempt_at is not None
    assert "503" in notice.last_error

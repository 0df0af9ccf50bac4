"""The real thing: a change commits, `manage.py db_worker` runs as its own process (as in
production and `make demo`) and the mail arrives at the SMTP server on loopback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction

from los.notifications.models import Kind, Notice, Status, WorkerHeartbeat
from los.notifications.services import notify
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_sends_what_a_committed_change_queued(smtp):
    user = UserFactory(email="kari.veileder@example.no")
    with transaction.atomic():
        notify(Kind.MESSAGE, [user.pk], link="/deltakere/", about="thread:1", throttle=True)
    assert smtp.messages == []  # queued, not sent: sending is the worker's

    database = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOS_")}
    env.update(
        LOS_ENVIRONMENT="test",
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        LOS_EMAIL_DELIVERY="smtp",
        LOS_EMAIL_HOST="127.0.0.1",
        LOS_EMAIL_PORT=str(smtp.port),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    [mail] = smtp.messages
    assert mail.rcpt_tos == ["kari.veileder@example.no"]
    assert mail.subject == "Du har en ny melding i Los"
    assert Notice.objects.get().status == Status.SENT
    # The worker beat its heart when it started (/health reads it).
    assert WorkerHeartbeat.objects.count() == 1


@pytest.mark.django_db
def test_health_watches_the_workers_heartbeat(client, settings):
    import datetime

    from django.utils import timezone

    from los.notifications import heartbeat

    settings.LOS_WORKER_HEARTBEAT_SECONDS = 15
    # No worker has ever run: nothing to watch.
    assert client.get("/health").json()["checks"]["task_worker"]["status"] == "not_configured"

    now = timezone.now()
    heartbeat.beat("worker-a", now=now - datetime.timedelta(seconds=30))
    assert client.get("/health").json()["checks"]["task_worker"]["status"] == "ok"

    heartbeat.beat("worker-a", now=now - datetime.timedelta(seconds=60))
    response = client.get("/health")
    assert response.json()["checks"]["task_worker"]["status"] == "down"
    assert response.status_code == 503

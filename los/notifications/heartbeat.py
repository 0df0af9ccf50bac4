"""The worker's heartbeat (models.WorkerHeartbeat), written by a thread beside the worker's
loop and read by /health. The database, not the cache: the demo's cache is per process."""

from __future__ import annotations

import datetime
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from los.notifications.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, now=None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id[:64], defaults={"beat_at": now})
    # A stopped worker's row stays (so /health says down), but not past a day.
    WorkerHeartbeat.objects.filter(beat_at__lt=now - datetime.timedelta(days=1)).delete()


def worker_status(now=None) -> str | None:
    """ "ok", "down", or None where no worker has ever beaten."""
    newest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
    newest = newest.first()
    if newest is None:
        return None
    limit = datetime.timedelta(seconds=3 * settings.LOS_WORKER_HEARTBEAT_SECONDS)
    return "ok" if (now or timezone.now()) - newest <= limit else "down"


def start(worker_id: str) -> threading.Event:
    """Beat now, then every interval in a daemon thread until the returned event is set."""
    beat(worker_id)
    stop = threading.Event()

    def run():
        while not stop.wait(settings.LOS_WORKER_HEARTBEAT_SECONDS):
            try:
                close_old_connections()
                beat(worker_id)
            except Exception:  # a missed beat shows in /health; the thread keeps trying
                logger.exception("Worker heartbeat failed")
            finally:
                connection.close()

    threading.Thread(target=run, name="los-worker-heartbeat", daemon=True).start()
    return stop

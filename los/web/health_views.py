"""`/health`: whether this server process can do its work, for the operator's load balancer
and monitoring. No login, no personal data, no access-log row: it reads nothing about
anyone. Answers 200 when every configured dependency works and 503 when one does not.

The answer names each check and its status, never an exception's text: the endpoint is
open to anyone who reaches the server, and a driver's message would tell them host names,
database and user names. The reason goes to the server's log instead.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
DOWN = "down"
NOT_CONFIGURED = "not_configured"


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _cache() -> str:
    # A key of its own per check, so parallel probes on several workers never read each
    # other's value, and a short timeout, so a check cut short leaves nothing behind.
    key = f"los:health:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        return OK if cache.get(key) == value else DOWN
    finally:
        cache.delete(key)


def _static_files() -> str:
    # Production serves the hashed copies listed in the manifest that collectstatic writes;
    # a server started without it fails every page on the layout's stylesheet (the storage
    # raises ValueError), so the probe must fail too.
    staticfiles_storage.url("los/los.css")
    return OK


def _task_worker() -> str:
    # The background worker (`manage.py db_worker`, docs/notifications.md) writes a heartbeat
    # to the database every few seconds: DOWN once the newest is older than three intervals,
    # NOT_CONFIGURED where no worker has ever run (a server without notices to send).
    from los.notifications.heartbeat import worker_status

    return {"ok": OK, "down": DOWN, None: NOT_CONFIGURED}[worker_status()]


# Name → check. A check returns a status or raises; both DOWN and an exception fail it.
CHECKS: dict[str, Callable[[], str]] = {
    "database": _database,
    "cache": _cache,
    "static_files": _static_files,
    "task_worker": _task_worker,
}


def _run(name: str, check: Callable[[], str]) -> dict:
    started = time.perf_counter()
    try:
        status = check()
    except Exception:
        logger.exception("Health check %s failed", name)
        status = DOWN
    return {"status": status, "ms": round((time.perf_counter() - started) * 1000, 1)}


@never_cache
@require_safe
def health(request):
    checks = {name: _run(name, check) for name, check in CHECKS.items()}
    healthy = all(result["status"] != DOWN for result in checks.values())
    return JsonResponse(
        {"status": OK if healthy else DOWN, "checks": checks}, status=200 if healthy else 503
    )

"""/health in the application: open to anyone, the same for everyone, and silent in the
access log (it reads nothing about anyone). The real server and broken dependencies are in
tests/test_server.py."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from los.access.models import AccessLogEntry, ChangeLogEntry

pytestmark = pytest.mark.django_db


def test_health_reads_no_one_and_logs_no_access(client, world):
    client.force_login(world.counsellor)
    reads_before = AccessLogEntry.objects.count()
    changes_before = ChangeLogEntry.objects.count()

    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert AccessLogEntry.objects.count() == reads_before
    assert ChangeLogEntry.objects.count() == changes_before
    assert world.participant.first_name not in response.content.decode()


def test_health_answers_the_same_signed_in_or_not(client, world):
    anonymous = json.loads(client.get(reverse("health")).content)
    client.force_login(world.counsellor)
    signed_in = json.loads(client.get(reverse("health")).content)

    def statuses(body):
        return {name: check["status"] for name, check in body["checks"].items()}

    assert (
        statuses(anonymous)
        == statuses(signed_in)
        == {
            "database": "ok",
            "cache": "ok",
            "static_files": "ok",
            "task_worker": "not_configured",
        }
    )


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # a closed port: the cache is really down
        }
    }
)
def test_health_is_503_when_the_cache_is_down(client):
    response = client.get(reverse("health"))

    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache"]["status"] == "down"

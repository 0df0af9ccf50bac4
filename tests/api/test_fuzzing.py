"""schemathesis against the OpenAPI document (docs/api.md, «Fuzzing»): for every operation a
bounded number of generated requests, as a counsellor with a key that may write and as a
participant in their browser session; zero server errors and zero answers that break the
document (status codes, media types and bodies as documented)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from los.api.models import Scope
from los.wsgi import application
from tests.api.conftest import issue_key

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Enough to find a crash on each operation, few enough for make test (docs/api.md).
EXAMPLES = 25


@pytest.fixture(autouse=True)
def _connection_kept_open():
    """The WSGI handler closes the database connection when a request ends, which would
    close the test's transaction; Django's own test client keeps it open the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["counsellor", "participant"])
def headers(request, client, world):
    """A counsellor with a key that may write, or the participant in their browser session."""
    from django.conf import settings as django_settings

    if request.param == "counsellor":
        return {"Authorization": f"Bearer {issue_key(world.counsellor, Scope.WRITE)}"}
    client.force_login(world.participant_user)
    name = django_settings.SESSION_COOKIE_NAME
    return {"Cookie": f"{name}={client.cookies[name].value}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_holds_to_its_document(case, headers):
    case.call_and_validate(headers=headers, checks=CHECKS)

"""Lists and overviews use a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from los.access.models import AccessLogEntry
from los.core.vocabulary import Category, OrganisationKind, Role
from tests.factories import (
    OrganisationFactory,
    ParticipantFactory,
    add_to_team,
    give_consent,
    staff_user,
)

pytestmark = pytest.mark.django_db


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _caseload(size):
    office = OrganisationFactory(kind=OrganisationKind.NAV_OFFICE)
    counsellor = staff_user(office, Role.COUNSELLOR)
    for _ in range(size):
        add_to_team(ParticipantFactory(), counsellor, office, Role.COUNSELLOR)
    return counsellor


def _busy_record(size):
    office = OrganisationFactory(kind=OrganisationKind.NAV_OFFICE)
    counsellor = staff_user(office, Role.COUNSELLOR)
    participant = ParticipantFactory()
    add_to_team(participant, counsellor, office, Role.COUNSELLOR)
    for _ in range(size - 1):
        dps = OrganisationFactory(kind=OrganisationKind.HEALTH_TRUST)
        therapist = staff_user(dps, Role.THERAPIST, mfa=False)
        add_to_team(participant, therapist, dps, Role.THERAPIST)
    for number in range(size):
        give_consent(participant, office, Category.HEALTH_SUMMARY, counsellor, purpose=f"F{number}")
        AccessLogEntry.objects.create(
            user=counsellor,
            user_name="x",
            participant=participant,
            category=Category.CORE,
            what="deltakerside",
            basis="team",
        )
    return counsellor, participant


def test_participant_search_uses_the_same_queries_for_1_and_50_participants(client):
    one = _caseload(1)
    fifty = _caseload(50)

    client.force_login(one)
    with_one = _count_queries(client, reverse("participant_list"))
    client.force_login(fifty)
    with_fifty = _count_queries(client, reverse("participant_list"))

    assert with_one == with_fifty


def test_participant_page_uses_the_same_queries_for_1_and_50_team_members(client):
    small_user, small = _busy_record(1)
    large_user, large = _busy_record(50)

    client.force_login(small_user)
    with_one = _count_queries(client, reverse("participant_detail", args=[small.public_id]))
    client.force_login(large_user)
    with_fifty = _count_queries(client, reverse("participant_detail", args=[large.public_id]))

    assert with_one == with_fifty


def test_access_log_page_uses_the_same_queries_for_1_and_50_entries(client):
    small_user, small = _busy_record(1)
    large_user, large = _busy_record(50)

    client.force_login(small_user)
    with_one = _count_queries(client, reverse("access_log", args=[small.public_id]))
    client.force_login(large_user)
    with_fifty = _count_queries(client, reverse("access_log", args=[large.public_id]))

    assert with_one == with_fifty

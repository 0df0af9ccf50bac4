"""Registering someone who is already in Los becomes a request to the person's team: the
requester gets the same receipt whoever the person is, naming no team, no name and no
protected address; the request is logged, the team's care roles accept or decline it, and
the participant sees that someone asked."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from los.access.models import ChangeLogEntry
from los.accounts.models import StaffRole
from los.core.vocabulary import ProtectedAddress, Role
from los.participants.models import AccessRequest, AccessRequestState, CareTeamMembership

pytestmark = pytest.mark.django_db

REASON = "Henvist fra fastlegen for arbeidsrettet oppfølging."


def _register(client, user, participant, **overrides):
    client.force_login(user)
    data = {
        "acting_role": StaffRole.objects.get(user=user).pk,
        "first_name": "Hvem",
        "last_name": "Somhelst",
        "national_id": participant.national_id,
        "phone": "",
        "email": "",
        "municipality": "",
        "protected_address": "",
        "reason": REASON,
    }
    data.update(overrides)
    return client.post(reverse("participant_register"), data, follow=True)


def _without_request_details(html: str) -> str:
    return re.sub(r'nonce="[^"]*"', "", re.sub(r'value="[A-Za-z0-9]{64}"', "", html))


def _answer(client, user, world, request, answer):
    client.force_login(user)
    return client.post(
        reverse("access_request_answer", args=[world.participant.public_id, request.pk]),
        {"answer": answer},
    )


def test_registering_someone_in_los_sends_a_request_and_a_receipt_that_names_nobody(client, world):
    before = timezone.now()
    response = _register(client, world.colleague, world.participant)

    assert response.redirect_chain[-1][0] == reverse("access_request_sent")
    page = response.content.decode()
    for told in [
        "Sara",
        "Deltaker",
        "allerede registrert",
        "ikke registrert på nytt",
        "hvem som følger opp personen",
        "Kari Veileder",
        "kode",
    ]:
        assert told not in page
    assert "Hvis personen allerede følges opp i Los" in page
    assert "Forespørselen er logget, og personen kan se den." in page
    request = AccessRequest.objects.get()
    assert (request.participant, request.requester, request.role, request.organisation) == (
        world.participant,
        world.colleague,
        Role.COUNSELLOR,
        world.nav_office,
    )
    assert (request.reason, request.state) == (REASON, AccessRequestState.WAITING)
    assert before <= request.requested_at <= timezone.now()
    log = ChangeLogEntry.objects.get(participant=world.participant)
    assert (log.actor, log.action, log.object_id) == (
        world.colleague,
        "access_request.made",
        str(request.pk),
    )


def test_the_receipt_is_the_same_for_a_person_with_a_protected_address(client, world):
    world.other_participant.protected_address = ProtectedAddress.STRICTLY_CONFIDENTIAL
    world.other_participant.save()

    ordinary = _register(client, world.colleague, world.participant)
    protected = _register(client, world.colleague, world.other_participant)

    assert _without_request_details(ordinary.content.decode()) == _without_request_details(
        protected.content.decode()
    )
    assert AccessRequest.objects.filter(participant=world.other_participant).exists()


def test_asking_twice_makes_one_waiting_request(client, world):
    _register(client, world.colleague, world.participant)
    _register(client, world.colleague, world.participant)

    assert AccessRequest.objects.count() == 1
    assert ChangeLogEntry.objects.filter(participant=world.participant).count() == 2


def test_a_team_member_who_registers_the_person_again_is_told_so(client, world):
    response = _register(client, world.counsellor, world.participant)

    assert "allerede med i teamet" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_the_teams_care_roles_see_the_request_and_accept_it(client, world):
    _register(client, world.colleague, world.participant)
    request = AccessRequest.objects.get()
    client.force_login(world.counsellor)

    page = client.get(reverse("participant_detail", args=[world.participant.public_id]))
    before = timezone.now()
    response = _answer(client, world.counsellor, world, request, "accept")

    assert "Jon Kollega" in page.content.decode()
    assert REASON in page.content.decode()
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.state, request.decided_by) == (AccessRequestState.ACCEPTED, world.counsellor)
    assert before <= request.decided_at <= timezone.now()
    membership = CareTeamMembership.objects.active().get(
        participant=world.participant, user=world.colleague
    )
    assert (membership.role, membership.organisation, membership.start_date) == (
        Role.COUNSELLOR,
        world.nav_office,
        timezone.localdate(),
    )
    actions = set(
        ChangeLogEntry.objects.filter(actor=world.counsellor).values_list("action", flat=True)
    )
    assert {"access_request.accepted", "team.member_added"} <= actions
    client.force_login(world.colleague)
    detail = client.get(reverse("participant_detail", args=[world.participant.public_id]))
    assert detail.status_code == 200


def test_a_declined_request_leaves_the_requester_outside(client, world):
    _register(client, world.colleague, world.participant)
    request = AccessRequest.objects.get()

    _answer(client, world.therapist, world, request, "decline")

    request.refresh_from_db()
    assert (request.state, request.decided_by) == (AccessRequestState.DECLINED, world.therapist)
    assert ChangeLogEntry.objects.filter(action="access_request.declined").count() == 1
    client.force_login(world.colleague)
    detail = client.get(reverse("participant_detail", args=[world.participant.public_id]))
    assert detail.status_code == 404


def test_a_request_is_answered_once(client, world):
    _register(client, world.colleague, world.participant)
    request = AccessRequest.objects.get()
    _answer(client, world.counsellor, world, request, "decline")

    _answer(client, world.counsellor, world, request, "accept")

    request.refresh_from_db()
    assert request.state == AccessRequestState.DECLINED
    assert not CareTeamMembership.objects.filter(user=world.colleague).exists()


def test_accepting_follows_the_team_rules(client, world):
    _register(client, world.colleague, world.participant)
    request = AccessRequest.objects.get()
    StaffRole.objects.filter(user=world.colleague).update(active=False)

    response = _answer(client, world.counsellor, world, request, "accept")

    request.refresh_from_db()
    assert request.state == AccessRequestState.WAITING
    assert not CareTeamMembership.objects.filter(user=world.colleague).exists()
    assert response.status_code == 302


def test_read_only_roles_and_outsiders_cannot_answer(client, world):
    _register(client, world.colleague, world.participant)
    request = AccessRequest.objects.get()
    client.force_login(world.employer_contact)
    page = client.get(reverse("participant_detail", args=[world.participant.public_id]))

    employer = _answer(client, world.employer_contact, world, request, "accept")
    outsider = _answer(client, world.outsider, world, request, "accept")
    requester = _answer(client, world.colleague, world, request, "accept")

    assert "Jon Kollega" not in page.content.decode()
    assert (employer.status_code, outsider.status_code, requester.status_code) == (403, 404, 404)
    request.refresh_from_db()
    assert request.state == AccessRequestState.WAITING


def test_the_participant_sees_that_someone_asked(client, world):
    _register(client, world.colleague, world.participant)
    client.force_login(world.participant_user)

    page = client.get(reverse("access_log", args=[world.participant.public_id])).content.decode()

    assert "Jon Kollega" in page
    assert "ba om å bli med i teamet ditt" in page


def test_the_caseload_lists_waiting_requests_to_those_who_answer_them(client, world):
    from los.access.models import AccessLogEntry

    _register(client, world.colleague, world.participant)

    client.force_login(world.counsellor)
    counsellor_page = client.get(reverse("participant_list")).content.decode()
    client.force_login(world.employer_contact)
    employer_page = client.get(reverse("participant_list")).content.decode()

    assert "Jon Kollega, NAV-veileder, NAV Bodø, venter på svar" in counsellor_page
    assert "Jon Kollega" not in employer_page
    assert AccessLogEntry.objects.filter(
        user=world.counsellor,
        participant=world.participant,
        what="forespørsel om å bli med i teamet",
    ).exists()


def test_the_participant_reads_that_a_team_member_saw_the_request(client, world):
    _register(client, world.colleague, world.participant)
    client.force_login(world.counsellor)
    client.get(reverse("participant_list"))

    client.force_login(world.participant_user)
    page = client.get(reverse("access_log", args=[world.participant.public_id])).content.decode()

    assert "så at noen har bedt om å bli med i teamet ditt" in page


def test_registering_and_asking_follow_the_writing_pace_whoever_the_person_is(
    client, world, settings
):
    """A script trying national ids one after another is stopped like one writing notes,
    and at the same count whether the numbers are in Los or not. The hourly window is the
    one counted: a slow run could straddle a minute's end and start the count again."""
    import datetime
    import random

    from django.core.cache import cache

    from los.core.identifiers import synthetic_national_id
    from los.core.pace import parse_limits
    from los.participants.models import Participant

    settings.LOS_WRITING_LIMITS = "1000/m,10/h"
    per_hour = parse_limits(settings.LOS_WRITING_LIMITS)[1][0]
    cache.clear()
    try:
        for _number in range(per_hour - 1):
            _register(client, world.colleague, world.participant)
        number = synthetic_national_id(datetime.date(1990, 5, 17), random.Random(7))
        new_person = _register(client, world.colleague, world.participant, national_id=number)
        before = Participant.objects.count()
        refused = _register(client, world.colleague, world.other_participant)
    finally:
        cache.clear()

    assert new_person.redirect_chain
    assert refused.status_code == 429
    assert "Du har sendt inn mye tekst på kort tid" in refused.content.decode()
    assert not AccessRequest.objects.filter(participant=world.other_participant).exists()
    assert Participant.objects.count() == before

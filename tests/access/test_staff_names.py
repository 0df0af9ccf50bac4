"""Staff are named in the record only as far as the viewer may see them on the team
(ParticipantAccess.can_name_staff): an employer contact must not learn from an author's
name that a therapist or a job specialist follows the person up."""

import pytest
from django.urls import reverse
from django.utils import timezone

from los.access.policy import load_access
from los.core.vocabulary import Category, Role
from los.followup.models import Message
from los.meetings.models import Invitation
from los.plans.models import ActivityVersion
from tests.factories import give_consent

pytestmark = pytest.mark.django_db

THERAPIST = "Lise Behandler"
COUNSELLOR = "Kari Veileder"


@pytest.fixture
def record(world):
    """The participant let the employer see the plan; the therapist and the counsellor have
    written in it, and the employer contact is invited to the meeting whose minutes the
    therapist published."""
    give_consent(world.participant, world.employer, Category.PLAN, world.counsellor)
    ActivityVersion.objects.create(
        activity=world.activity,
        version=1,
        changed_by=world.therapist,
        action="created",
        snapshot={},
    )
    Message.objects.create(
        thread=world.thread, author=world.therapist, text="Hvordan går det?", from_participant=False
    )
    Message.objects.create(
        thread=world.thread, author=world.counsellor, text="Vi ses snart.", from_participant=False
    )
    Invitation.objects.create(
        meeting=world.meeting,
        user=world.employer_contact,
        role=Role.EMPLOYER_CONTACT,
        organisation=world.employer,
    )
    world.meeting.minutes = "Vi ble enige om arbeidstrening."
    world.meeting.minutes_published_at = timezone.now()
    world.meeting.minutes_published_by = world.therapist
    world.meeting.save()
    return world


def _page(client, user, name, world, **kwargs):
    client.force_login(user)
    response = client.get(
        reverse(name, kwargs={"public_id": world.participant.public_id, **kwargs})
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_timeline_names_no_one_outside_the_employer_contacts_workplace(client, record):
    timeline = _page(client, record.employer_contact, "participant_detail", record)

    assert "Søke på tre butikkjobber" in timeline  # the activity is there, its author is not
    assert THERAPIST not in timeline
    assert COUNSELLOR not in timeline


def test_the_dialogue_names_no_one_outside_the_employer_contacts_workplace(client, record):
    thread = _page(
        client, record.employer_contact, "thread_detail", record, thread_id=record.thread.pk
    )

    assert "Hvordan går det?" in thread
    assert THERAPIST not in thread
    assert COUNSELLOR not in thread
    assert "en i teamet" in thread


def test_a_meeting_names_the_organiser_but_never_the_therapist(client, record):
    """In a meeting they are invited to they meet the organiser, never the therapist
    (no consent for the health summary), not even as the one who published the minutes."""
    meeting = _page(
        client, record.employer_contact, "meeting_detail", record, meeting_id=record.meeting.pk
    )

    assert "Vi ble enige om arbeidstrening." in meeting
    assert COUNSELLOR in meeting
    assert THERAPIST not in meeting


def test_care_roles_read_every_name(client, record):
    world = record
    timeline = _page(client, world.counsellor, "participant_detail", world)
    thread = _page(client, world.counsellor, "thread_detail", world, thread_id=world.thread.pk)
    meeting = _page(client, world.counsellor, "meeting_detail", world, meeting_id=world.meeting.pk)

    assert THERAPIST in timeline
    assert THERAPIST in thread
    assert f"Publisert av {THERAPIST}" in meeting


def test_a_health_member_is_named_to_a_read_only_role_with_the_health_consent(record):
    world = record
    access = load_access(world.employer_contact, world.participant)
    assert not access.can_name_staff(world.therapist.pk)
    assert not access.can_name_staff(world.counsellor.pk)
    assert access.can_name_staff(world.employer_contact.pk)
    assert access.can_name_staff(world.participant_user.pk)

    give_consent(world.participant, world.employer, Category.HEALTH_SUMMARY, world.counsellor)
    access = load_access(world.employer_contact, world.participant)
    # The health consent opens health members; the employer still sees only their workplace.
    assert not access.can_name_staff(world.therapist.pk)
    assert access.can_name_staff(world.therapist.pk, in_meeting_with_viewer=True)

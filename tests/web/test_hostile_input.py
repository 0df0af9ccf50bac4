"""Hostile and malformed values in every field of every form, and in query parameters: the
answer is a page with an error or a redirect, never a server error, and nothing changes."""

import pytest
from django.urls import reverse

from los.access.models import ChangeLogEntry
from los.core.vocabulary import Category
from los.participants.models import CareTeamMembership, Consent

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "\x00",
    "x" * 10_000,
    "99999999999999999999999999",
    "-1",
    "'; DROP TABLE participants_participant; --",
    "<script>alert(1)</script>",
    "\u202eevil",
    "2026-13-45",
]

MEETING_FIELDS = [
    "kind",
    "date",
    "time",
    "duration_minutes",
    "channel",
    "place",
    "agenda",
    "invite_participant",
    "members",
    "externals",
]

FORMS = {
    "participant_register": [
        "acting_role",
        "first_name",
        "last_name",
        "national_id",
        "phone",
        "email",
        "municipality",
        "protected_address",
        "reason",
    ],
    "participant_edit_details": ["version", "phone", "email", "municipality", "protected_address"],
    "team_add": ["email", "staff_role", "start_date", "end_date"],
    "team_end": ["end_date"],
    "consent_new": [
        "organisation",
        "orgnr",
        "categories",
        "purpose",
        "valid_from",
        "valid_to",
        "method",
    ],
    "plan_edit": ["version", "coordinator", "next_review"],
    "goal_new": ["kind", "text", "target_date"],
    "goal_edit": ["version", "kind", "text", "target_date", "status", "achievement"],
    "activity_new": [
        "kind",
        "title",
        "goal",
        "description",
        "responsible_organisation",
        "start_date",
        "due_date",
        "employer_name",
        "job_title",
        "application_stage",
        "hours_per_week",
        "place",
    ],
    "activity_edit": ["version", "status", "kind", "title", "goal", "hours_per_week", "due_date"],
    "note_new": ["category", "channel", "contact_date", "text", "shared_with_participant"],
    "meeting_new": MEETING_FIELDS,
    "meeting_edit": ["version", *MEETING_FIELDS],
    "meeting_minutes": ["version", "text"],
}


def _url(world, name):
    if name == "participant_register":
        return reverse(name)
    if name == "goal_edit":
        return reverse(name, args=[world.participant.public_id, world.goal.pk])
    if name == "activity_edit":
        return reverse(name, args=[world.participant.public_id, world.activity.pk])
    if name in {"meeting_edit", "meeting_minutes"}:
        return reverse(name, args=[world.participant.public_id, world.meeting.pk])
    if name == "team_end":
        membership = CareTeamMembership.objects.get(user=world.therapist)
        return reverse(name, args=[world.participant.public_id, membership.pk])
    return reverse(name, args=[world.participant.public_id])


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("name", sorted(FORMS))
def test_hostile_values_in_every_field_give_no_server_error(client, world, name, value):
    client.force_login(world.counsellor)
    changes_before = ChangeLogEntry.objects.count()

    response = client.post(_url(world, name), dict.fromkeys(FORMS[name], value))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert ChangeLogEntry.objects.count() == changes_before


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_hostile_answer_to_an_access_request_changes_nothing(client, world, value):
    client.force_login(world.counsellor)
    changes_before = ChangeLogEntry.objects.count()

    for request_id in [1, 99999999999999999999]:
        response = client.post(
            f"/deltakere/{world.participant.public_id}/foresporsler/{request_id}/",
            {"answer": value},
        )
        assert response.status_code == 302
    assert ChangeLogEntry.objects.count() == changes_before


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_search_terms_give_no_server_error(client, world, value):
    client.force_login(world.counsellor)

    response = client.get(reverse("participant_list"), {"q": value})

    assert response.status_code == 200


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_page_numbers_give_no_server_error(client, world, value):
    client.force_login(world.counsellor)

    response = client.get(
        reverse("access_log", args=[world.participant.public_id]), {"side": value}
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/deltakere/not-a-uuid/",
        "/deltakere/00000000-0000-0000-0000-000000000000/",
        "/deltakere/{public_id}/team/99999999999999999999/avslutt/",
        "/deltakere/{public_id}/samtykker/99999999999999999999/trekk-tilbake/",
    ],
)
def test_unknown_objects_in_the_address_give_not_found(client, world, path):
    client.force_login(world.counsellor)

    response = client.get(path.format(public_id=world.participant.public_id))

    assert response.status_code == 404


def test_withdrawing_another_participants_consent_is_not_found(client, world):
    from tests.factories import give_consent

    foreign = give_consent(world.other_participant, world.other_nav, Category.PLAN, world.outsider)
    client.force_login(world.counsellor)

    response = client.post(
        reverse("consent_withdraw", args=[world.participant.public_id, foreign.pk])
    )

    foreign.refresh_from_db()
    assert response.status_code == 404
    assert foreign.withdrawn_at is None
    assert Consent.objects.filter(withdrawn_at__isnull=False).count() == 0


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_addendum_text_gives_no_server_error(client, world, value):
    client.force_login(world.counsellor)

    response = client.post(
        reverse("note_addendum", args=[world.participant.public_id, world.nav_note.pk]),
        {"text": value},
    )

    assert response.status_code == 302
    assert world.nav_note.addenda.filter(text__startswith="x" * 5001).exists() is False


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_message_text_is_stored_as_text_or_refused(client, world, value):
    """A message is free text: odd input is either refused with a form error or stored as
    written and shown escaped, never run and never a server error."""
    client.force_login(world.participant_user)

    response = client.post(
        reverse("thread_new", args=[world.participant.public_id]),
        {"subject": value, "text": value},
    )

    if response.status_code == 200:
        assert response.context["form"].errors
        return
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_the_caseload_rows_escape_everything_from_data(client, world):
    """The caseload's rows are built as strings (los/web/caseload_rows.py): every name, role,
    organisation, programme, stage and flag that reaches them is escaped."""
    from los.participants.models import Participant
    from los.pathways.models import Programme, Stage

    hostile = '<script>alert(1)</script>"&'
    Participant.objects.filter(pk=world.participant.pk).update(
        first_name=hostile, last_name=hostile, protected_address="kode7"
    )
    world.nav_office.__class__.objects.filter(pk=world.nav_office.pk).update(name=hostile)
    Programme.objects.filter(pk=world.enrolment.programme_id).update(name=hostile)
    Stage.objects.filter(pk=world.enrolment.stage_id).update(name=hostile)
    client.force_login(world.counsellor)

    page = client.get(reverse("participant_list")).content.decode()

    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;" in page
    assert page.count("&lt;script&gt;") >= 4  # name, team organisation, programme and stage

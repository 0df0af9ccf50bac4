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


# Control, direction and invisible characters in what a person types: stripped by every
# form before it is checked (los.core.forms.CleanInput) and by the domain functions.
SPOOF = "\x07\x1b\x9b\u202e\u2066\u200b\ufeff\x00"


def _spoofed(text: str) -> str:
    return f"{SPOOF}{text[:2]}{SPOOF}{text[2:]}{SPOOF}"


def test_a_name_with_control_and_direction_characters_is_stored_clean(client, world):
    import datetime

    from los.accounts.models import StaffRole
    from los.core.identifiers import synthetic_national_id
    from los.participants.models import Participant
    from tests.factories import _rng

    client.force_login(world.counsellor)

    response = client.post(
        reverse("participant_register"),
        {
            "acting_role": StaffRole.objects.get(user=world.counsellor).pk,
            "first_name": _spoofed("Nora"),
            "last_name": _spoofed("Ny") + "\n",
            "national_id": synthetic_national_id(datetime.date(1999, 2, 3), _rng),
            "phone": _spoofed("41234567"),
        },
    )

    assert response.status_code == 302
    stored = Participant.objects.values("first_name", "last_name", "phone").get(
        first_name__startswith="No"
    )
    assert stored == {"first_name": "Nora", "last_name": "Ny", "phone": "41234567"}


def test_a_field_of_only_control_characters_is_empty_and_required(client, world):
    client.force_login(world.participant_user)

    response = client.post(
        reverse("thread_new", args=[world.participant.public_id]),
        {"subject": SPOOF, "text": "\x07\u202e"},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"subject", "text"}


@pytest.mark.parametrize(
    ("name", "data", "stored"),
    [
        (
            "thread_new",
            {"subject": _spoofed("Timen"), "text": _spoofed("Linje 1\r\nLinje 2")},
            lambda world: world.participant.threads.values_list("subject", "messages__text"),
        ),
        (
            "goal_new",
            {"kind": "work", "text": _spoofed("Jobbe i barnehage")},
            lambda world: world.plan.goals.values_list("text", flat=True),
        ),
        (
            "note_new",
            {
                "category": "nav_case_notes",
                "channel": "phone",
                "contact_date": "today",
                "text": _spoofed("Ringte om møtet"),
                "shared_with_participant": "no",
            },
            lambda world: world.participant.contact_notes.values_list("text", flat=True),
        ),
        (
            "consent_new",
            {
                "organisation": "dps",
                "categories": ["nav_case_notes"],
                "purpose": _spoofed("Samarbeid om oppfølging"),
                "valid_from": "today",
                "method": "written",
            },
            lambda world: Consent.objects.values_list("purpose", flat=True),
        ),
    ],
)
def test_text_is_stored_without_control_and_direction_characters(client, world, name, data, stored):
    from django.utils import timezone

    data = {
        key: (
            timezone.localdate().isoformat()
            if value == "today"
            else world.dps.pk
            if value == "dps"
            else value
        )
        for key, value in data.items()
    }
    client.force_login(world.participant_user if name == "thread_new" else world.counsellor)

    response = client.post(reverse(name, args=[world.participant.public_id]), data)

    assert response.status_code == 302, response.context["form"].errors
    texts = " ".join(str(value) for value in stored(world))
    assert texts
    for character in SPOOF:
        assert character not in texts


def test_domain_functions_clean_text_given_directly(world):
    """What reaches a domain function some other way than a form (the JSON API later)."""
    from los.access.policy import load_access
    from los.followup.services import message_send, thread_start

    access = load_access(world.participant_user, world.participant)

    thread = thread_start(access=access, subject=_spoofed("Timen"), text=_spoofed("Hei"))
    message = message_send(access=access, thread_id=thread.pk, text="Ok\u202e\x1b\n")

    assert (thread.subject, thread.messages.first().text, message.text) == ("Timen", "Hei", "Ok")


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_report_addresses_and_parameters_give_a_message_not_an_error(
    client, report_world, value
):
    from urllib.parse import quote

    from los.reporting.models import ReportLogEntry

    client.force_login(report_world.users["direktorat"])
    county = reverse("results", kwargs={"level": "county", "code": "18"})
    escaped = quote(value, safe="")
    answers = {
        "level": client.get(f"/rapporter/{escaped}/18/").status_code,
        "code": client.get(f"/rapporter/county/{escaped}/").status_code,
        "period": client.get(f"{county}?periode={escaped}").status_code,
        "programme": client.get(f"{county}?program={escaped}").status_code,
        "unit": client.get(f"/rapporter/?enhet={escaped}").status_code,
        "csv period": client.get(f"{county}rapport.csv?periode={escaped}").status_code,
    }

    # 404 where the address cannot name a report at all (a slash-free path the URL
    # patterns refuse), 400 with a message everywhere else; never a server error.
    assert set(answers.values()) <= {400, 404}, answers
    assert ReportLogEntry.objects.count() == 0


def test_a_report_message_does_not_echo_control_or_direction_characters(client, report_world):
    client.force_login(report_world.users["direktorat"])
    county = reverse("results", kwargs={"level": "county", "code": "18"})

    response = client.get(f"{county}?program=%E2%80%AEevil%00")

    assert response.status_code == 400
    page = response.content.decode()
    assert "«evil» er ikke et program i Los." in page
    assert "\u202e" not in page and "\x00" not in page

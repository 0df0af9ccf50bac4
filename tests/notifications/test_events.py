"""Meetings and questionnaires due make notices for the right people, and the settings page
saves a choice or says in Norwegian what is wrong."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from los.access.models import ChangeLogEntry
from los.access.policy import load_access
from los.measures.models import Instrument, Response, ResponseStatus, Schedule
from los.measures.shipped import install_shipped_instruments
from los.meetings import services as meetings
from los.meetings.models import MeetingChannel, MeetingKind
from los.meetings.services import External
from los.notifications.models import Choice, Kind, Notice, Preference
from tests.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db


def _fields(world, **overrides):
    return {
        "kind": MeetingKind.COOPERATION,
        "starts_at": timezone.now() + datetime.timedelta(days=3),
        "duration_minutes": 45,
        "channel": MeetingChannel.VIDEO,
        "place": "https://video.example/rom",
        "agenda": "Arbeidstrening og helse",
        "members": [world.therapist.pk],
        "invite_participant": True,
        "externals": [External("Per Hansen", "pårørende")],
    } | overrides


def _kinds_to(user):
    return list(Notice.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True))


def test_a_meeting_tells_those_invited_when_planned_moved_and_cancelled(
    world, smtp, django_capture_on_commit_callbacks
):
    access = load_access(world.counsellor, world.participant)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meetings.meeting_plan(access=access, **_fields(world))
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_change(
            access=access,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            **_fields(world, agenda="Ny agenda"),
        )
    assert _kinds_to(world.therapist) == [Kind.MEETING_INVITED]  # a new agenda tells no one

    meeting.refresh_from_db()
    moved = meeting.starts_at + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_change(
            access=access,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            **_fields(world, starts_at=moved, members=[world.therapist.pk, world.gp.pk]),
        )
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_cancel(access=access, meeting_id=meeting.pk)
    run_ready_tasks()

    assert _kinds_to(world.therapist) == [
        Kind.MEETING_INVITED, Kind.MEETING_MOVED, Kind.MEETING_CANCELLED,
    ]  # fmt: skip
    assert _kinds_to(world.participant_user) == _kinds_to(world.therapist)
    assert _kinds_to(world.gp) == [Kind.MEETING_INVITED, Kind.MEETING_CANCELLED]
    assert _kinds_to(world.counsellor) == []  # the organiser made the changes
    subjects = [m.subject for m in smtp.to(world.therapist.email)]
    assert subjects == [
        "Du er invitert til et møte i Los",
        "Et møte du er invitert til i Los er endret",
        "Et møte du er invitert til i Los er avlyst",
    ]
    for mail in smtp.messages:
        assert "video.example" not in mail.raw and "Arbeidstrening" not in mail.raw
        assert "Per Hansen" not in mail.raw


@pytest.fixture
def phq9_every_four_weeks(world):
    install_shipped_instruments(Instrument)
    instrument = Instrument.objects.get(url="urn:los:questionnaire:phq-9")
    return Schedule.objects.create(
        participant=world.participant,
        instrument=instrument,
        first_due=datetime.date(2026, 11, 2),
        every_days=28,
        created_by=world.therapist,
    )


def _due(day: str) -> str:
    out = io.StringIO()
    call_command("notify_due_questionnaires", "--day", day, stdout=out)
    return out.getvalue()


def test_a_questionnaire_due_is_told_once_per_due_date(world, phq9_every_four_weeks):
    schedule = phq9_every_four_weeks
    # First due Monday 2 November 2026: nothing on 1 November, one notice on the 2nd, none
    # again on the 3rd.
    assert "Varslet: 0" in _due("2026-11-01")
    assert "Varslet: 1" in _due("2026-11-02")
    assert "Varslet: 0" in _due("2026-11-03")
    # Answered on 4 November: next due 4 + 28 days = 2 December.
    Response.objects.create(
        participant=world.participant,
        instrument=schedule.instrument,
        schedule=schedule,
        status=ResponseStatus.COMPLETED,
        total=3,
        answered_by=world.participant_user,
        completed_on=datetime.date(2026, 11, 4),
    )
    assert "Varslet: 0" in _due("2026-12-01")
    assert "Varslet: 1" in _due("2026-12-02")

    notices = Notice.objects.filter(kind=Kind.QUESTIONNAIRE_DUE)
    assert [n.about for n in notices.order_by("pk")] == [
        f"schedule:{schedule.pk}:2026-11-02",
        f"schedule:{schedule.pk}:2026-12-02",
    ]
    assert {n.recipient for n in notices} == {world.participant_user}


def test_a_stopped_schedule_is_never_due(world, phq9_every_four_weeks):
    Schedule.objects.update(stopped_at=timezone.now(), stopped_by=world.therapist)

    assert "Varslet: 0" in _due("2026-11-02")


# --- The settings page ------------------------------------------------------------------------


def test_the_settings_page_saves_a_choice_and_logs_the_change(client, world):
    client.force_login(world.participant_user)
    url = reverse("notice_settings")
    assert "E-post går til" in client.get(url).content.decode()

    response = client.post(url, {"choice": Choice.BOTH, "phone": "912 34 567"}, follow=True)

    assert "Valget ditt for varsler er lagret." in response.content.decode()
    preference = Preference.objects.get(user=world.participant_user)
    assert (preference.choice, preference.phone) == (Choice.BOTH, "91234567")
    entry = ChangeLogEntry.objects.get(action="notice_preference.changed")
    assert entry.data == {"choice": "both"} and "912" not in str(entry.data)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"choice": Choice.SMS, "phone": ""}, "Skriv mobilnummeret SMS-ene skal gå til."),
        ({"choice": Choice.EMAIL, "phone": "123"}, "Skriv et mobilnummer med 8 sifre"),
        ({"choice": "pigeon", "phone": ""}, "Velg et gyldig valg"),
        ({}, "Velg hvordan du vil få varsler."),
    ],
)
def test_bad_input_is_answered_in_norwegian_and_nothing_is_saved(client, world, data, error):
    client.force_login(world.counsellor)

    response = client.post(reverse("notice_settings"), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Preference.objects.exists()
    assert not ChangeLogEntry.objects.filter(action__startswith="notice_preference").exists()


def test_help_numbers_are_on_every_participant_page_and_not_on_staff_pages(client, world):
    client.force_login(world.participant_user)
    for url in (
        reverse("my_page"),
        reverse("notice_settings"),
        reverse("plan", kwargs={"public_id": world.participant.public_id}),
    ):
        page = client.get(url).content.decode()
        for number in ("tel:113", "tel:116117", "tel:116123"):
            assert f'href="{number}"' in page, (url, number)

    client.force_login(world.counsellor)
    staff_page = client.get(reverse("participant_list")).content.decode()
    assert "tel:116123" not in staff_page

"""Meetings: planning, invitations, answers, minutes and the calendar file, through the
access policy."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from los.access.models import AccessLogEntry, ChangeLogEntry
from los.access.policy import load_access
from los.core.vocabulary import Category
from los.meetings import queries, services
from los.meetings.models import Invitation, Meeting, MeetingChannel, MeetingKind, Reply
from los.meetings.services import External
from tests.factories import give_consent

pytestmark = pytest.mark.django_db


def _access(world, who="counsellor"):
    return load_access(getattr(world, who), world.participant)


def _plan(world, who="counsellor", **overrides):
    fields = {
        "kind": MeetingKind.COOPERATION,
        "starts_at": timezone.now() + datetime.timedelta(days=3),
        "duration_minutes": 45,
        "channel": MeetingChannel.VIDEO,
        "place": "https://video.example/rom",
        "agenda": "Arbeidstrening",
        "members": [world.therapist.pk],
        "invite_participant": True,
        "externals": [External("Per Hansen", "pårørende")],
    } | overrides
    return services.meeting_plan(access=_access(world, who), **fields)


def _replies(meeting):
    return {
        (i.user_id, i.external_name): i.reply for i in Invitation.objects.filter(meeting=meeting)
    }


def test_the_organiser_is_invited_and_coming(world):
    meeting = _plan(world)

    assert _replies(meeting) == {
        (world.counsellor.pk, ""): Reply.COMING,
        (world.therapist.pk, ""): Reply.PENDING,
        (world.participant_user.pk, ""): Reply.PENDING,
        (None, "Per Hansen"): Reply.PENDING,
    }
    entry = ChangeLogEntry.objects.get(action="meeting.planned")
    assert (entry.actor, entry.data["invited"]) == (world.counsellor, 4)


def test_only_team_members_who_may_read_the_plan_can_be_invited(world):
    # The employer contact has no consent for the plan.
    with pytest.raises(ValidationError) as error:
        _plan(world, members=[world.employer_contact.pk])

    assert "members" in error.value.error_dict
    assert not Meeting.objects.filter(kind=MeetingKind.COOPERATION).exists()


def test_with_consent_for_the_plan_the_employer_contact_can_be_invited(world):
    give_consent(world.participant, world.employer, Category.PLAN, world.counsellor)

    meeting = _plan(world, members=[world.employer_contact.pk])

    assert (world.employer_contact.pk, "") in _replies(meeting)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": timezone.now() - datetime.timedelta(hours=1)}, "starts_at"),
        ({"duration_minutes": 10}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
    ],
)
def test_a_meeting_must_be_ahead_and_of_sensible_length(world, overrides, field):
    with pytest.raises(ValidationError) as error:
        _plan(world, **overrides)

    assert field in error.value.error_dict


def test_the_participant_and_read_only_roles_cannot_plan_meetings(world):
    give_consent(world.participant, world.employer, Category.PLAN, world.counsellor)
    for who in ("participant_user", "employer_contact"):
        with pytest.raises(PermissionDenied):
            _plan(world, who=who, members=[])


def _change(world, meeting, **overrides):
    meeting.refresh_from_db()
    fields = {
        "kind": meeting.kind,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "channel": meeting.channel,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "members": [world.therapist.pk],
        "invite_participant": True,
        "externals": [External("Per Hansen", "pårørende")],
    } | overrides
    return services.meeting_change(
        access=_access(world),
        meeting_id=meeting.pk,
        expected_version=overrides.pop("expected_version", meeting.version),
        **{k: v for k, v in fields.items() if k != "expected_version"},
    )


def test_moving_a_meeting_asks_everyone_again_but_the_organiser(world):
    meeting = _plan(world)
    services.meeting_reply(
        access=_access(world, "therapist"), meeting_id=meeting.pk, reply=Reply.COMING
    )

    _changed, moved = _change(
        world, meeting, starts_at=meeting.starts_at + datetime.timedelta(days=1)
    )

    assert moved
    assert _replies(meeting)[(world.therapist.pk, "")] == Reply.PENDING
    assert _replies(meeting)[(world.counsellor.pk, "")] == Reply.COMING


def test_changing_the_agenda_keeps_the_answers(world):
    meeting = _plan(world)
    services.meeting_reply(
        access=_access(world, "therapist"), meeting_id=meeting.pk, reply=Reply.COMING
    )

    _changed, moved = _change(world, meeting, agenda="Ny saksliste", externals=[])

    assert not moved
    assert _replies(meeting) == {
        (world.counsellor.pk, ""): Reply.COMING,
        (world.therapist.pk, ""): Reply.COMING,
        (world.participant_user.pk, ""): Reply.PENDING,
    }
    entry = ChangeLogEntry.objects.get(action="meeting.changed")
    assert entry.data == {"fields": ["agenda"], "invited": 0, "uninvited": 1, "moved": False}


def test_a_stale_change_is_refused(world):
    meeting = _plan(world)
    version = meeting.version
    _change(world, meeting, agenda="Først")

    with pytest.raises(ValidationError) as error:
        _change(world, meeting, agenda="Sist", expected_version=version)

    assert error.value.code == "stale"
    meeting.refresh_from_db()
    assert meeting.agenda == "Først"


def test_a_cancelled_or_started_meeting_cannot_be_changed(world):
    meeting = _plan(world)
    services.meeting_cancel(access=_access(world), meeting_id=meeting.pk)
    with pytest.raises(ValidationError):
        _change(world, meeting, agenda="x")
    Meeting.objects.filter(pk=world.meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    with pytest.raises(ValidationError):
        services.meeting_cancel(access=_access(world), meeting_id=world.meeting.pk)


def test_the_participant_answers_their_invitation(world):
    services.meeting_reply(
        access=_access(world, "participant_user"),
        meeting_id=world.meeting.pk,
        reply=Reply.NEW_TIME,
        comment="Etter kl. 12 passer bedre",
    )

    invitation = Invitation.objects.get(meeting=world.meeting, is_participant=True)
    assert (invitation.reply, invitation.reply_comment) == (
        Reply.NEW_TIME,
        "Etter kl. 12 passer bedre",
    )
    entry = ChangeLogEntry.objects.get(action="meeting.replied")
    assert entry.actor == world.participant_user
    assert "Etter" not in str(entry.data)


def test_asking_for_a_new_time_needs_a_suggestion(world):
    with pytest.raises(ValidationError) as error:
        services.meeting_reply(
            access=_access(world, "participant_user"),
            meeting_id=world.meeting.pk,
            reply=Reply.NEW_TIME,
        )

    assert "comment" in error.value.error_dict


def test_someone_not_invited_cannot_answer(world):
    with pytest.raises(PermissionDenied):
        services.meeting_reply(
            access=_access(world, "gp"), meeting_id=world.meeting.pk, reply=Reply.COMING
        )


def test_staff_record_answers_only_for_people_outside_los(world):
    external = Invitation.objects.get(meeting=world.meeting, external_name="Per Hansen")
    therapist = Invitation.objects.get(meeting=world.meeting, user=world.therapist)

    services.meeting_reply(
        access=_access(world),
        meeting_id=world.meeting.pk,
        reply=Reply.NOT_COMING,
        invitation_id=external.pk,
    )
    with pytest.raises(ValidationError):
        services.meeting_reply(
            access=_access(world),
            meeting_id=world.meeting.pk,
            reply=Reply.COMING,
            invitation_id=therapist.pk,
        )

    external.refresh_from_db()
    therapist.refresh_from_db()
    assert (external.reply, therapist.reply) == (Reply.NOT_COMING, Reply.PENDING)


def _held(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    world.meeting.refresh_from_db()
    return world.meeting


def test_minutes_are_a_draft_for_the_team_until_published(world, client):
    meeting = _held(world)
    services.minutes_save(
        access=_access(world), meeting_id=meeting.pk, expected_version=1, text="Utkast: avtalt X"
    )
    url = reverse("meeting_detail", args=[world.participant.public_id, meeting.pk])

    client.force_login(world.participant_user)
    assert "Utkast: avtalt X" not in client.get(url).content.decode()
    client.force_login(world.therapist)
    assert "Utkast: avtalt X" in client.get(url).content.decode()

    services.minutes_save(
        access=_access(world),
        meeting_id=meeting.pk,
        expected_version=2,
        text="Avtalt X",
        publish=True,
    )
    client.force_login(world.participant_user)
    assert "Avtalt X" in client.get(url).content.decode()
    assert list(
        ChangeLogEntry.objects.filter(participant=world.participant).values_list(
            "action", flat=True
        )
    ) == ["meeting.minutes_saved", "meeting.minutes_published"]


def test_published_minutes_are_final(world):
    meeting = _held(world)
    services.minutes_save(
        access=_access(world),
        meeting_id=meeting.pk,
        expected_version=1,
        text="Referat",
        publish=True,
    )

    with pytest.raises(ValidationError):
        services.minutes_save(
            access=_access(world), meeting_id=meeting.pk, expected_version=2, text="Endret"
        )
    meeting.refresh_from_db()
    assert meeting.minutes == "Referat"


def test_minutes_cannot_be_published_before_the_meeting_or_empty(world):
    with pytest.raises(ValidationError):
        services.minutes_save(
            access=_access(world),
            meeting_id=world.meeting.pk,
            expected_version=1,
            text="For tidlig",
            publish=True,
        )
    meeting = _held(world)
    with pytest.raises(ValidationError) as error:
        services.minutes_save(
            access=_access(world),
            meeting_id=meeting.pk,
            expected_version=1,
            text="  ",
            publish=True,
        )
    assert "text" in error.value.error_dict
    meeting.refresh_from_db()
    assert not meeting.minutes_published


def test_read_only_roles_see_only_meetings_they_are_invited_to(world):
    give_consent(world.participant, world.employer, Category.PLAN, world.counsellor)
    employer_meeting = _plan(world, kind=MeetingKind.EMPLOYER, members=[world.employer_contact.pk])

    seen = list(queries.meetings_for(_access(world, "employer_contact")))

    assert seen == [employer_meeting]
    assert set(queries.meetings_for(_access(world, "gp"))) == {world.meeting, employer_meeting}


def test_an_invited_employer_does_not_learn_that_a_therapist_takes_part(world):
    give_consent(world.participant, world.employer, Category.PLAN, world.counsellor)
    meeting = _plan(world, members=[world.employer_contact.pk, world.therapist.pk])
    access = _access(world, "employer_contact")

    names = {
        i.user_id
        for i in queries.visible_invitations(access, queries.meeting_of(access, meeting.pk))
    }

    assert world.therapist.pk not in names
    assert {world.counsellor.pk, world.employer_contact.pk} <= names


def test_the_calendar_file_tells_when_and_where_but_not_who_or_why(world, client):
    client.force_login(world.counsellor)

    response = client.get(
        reverse("meeting_calendar", args=[world.participant.public_id, world.meeting.pk])
    )

    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    for name in ("Sara", "Deltaker", "Lise", "Per Hansen"):
        assert name not in body
    for word in ("behandling", "ansvarsgruppe", "saksliste"):
        assert word not in body.lower()
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == world.meeting.starts_at
    assert str(event["location"]) == "NAV Bodø, møterom 2"
    assert (int(event["sequence"]), str(event["status"])) == (1, "CONFIRMED")
    assert AccessLogEntry.objects.filter(what="kalenderfil", user=world.counsellor).exists()


def test_a_cancelled_meeting_has_a_cancelled_calendar_entry(world, client):
    services.meeting_cancel(access=_access(world), meeting_id=world.meeting.pk)
    client.force_login(world.participant_user)

    response = client.get(
        reverse("meeting_calendar", args=[world.participant.public_id, world.meeting.pk])
    )

    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert (int(event["sequence"]), str(event["status"])) == (2, "CANCELLED")


def test_planning_a_meeting_in_the_browser_form(world, client):
    client.force_login(world.counsellor)
    day = timezone.localdate() + datetime.timedelta(days=5)

    response = client.post(
        reverse("meeting_new", args=[world.participant.public_id]),
        {
            "kind": MeetingKind.STARTUP,
            "date": day.strftime("%d.%m.%Y"),
            "time": "09.30",
            "duration_minutes": "60",
            "channel": MeetingChannel.IN_PERSON,
            "place": "NAV Bodø",
            "agenda": "",
            "invite_participant": "yes",
            "members": [str(world.therapist.pk)],
            "externals": "Per Hansen, pårørende\n\n  Ola Jobb  ",
        },
    )

    meeting = Meeting.objects.get(kind=MeetingKind.STARTUP)
    assert response.status_code == 302
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == datetime.datetime.combine(
        day, datetime.time(9, 30)
    )
    assert sorted(
        Invitation.objects.filter(meeting=meeting, user__isnull=True).values_list(
            "external_name", "external_role"
        )
    ) == [("Ola Jobb", ""), ("Per Hansen", "pårørende")]


def test_a_past_time_in_the_form_is_an_error_and_nothing_is_lost(world, client):
    client.force_login(world.counsellor)

    response = client.post(
        reverse("meeting_new", args=[world.participant.public_id]),
        {
            "kind": MeetingKind.STARTUP,
            "date": "01.01.2020",
            "time": "09:30",
            "duration_minutes": "60",
            "channel": MeetingChannel.IN_PERSON,
            "agenda": "Viktig saksliste",
            "invite_participant": "yes",
        },
    )

    assert response.status_code == 200
    assert "Møtet må være fram i tid." in response.content.decode()
    assert "Viktig saksliste" in response.content.decode()
    assert not Meeting.objects.filter(kind=MeetingKind.STARTUP).exists()


def test_a_malformed_on_behalf_answer_is_an_error_not_ones_own_answer(world, client):
    client.force_login(world.counsellor)
    before = _replies(world.meeting)

    response = client.post(
        reverse("meeting_reply", args=[world.participant.public_id, world.meeting.pk]),
        {"invitation": "abc", "reply": Reply.NOT_COMING},
        follow=True,
    )

    assert "Du kan bare registrere svar for personer utenfor Los." in response.content.decode()
    assert _replies(world.meeting) == before


FAR_FUTURE_PAGES = [
    ("meeting_detail", True),
    ("meeting_calendar", True),
    ("meeting_edit", True),
    ("meeting_minutes", True),
    ("meetings", False),
    ("participant_detail", False),
    ("timeline", False),
]


@pytest.mark.parametrize(("name", "about_the_meeting"), FAR_FUTURE_PAGES)
@pytest.mark.parametrize("who", ["counsellor", "therapist", "participant_user"])
def test_a_stored_meeting_at_the_end_of_time_never_breaks_a_page(
    client, world, name, about_the_meeting, who
):
    """A row from before the date bounds (or written past them): 9999-12-31 23:30 in Oslo
    is 22:30 UTC, and one hour later is a year Python cannot show in Oslo's time."""
    Meeting.objects.filter(pk=world.meeting.pk).update(
        starts_at=timezone.make_aware(datetime.datetime(9999, 12, 31, 23, 30))
    )
    client.force_login(getattr(world, who))
    args = [world.participant.public_id] + ([world.meeting.pk] if about_the_meeting else [])

    response = client.get(reverse(name, args=args))

    assert response.status_code in {200, 302, 403}


@pytest.mark.parametrize("who", ["counsellor", "therapist", "participant_user"])
def test_the_caseload_and_own_page_survive_a_meeting_at_the_end_of_time(client, world, who):
    Meeting.objects.filter(pk=world.meeting.pk).update(
        starts_at=timezone.make_aware(datetime.datetime(9999, 12, 31, 23, 30))
    )
    client.force_login(getattr(world, who))

    page = "my_page" if who == "participant_user" else "participant_list"
    response = client.get(reverse(page), {"vis": "mote14"} if page == "participant_list" else {})

    assert response.status_code == 200


@pytest.mark.parametrize("day", ["31.12.9999", "01.01.0001"])
def test_a_meeting_far_from_now_is_refused_by_the_form(world, client, day):
    client.force_login(world.counsellor)

    response = client.post(
        reverse("meeting_new", args=[world.participant.public_id]),
        {
            "kind": MeetingKind.STARTUP,
            "date": day,
            "time": "23:30",
            "duration_minutes": "60",
            "channel": MeetingChannel.IN_PERSON,
            "invite_participant": "yes",
        },
    )

    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert not Meeting.objects.filter(kind=MeetingKind.STARTUP).exists()


def test_the_meeting_date_picker_offers_today_to_two_years_ahead(world, client):
    client.force_login(world.counsellor)
    today = timezone.localdate()

    page = client.get(reverse("meeting_new", args=[world.participant.public_id])).content.decode()

    assert f'min="{today.isoformat()}"' in page
    assert f'max="{today.replace(year=today.year + 2).isoformat()}"' in page


def test_a_meeting_more_than_two_years_ahead_is_refused_by_the_domain_function(world):
    with pytest.raises(ValidationError) as error:
        _plan(world, starts_at=timezone.now() + datetime.timedelta(days=3 * 366))

    assert error.value.message_dict["starts_at"] == [
        "Møtet kan ikke være mer enn to år fram i tid."
    ]

"""«Mine deltakere» flags sick-leave checkpoints due this week and what is overdue, and
filters on them («sykefravær: frist nærmer seg»)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from los.core.days import short_date
from los.sickleave.models import ActivityRequirement, SicknessCase, SickNote

pytestmark = pytest.mark.django_db


def _case(world, days_ago, length=90):
    case = SicknessCase.objects.create(
        participant=world.participant, employer=world.employer, created_by=world.gp
    )
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    SickNote.objects.create(
        case=case,
        start=start,
        end=start + datetime.timedelta(days=length),
        grade=50,
        written_by="gp",
        created_by=world.gp,
    )
    return case, start


def _rows(client, user, show="sykefravaer"):
    client.force_login(user)
    return client.get(reverse("participant_list"), {"vis": show}).context["rows"]


def test_the_activity_requirement_due_in_five_days_is_flagged(client, world):
    _made, start = _case(world, 50)
    due = short_date(start + datetime.timedelta(days=55))

    rows = _rows(client, world.counsellor)

    assert [r.participant for r in rows] == [world.participant]
    assert f"sykefravær: aktivitetskravet {due}" in rows[0].flags
    # The plan was due at day 27 and none is made.
    assert "sykefravær: oppfølgingsplanen er forsinket" in rows[0].flags


def test_overdue_activity_requirement_is_for_nav_and_health_not_the_employer(client, world):
    case, start = _case(world, 60)

    counsellor = _rows(client, world.counsellor)[0].flags
    employer = _rows(client, world.employer_contact)[0].flags

    assert "sykefravær: aktivitetskravet er ikke vurdert" in counsellor
    assert "sykefravær: aktivitetskravet er ikke vurdert" not in employer
    ActivityRequirement.objects.create(
        case=case, period_start=start, status="waiting", updated_by=world.counsellor
    )
    assert (
        "sykefravær: aktivitetskravet er ikke vurdert"
        not in _rows(client, world.counsellor)[0].flags
    )


def test_a_case_with_nothing_due_is_not_in_the_filter(client, world):
    _case(world, 10, length=5)  # ended before the first checkpoint

    assert _rows(client, world.counsellor) == []
    assert len(_rows(client, world.counsellor, show="")) == 1


def test_outsiders_get_no_flag_for_a_case_they_do_not_see(client, world):
    from tests.factories import OrganisationFactory

    other = SicknessCase.objects.create(
        participant=world.participant,
        employer=OrganisationFactory(kind="employer"),
        created_by=world.gp,
    )
    start = timezone.localdate() - datetime.timedelta(days=50)
    SickNote.objects.create(
        case=other,
        start=start,
        end=start + datetime.timedelta(days=90),
        grade=50,
        written_by="gp",
        created_by=world.gp,
    )

    assert _rows(client, world.employer_contact) == []
    assert len(_rows(client, world.counsellor)) == 1


def test_the_overview_lists_the_users_cases_with_what_is_due_this_week(client, world):
    _made, start = _case(world, 50)
    due = start + datetime.timedelta(days=55)
    client.force_login(world.counsellor)

    response = client.get(reverse("sickleave_overview"))

    page = response.content.decode()
    assert [row.participant for row in response.context["rows"]] == [world.participant]
    assert "Aktivitetskravet" in page
    assert "sykefravær: oppfølgingsplanen er forsinket" in page
    from los.access.models import AccessLogEntry

    assert set(
        AccessLogEntry.objects.filter(user=world.counsellor).values_list("category", "what")
    ) == {("core", "oversikt over sykefravær"), ("employment", "oversikt over sykefravær")}
    assert due > timezone.localdate()


def test_the_overview_leaves_out_cases_the_user_does_not_see(client, world):
    from tests.factories import OrganisationFactory

    other = SicknessCase.objects.create(
        participant=world.participant,
        employer=OrganisationFactory(name="Butikk AS", kind="employer"),
        created_by=world.gp,
    )
    start = timezone.localdate() - datetime.timedelta(days=50)
    SickNote.objects.create(
        case=other,
        start=start,
        end=start + datetime.timedelta(days=90),
        grade=50,
        written_by="gp",
        created_by=world.gp,
    )
    client.force_login(world.employer_contact)

    response = client.get(reverse("sickleave_overview"))

    assert response.context["rows"] == []
    assert "Butikk AS" not in response.content.decode()
    assert "Ingen pågående sykefravær blant deltakerne dine." in response.content.decode()


def test_dialogue_meeting_1_is_flagged_until_a_linked_meeting_is_held(client, world):
    from los.core.vocabulary import Role
    from los.meetings.models import Meeting, MeetingChannel, MeetingKind
    from los.sickleave.models import DialogueMeeting

    case, start = _case(world, 45)  # dialogue meeting 1 at day 48: in three days
    due = short_date(start + datetime.timedelta(days=48))
    flag = f"sykefravær: dialogmøte 1 med arbeidsgiver {due}"
    assert flag in _rows(client, world.counsellor)[0].flags

    meeting = Meeting.objects.create(
        participant=world.participant,
        kind=MeetingKind.DIALOGUE,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        channel=MeetingChannel.IN_PERSON,
        organiser=world.counsellor,
        organiser_role=Role.COUNSELLOR,
        organiser_organisation=world.nav_office,
    )
    DialogueMeeting.objects.create(
        case=case, meeting=meeting, checkpoint="dialogue_meeting_1", linked_by=world.counsellor
    )
    assert all("dialogmøte 1" not in f for f in _rows(client, world.counsellor, "")[0].flags)
    # Cancelled, it meets nothing: the checkpoint is due again.
    Meeting.objects.filter(pk=meeting.pk).update(cancelled_at=timezone.now())
    assert flag in _rows(client, world.counsellor)[0].flags

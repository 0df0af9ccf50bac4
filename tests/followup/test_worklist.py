"""The work list: one line per thing waiting for the staff member, found through the same
rules as the pages it links to, gone when it is done (docs/work-list.md)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from los.access.models import AccessLogEntry
from los.access.policy import load_access
from los.core.vocabulary import Category, Role
from los.directory.models import Offer, Referral, ReferralState
from los.followup import worklist
from los.followup.models import Thread, ThreadRead
from los.followup.worklist import TaskKind
from los.meetings.models import Invitation, Meeting, Reply
from los.participants.models import Consent
from los.pathways.models import CounsellorReport
from los.plans import services as plan_services
from los.plans.models import Activity, ActivityKind, ActivityStatus
from los.sickleave.models import FollowUpPlan, SicknessCase, SickNote
from tests.factories import ParticipantFactory, UserFactory, add_to_team, header_count_known

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def _tasks(user, kind=None):
    return [t for t in worklist.work_list(user).tasks if kind is None or t.kind == kind]


def _texts(user, kind):
    return [t.text for t in _tasks(user, kind)]


@pytest.fixture
def safety_task(world):
    """Sara answered a questionnaire the GP planned with a positive item 9."""
    from los.measures.models import Instrument, Response, ResponseStatus, SafetyTask, Schedule

    instrument = Instrument.objects.order_by("pk").first()
    schedule = Schedule.objects.create(
        participant=world.participant, instrument=instrument, first_due=TODAY, created_by=world.gp
    )
    response = Response.objects.create(
        participant=world.participant,
        instrument=instrument,
        schedule=schedule,
        status=ResponseStatus.COMPLETED,
        total=12,
        answered_by=world.participant_user,
        completed_on=TODAY,
        completed_at=timezone.now(),
    )
    return SafetyTask.objects.create(
        participant=world.participant, response=response, assigned_to=world.gp, items=["9"]
    )


def _proposal(world, kind=ActivityKind.JOB_SEARCH, title="Søke jobb på biblioteket"):
    return Activity.objects.create(
        plan=world.plan,
        kind=kind,
        title=title,
        status=ActivityStatus.PROPOSED,
        created_by=world.participant_user,
        created_by_participant=True,
    )


def test_a_message_from_the_participant_waits_unread_then_read_then_answered(world):
    assert _texts(world.counsellor, TaskKind.MESSAGE) == [
        "Ulest melding i «Spørsmål om arbeidstrening»"
    ]

    ThreadRead.objects.create(thread=world.thread, user=world.counsellor, read_at=timezone.now())
    assert _texts(world.counsellor, TaskKind.MESSAGE) == ["Svar i «Spørsmål om arbeidstrening»"]

    Thread.objects.filter(pk=world.thread.pk).update(
        last_message_by=world.colleague, last_message_from_participant=False
    )
    assert _texts(world.counsellor, TaskKind.MESSAGE) == []


def test_a_proposal_waits_for_those_who_may_agree_it_and_leaves_when_agreed(world):
    proposal = _proposal(world)
    treatment = _proposal(world, ActivityKind.TREATMENT, "Samtaler om søvn")
    Consent.objects.filter(category=Category.HEALTH_SUMMARY).update(withdrawn_at=timezone.now())

    # Without the health consent the counsellor may not see the treatment, let alone agree it.
    assert _texts(world.counsellor, TaskKind.PROPOSAL) == ["«Søke jobb på biblioteket»"]
    assert "«Samtaler om søvn»" in _texts(world.therapist, TaskKind.PROPOSAL)
    assert _texts(world.participant_user, TaskKind.PROPOSAL) == []
    access = load_access(world.counsellor, world.participant)
    assert plan_services.may_agree_activity(access, proposal)
    assert not plan_services.may_agree_activity(access, treatment)

    plan_services.activity_agree(access=access, activity_id=proposal.pk, expected_version=1)

    assert _texts(world.counsellor, TaskKind.PROPOSAL) == []


def test_a_meeting_waits_for_the_reply_of_the_one_invited(world):
    [line] = _tasks(world.therapist, TaskKind.MEETING)
    assert line.due == timezone.localtime(world.meeting.starts_at).date()
    assert line.url == reverse(
        "meeting_detail", args=[world.participant.public_id, world.meeting.pk]
    )
    assert _tasks(world.counsellor, TaskKind.MEETING) == []  # already said yes

    Invitation.objects.filter(meeting=world.meeting, user=world.therapist).update(
        reply=Reply.COMING
    )
    assert _tasks(world.therapist, TaskKind.MEETING) == []


def test_a_cancelled_or_past_meeting_asks_for_no_reply(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(cancelled_at=timezone.now())
    assert _tasks(world.therapist, TaskKind.MEETING) == []

    Meeting.objects.filter(pk=world.meeting.pk).update(
        cancelled_at=None, starts_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert _tasks(world.therapist, TaskKind.MEETING) == []


def test_a_safety_task_comes_first_marked_for_the_one_it_is_assigned_to(world, safety_task):
    gp_tasks = _tasks(world.gp)
    therapist_tasks = _tasks(world.therapist)

    assert gp_tasks[0].kind == TaskKind.SAFETY and gp_tasks[0].mine and gp_tasks[0].late
    assert therapist_tasks[0].kind == TaskKind.SAFETY and not therapist_tasks[0].mine

    safety_task.handled_at = timezone.now()
    safety_task.handled_by = world.gp
    safety_task.save()
    assert _tasks(world.gp, TaskKind.SAFETY) == []


def test_the_employer_contact_never_sees_a_safety_task(world, safety_task):
    add_to_team(world.participant, world.employer_contact, world.employer, Role.EMPLOYER_CONTACT)

    assert _tasks(world.employer_contact, TaskKind.SAFETY) == []


def test_a_report_draft_waits_until_it_is_shared_and_again_when_changed(world):
    assert _tasks(world.counsellor, TaskKind.REPORT) == []  # the world's report is shared

    CounsellorReport.objects.filter(pk=world.report.pk).update(results="Fast jobb, 60 %.")
    [line] = _tasks(world.counsellor, TaskKind.REPORT)
    assert line.url == reverse("report_detail", args=[world.participant.public_id, world.report.pk])
    # Not the colleague's: they neither wrote it nor follow the pathway.
    assert _tasks(world.colleague, TaskKind.REPORT) == []


def _referral(world, sent_days_ago):
    offer = Offer.objects.create(
        organisation=world.dps,
        kind="sfj",
        name="Senter for jobbmestring",
        target_group="x",
        how_to_refer="x",
        routes=["nav"],
        phone="1",
    )
    return Referral.objects.create(
        participant=world.participant,
        offer=offer,
        sent_by=world.counsellor,
        sent_by_role=Role.COUNSELLOR,
        sent_by_organisation=world.nav_office,
        reason="Trenger hjelp med å mestre jobben.",
        sent_at=timezone.now() - datetime.timedelta(days=sent_days_ago),
    )


def test_a_referral_waits_for_the_receiving_service_and_is_late_after_the_answer_days(
    world, settings
):
    settings.REFERRAL_ANSWER_DAYS = 14
    fresh = _referral(world, 2)
    [line] = _tasks(world.therapist, TaskKind.REFERRAL)
    assert (line.text, line.late) == ("Til «Senter for jobbmestring» fra NAV Bodø", False)
    assert line.due == timezone.localtime(fresh.sent_at + datetime.timedelta(days=14)).date()
    assert _tasks(world.counsellor, TaskKind.REFERRAL) == []  # the sender waits, not answers

    Referral.objects.filter(pk=fresh.pk).update(sent_at=timezone.now() - datetime.timedelta(15))
    assert _tasks(world.therapist, TaskKind.REFERRAL)[0].late

    Referral.objects.filter(pk=fresh.pk).update(
        state=ReferralState.WAITING_LIST, answered_at=timezone.now()
    )
    assert _tasks(world.therapist, TaskKind.REFERRAL) == []


def _sick_leave(world, days_ago):
    case = SicknessCase.objects.create(
        participant=world.participant, employer=world.employer, created_by=world.gp
    )
    start = _days(-days_ago)
    SickNote.objects.create(
        case=case, start=start, end=_days(40), grade=50, written_by="gp", created_by=world.gp
    )
    return case, start


def test_sick_leave_checkpoints_due_this_week_and_late_ones_wait(world):
    # Day 51 of the leave: the activity requirement falls on day 56 (start + 55 days, in five
    # days); the employer's follow-up plan was due on day 28 and is missing.
    case, start = _sick_leave(world, 50)

    lines = _tasks(world.counsellor, TaskKind.CHECKPOINT)

    assert [(t.text, t.due, t.late) for t in lines] == [
        ("Sykefravær: oppfølgingsplanen er forsinket", None, True),
        (f"Aktivitetskravet senest {_short(start + datetime.timedelta(55))}", _days(5), False),
    ]
    FollowUpPlan.objects.create(case=case, review_date=_days(30), updated_by=world.employer_contact)
    assert [t.late for t in _tasks(world.counsellor, TaskKind.CHECKPOINT)] == [False]


def _short(day):
    from los.core.days import short_date

    return short_date(day)


def test_an_outsider_and_a_participant_have_nothing_and_no_page(client, world):
    assert _tasks(world.outsider) == []
    client.force_login(world.participant_user)
    assert client.get(reverse("work_list")).status_code == 403
    client.force_login(world.county_coordinator)
    assert client.get(reverse("work_list")).status_code == 403


def test_the_page_groups_the_lines_logs_each_participant_and_counts_in_the_header(client, world):
    other = ParticipantFactory(first_name="Per", last_name="Stille")
    add_to_team(other, world.counsellor, world.nav_office, Role.COUNSELLOR)
    _proposal(world)
    client.force_login(world.counsellor)
    before = AccessLogEntry.objects.count()

    page = client.get(reverse("work_list")).content.decode()

    assert "Meldinger som venter på svar (1)" in page
    assert "Forslag til aktiviteter som venter på avtale (1)" in page
    assert page.index("Meldinger som venter") < page.index("Forslag til aktiviteter")
    logged = AccessLogEntry.objects.order_by("pk")[before:]
    assert {(e.participant_id, e.category, e.what) for e in logged} == {
        (world.participant.pk, Category.CORE, "oppgaveliste"),
        (world.participant.pk, Category.PLAN, "oppgaveliste"),
    }  # Per has nothing waiting: not shown, not logged
    header = client.get(reverse("participant_list")).content.decode()
    assert 'los-header__count">2<' in header


def test_an_empty_list_says_what_would_come(client, world):
    quiet = ParticipantFactory()
    add_to_team(quiet, world.colleague, world.nav_office, Role.COUNSELLOR)
    client.force_login(world.colleague)

    page = client.get(reverse("work_list")).content.decode()

    assert "Ingenting venter på deg nå." in page
    assert "los-header__count" not in page


def test_a_referral_line_is_logged_as_a_referral_read(client, world):
    stranger = ParticipantFactory(first_name="Ny", last_name="Henvist")
    referral = _referral(world, 1)
    Referral.objects.filter(pk=referral.pk).update(participant=stranger)
    client.force_login(world.therapist)

    page = client.get(reverse("work_list")).content.decode()

    assert "Ny Henvist" in page
    entry = AccessLogEntry.objects.get(participant=stranger)
    assert (entry.what, entry.basis, entry.category) == ("henvisning", "referral", Category.CORE)


def _busy_participants(world, size):
    """Each has a message waiting, a proposal to agree and a sickness case at day 51, so
    every reader of the list returns rows."""
    from los.plans.models import IndividualPlan

    for number in range(size):
        person = ParticipantFactory(user=UserFactory())
        add_to_team(person, world.counsellor, world.nav_office, Role.COUNSELLOR)
        plan = IndividualPlan.objects.create(
            participant=person, coordinator=world.counsellor, created_by=world.counsellor
        )
        Activity.objects.create(
            plan=plan,
            kind=ActivityKind.OWN,
            title=f"Forslag {number}",
            status=ActivityStatus.PROPOSED,
            created_by=world.counsellor,
            created_by_participant=True,
        )
        Thread.objects.create(
            participant=person,
            subject=f"Tråd {number}",
            last_message_at=timezone.now(),
            last_message_by=person.user,
            last_message_from_participant=True,
        )
        case = SicknessCase.objects.create(
            participant=person, employer=world.employer, created_by=world.counsellor
        )
        SickNote.objects.create(
            case=case,
            start=_days(-50),
            end=_days(40),
            grade=50,
            written_by="gp",
            created_by=world.counsellor,
        )


# The session, the user, the roles, the header's menu and its count (kept a minute), the
# list's readers and the access log's one insert; the same for one participant as for 200.
WORK_LIST_QUERIES = 23


@pytest.mark.parametrize("size", [1, 200])
def test_the_work_list_uses_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, size
):
    _busy_participants(world, size)
    client.force_login(world.counsellor)
    header_count_known(world.counsellor)

    with django_assert_num_queries(WORK_LIST_QUERIES):
        page = client.get(reverse("work_list"))

    assert page.status_code == 200
    lines = page.context["work"].tasks
    assert len([t for t in lines if t.kind == TaskKind.MESSAGE]) == size + 1  # and Sara's
    assert len([t for t in lines if t.kind == TaskKind.CHECKPOINT]) == size * 2

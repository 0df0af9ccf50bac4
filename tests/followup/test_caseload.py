"""The caseload: what needs attention, computed only from what the viewer may see."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from los.core.days import start_of
from los.core.vocabulary import Category, Role
from los.followup.caseload import caseload, saved_filter_create
from los.followup.models import ContactNote, SavedFilter, Thread
from los.meetings.models import Meeting, MeetingChannel, MeetingKind
from los.participants.models import Consent
from los.plans.models import Activity, ActivityKind, ActivityStatus
from tests.factories import ParticipantFactory, add_to_team

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def _row(user, participant):
    [row] = [r for r in caseload(user) if r.participant.pk == participant.pk]
    return row


def test_figures_for_a_participant(world):
    Activity.objects.filter(pk=world.activity.pk).update(due_date=_days(-2))
    Activity.objects.create(
        plan=world.plan, kind=ActivityKind.COURSE, title="KID-kurs", due_date=_days(10),
        created_by=world.counsellor,
    )  # fmt: skip
    ContactNote.objects.filter(pk=world.nav_note.pk).update(contact_date=_days(-40))

    row = _row(world.counsellor, world.participant)

    assert (row.overdue, row.next_due, row.unread, row.waiting_for_us) == (1, _days(10), 1, True)
    assert row.days_since_contact == 0  # the participant's message today counts as contact


def test_an_overdue_treatment_is_not_counted_for_a_counsellor_without_consent(world):
    Activity.objects.filter(pk=world.treatment.pk).update(due_date=_days(-1))
    assert _row(world.counsellor, world.participant).overdue == 1

    Consent.objects.filter(category=Category.HEALTH_SUMMARY).update(withdrawn_at=timezone.now())

    assert _row(world.counsellor, world.participant).overdue == 0
    assert _row(world.gp, world.participant).overdue == 1  # health personnel see it


def test_clinical_notes_do_not_count_as_contact_for_a_counsellor(world):
    ContactNote.objects.filter(pk=world.nav_note.pk).update(contact_date=_days(-50))
    ContactNote.objects.filter(pk=world.clinical_note.pk).update(contact_date=_days(-1))
    world.thread.messages.all().delete()
    type(world.thread).objects.filter(pk=world.thread.pk).update(
        # Noon local time: 60 days back may be summer time, where «now minus 60 × 24 h»
        # late in a winter evening is already the next day.
        last_message_at=start_of(_days(-60)) + datetime.timedelta(hours=12)
    )

    counsellor_row = _row(world.counsellor, world.participant)
    therapist_row = _row(world.therapist, world.participant)
    # The GP is health personnel too, but the note is the DPS's and there is no consent.
    gp_row = _row(world.gp, world.participant)

    assert (
        counsellor_row.days_since_contact,
        therapist_row.days_since_contact,
        gp_row.days_since_contact,
    ) == (50, 1, 60)
    assert "ingen kontakt på 30 dager" in counsellor_row.flags
    assert "ingen kontakt på 30 dager" not in therapist_row.flags


def test_an_activity_ending_with_nothing_after_it_is_flagged(world):
    Activity.objects.filter(pk=world.activity.pk).update(due_date=_days(5))
    Activity.objects.filter(pk=world.treatment.pk).update(status=ActivityStatus.DONE)

    row = _row(world.counsellor, world.participant)

    assert "aktiviteten slutter snart, ingenting planlagt etter" in row.flags


def test_plan_review_due_is_flagged(world):
    world.plan.next_review = _days(-1)
    world.plan.save()

    assert "planen skal gjennomgås" in _row(world.counsellor, world.participant).flags


@pytest.mark.parametrize(
    ("show", "expected"),
    [("forfalt", ["Deltaker"]), ("venter", ["Deltaker"]), ("ny", []), ("", ["Annen", "Deltaker"])],
)
def test_filters_pick_the_right_participants(world, show, expected):
    quiet = ParticipantFactory(first_name="Ola", last_name="Annen")
    add_to_team(quiet, world.counsellor, world.nav_office, Role.COUNSELLOR)
    Activity.objects.filter(pk=world.activity.pk).update(due_date=_days(-1))

    rows = caseload(world.counsellor, show=show)

    assert [r.participant.last_name for r in rows] == expected


def test_the_list_page_shows_the_caseload_with_filters(client, world):
    client.force_login(world.counsellor)

    response = client.get(reverse("participant_list"), {"vis": "venter", "sorter": "frist"})

    assert response.status_code == 200
    assert [r.participant for r in response.context["rows"]] == [world.participant]
    assert "venter på svar fra oss" in response.content.decode()


def test_unknown_filter_and_sort_fall_back_to_all_by_name(client, world):
    client.force_login(world.counsellor)

    response = client.get(reverse("participant_list"), {"vis": "hva", "sorter": "tull"})

    assert [r.participant for r in response.context["rows"]] == [world.participant]


def _meet(world, participant, starts_at, **fields):
    return Meeting.objects.create(
        participant=participant,
        kind=MeetingKind.COOPERATION,
        starts_at=starts_at,
        channel=MeetingChannel.VIDEO,
        organiser=world.counsellor,
        organiser_role=Role.COUNSELLOR,
        organiser_organisation=world.nav_office,
        **fields,
    )


def test_next_meeting_and_meeting_today(world):
    later_today = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    _meet(world, world.participant, later_today)
    _meet(world, world.participant, later_today - datetime.timedelta(minutes=1),
          cancelled_at=timezone.now())  # fmt: skip

    row = _row(world.counsellor, world.participant)

    assert row.next_meeting == later_today
    assert [r.participant for r in caseload(world.counsellor, show="mote-i-dag")] == [
        world.participant
    ]


def test_a_meeting_next_week_is_upcoming_but_not_today(world):
    assert caseload(world.counsellor, show="mote-i-dag") == []
    assert [r.participant for r in caseload(world.counsellor, show="kommende-moter")] == [
        world.participant
    ]


def test_read_only_roles_count_only_meetings_they_are_invited_to(world):
    Consent.objects.create(
        participant=world.participant, organisation=world.employer, category=Category.PLAN,
        purpose="Arbeidsgivermøter", valid_from=_days(-1), method="written",
        recorded_by=world.counsellor,
    )  # fmt: skip

    assert _row(world.employer_contact, world.participant).next_meeting is None
    assert _row(world.gp, world.participant).next_meeting == world.meeting.starts_at


@pytest.mark.parametrize(
    ("kind", "status", "waiting"),
    [
        (ActivityKind.WORK_TRIAL, ActivityStatus.PLANNED, True),
        (ActivityKind.COURSE, ActivityStatus.PLANNED, True),
        (ActivityKind.WORK_TRIAL, ActivityStatus.IN_PROGRESS, False),
        (ActivityKind.JOB_SEARCH, ActivityStatus.PLANNED, False),
    ],
)
def test_waiting_for_a_measure_to_start_is_flagged(world, kind, status, waiting):
    Activity.objects.filter(pk=world.treatment.pk).update(status=ActivityStatus.IN_PROGRESS)
    Activity.objects.create(
        plan=world.plan, kind=kind, status=status, title="Tiltak", created_by=world.counsellor
    )

    row = _row(world.counsellor, world.participant)

    assert ("venter på oppstart av tiltak eller behandling" in row.flags) is waiting
    assert bool(caseload(world.counsellor, show="venter-oppstart")) is waiting


def test_a_planned_treatment_is_waiting_only_for_those_who_may_see_it(world):
    # The world's treatment is planned; the counsellor sees it through consent, a counsellor
    # without consent must not learn of it from a flag.
    Consent.objects.filter(participant=world.participant).update(withdrawn_at=timezone.now())

    assert _row(world.gp, world.participant).waiting_for_start == 1
    assert _row(world.counsellor, world.participant).waiting_for_start == 0


def test_no_contact_for_a_chosen_number_of_days(world):
    ContactNote.objects.filter(pk=world.nav_note.pk).update(contact_date=_days(-20))
    Thread.objects.filter(pk=world.thread.pk).update(
        last_message_at=timezone.now() - datetime.timedelta(days=20)
    )

    assert caseload(world.counsellor, show="ingen-kontakt", no_contact_days=14)
    assert not caseload(world.counsellor, show="ingen-kontakt", no_contact_days=30)


def test_saved_filters_keep_the_view_but_never_the_search_text(client, world):
    client.force_login(world.counsellor)

    response = client.post(
        reverse("saved_filter_new"),
        {"name": "  Lenge  siden ", "vis": "ingen-kontakt", "sorter": "kontakt", "dager": "60",
         "q": "12345678901"},
    )  # fmt: skip

    saved = SavedFilter.objects.get(user=world.counsellor, name="Lenge siden")
    assert (saved.show, saved.sort, saved.no_contact_days) == ("ingen-kontakt", "kontakt", 60)
    assert "12345678901" not in str(vars(saved))
    assert (
        response["Location"]
        == reverse("participant_list") + "?vis=ingen-kontakt&sorter=kontakt&dager=60"
    )
    page = client.get(reverse("participant_list")).content.decode()
    assert "Lenge siden" in page


def test_a_saved_filter_name_is_unique_per_user_and_unknown_values_fall_back(world):
    with pytest.raises(ValidationError):
        saved_filter_create(
            world.counsellor, name="forfalt", show="", sort="navn", no_contact_days=30
        )
    saved = saved_filter_create(
        world.counsellor, name="Rart", show="<script>", sort="tull", no_contact_days="9999"
    )

    assert (saved.show, saved.sort, saved.no_contact_days) == ("", "navn", 30)


def test_no_one_deletes_another_users_saved_filter(client, world):
    client.force_login(world.gp)

    client.post(reverse("saved_filter_delete", args=[world.saved_filter.pk]))

    assert SavedFilter.objects.filter(pk=world.saved_filter.pk).exists()


def test_a_read_only_role_cannot_check_a_national_id_through_the_search(client, world):
    """An employer contact or a regional advisor may not see the national id: typing one must
    not tell them whether it is their person."""
    from los.core.vocabulary import Role
    from tests.factories import staff_user

    advisor = staff_user(world.regional, Role.REGIONAL_ADVISOR, first_name="Mona", last_name="Råd")
    add_to_team(world.participant, advisor, world.regional, Role.REGIONAL_ADVISOR)
    number = world.participant.national_id
    spaced = f"{number[:6]} {number[6:]}"

    assert [r.participant for r in caseload(world.counsellor, query=spaced)] == [world.participant]
    for user in (world.employer_contact, advisor):
        assert [r.participant for r in caseload(user, query="Sara")] == [world.participant]
        assert caseload(user, query=number) == []
        assert caseload(user, query=spaced) == []


@pytest.mark.parametrize(
    ("viewer", "shown"),
    [("counsellor", True), ("employer_contact", False), ("regional_advisor", False)],
)
def test_the_protected_address_marker_only_for_those_who_see_personal_details(
    client, world, viewer, shown
):
    from los.core.vocabulary import ProtectedAddress
    from tests.factories import staff_user

    world.participant.protected_address = ProtectedAddress.CONFIDENTIAL
    world.participant.save(update_fields=["protected_address"])
    advisor = staff_user(world.regional, Role.REGIONAL_ADVISOR)
    add_to_team(world.participant, advisor, world.regional, Role.REGIONAL_ADVISOR)
    user = advisor if viewer == "regional_advisor" else getattr(world, viewer)
    client.force_login(user)

    page = client.get(reverse("participant_list")).content.decode()

    assert "Deltaker, Sara" in page
    assert ("kode 7" in page) is shown

"""The caseload: what needs attention, computed only from what the viewer may see."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from los.core.vocabulary import Category, Role
from los.followup.caseload import caseload
from los.followup.models import ContactNote
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
        last_message_at=timezone.now() - datetime.timedelta(days=60)
    )

    counsellor_row = _row(world.counsellor, world.participant)
    gp_row = _row(world.gp, world.participant)

    assert (counsellor_row.days_since_contact, gp_row.days_since_contact) == (50, 1)
    assert "ingen kontakt på 30 dager" in counsellor_row.flags
    assert "ingen kontakt på 30 dager" not in gp_row.flags


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

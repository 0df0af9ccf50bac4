"""open_record: the policy as query filters, and the access log written from what was read."""

import pytest
from django.urls import reverse

from los.access.models import AccessLogEntry
from los.access.policy import ParticipantHidden
from los.access.record import open_record
from los.core.vocabulary import Category

pytestmark = pytest.mark.django_db


def test_the_record_does_not_exist_for_someone_off_the_team(world):
    with pytest.raises(ParticipantHidden):
        open_record(world.colleague, world.participant.public_id)


def test_clinical_notes_are_read_only_from_the_writing_organisation(world):
    """The GP, health like the DPS, may read clinical notes, but not the DPS's."""
    gp = open_record(world.gp, world.participant.public_id)
    therapist = open_record(world.therapist, world.participant.public_id)

    assert (gp.notes(), gp.categories_read) == ([], [])
    assert therapist.notes() == [world.clinical_note]
    assert therapist.categories_read == [Category.CLINICAL_NOTES]


def test_the_participant_reads_only_the_notes_shared_with_them(world):
    record = open_record(world.participant_user, world.participant.public_id)

    assert record.notes() == [world.nav_note]
    assert record.categories_read == [Category.NAV_CASE_NOTES]


def test_activities_are_filtered_by_kind_and_noted_by_category(world):
    counsellor = open_record(world.counsellor, world.participant.public_id)
    employer = open_record(world.employer_contact, world.participant.public_id)

    assert counsellor.activities() == [world.activity, world.treatment]
    assert counsellor.categories_read == [Category.PLAN, Category.HEALTH_SUMMARY]
    assert (employer.activities(), employer.categories_read) == ([], [])


def test_a_reader_that_returned_nothing_logs_nothing(world):
    record = open_record(world.gp, world.participant.public_id)
    record.notes()

    record.log_reads("samtalereferater")

    assert AccessLogEntry.objects.count() == 0


def test_the_notes_page_logs_what_its_reader_returned(client, world):
    client.force_login(world.therapist)

    response = client.get(reverse("notes", args=[world.participant.public_id]))

    assert response.status_code == 200
    assert list(
        AccessLogEntry.objects.filter(user=world.therapist).values_list("category", "what")
    ) == [(Category.CORE, "samtalereferater"), (Category.CLINICAL_NOTES, "samtalereferater")]


def _activities(overview):
    return [a for goal in overview.goals for a in goal.activities]


def test_the_plan_leaves_out_the_treatment_in_the_query_for_whoever_may_not_see_it(world):
    """The counsellor has the health consent and reads the treatment; the employer contact
    reads no plan."""
    counsellor = open_record(world.counsellor, world.participant.public_id)
    employer = open_record(world.employer_contact, world.participant.public_id)

    assert _activities(counsellor.plan()) == [world.activity, world.treatment]
    assert counsellor.categories_read == [Category.PLAN, Category.HEALTH_SUMMARY]
    # The employer contact reads no plan at all (its consent is to work and education).
    assert (employer.plan(), employer.activity(world.activity.pk)) == (None, None)
    assert employer.categories_read == []


def test_a_page_with_nothing_read_logs_only_the_core(client, world):
    """The dialogue page with no threads names the participant and shows nothing else."""
    from los.followup.models import Message, Thread

    Message.objects.filter(thread__participant=world.participant).delete()
    Thread.objects.filter(participant=world.participant).delete()
    client.force_login(world.counsellor)

    response = client.get(reverse("dialogue", args=[world.participant.public_id]))

    assert response.status_code == 200
    assert list(
        AccessLogEntry.objects.filter(user=world.counsellor).values_list("category", "what")
    ) == [(Category.CORE, "dialog")]


def test_meetings_are_those_the_viewer_may_see(world):
    counsellor = open_record(world.counsellor, world.participant.public_id)
    employer = open_record(world.employer_contact, world.participant.public_id)

    assert counsellor.meetings() == [world.meeting]
    assert counsellor.categories_read == [Category.PLAN]
    # The employer contact is not invited to the responsibility-group meeting.
    assert (employer.meetings(), employer.meeting(world.meeting.pk)) == ([], None)
    assert employer.categories_read == []


def test_the_plan_page_logs_the_categories_of_the_activities_shown(client, world):
    client.force_login(world.counsellor)

    client.get(reverse("plan", args=[world.participant.public_id]))

    assert set(
        AccessLogEntry.objects.filter(user=world.counsellor).values_list("category", flat=True)
    ) == {Category.CORE, Category.PLAN, Category.HEALTH_SUMMARY}

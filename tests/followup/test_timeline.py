"""The timeline shows everything the viewer may see and nothing else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from los.access.policy import load_access
from los.core.vocabulary import Category
from los.followup.timeline import LIMIT, timeline
from los.meetings.models import Meeting
from los.plans import services as plan_services
from los.plans.models import ActivityKind
from tests.factories import give_consent, header_count_known

pytestmark = pytest.mark.django_db


def _texts(world, who, **kwargs):
    return [e.text for e in timeline(load_access(getattr(world, who), world.participant), **kwargs)]


def _events(world, who):
    return timeline(load_access(getattr(world, who), world.participant))


def test_counsellor_sees_nav_notes_messages_consents_and_team_but_no_clinical_note(world):
    texts = _texts(world, "counsellor")

    assert "Samtalereferat (NAV-notater) fra Kari Veileder" in texts
    assert any(t.startswith("Melding fra Sara Deltaker") for t in texts)
    assert "Samtykke: NAV Bodø kan se helseopplysninger" in texts
    assert not any("behandlingsnotater" in t for t in texts)


def test_gp_without_consent_sees_neither_the_dps_clinical_note_nor_nav_notes(world):
    texts = _texts(world, "gp")

    assert not any("behandlingsnotater" in t for t in texts)
    assert not any("NAV-notater" in t for t in texts)
    assert "Samtalereferat (behandlingsnotater) fra Lise Behandler" in _texts(world, "therapist")


def test_employer_contact_sees_nothing_of_health_plan_or_dialogue(world):
    events = _events(world, "employer_contact")

    assert {e.category for e in events} == {Category.CORE}
    assert {e.kind for e in events} == {"team"}
    text = " ".join(e.text for e in events)
    assert "Salten DPS" not in text
    assert "Sentrum legekontor" not in text


def test_treatment_activity_is_hidden_from_a_counsellor_without_consent(world):
    access = load_access(world.therapist, world.participant)
    plan_services.activity_add(
        access=access, kind=ActivityKind.TREATMENT, title="Eksponeringstrening", place="DPS"
    )
    world.participant.consents.update(withdrawn_at=world.participant.created_at)

    assert not any("Eksponeringstrening" in t for t in _texts(world, "counsellor"))
    assert any("Eksponeringstrening" in t for t in _texts(world, "gp"))


def test_participant_sees_only_shared_notes(world):
    texts = _texts(world, "participant_user")

    assert "Samtalereferat (NAV-notater) fra Kari Veileder" in texts
    assert not any("behandlingsnotater" in t for t in texts)


def test_filter_by_kind(world):
    events = timeline(load_access(world.counsellor, world.participant), kind="melding")

    assert {e.kind for e in events} == {"melding"}


def test_newest_first(world):
    events = _events(world, "counsellor")

    assert [e.when for e in events] == sorted((e.when for e in events), reverse=True)


@pytest.mark.parametrize("size", [1, 50])
def test_timeline_page_uses_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, size
):
    access = load_access(world.counsellor, world.participant)
    for number in range(size):
        plan_services.activity_add(access=access, kind=ActivityKind.OWN, title=f"A{number}")
    client.force_login(world.counsellor)
    header_count_known(world.counsellor)

    with django_assert_num_queries(TIMELINE_QUERIES):
        response = client.get(reverse("participant_detail", args=[world.participant.public_id]))

    assert sum(e.kind == "aktivitet" for e in response.context["events"]) == size


def test_the_old_timeline_address_leads_to_the_participant_page(client, world):
    client.force_login(world.counsellor)

    response = client.get(reverse("timeline", args=[world.participant.public_id]) + "?type=mote")

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("participant_detail", args=[world.participant.public_id]) + "?type=mote"
    )


# The participant page is the timeline: one query per source of events, plus the page's own.
TIMELINE_QUERIES = 24  # the waiting requests to join the team; reads logged in one insert


def test_meetings_show_for_those_who_may_see_them(world):
    give_consent(world.participant, world.employer, Category.PLAN, world.counsellor)

    assert "Ansvarsgruppemøte" in _texts(world, "participant_user", kind="mote")
    assert "Ansvarsgruppemøte" in _texts(world, "gp", kind="mote")
    # The employer contact may read the plan now, but was not invited to this meeting.
    assert _texts(world, "employer_contact", kind="mote") == []


def test_published_minutes_are_an_event(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(
        minutes="Referat",
        minutes_published_at=timezone.now(),
        minutes_published_by=world.counsellor,
    )

    assert "Referat publisert fra ansvarsgruppemøte" in _texts(world, "participant_user")


def test_policy_applies_before_the_limit_so_older_visible_rows_still_show(world):
    """A counsellor without health consent, with more than LIMIT treatment-activity changes
    newer than a job-search activity, still sees the job search: the timeline filters by the
    policy in the query, then cuts to the limit."""
    therapist = load_access(world.therapist, world.participant)
    counsellor = load_access(world.counsellor, world.participant)
    plan_services.activity_add(
        access=counsellor, kind=ActivityKind.JOB_SEARCH, title="Søke lagerjobber"
    )
    for number in range(LIMIT + 5):
        plan_services.activity_add(
            access=therapist, kind=ActivityKind.TREATMENT, title=f"Time {number}", place="DPS"
        )
    world.participant.consents.update(withdrawn_at=world.participant.created_at)

    texts = _texts(world, "counsellor", kind="aktivitet")

    assert any("Søke lagerjobber" in t for t in texts)
    assert not any("Time " in t for t in texts)
    assert len(_texts(world, "therapist", kind="aktivitet")) == LIMIT

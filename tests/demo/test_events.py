"""Seeding a whole follow-up record per participant, for timelines at scale."""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from los.access.policy import load_access
from los.demo.events import EVENTS_PER_PARTICIPANT, count_timeline_events, seed_events
from los.demo.seeding import seed
from los.followup.caseload import caseload
from los.followup.models import ContactNote
from los.followup.timeline import timeline
from los.participants.models import CareTeamMembership, Consent, Participant
from los.pathways.models import EmployerContact, Enrolment, Job, StagePhase
from los.plans.models import IndividualPlan
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.django_db


def test_every_seeded_participant_gets_a_whole_record_once():
    seed(participants=40, rng_seed=5)

    first = seed_events()
    again = seed_events()

    assert first.participants == Participant.objects.count() == 40
    assert IndividualPlan.objects.count() == 40
    assert again.participants == again.rows == 0
    with_specialist = set(
        CareTeamMembership.objects.filter(role="job_specialist").values_list(
            "participant_id", flat=True
        )
    )
    assert set(Enrolment.objects.values_list("participant_id", flat=True)) == with_specialist
    assert first.enrolments >= len(with_specialist) > 0
    assert again.enrolments == again.pathway_rows == 0
    assert not EmployerContact.objects.filter(contact_date__gt=timezone.localdate()).exists()
    # A job that has started has moved its pathway on to work, as job_add does.
    at_work = [StagePhase.WORKING, StagePhase.FOLLOW_ALONG, StagePhase.DOWNSIZING]
    for job in Job.objects.filter(start_date__lte=timezone.localdate()):
        assert job.enrolment.history.filter(stage__phase__in=at_work).exists()
    team_and_consents = CareTeamMembership.objects.count() + Consent.objects.count()
    assert count_timeline_events() == 40 * EVENTS_PER_PARTICIPANT + team_and_consents


def test_seeded_records_respect_the_policy_on_the_timeline_and_in_the_caseload(client):
    seed(participants=40, rng_seed=6)
    seed_events()
    note = (
        ContactNote.objects.filter(category="clinical_notes")
        .select_related("participant")
        .order_by("pk")[0]
    )
    counsellor = CareTeamMembership.objects.get(
        participant=note.participant, role="counsellor"
    ).user
    access = load_access(counsellor, note.participant)

    events = timeline(access)

    assert events
    if not access.can_view("clinical_notes"):
        # Notes only: a consent to another organisation for clinical notes is rightly on a
        # care role's timeline («… kan se behandlingsnotater»).
        assert not any(e.kind == "referat" and "behandlingsnotater" in e.text for e in events)
    assert [r for r in caseload(counsellor) if r.participant == note.participant]
    TOTP.activate(counsellor, TOTP_SECRET)  # staff need MFA
    client.force_login(counsellor)
    page = client.get(reverse("participant_detail", args=[note.participant.public_id]))
    assert page.status_code == 200


def test_the_seed_command_writes_records_on_request():
    out = io.StringIO()

    call_command("seed", participants=15, events=True, stdout=out)

    assert IndividualPlan.objects.count() == 15
    assert "Oppfølging for 15 deltakere" in out.getvalue()

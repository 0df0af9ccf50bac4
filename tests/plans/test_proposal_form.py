"""The participant proposes an activity in a short form of their own (what, when, why);
staff plan with every field. Both end in the same service, plans.services.activity_add."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from los.plans.models import Activity, ActivityKind, ActivityStatus

pytestmark = pytest.mark.django_db


def _new_url(world):
    return reverse("activity_new", args=[world.participant.public_id])


def test_the_participant_sees_what_when_and_why_and_no_staff_fields(client, world):
    client.force_login(world.participant_user)

    form = client.get(_new_url(world)).context["form"]

    assert list(form.fields) == ["title", "kind", "start_date", "description", "goal"]
    kinds = [value for value, _label in form.fields["kind"].choices]
    assert ActivityKind.TREATMENT not in kinds  # health information: the team's to write
    assert ActivityKind.JOB_APPLICATION not in kinds  # needs the employer and the post
    assert kinds[0] == ActivityKind.OWN


def test_staff_still_plan_with_every_field(client, world):
    client.force_login(world.counsellor)

    form = client.get(_new_url(world)).context["form"]

    assert {"employer_name", "responsible_organisation", "due_date"} <= set(form.fields)


def test_a_proposal_in_own_words_reaches_the_team(client, world):
    client.force_login(world.participant_user)
    start = timezone.localdate() + datetime.timedelta(days=7)

    response = client.post(
        _new_url(world),
        {
            "title": "Søke på Rema 1000 Sentrum",
            "kind": ActivityKind.JOB_SEARCH,
            "start_date": start.isoformat(),
            "description": "Jeg liker å jobbe med folk.",
            "goal": world.goal.pk,
        },
    )

    proposal = Activity.objects.get(title="Søke på Rema 1000 Sentrum")
    assert response.status_code == 302
    assert (
        proposal.kind,
        proposal.start_date,
        proposal.description,
        proposal.goal,
        proposal.status,
        proposal.created_by_participant,
    ) == (
        ActivityKind.JOB_SEARCH,
        start,
        "Jeg liker å jobbe med folk.",
        world.goal,
        ActivityStatus.PROPOSED,
        True,
    )


def test_without_what_nothing_is_sent_and_the_why_is_kept(client, world):
    client.force_login(world.participant_user)
    before = Activity.objects.count()

    page = client.post(
        _new_url(world), {"title": " ", "kind": "own", "description": "Få bedre søvn"}
    ).content.decode()

    assert "Skriv hva du vil gjøre." in page
    assert "Få bedre søvn" in page
    assert Activity.objects.count() == before


def test_a_participant_cannot_post_a_kind_the_short_form_does_not_offer(client, world):
    client.force_login(world.participant_user)

    page = client.post(
        _new_url(world), {"title": "Terapi", "kind": ActivityKind.TREATMENT}
    ).content.decode()

    assert "Velg et gyldig valg" in page or "Select a valid choice" in page
    assert not Activity.objects.filter(title="Terapi").exists()


def test_the_participant_edits_their_proposal_in_the_same_short_form(client, world):
    proposal = Activity.objects.create(
        plan=world.plan,
        kind=ActivityKind.JOB_APPLICATION,  # the team made it an application
        title="Søke på Coop",
        employer_name="Coop",
        job_title="Butikkmedarbeider",
        status=ActivityStatus.PROPOSED,
        created_by=world.participant_user,
        created_by_participant=True,
    )
    client.force_login(world.participant_user)
    url = reverse("activity_edit", args=[world.participant.public_id, proposal.pk])

    form = client.get(url).context["form"]
    assert "employer_name" not in form.fields
    assert ActivityKind.JOB_APPLICATION in dict(form.fields["kind"].choices)

    client.post(
        url,
        {
            "version": proposal.version,
            "title": "Søke på Coop Extra",
            "kind": ActivityKind.JOB_APPLICATION,
            "description": "Nær der jeg bor.",
        },
    )
    proposal.refresh_from_db()
    assert (proposal.title, proposal.employer_name, proposal.description) == (
        "Søke på Coop Extra",
        "Coop",
        "Nær der jeg bor.",
    )

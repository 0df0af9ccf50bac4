"""«Min side», the participant's front page: what waits for them first, the pages as a
short list, the team, the consents and who looked; the whole history on a page of its own."""

import pytest
from django.urls import reverse
from django.utils import timezone

from los.followup.models import Thread

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode()


def test_a_message_from_the_team_waits_until_it_is_read(client, world):
    thread = Thread.objects.create(
        participant=world.participant,
        subject="Tid hos Coop",
        last_message_at=timezone.now(),
        last_message_by=world.counsellor,
        last_message_from_participant=False,
    )
    client.force_login(world.participant_user)

    assert "Ny melding i «Tid hos Coop»" in _text(client.get(reverse("my_page")))

    client.get(reverse("thread_detail", args=[world.participant.public_id, thread.pk]))
    assert "Ny melding i «Tid hos Coop»" not in _text(client.get(reverse("my_page")))


def test_with_nothing_waiting_the_page_says_so(client, world):
    client.force_login(world.other_participant_user)

    assert "Ingenting nytt akkurat nå." in _text(client.get(reverse("my_page")))


def test_the_history_is_on_its_own_page(client, world):
    client.force_login(world.participant_user)

    front = client.get(reverse("my_page"))
    history = client.get(reverse("my_timeline"))

    assert "events" not in front.context
    assert 'href="/meg/historikk/"' in _text(front)
    assert history.context["events"]
    assert "Melding fra Sara Deltaker i «Spørsmål om arbeidstrening»" in _text(history)


def test_the_old_timeline_address_leads_the_participant_to_the_history(client, world):
    client.force_login(world.participant_user)

    response = client.get(reverse("timeline", args=[world.participant.public_id]) + "?type=melding")

    assert response.status_code == 302
    assert response.url == reverse("my_timeline") + "?type=melding"


def test_staff_have_no_history_page_of_their_own(client, world):
    client.force_login(world.counsellor)

    assert client.get(reverse("my_timeline")).status_code == 404


def test_a_refusal_speaks_to_the_participant_as_du(client, world):
    client.force_login(world.participant_user)

    page = _text(client.get(reverse("work_list")))

    assert "kan du spørre teamet ditt i dialogen" in page
    assert "deltakeren" not in page

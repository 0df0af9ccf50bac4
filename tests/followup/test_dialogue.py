"""The dialogue: unread per reader, who is waiting for whom, and nothing lost."""

import pytest
from django.urls import reverse

from los.access.models import ChangeLogEntry
from los.followup.models import Message, Thread
from tests.factories import header_count_known

pytestmark = pytest.mark.django_db


def _threads(client, world):
    return client.get(reverse("dialogue", args=[world.participant.public_id])).context["threads"]


def _thread_url(world, thread):
    return reverse("thread_detail", args=[world.participant.public_id, thread.pk])


def test_a_message_from_the_participant_is_unread_for_each_team_member_until_they_read_it(
    client, world
):
    client.force_login(world.counsellor)
    [before] = _threads(client, world)
    client.get(_thread_url(world, world.thread))
    [after] = _threads(client, world)
    client.force_login(world.gp)
    [for_gp] = _threads(client, world)

    assert (before.unread, after.unread, for_gp.unread) == (True, False, True)
    assert before.waiting_for_participant is False


def test_a_reply_flips_who_is_waiting_and_what_is_unread(client, world):
    client.force_login(world.counsellor)
    client.post(_thread_url(world, world.thread), {"text": "Mandag kl. 9."})
    [for_counsellor] = _threads(client, world)
    client.force_login(world.participant_user)
    [for_participant] = _threads(client, world)

    assert (for_counsellor.unread, for_counsellor.waiting_for_participant) == (False, True)
    assert (for_participant.unread, for_participant.waiting_for_participant) == (True, True)
    page = client.get(reverse("dialogue", args=[world.participant.public_id])).content.decode()
    assert "venter på svar fra deg" in page


def test_participant_starts_a_thread(client, world):
    client.force_login(world.participant_user)

    response = client.post(
        reverse("thread_new", args=[world.participant.public_id]),
        {"subject": "Legetime", "text": "Kan vi flytte møtet?"},
    )

    thread = Thread.objects.get(subject="Legetime")
    assert response.status_code == 302
    assert (thread.last_message_from_participant, thread.messages.count()) == (True, 1)
    assert ChangeLogEntry.objects.get(action="thread.started").data == {}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": ""}, "text", "Feltet er påkrevet."),
        ({"text": "x" * 5001}, "text",
         "Sørg for at denne verdien har 5000 eller færre tegn (den har nå 5001)."),
    ],
)  # fmt: skip
def test_an_empty_or_oversized_reply_is_refused_and_kept(client, world, data, field, message):
    client.force_login(world.counsellor)
    before = Message.objects.count()

    response = client.post(_thread_url(world, world.thread), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Message.objects.count() == before


def test_the_message_text_stays_out_of_the_change_log(client, world):
    client.force_login(world.counsellor)

    client.post(_thread_url(world, world.thread), {"text": "Hemmelig innhold"})

    assert "Hemmelig" not in str(list(ChangeLogEntry.objects.values_list("data", flat=True)))


@pytest.mark.parametrize("size", [1, 50])
def test_dialogue_list_uses_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, size
):
    for number in range(size - 1):
        Thread.objects.create(
            participant=world.participant,
            subject=f"Tråd {number}",
            last_message_at=world.thread.last_message_at,
            last_message_by=world.counsellor,
            last_message_from_participant=False,
        )
    client.force_login(world.counsellor)
    header_count_known(world.counsellor)

    with django_assert_num_queries(DIALOGUE_QUERIES):
        response = client.get(reverse("dialogue", args=[world.participant.public_id]))

    assert len(response.context["threads"]) == size


DIALOGUE_QUERIES = 14

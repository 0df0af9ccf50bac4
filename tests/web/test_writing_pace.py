"""The writing pace: how many messages, notes and proposals one person may send in a minute
and an hour. A refusal is a 429 page with the typed text still in the form."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from los.core.pace import parse_limits
from los.followup.models import ContactNote, Message, NoteAddendum, Thread
from los.plans.models import Activity

pytestmark = pytest.mark.django_db

PER_MINUTE = parse_limits(settings.LOS_WRITING_LIMITS)[0][0]
REFUSAL = "Du har sendt inn mye tekst på kort tid"


@pytest.fixture(autouse=True)
def _clear_counters():
    cache.clear()
    yield
    cache.clear()


def _reply(client, world, text):
    return client.post(
        reverse("thread_detail", args=[world.participant.public_id, world.thread.pk]),
        {"text": text},
    )


def _early_in_a_minute() -> None:
    """The limits count in fixed windows (los/core/pace.py): writes that cross into the next
    minute are counted there, so a test that fills one minute starts in its first 35
    seconds (waiting at most 25) and has at least 25 seconds for its writes."""
    second = time.time() % 60
    if second > 35:
        time.sleep(60 - second + 0.1)


def test_the_limit_is_one_a_person_typing_stays_under():
    assert parse_limits(settings.LOS_WRITING_LIMITS) == [(10, 60), (100, 3600)]


def test_a_participant_writing_too_fast_is_refused_and_keeps_the_text(client, world):
    client.force_login(world.participant_user)
    _early_in_a_minute()
    for number in range(PER_MINUTE):
        assert _reply(client, world, f"Melding {number}").status_code == 302
    before = Message.objects.count()

    response = _reply(client, world, "Det siste jeg skrev")

    page = response.content.decode()
    assert response.status_code == 429
    assert REFUSAL in page
    assert "Det siste jeg skrev" in page  # still in the form
    assert Message.objects.count() == before


def test_staff_starting_threads_too_fast_are_refused(client, world):
    client.force_login(world.counsellor)
    url = reverse("thread_new", args=[world.participant.public_id])
    _early_in_a_minute()
    for number in range(PER_MINUTE):
        client.post(url, {"subject": f"Emne {number}", "text": "Hei"})
    before = Thread.objects.count()

    response = client.post(url, {"subject": "Et emne til", "text": "En tekst til"})

    page = response.content.decode()
    assert response.status_code == 429
    assert "Et emne til" in page and "En tekst til" in page
    assert Thread.objects.count() == before


def test_the_pace_is_per_person(client, world):
    client.force_login(world.participant_user)
    _early_in_a_minute()
    for number in range(PER_MINUTE):
        _reply(client, world, f"Melding {number}")
    client.force_login(world.counsellor)

    assert _reply(client, world, "Svar fra veilederen").status_code == 302


def test_notes_and_dialogue_share_one_pace(client, world):
    client.force_login(world.counsellor)
    _early_in_a_minute()
    for number in range(PER_MINUTE):
        _reply(client, world, f"Melding {number}")
    data = {
        "category": "nav_case_notes",
        "channel": "phone",
        "contact_date": timezone.localdate().isoformat(),
        "text": "Referat fra samtalen",
        "shared_with_participant": "no",
    }

    response = client.post(reverse("note_new", args=[world.participant.public_id]), data)

    assert response.status_code == 429
    assert "Referat fra samtalen" in response.content.decode()
    assert not ContactNote.objects.filter(text="Referat fra samtalen").exists()


def test_an_addendum_written_too_fast_is_shown_again_with_its_text(client, world):
    client.force_login(world.counsellor)
    _early_in_a_minute()
    for number in range(PER_MINUTE):
        _reply(client, world, f"Melding {number}")

    response = client.post(
        reverse("note_addendum", args=[world.participant.public_id, world.nav_note.pk]),
        {"text": "Et tillegg til referatet"},
    )

    page = response.content.decode()
    assert response.status_code == 429
    assert REFUSAL in page and "Et tillegg til referatet" in page
    assert not NoteAddendum.objects.exists()


def test_a_participants_proposals_are_paced_too(client, world):
    client.force_login(world.participant_user)
    _early_in_a_minute()
    for number in range(PER_MINUTE):
        _reply(client, world, f"Melding {number}")

    response = client.post(
        reverse("activity_new", args=[world.participant.public_id]),
        {"kind": "own", "title": "Gå tur hver dag"},
    )

    assert response.status_code == 429
    assert "Gå tur hver dag" in response.content.decode()
    assert not Activity.objects.filter(title="Gå tur hver dag").exists()


def test_the_hourly_limit_holds_too(client, world, settings):
    settings.LOS_WRITING_LIMITS = "100/m,3/h"
    client.force_login(world.participant_user)
    for number in range(3):
        assert _reply(client, world, f"Melding {number}").status_code == 302

    assert _reply(client, world, "For mye i dag").status_code == 429


def test_a_refused_attempt_does_not_use_up_the_allowance(world, settings):
    from los.core.pace import WritingTooFast, check_writing_pace

    settings.LOS_WRITING_LIMITS = "2/m,3/h"
    check_writing_pace(user=world.counsellor)
    check_writing_pace(user=world.counsellor)
    for _ in range(5):
        with pytest.raises(WritingTooFast):
            check_writing_pace(user=world.counsellor)
    settings.LOS_WRITING_LIMITS = "100/m,3/h"

    check_writing_pace(user=world.counsellor)  # the third of the hour: the refusals did not count


_WRITE_IN_ANOTHER_PROCESS = """
import types, django
django.setup()
from los.core.pace import WritingTooFast, check_writing_pace
user = types.SimpleNamespace(pk={pk!r})
accepted = 0
for _ in range({times}):
    try:
        check_writing_pace(user=user)
        accepted += 1
    except WritingTooFast:
        pass
print(accepted)
"""


def _write_in_another_process(pk, times):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "los.settings",
        "LOS_REDIS_URL": os.environ.get("LOS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        # The hourly window: two processes starting up can straddle a minute's end, rarely
        # an hour's (and the test then runs once more, below).
        "LOS_WRITING_LIMITS": "1000/m,10/h",
    }
    code = _WRITE_IN_ANOTHER_PROCESS.format(pk=pk, times=times)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return int(result.stdout)


def test_the_pace_holds_across_processes_with_redis():
    """Two worker processes share the counters through Redis: six and six make twelve,
    of which ten are accepted."""
    for _attempt in range(2):
        pk = f"test-{uuid.uuid4()}"  # a user no one else on this Redis server has
        hour = time.time() // 3600
        accepted = (_write_in_another_process(pk, 6), _write_in_another_process(pk, 6))
        if time.time() // 3600 == hour:  # both inside one window of the limit
            break
    assert accepted == (6, 4)

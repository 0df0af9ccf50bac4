"""Re-encrypting the stored national ids under a new key, so the old key can be retired."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.test import override_settings

from los.access.models import ChangeLogEntry
from los.core import crypto
from los.participants.keys import REENCRYPTED_ACTION
from los.participants.models import Participant
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def _stored_tokens() -> dict[int, str]:
    return dict(Participant.objects.values_list("pk", "national_id_encrypted"))


def test_rotate_keys_reencrypts_every_number_under_the_first_key_in_batches():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        participants = ParticipantFactory.create_batch(5)
        numbers = {p.pk: p.national_id for p in participants}
    digests = dict(Participant.objects.values_list("pk", "national_id_digest"))

    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        call_command("rotate_keys", batch_size=2, stdout=io.StringIO())

    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        assert {pk: crypto.decrypt(t) for pk, t in _stored_tokens().items()} == numbers
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]), pytest.raises(InvalidToken):
        crypto.decrypt(next(iter(_stored_tokens().values())))
    # The lookup hash has its own key: search by number still finds everyone.
    assert dict(Participant.objects.values_list("pk", "national_id_digest")) == digests
    # Three batches (2 + 2 + 1), each logged in its own transaction.
    entries = ChangeLogEntry.objects.filter(action=REENCRYPTED_ACTION).order_by("pk")
    assert [e.data["count"] for e in entries] == [2, 2, 1]
    assert all(e.participant_id is None and e.actor_id is None for e in entries)


def test_a_second_rotation_run_changes_nothing():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        ParticipantFactory.create_batch(3)
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        call_command("rotate_keys", stdout=io.StringIO())
        after_first = _stored_tokens()
        call_command("rotate_keys", stdout=io.StringIO())

    assert _stored_tokens() == after_first
    assert ChangeLogEntry.objects.filter(action=REENCRYPTED_ACTION).count() == 1


def test_rotation_stops_at_a_number_no_key_reads_and_keeps_the_batches_before_it():
    key_lost = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        readable = ParticipantFactory.create_batch(2)
    with override_settings(FIELD_ENCRYPTION_KEYS=[key_lost]):
        lost = ParticipantFactory()
    lost_token = Participant.objects.get(pk=lost.pk).national_id_encrypted

    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]),
        pytest.raises(CommandError, match=rf"1 fødselsnumre .*deltaker-id {lost.pk}\)"),
    ):
        call_command("rotate_keys", batch_size=2, stdout=io.StringIO())

    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        assert all(
            crypto.encrypted_under_current_key(
                Participant.objects.get(pk=p.pk).national_id_encrypted
            )
            for p in readable
        )
    assert Participant.objects.get(pk=lost.pk).national_id_encrypted == lost_token
    assert ChangeLogEntry.objects.filter(action=REENCRYPTED_ACTION).count() == 1

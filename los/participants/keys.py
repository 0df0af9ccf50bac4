"""Key rotation for the encrypted national identity numbers.

FIELD_ENCRYPTION_KEYS is a list: the first key encrypts, every key decrypts. Rotating is
three steps: put the new key first (the old one stays in the list), re-encrypt every stored
number under it (`reencrypt_national_ids`, `manage.py rotate_keys`), and only then remove
the old key, once no backup that needs it is kept (docs/backup.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.db import transaction

from los.access.audit import record_change
from los.core import crypto
from los.participants.models import Participant

REENCRYPTED_ACTION = "national_ids.reencrypted"


class UnreadableNationalIds(Exception):
    """Some stored numbers decrypt with none of the keys set: a key was removed too early,
    or the database was restored beside the wrong keys."""

    def __init__(self, participant_ids: list[int]):
        super().__init__(participant_ids)
        self.participant_ids = participant_ids


@dataclass
class Reencryption:
    examined: int = 0
    reencrypted: int = 0
    batches: int = 0


def reencrypt_national_ids(
    *, batch_size: int = 1000, progress: Callable[[str], None] = lambda _m: None
) -> Reencryption:
    """Re-encrypt every stored national id that is not under the first key.

    One transaction per batch, not one for the whole table: a batch locks only its own rows
    (an edit of one of them waits a moment, it is never overwritten), and what is done stays
    done if the run stops. Numbers already under the first key are left alone, so a second
    run changes nothing. A batch with a number no key can read is rolled back whole and the
    run stops there, before anything is lost."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    result = Reencryption()
    last_id = 0
    while True:
        with transaction.atomic():
            batch = list(
                Participant.objects.select_for_update()
                .filter(pk__gt=last_id)
                .order_by("pk")
                .only("pk", "national_id_encrypted")[:batch_size]
            )
            if not batch:
                return result
            first_id, last_id = batch[0].pk, batch[-1].pk
            stale = [
                participant
                for participant in batch
                if not crypto.encrypted_under_current_key(participant.national_id_encrypted)
            ]
            unreadable = []
            for participant in stale:
                try:
                    participant.national_id_encrypted = crypto.reencrypt(
                        participant.national_id_encrypted
                    )
                except InvalidToken:
                    unreadable.append(participant.pk)
            if unreadable:
                raise UnreadableNationalIds(unreadable)
            if stale:
                Participant.objects.bulk_update(stale, ["national_id_encrypted"])
                # A change to the stored rows, not to anyone's information: one entry per
                # batch, with no participant, so no record's history fills with key work.
                record_change(
                    actor=None,
                    participant=None,
                    action=REENCRYPTED_ACTION,
                    obj=None,
                    data={"count": len(stale), "first_id": first_id, "last_id": last_id},
                )
            result.examined += len(batch)
            result.reencrypted += len(stale)
            result.batches += 1
            progress(f"{result.examined} kontrollert, {result.reencrypted} kryptert på nytt")

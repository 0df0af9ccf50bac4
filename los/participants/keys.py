"""Key rotation for what is stored under FIELD_ENCRYPTION_KEYS: the national identity
numbers and the staff's authenticator secrets (los.accounts.mfa).

FIELD_ENCRYPTION_KEYS is a list: the first key encrypts, every key decrypts. Rotating is
three steps: put the new key first (the old one stays in the list), re-encrypt everything
stored under it (`reencrypt_national_ids`, `reencrypt_authenticator_secrets`,
`manage.py rotate_keys`), and only then remove the old key, once no backup that needs it is
kept (docs/backup.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from cryptography.fernet import InvalidToken
from django.db import transaction

from los.access.audit import record_change
from los.accounts import mfa
from los.core import crypto
from los.participants.models import Participant

REENCRYPTED_ACTION = "national_ids.reencrypted"
MFA_REENCRYPTED_ACTION = "mfa_secrets.reencrypted"


class UnreadableNationalIds(Exception):
    """Some stored numbers decrypt with none of the keys set: a key was removed too early,
    or the database was restored beside the wrong keys."""

    def __init__(self, participant_ids: list[int]):
        super().__init__(participant_ids)
        self.participant_ids = participant_ids


class UnreadableAuthenticatorSecrets(Exception):
    """Some stored authenticator secrets decrypt with none of the keys set."""

    def __init__(self, authenticator_ids: list[int]):
        super().__init__(authenticator_ids)
        self.authenticator_ids = authenticator_ids


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


def _under_current_key(stored: str) -> str:
    return stored if mfa.sealed_under_current_key(stored) else mfa.reseal(stored)


def reencrypt_authenticator_secrets(
    *, batch_size: int = 1000, progress: Callable[[str], None] = lambda _m: None
) -> Reencryption:
    """Re-encrypt every authenticator secret that is not under the first key, the same way
    as the national ids: a transaction per batch, rows locked (a recovery code used at
    that moment waits, its used mark is never lost), a second run changes nothing, and a
    batch with a secret no key reads is rolled back and stops the run. A secret still in
    clear (written past the adapter) is encrypted too. allauth saves some rows without a lock
    (marking recovery codes as seen): one saved during the run may keep its old token, which
    the old key still reads, so the run before removing a key is the one that counts."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    result = Reencryption()
    last_id = 0
    while True:
        with transaction.atomic():
            batch = list(
                Authenticator.objects.select_for_update()
                .filter(pk__gt=last_id)
                .order_by("pk")
                .only("pk", "data")[:batch_size]
            )
            if not batch:
                return result
            first_id, last_id = batch[0].pk, batch[-1].pk
            stale, unreadable = [], []
            for authenticator in batch:
                try:
                    data = mfa.map_secrets(authenticator.data, _under_current_key)
                except InvalidToken:
                    unreadable.append(authenticator.pk)
                    continue
                if data != authenticator.data:
                    authenticator.data = data
                    stale.append(authenticator)
            if unreadable:
                raise UnreadableAuthenticatorSecrets(unreadable)
            if stale:
                Authenticator.objects.bulk_update(stale, ["data"])
                record_change(
                    actor=None,
                    participant=None,
                    action=MFA_REENCRYPTED_ACTION,
                    obj=None,
                    data={"count": len(stale), "first_id": first_id, "last_id": last_id},
                )
            result.examined += len(batch)
            result.reencrypted += len(stale)
            result.batches += 1
            progress(
                f"{result.examined} tofaktorhemmeligheter kontrollert, "
                f"{result.reencrypted} kryptert på nytt"
            )

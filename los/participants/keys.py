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


def _in_batches(
    *,
    model,
    field: str,
    reseal: Callable,
    action: str,
    unreadable: type[Exception],
    batch_size: int,
    progress: Callable[[Reencryption], None],
) -> Reencryption:
    """Walk `model` by primary key in batches, one transaction each with its rows locked, and
    store `reseal(value)` of `field` where it differs; reseal raises InvalidToken for a value
    no key reads, which rolls the batch back and stops the run. One change-log entry per
    batch, with no participant, so no record's history fills with key work."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    result = Reencryption()
    last_id = 0
    while True:
        with transaction.atomic():
            batch = list(
                model.objects.select_for_update()
                .filter(pk__gt=last_id)
                .order_by("pk")
                .only("pk", field)[:batch_size]
            )
            if not batch:
                return result
            first_id, last_id = batch[0].pk, batch[-1].pk
            stale, unread = [], []
            for row in batch:
                try:
                    value = reseal(getattr(row, field))
                except InvalidToken:
                    unread.append(row.pk)
                    continue
                if value != getattr(row, field):
                    setattr(row, field, value)
                    stale.append(row)
            if unread:
                raise unreadable(unread)
            if stale:
                model.objects.bulk_update(stale, [field])
                record_change(
                    actor=None,
                    participant=None,
                    action=action,
                    obj=None,
                    data={"count": len(stale), "first_id": first_id, "last_id": last_id},
                )
            result.examined += len(batch)
            result.reencrypted += len(stale)
            result.batches += 1
            progress(result)


def _national_id_under_current_key(stored: str) -> str:
    return stored if crypto.encrypted_under_current_key(stored) else crypto.reencrypt(stored)


def reencrypt_national_ids(
    *, batch_size: int = 1000, progress: Callable[[str], None] = lambda _m: None
) -> Reencryption:
    """Re-encrypt every stored national id that is not under the first key.

    One transaction per batch, not one for the whole table: a batch locks only its own rows
    (an edit of one of them waits a moment, it is never overwritten), and what is done stays
    done if the run stops. Numbers already under the first key are left alone, so a second
    run changes nothing. A batch with a number no key can read is rolled back whole and the
    run stops there, before anything is lost."""
    return _in_batches(
        model=Participant,
        field="national_id_encrypted",
        reseal=_national_id_under_current_key,
        action=REENCRYPTED_ACTION,
        unreadable=UnreadableNationalIds,
        batch_size=batch_size,
        progress=lambda r: progress(f"{r.examined} kontrollert, {r.reencrypted} kryptert på nytt"),
    )


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
    return _in_batches(
        model=Authenticator,
        field="data",
        reseal=lambda data: mfa.map_secrets(data, _under_current_key),
        action=MFA_REENCRYPTED_ACTION,
        unreadable=UnreadableAuthenticatorSecrets,
        batch_size=batch_size,
        progress=lambda r: progress(
            f"{r.examined} tofaktorhemmeligheter kontrollert, {r.reencrypted} kryptert på nytt"
        ),
    )

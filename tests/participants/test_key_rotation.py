"""Re-encrypting the stored national ids and authenticator secrets under a new key, so the
old key can be retired."""

import io
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from cryptography.fernet import Fernet, InvalidToken
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import override_settings

from los.access.models import ChangeLogEntry
from los.accounts import mfa
from los.core import crypto
from los.core.vocabulary import OrganisationKind, Role
from los.participants.keys import MFA_REENCRYPTED_ACTION, REENCRYPTED_ACTION
from los.participants.models import Participant
from tests.factories import TOTP_SECRET, OrganisationFactory, ParticipantFactory, staff_user

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


def _staff_with_totp_and_recovery_codes(count: int):
    office = OrganisationFactory(kind=OrganisationKind.NAV_OFFICE)
    users = [staff_user(office, Role.COUNSELLOR) for _ in range(count)]
    codes = {user.pk: RecoveryCodes.activate(user).generate_codes() for user in users}
    return users, codes


def _stored_authenticator_data() -> dict[int, dict]:
    return dict(Authenticator.objects.values_list("pk", "data"))


def test_rotate_keys_reencrypts_the_authenticator_secrets_so_codes_verify_with_the_new_key():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        users, codes = _staff_with_totp_and_recovery_codes(2)

    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        call_command("rotate_keys", batch_size=3, stdout=io.StringIO())

    cache.clear()
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        for user in users:
            totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
            recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
            assert TOTP(totp).validate_code(code)
            assert RecoveryCodes(recovery).validate_code(codes[user.pk][0])
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]), pytest.raises(InvalidToken):
        mfa.unseal(next(iter(_stored_authenticator_data().values()))["secret"])
    # Four rows (two TOTP, two recovery codes) in batches of three, each batch logged.
    entries = ChangeLogEntry.objects.filter(action=MFA_REENCRYPTED_ACTION).order_by("pk")
    assert [e.data["count"] for e in entries] == [3, 1]
    assert all(e.participant_id is None and e.actor_id is None for e in entries)


def test_a_second_rotation_run_leaves_the_authenticator_secrets_alone():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        _staff_with_totp_and_recovery_codes(2)
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        call_command("rotate_keys", stdout=io.StringIO())
        after_first = _stored_authenticator_data()
        call_command("rotate_keys", stdout=io.StringIO())

    assert _stored_authenticator_data() == after_first
    assert ChangeLogEntry.objects.filter(action=MFA_REENCRYPTED_ACTION).count() == 1


def test_rotation_stops_at_an_authenticator_secret_no_key_reads():
    key_lost = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[key_lost]):
        (lost_user,), _ = _staff_with_totp_and_recovery_codes(1)
    lost = Authenticator.objects.get(user=lost_user, type=Authenticator.Type.TOTP)

    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]),
        pytest.raises(CommandError, match=rf"2 tofaktorhemmeligheter .*id {lost.pk}, "),
    ):
        call_command("rotate_keys", stdout=io.StringIO())

    assert Authenticator.objects.get(pk=lost.pk).data == lost.data
    assert not ChangeLogEntry.objects.filter(action=MFA_REENCRYPTED_ACTION).exists()

"""The data migration that encrypts the authenticator secrets stored before the adapter."""

import importlib
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.apps import apps
from django.core.cache import cache

from los.access.models import ChangeLogEntry
from los.accounts.mfa import SEALED_PREFIX, seal, unseal
from los.core.vocabulary import Role
from tests.factories import TOTP_SECRET, staff_user

pytestmark = pytest.mark.django_db

migration = importlib.import_module("los.accounts.migrations.0002_encrypt_mfa_secrets")
SEED = "ab" * 40


def _clear_rows(user) -> tuple[Authenticator, Authenticator]:
    """What allauth's default adapter wrote: the secrets as they are."""
    totp = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    recovery = Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": SEED, "used_mask": 1, "migrated_codes": ["12345678"]},
    )
    return totp, recovery


def test_the_migration_encrypts_clear_secrets_and_codes_still_work(world):
    user = staff_user(world.nav_office, Role.COUNSELLOR, mfa=False)
    totp, recovery = _clear_rows(user)

    migration.encrypt_secrets(apps, None)

    totp.refresh_from_db()
    recovery.refresh_from_db()
    assert totp.data["secret"].startswith(SEALED_PREFIX)
    assert unseal(totp.data["secret"]) == TOTP_SECRET
    assert unseal(recovery.data["seed"]) == SEED
    assert [unseal(code) for code in recovery.data["migrated_codes"]] == ["12345678"]
    assert recovery.data["used_mask"] == 1
    cache.clear()
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    assert TOTP(totp).validate_code(code)
    assert RecoveryCodes(recovery).validate_code("12345678")
    entry = ChangeLogEntry.objects.get(action="mfa_secrets.encrypted")
    assert (entry.data, entry.actor_id, entry.participant_id) == ({"count": 2}, None, None)


def test_the_migration_leaves_encrypted_secrets_as_they_are(world):
    before = {a.pk: a.data for a in Authenticator.objects.all()}
    assert before and all(a["secret"].startswith(SEALED_PREFIX) for a in before.values())

    migration.encrypt_secrets(apps, None)
    migration.encrypt_secrets(apps, None)

    assert {a.pk: a.data for a in Authenticator.objects.all()} == before
    assert not ChangeLogEntry.objects.filter(action="mfa_secrets.encrypted").exists()


def test_a_mixed_table_gets_only_its_clear_rows_encrypted(world):
    sealed_before = Authenticator.objects.get(user=world.counsellor).data
    user = staff_user(world.nav_office, Role.COUNSELLOR, mfa=False)
    _clear_rows(user)

    migration.encrypt_secrets(apps, None)

    assert Authenticator.objects.get(user=world.counsellor).data == sealed_before
    assert ChangeLogEntry.objects.get(action="mfa_secrets.encrypted").data == {"count": 2}


def test_the_migration_backwards_writes_what_the_default_adapter_reads(world):
    user = staff_user(world.nav_office, Role.COUNSELLOR, mfa=False)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": seal(TOTP_SECRET)}
    )

    migration.decrypt_secrets(apps, None)

    assert Authenticator.objects.get(user=user).data == {"secret": TOTP_SECRET}

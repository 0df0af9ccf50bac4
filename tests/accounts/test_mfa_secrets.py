"""Staff authenticator secrets are stored encrypted, and every allauth flow still works."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from los.accounts.mfa import SEALED_PREFIX, ClearSecretRefused, unseal
from los.core.vocabulary import Role
from tests.factories import TOTP_SECRET, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits_and_used_codes():
    cache.clear()
    yield
    cache.clear()


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _stored_data_text(user) -> str:
    """The authenticators' data as the database holds it, i.e. as a dump would show it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(data::text, ' ') FROM mfa_authenticator WHERE user_id = %s",
            [user.pk],
        )
        return cursor.fetchone()[0]


def _log_in(client, user, code: str):
    client.logout()
    client.post(reverse("account_login"), {"login": user.email, "password": "passord"})
    return client.post(reverse("mfa_authenticate"), {"code": code})


def _activate_totp_through_the_pages(client, user) -> str:
    client.post(reverse("account_login"), {"login": user.email, "password": "passord"})
    # allauth asks for the password again before an authenticator is added.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": "passord"})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


def test_a_secret_set_up_through_the_pages_is_stored_encrypted_and_still_logs_in(client, world):
    newcomer = staff_user(world.nav_office, Role.COUNSELLOR, mfa=False)

    secret = _activate_totp_through_the_pages(client, newcomer)

    totp = Authenticator.objects.get(user=newcomer, type=Authenticator.Type.TOTP)
    recovery = Authenticator.objects.get(user=newcomer, type=Authenticator.Type.RECOVERY_CODES)
    assert totp.data["secret"].startswith(SEALED_PREFIX)
    assert recovery.data["seed"].startswith(SEALED_PREFIX)
    assert unseal(totp.data["secret"]) == secret
    seed = unseal(recovery.data["seed"])
    stored = _stored_data_text(newcomer)
    assert secret not in stored and seed not in stored
    # The next 30-second window: allauth accepts each code once.
    cache.clear()
    response = _log_in(client, newcomer, _code(secret))
    assert response.status_code == 302
    assert client.get(reverse("participant_list")).status_code == 200


def test_recovery_codes_from_an_encrypted_seed_log_in_once_each(client, world):
    newcomer = staff_user(world.nav_office, Role.COUNSELLOR, mfa=False)
    _activate_totp_through_the_pages(client, newcomer)
    recovery = Authenticator.objects.get(user=newcomer, type=Authenticator.Type.RECOVERY_CODES)
    assert recovery.data["seed"].startswith(SEALED_PREFIX)
    first, *_ = RecoveryCodes(recovery).get_unused_codes()
    assert first not in _stored_data_text(newcomer)

    assert _log_in(client, newcomer, first).status_code == 302
    assert client.get(reverse("participant_list")).status_code == 200
    again = _log_in(client, newcomer, first)

    assert again.status_code == 200  # the form again, with its error
    assert client.get(reverse("participant_list")).status_code == 302


def test_the_factories_store_the_test_secret_encrypted(world):
    stored = _stored_data_text(world.counsellor)

    assert TOTP_SECRET not in stored
    assert SEALED_PREFIX in stored


def test_a_secret_left_in_clear_is_refused_not_used(client, world):
    """Only a row written past the adapter could be clear; it must not open the door."""
    Authenticator.objects.filter(user=world.counsellor).update(data={"secret": TOTP_SECRET})

    with pytest.raises(ClearSecretRefused):
        unseal(TOTP_SECRET)
    client.post(reverse("account_login"), {"login": world.counsellor.email, "password": "passord"})
    client.raise_request_exception = False
    response = client.post(reverse("mfa_authenticate"), {"code": _code(TOTP_SECRET)})

    assert response.status_code == 500
    assert client.get(reverse("participant_list")).status_code == 302

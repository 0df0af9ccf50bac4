"""«API-nøkler»: made only after signing in with the code, shown once, stored as a digest,
listed, and revoked (los/api/tokens.py)."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse

from los.api import tokens
from los.api.models import ApiToken
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.django_db

KEY = re.compile(r'value="(los_[A-Za-z0-9_\-]+)"')


def sign_in_with_code(client, user):
    cache.clear()
    client.post(reverse("account_login"), {"login": user.email, "password": "passord"})
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": code})


def make_key(client, name="Fagsystemet", scope="read"):
    return client.post(reverse("api_tokens"), {"name": name, "scope": scope, "days": "30"})


def test_a_key_is_made_after_the_code_shown_once_and_works(client, world):
    sign_in_with_code(client, world.counsellor)

    page = make_key(client).content.decode()

    [key] = KEY.findall(page)
    token = ApiToken.objects.get(user=world.counsellor)
    assert token.digest == tokens.digest_of(key) and key not in (token.digest, token.prefix)
    assert KEY.findall(client.get(reverse("api_tokens")).content.decode()) == []  # never again
    assert "Fagsystemet" in client.get(reverse("api_tokens")).content.decode()
    api = client.get("/api/v1/meg", headers={"Authorization": f"Bearer {key}"})
    assert api.json()["email"] == world.counsellor.email


def test_without_the_code_in_this_session_no_key_is_made(client, world, settings):
    settings.SKIP_STAFF_MFA = True  # as in the demo: signed in with the password alone
    client.force_login(world.counsellor)

    page = client.get(reverse("api_tokens")).content.decode()
    make_key(client)

    assert "bare lages når du har logget inn med koden" in page
    assert not ApiToken.objects.exists()


def test_bad_input_is_said_and_nothing_is_made(client, world):
    sign_in_with_code(client, world.counsellor)

    response = make_key(client, name="   ")

    assert "name" in response.context["form"].errors
    assert KEY.findall(response.content.decode()) == []
    assert not ApiToken.objects.exists()


def test_a_revoked_key_stops_working(client, world):
    sign_in_with_code(client, world.counsellor)
    [key] = KEY.findall(make_key(client).content.decode())
    token = ApiToken.objects.get()

    client.post(reverse("api_token_revoke", args=[token.pk]))

    assert client.get("/api/v1/meg", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert "trukket tilbake" in client.get(reverse("api_tokens")).content.decode()


def test_nobody_can_revoke_anothers_key(client, world):
    sign_in_with_code(client, world.counsellor)
    make_key(client)
    token = ApiToken.objects.get()
    client.logout()
    sign_in_with_code(client, world.therapist)

    client.post(reverse("api_token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_participant_has_no_keys(client, world):
    client.force_login(world.participant_user)

    assert client.get(reverse("api_tokens")).status_code == 403
    assert "API-nøkler" not in client.get(reverse("my_page")).content.decode()

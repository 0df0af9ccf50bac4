"""The login lockout: per account (from every address) and, at a much higher count, per
address, with the address read through the trusted proxy only."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db

PER_ACCOUNT = settings.LOS_LOGIN_FAILURES_PER_ACCOUNT
PER_ADDRESS = settings.LOS_LOGIN_FAILURES_PER_ADDRESS


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _login(client, email, password, **headers):
    client.post(reverse("account_login"), {"login": email, "password": password}, **headers)
    logged_in = "_auth_user_id" in client.session
    client.logout()
    return logged_in


def test_five_failures_lock_the_account_from_every_address(client, world):
    email = world.participant_user.email
    for _ in range(PER_ACCOUNT):
        assert not _login(client, email, "feil", REMOTE_ADDR="10.1.0.1")

    assert not _login(client, email, "passord", REMOTE_ADDR="10.1.0.1")
    assert not _login(client, email, "passord", REMOTE_ADDR="10.9.9.9")


def test_one_persons_typos_do_not_lock_a_colleague_at_the_same_address(client, world):
    for _ in range(PER_ACCOUNT):
        _login(client, world.participant_user.email, "feil", REMOTE_ADDR="10.1.0.1")

    assert _login(client, world.other_participant_user.email, "passord", REMOTE_ADDR="10.1.0.1")


def test_an_address_is_locked_after_the_higher_count(client, world):
    assert PER_ADDRESS > PER_ACCOUNT
    # Spread over many accounts so that no single account is locked.
    for attempt in range(PER_ADDRESS):
        _login(
            client, f"gjett-{attempt // PER_ACCOUNT}@test.los.no", "feil", REMOTE_ADDR="10.1.0.1"
        )

    assert not _login(client, world.participant_user.email, "passord", REMOTE_ADDR="10.1.0.1")
    assert _login(client, world.participant_user.email, "passord", REMOTE_ADDR="10.2.0.2")


def test_an_address_is_not_locked_below_the_higher_count(client, world):
    for attempt in range(PER_ADDRESS - 1):
        _login(
            client, f"gjett-{attempt // PER_ACCOUNT}@test.los.no", "feil", REMOTE_ADDR="10.1.0.1"
        )

    assert _login(client, world.participant_user.email, "passord", REMOTE_ADDR="10.1.0.1")


def _fail_from_one_address_behind(client, forwarded_for):
    for attempt in range(PER_ADDRESS):
        _login(
            client,
            f"gjett-{attempt // PER_ACCOUNT}@test.los.no",
            "feil",
            REMOTE_ADDR="192.0.2.10",  # the proxy
            HTTP_X_FORWARDED_FOR=forwarded_for(attempt),
        )


def test_behind_a_trusted_proxy_two_clients_are_counted_apart(client, world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _fail_from_one_address_behind(client, lambda attempt: "10.1.0.1")

    email = world.participant_user.email
    proxy = {"REMOTE_ADDR": "192.0.2.10"}
    assert not _login(client, email, "passord", **proxy, HTTP_X_FORWARDED_FOR="10.1.0.1")
    assert _login(client, email, "passord", **proxy, HTTP_X_FORWARDED_FOR="10.2.0.2")


def test_a_forged_forwarded_for_is_not_trusted_without_a_proxy(client, world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
    # An attacker makes up a new address for every attempt; the real address counts.
    _fail_from_one_address_behind(client, lambda attempt: f"10.3.0.{attempt}")

    email = world.participant_user.email
    proxy = {"REMOTE_ADDR": "192.0.2.10"}
    assert not _login(client, email, "passord", **proxy, HTTP_X_FORWARDED_FOR="10.4.0.1")


def test_a_trusted_client_ip_header_names_the_client(client, world, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for attempt in range(PER_ADDRESS):
        _login(
            client,
            f"gjett-{attempt // PER_ACCOUNT}@test.los.no",
            "feil",
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_REAL_IP="10.1.0.1",
        )

    email = world.participant_user.email
    proxy = {"REMOTE_ADDR": "192.0.2.10"}
    assert not _login(client, email, "passord", **proxy, HTTP_X_REAL_IP="10.1.0.1")
    assert _login(client, email, "passord", **proxy, HTTP_X_REAL_IP="10.2.0.2")


def _settings_in_a_fresh_process(**environment):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER, "
        "s.ACCOUNT_RATE_LIMITS['login_failed'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "los.settings", **environment}
    for name in ("LOS_TRUSTED_PROXY_COUNT", "LOS_CLIENT_IP_HEADER"):
        if name not in environment:
            env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_the_proxy_is_configured_from_the_environment():
    assert _settings_in_a_fresh_process()[:2] == ["0", "None"]
    assert _settings_in_a_fresh_process(
        LOS_TRUSTED_PROXY_COUNT="1", LOS_CLIENT_IP_HEADER="X-Real-IP"
    )[:2] == ["1", "X-Real-IP"]
    assert (
        _settings_in_a_fresh_process(
            LOS_LOGIN_FAILURES_PER_ACCOUNT="3", LOS_LOGIN_FAILURES_PER_ADDRESS="40"
        )[2]
        == "3/15m/key,40/15m/ip"
    )

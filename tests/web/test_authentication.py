import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from los.core.vocabulary import Role
from tests.factories import TOTP_SECRET, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _current_code():
    import time

    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def test_staff_without_an_authenticator_is_sent_to_set_one_up(client, world):
    newcomer = staff_user(world.nav_office, Role.COUNSELLOR, mfa=False)
    client.force_login(newcomer)

    response = client.get(reverse("participant_list"))

    assert (response.status_code, response["Location"]) == (302, reverse("mfa_activate_totp"))


def test_admin_without_an_authenticator_cannot_reach_the_admin(client, world):
    Authenticator.objects.filter(user=world.admin).delete()
    client.force_login(world.admin)

    response = client.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, reverse("mfa_activate_totp"))


def test_participant_is_not_asked_for_an_authenticator(client, world):
    client.force_login(world.participant_user)

    assert client.get(reverse("my_page")).status_code == 200


def test_staff_login_asks_for_the_code_and_lets_in_with_the_right_one(client, world):
    response = client.post(
        reverse("account_login"), {"login": world.counsellor.email, "password": "passord"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("participant_list")).status_code == 302  # not logged in yet

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    right = client.post(reverse("mfa_authenticate"), {"code": _current_code()})

    assert right.status_code == 302
    assert client.get(reverse("participant_list")).status_code == 200


def test_login_is_locked_after_five_failures_even_with_the_right_password(client, world):
    for _ in range(5):
        client.post(
            reverse("account_login"), {"login": world.participant_user.email, "password": "feil"}
        )

    response = client.post(
        reverse("account_login"), {"login": world.participant_user.email, "password": "passord"}
    )

    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_themselves_up(client, db):
    from los.accounts.models import User

    response = client.post(
        reverse("account_signup"),
        {
            "email": "ny@test.los.no",
            "password1": "et-langt-passord-1",
            "password2": "et-langt-passord-1",
        },
    )

    assert "registrering er for tiden stengt" in response.content.decode()
    assert User.objects.filter(email="ny@test.los.no").exists() is False


def test_sessions_are_renewed_on_every_request_and_end_with_the_browser():
    assert (
        settings.SESSION_COOKIE_AGE,
        settings.SESSION_SAVE_EVERY_REQUEST,
        settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    ) == (30 * 60, True, True)


def test_pages_carry_a_strict_content_security_policy(client, world):
    client.force_login(world.counsellor)

    response = client.get(reverse("participant_list"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_language_is_bokmal_whatever_the_browser_says(client, world):
    client.force_login(world.counsellor)

    response = client.get(reverse("participant_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "nb"
    assert "Mine deltakere" in response.content.decode()


def test_english_is_there_when_the_user_chooses_it(client, world):
    client.force_login(world.counsellor)

    client.post(reverse("set_language"), {"language": "en", "next": "/deltakere/"})
    response = client.get(reverse("participant_list"))

    assert response["Content-Language"] == "en"
    assert "My participants" in response.content.decode()
    assert "Mine deltakere" not in response.content.decode()


@pytest.mark.parametrize(
    ("user", "name", "english", "norwegian"),
    [
        ("counsellor", "pathway", "Work and education for", "Arbeid og utdanning for"),
        ("counsellor", "participant_list", "Work pathway", "Arbeidsløp"),
        ("therapist", "measures", "Questionnaires for", "Kartlegging for"),
    ],
)
def test_the_work_and_measurement_pages_are_in_english_too(
    client, world, user, name, english, norwegian
):
    client.force_login(getattr(world, user))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    args = [] if name == "participant_list" else [world.participant.public_id]

    page = client.get(reverse(name, args=args)).content.decode()

    assert english in page and norwegian not in page


def test_an_idle_session_is_logged_out(client, world):
    import datetime

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(world.counsellor)
    assert client.get(reverse("participant_list")).status_code == 200
    # 31 idle minutes: the session's expiry (renewed on every request) has passed.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(minutes=1))

    response = client.get(reverse("participant_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

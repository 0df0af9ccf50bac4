"""National sign-in end to end against a real OpenID Connect provider on loopback
(django-oauth-toolkit in its own process, tests/oidc_provider/): Los sends the browser there,
the person signs in, the provider sends a code back, and Los exchanges it over HTTP, checks
the ID token and decides who the person is (docs/sign-in.md)."""

import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.socialaccount.internal.statekit import STATES_SESSION_KEY
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.core.cache import cache
from django.urls import reverse

from los.accounts.models import SignIn
from los.accounts.oidc_settings import accepted_assurance, insecure_urls, oidc_apps, oidc_origins
from tests.factories import TOTP_SECRET
from tests.oidc_provider.process import configure_los, start_for

pytestmark = pytest.mark.django_db

SARA_PID = "17859006884"  # synthetic national identity numbers (month + 80)
NOBODY_PID = "02818548977"
HIGH, SUBSTANTIAL = "idporten-loa-high", "idporten-loa-substantial"
STAFF_EMAIL = "kari.veileder@nav.test"
PEOPLE = [
    {"username": "sara", "password": "pw", "claims": {"pid": SARA_PID, "acr": HIGH}},
    {"username": "sara-lower", "password": "pw", "claims": {"pid": SARA_PID, "acr": SUBSTANTIAL}},
    {"username": "nobody", "password": "pw", "claims": {"pid": NOBODY_PID, "acr": HIGH}},
    {
        "username": "kari",
        "password": "pw",
        "claims": {"email": STAFF_EMAIL, "email_verified": True, "name": "Kari Veileder"},
    },
    {
        "username": "unverified",
        "password": "pw",
        "claims": {"email": STAFF_EMAIL, "email_verified": False},
    },
    {"username": "sara-at-work", "password": "pw", "claims": {"email": "sara@example.test"}},
]


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    running = start_for(tmp_path_factory.mktemp("oidc"), PEOPLE, "http://testserver")
    yield running
    running.stop()


@pytest.fixture
def configured(settings, provider):
    configure_los(settings, provider, [HIGH])
    cache.clear()


@pytest.fixture
def sara(world):
    participant = world.participant
    participant.set_national_id(SARA_PID, "fnr")
    participant.save()
    return world.participant_user


def start(client, provider_id):
    """Press the sign-in button: Los answers with the provider's authorization URL."""
    response = client.post(f"/konto/oidc/{provider_id}/login/?process=login")
    assert response.status_code == 302, response.content
    return response["Location"]


def sign_in_at_provider(authorize_url, username):
    """Be the browser at the provider: its login page, then its redirect back to Los."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)
    assert "/login/" in page.url
    answer = browser.post(
        page.url,
        data={
            "username": username,
            "password": "pw",
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    location = answer.headers["Location"]
    while not location.startswith("http://testserver/"):
        answer = browser.get(urljoin(answer.url, location), allow_redirects=False, timeout=10)
        location = answer.headers["Location"]
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_a_participant_signs_in_with_id_porten_at_the_high_level(client, configured, sara):
    authorize_url = start(client, "idporten")
    asked = parse_qs(urlsplit(authorize_url).query)
    # The code flow with PKCE, state and nonce, asking for the highest level.
    assert asked["response_type"] == ["code"]
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"][0]
    assert asked["state"][0] and asked["nonce"][0]
    assert asked["acr_values"] == [HIGH]

    response = client.get(sign_in_at_provider(authorize_url, "sara"))

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(sara.pk)
    assert client.get(reverse("my_page")).status_code == 200
    sign_in = SignIn.objects.get(user=sara)
    assert (sign_in.method, sign_in.assurance) == ("idporten", HIGH)
    assert client.session["los_sign_in_assurance"] == HIGH
    # Nothing of the provider's is stored: no linked account, no token, no national id.
    assert SocialAccount.objects.count() == 0
    assert SocialToken.objects.count() == 0


def test_a_lower_level_of_assurance_is_refused(client, configured, sara):
    response = client.get(sign_in_at_provider(start(client, "idporten"), "sara-lower"))

    assert response.status_code == 403
    assert "Innloggingen ble ikke godtatt" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert not SignIn.objects.exists()


def test_an_unknown_national_identity_number_is_refused_and_nobody_is_created(
    client, configured, world
):
    users_before = type(world.participant_user).objects.count()

    response = client.get(sign_in_at_provider(start(client, "idporten"), "nobody"))

    assert response.status_code == 403
    assert signed_in_user_id(client) is None
    assert type(world.participant_user).objects.count() == users_before


def test_an_id_token_without_the_nonce_sent_is_refused(client, configured, sara):
    authorize_url = start(client, "idporten")
    # Another login's nonce in this browser's state: the token carries the one sent.
    session = client.session
    for state in session[STATES_SESSION_KEY].values():
        state[0]["nonce"] = "another-login"
    session.save()

    response = client.get(sign_in_at_provider(authorize_url, "sara"))

    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_a_return_with_another_state_is_refused(client, configured, sara):
    callback = sign_in_at_provider(start(client, "idporten"), "sara")
    code = parse_qs(urlsplit(callback).query)["code"][0]

    response = client.get(f"{urlsplit(callback).path}?code={code}&state=forged")

    assert signed_in_user_id(client) is None
    assert "Innloggingen mislyktes" in response.content.decode()


def test_staff_sign_in_through_their_directory_still_asks_for_the_code(client, configured, world):
    world.counsellor.email = STAFF_EMAIL
    world.counsellor.save()

    response = client.get(sign_in_at_provider(start(client, "staff"), "kari"))

    assert (response.status_code, response["Location"]) == (302, reverse("mfa_authenticate"))
    assert signed_in_user_id(client) is None
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert signed_in_user_id(client) == str(world.counsellor.pk)
    assert SignIn.objects.get(user=world.counsellor).method == "staff"


def test_the_staff_directory_is_not_trusted_for_an_address_it_has_not_verified(
    client, configured, world
):
    world.counsellor.email = STAFF_EMAIL
    world.counsellor.save()

    response = client.get(sign_in_at_provider(start(client, "staff"), "unverified"))

    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_the_staff_directory_cannot_sign_in_a_participant(client, configured, sara):
    sara.email = "sara@example.test"
    sara.save()

    response = client.get(sign_in_at_provider(start(client, "staff"), "sara-at-work"))

    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_the_login_page_offers_each_configured_provider(client, configured):
    page = client.get(reverse("account_login")).content.decode()

    assert "Deltaker: logg inn med ID-porten" in page
    assert "Ansatt: logg inn med Entra ID" in page


def test_without_providers_the_login_page_has_only_e_mail_and_password(client, db):
    page = client.get(reverse("account_login")).content.decode()

    assert "logg inn med" not in page
    assert 'name="password"' in page


def test_password_sign_in_is_recorded_too(client, world):
    cache.clear()
    client.post(
        reverse("account_login"), {"login": world.participant_user.email, "password": "passord"}
    )

    assert SignIn.objects.get(user=world.participant_user).method == "password"


def test_pages_for_connecting_third_party_accounts_do_not_exist(client, world):
    client.force_login(world.participant_user)

    assert client.get("/konto/3rdparty/").status_code == 404
    assert client.get("/konto/3rdparty/signup/").status_code == 404


def test_providers_come_from_the_environment():
    environ = {
        "LOS_OIDC_IDPORTEN_URL": "https://idporten.no",
        "LOS_OIDC_IDPORTEN_CLIENT_ID": "los",
        "LOS_OIDC_STAFF_URL": "https://login.microsoftonline.com/tenant/v2.0",
        "LOS_OIDC_STAFF_CLIENT_ID": "los-staff",
        "LOS_OIDC_STAFF_NAME": "Helse Nord-ID",
        "LOS_OIDC_EXTRA_ORIGINS": "https://login.idporten.no/",
    }

    apps = oidc_apps(environ)

    assert [(app["provider_id"], app["name"]) for app in apps] == [
        ("idporten", "ID-porten"),
        ("staff", "Helse Nord-ID"),
    ]
    assert apps[0]["settings"]["auth_params"]["acr_values"] == HIGH
    assert oidc_origins(apps, environ) == [
        "https://idporten.no",
        "https://login.idporten.no",
        "https://login.microsoftonline.com",
    ]
    assert oidc_apps({"LOS_OIDC_IDPORTEN_URL": "https://idporten.no"}) == []
    assert accepted_assurance({"LOS_OIDC_IDPORTEN_ACR": f"{HIGH}, {SUBSTANTIAL}"}) == [
        HIGH,
        SUBSTANTIAL,
    ]


def test_cancelling_at_the_provider_says_so_and_signs_nobody_in(client, configured, sara):
    state = parse_qs(urlsplit(start(client, "idporten")).query)["state"][0]

    response = client.get(
        f"/konto/oidc/idporten/login/callback/?error=access_denied&state={state}", follow=True
    )

    assert "Innloggingen ble avbrutt" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_an_administrator_without_a_working_role_cannot_use_the_staff_directory(
    client, configured, world
):
    world.admin.email = STAFF_EMAIL
    world.admin.save()

    response = client.get(sign_in_at_provider(start(client, "staff"), "kari"))

    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_the_staff_directory_is_trusted_only_for_the_organisations_domains(
    client, configured, world, settings
):
    world.counsellor.email = STAFF_EMAIL
    world.counsellor.save()
    settings.LOS_OIDC_STAFF_EMAIL_DOMAINS = ["helse-nord.no"]

    response = client.get(sign_in_at_provider(start(client, "staff"), "kari"))

    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_the_admins_own_login_form_sends_to_the_login_with_the_code(client, db):
    response = client.get("/admin/login/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_production_refuses_a_provider_that_is_not_https():
    apps = oidc_apps(
        {"LOS_OIDC_IDPORTEN_URL": "http://idporten.no", "LOS_OIDC_IDPORTEN_CLIENT_ID": "x"}
    )

    assert insecure_urls(apps) == ["http://idporten.no"]

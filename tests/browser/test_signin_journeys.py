"""Signing in with electronic ID in a real browser, against the local OpenID Connect provider
(tests/oidc_provider/): the participant through «ID-porten», staff through their directory and
then the code from their authenticator app. Zero axe violations on Los's pages, and no CSP
violation on the way out to the provider and back."""

import pytest
from playwright.sync_api import expect

from tests.oidc_provider.process import configure_los, start_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SARA_PID = "17859006884"
STAFF_EMAIL = "kari.veileder@nav.test"
HIGH = "idporten-loa-high"


PEOPLE = [
    {"username": "sara", "password": "pw", "claims": {"pid": SARA_PID, "acr": HIGH}},
    {
        "username": "kari",
        "password": "pw",
        "claims": {"email": STAFF_EMAIL, "email_verified": True},
    },
]


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    running = start_for(tmp_path_factory.mktemp("oidc"), PEOPLE, live_server.url)
    yield running
    running.stop()


@pytest.fixture
def configured(settings, provider):
    configure_los(settings, provider, [HIGH])


def sign_in_at_provider(page, username):
    page.wait_for_url(lambda url: "/login/?next=" in url)
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill("pw")
    page.get_by_role("button", name="Logg inn hos leverandøren").click()


def test_sara_signs_in_with_id_porten_on_her_phone(visitor, world, configured):
    world.participant.set_national_id(SARA_PID, "fnr")
    world.participant.save()
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.go("/konto/login/")

    page.get_by_role("button", name="Deltaker: logg inn med ID-porten").click()
    sign_in_at_provider(page, "sara")

    page.wait_for_url(f"{visitor.base_url}/**")
    expect(page.get_by_role("heading", name="Dette venter på deg")).to_be_visible()
    visitor.check()


def test_kari_signs_in_through_her_directory_and_gives_her_code(visitor, world, configured):
    world.counsellor.email = STAFF_EMAIL
    world.counsellor.save()
    page = visitor.page
    visitor.go("/konto/login/")

    page.get_by_role("button", name="Ansatt: logg inn med Entra ID").click()
    sign_in_at_provider(page, "kari")

    page.wait_for_url("**/konto/2fa/authenticate/")
    visitor.check()
    page.get_by_label("Kode").fill(visitor._fresh_code(STAFF_EMAIL))
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(lambda url: "/konto/" not in url)
    expect(page.get_by_role("link", name="Mine deltakere").first).to_be_visible()
    visitor.check()


def test_an_unknown_person_is_told_plainly_and_not_signed_in(visitor, world, configured):
    page = visitor.page
    visitor.go("/konto/login/")

    page.get_by_role("button", name="Deltaker: logg inn med ID-porten").click()
    sign_in_at_provider(page, "sara")  # no participant has this number in this test

    expect(page.get_by_role("heading", name="Innloggingen ble ikke godtatt")).to_be_visible()
    visitor.check()
    visitor.go("/meg/")
    page.wait_for_url("**/konto/login/**")

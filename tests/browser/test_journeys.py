"""The main journeys in a real browser, every page checked with axe-core."""

import json
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from los.accounts.mfa import SEALED_PREFIX
from los.core.vocabulary import Category, Role
from los.participants.models import Consent
from tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counsellor_finds_a_participant_records_consent_and_adds_to_the_team(visitor, world):
    page = visitor.page
    visitor.login(world.counsellor.email)
    expect(page.get_by_role("heading", name="Mine deltakere")).to_be_visible()

    page.get_by_label("Søk på navn eller fødselsnummer").fill("Sara")
    page.get_by_role("button", name="Vis", exact=True).click()
    visitor.check()
    page.get_by_role("link", name="Deltaker, Sara").click()
    visitor.check()
    expect(page.get_by_role("heading", name="Sara Deltaker", level=1)).to_be_visible()

    page.get_by_role("link", name="Registrer samtykke").click()
    visitor.check()
    page.get_by_role("button", name="Lagre samtykket").click()  # nothing filled in
    visitor.check()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("heading", name="Skjemaet har feil som må rettes")).to_be_visible()
    page.get_by_label("Mottaker").select_option(label="Salten DPS")
    page.get_by_label("NAV-notater").check()
    page.get_by_label("Formål").fill("Samordning av behandling og jobbstøtte")
    page.get_by_label("Skriftlig").check()
    page.get_by_role("button", name="Lagre samtykket").click()
    visitor.check()
    expect(page.get_by_text("Samtykket er registrert.")).to_be_visible()

    page.get_by_role("link", name="Legg til i teamet").click()
    visitor.check()
    page.get_by_label("E-post til den ansatte").fill(world.colleague.email)
    page.get_by_role("button", name="Legg til").click()
    visitor.check()
    expect(page.get_by_text("Jon Kollega er lagt til i teamet.")).to_be_visible()

    page.get_by_role("link", name="Hele tilgangsloggen").click()
    visitor.check()
    expect(page.get_by_role("cell", name="søketreff (grunnopplysninger)").first).to_be_visible()
    assert Consent.objects.filter(organisation=world.dps, category=Category.NAV_CASE_NOTES).exists()


def test_participant_sees_who_looked_and_withdraws_a_consent(visitor, world):
    page = visitor.page
    visitor.login(world.therapist.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/")
    visitor.logout()

    visitor.login(world.participant_user.email, with_code=False)
    expect(page.get_by_role("heading", name="Hei, Sara")).to_be_visible()
    expect(
        page.get_by_text(
            re.compile(r"Lise Behandler, behandler, Salten DPS, så grunnopplysningene dine")
        )
    ).to_be_visible()

    page.get_by_role("link", name=re.compile("Trekk tilbake")).click()
    visitor.check()
    page.get_by_role("button", name="Trekk tilbake").click()
    visitor.check()
    expect(page.get_by_text("Samtykket er trukket tilbake. Det gjelder fra nå.")).to_be_visible()
    consent = Consent.objects.get(category=Category.HEALTH_SUMMARY)
    assert consent.withdrawn_by == world.participant_user

    page.get_by_role("link", name="Se alle").click()
    visitor.check()
    expect(page.get_by_role("heading", name="Hvem har sett opplysningene dine")).to_be_visible()


def test_registering_a_participant_with_a_bad_number_keeps_the_input(visitor, world):
    page = visitor.page
    visitor.login(world.counsellor.email)
    page.get_by_role("link", name="Registrer ny deltaker").click()
    visitor.check()

    page.get_by_label("Fornavn").fill("Nora")
    page.get_by_label("Etternavn").fill("Ny")
    page.get_by_label("Fødselsnummer eller D-nummer").fill("12345678901")
    page.get_by_role("button", name="Registrer").click()
    visitor.check()

    expect(
        page.get_by_text("Kontrollsifrene stemmer ikke. Sjekk fødselsnummeret.").first
    ).to_be_visible()
    expect(page.get_by_label("Fornavn")).to_have_value("Nora")
    expect(page.get_by_label("Fødselsnummer eller D-nummer")).to_have_attribute(
        "aria-invalid", "true"
    )


def test_keyboard_user_can_skip_to_the_content(visitor, world):
    page = visitor.page
    visitor.login(world.counsellor.email)

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnholdet")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()


def test_new_staff_must_set_up_an_authenticator_first(visitor, world):
    newcomer = staff_user(world.nav_office, Role.COUNSELLOR, mfa=False, first_name="Ny")
    page = visitor.page
    visitor.login(newcomer.email, with_code=False)

    # allauth asks for the password again before an authenticator can be added.
    expect(page.get_by_role("heading", name="Bekreft tilgang")).to_be_visible()
    page.get_by_label("Passord").fill("passord")
    page.get_by_role("button", name="Bekreft").click()
    visitor.check()
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/"))
    expect(page.get_by_role("img")).to_be_visible()  # the QR code
    visitor.go("/deltakere/")
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/"))


def test_new_staff_set_up_an_authenticator_whose_secret_is_stored_encrypted(visitor, world):
    newcomer = staff_user(world.nav_office, Role.COUNSELLOR, mfa=False, first_name="Ny")
    page = visitor.page
    visitor.login(newcomer.email, with_code=False)
    page.get_by_label("Passord").fill("passord")
    page.get_by_role("button", name="Bekreft").click()
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/"))

    # What the person types into their authenticator app, read off the page.
    secret = page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, _current_time_step()))
    page.locator("input[name='code']").fill(code)
    page.locator("main form button[type='submit']").click()
    page.wait_for_load_state()
    visitor.check()
    visitor.go("/deltakere/")

    expect(page).to_have_url(re.compile(r"/deltakere/$"))
    stored = json.dumps(list(Authenticator.objects.filter(user=newcomer).values("data")))
    assert secret and secret not in stored
    assert stored.count(SEALED_PREFIX) == 2  # the TOTP secret and the recovery-code seed


def _current_time_step() -> int:
    return int(time.time()) // 30


def test_pages_without_records_are_accessible_too(visitor, world):
    # A county coordinator lands on the reports of the county; an administrator with no
    # role on the page that says what it does not give.
    visitor.login(world.county_coordinator.email)
    expect(visitor.page.get_by_role("heading", name="Resultater", level=1)).to_be_visible()

    visitor.go(f"/deltakere/{world.participant.public_id}/")

    expect(visitor.page.get_by_role("heading", name="Fant ikke siden")).to_be_visible()
    visitor.logout()
    visitor.login(world.admin.email)
    expect(visitor.page.get_by_role("heading", name="Velkommen til Los")).to_be_visible()

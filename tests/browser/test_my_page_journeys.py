"""«Min side» on a phone: short, what waits first, the history a tap away. Zero axe
violations on every page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The front page was 7 366 px tall at 390 px when the whole timeline was on it.
MOST_SCREENS = 4


def test_sara_sees_what_waits_and_finds_the_history_on_a_phone(visitor, world):
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.login(world.participant_user.email, with_code=False)
    expect(page.get_by_role("heading", name="Dette venter på deg")).to_be_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"Min side at 390 px: {height} px")
    assert height <= MOST_SCREENS * 844
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("link", name="Alt som har skjedd").click()
    visitor.check()
    page.get_by_label("Vis").select_option(label="meldinger")
    page.get_by_role("button", name="Vis").click()
    visitor.check()
    expect(
        page.get_by_text("Melding fra Sara Deltaker i «Spørsmål om arbeidstrening»")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_sara_gives_consent_to_a_service_she_chooses_by_name(visitor, world):
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.login(world.participant_user.email, with_code=False)
    page.get_by_role("link", name="Gi et nytt samtykke").click()
    visitor.check()
    expect(page.get_by_label("Eller organisasjonsnummer")).to_have_count(0)

    page.get_by_role("button", name="Lagre samtykket").click()
    visitor.check()
    expect(page.get_by_text("Velg hvem som skal få se opplysningene.").first).to_be_visible()

    page.get_by_label("Hvem skal få se opplysningene?").select_option(label="Salten DPS")
    page.get_by_label("Arbeid og utdanning").check()
    page.get_by_label("Formål").fill("At behandleren vet hvordan det går på jobb")
    page.get_by_role("button", name="Lagre samtykket").click()
    visitor.check()
    expect(page.get_by_text("Samtykket er registrert.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

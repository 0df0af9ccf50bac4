"""The work list in a real browser: the counsellor sees the count in the header, opens
«Oppgaver» on a phone, answers the waiting message from its line, and the line is gone.
Zero axe violations on every page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_counsellor_answers_a_message_from_the_work_list(visitor, world):
    page = visitor.page
    visitor.login(world.counsellor.email)
    menu_item = page.get_by_role("link", name="Oppgaver 1 venter")
    expect(menu_item).to_be_visible()
    assert _fits_the_screen(page)

    page.set_viewport_size({"width": 390, "height": 844})
    menu_item.click()
    visitor.check()
    expect(page.get_by_role("heading", name="Meldinger som venter på svar (1)")).to_be_visible()
    assert _fits_the_screen(page)
    page.get_by_role("link", name="Ulest melding i «Spørsmål om arbeidstrening»").click()
    visitor.check()
    page.get_by_label("Svar").fill("Du starter mandag kl. 9 hos Coop.")
    page.get_by_role("button", name="Send svar").click()
    visitor.check()

    visitor.go("/oppgaver/")
    expect(page.get_by_text("Ingenting venter på deg nå.")).to_be_visible()
    expect(page.locator(".los-header__count")).to_have_count(0)

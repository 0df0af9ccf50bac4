"""Choosing notices, unsubscribing from one, and the help numbers, in a real browser at a
phone's width (390 px)."""

import pytest
from playwright.sync_api import expect

from los.notifications.models import Choice, Preference
from los.notifications.services import unsubscribe_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_participant_chooses_sms_on_a_phone_and_sees_help_on_every_page(
    chromium, live_server, world
):
    from tests.browser.conftest import Visitor

    context = chromium.new_context(locale="nb-NO", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    visitor = Visitor(page, live_server.url)
    visitor.login(world.participant_user.email, with_code=False)
    help_links = page.get_by_role("complementary", name="Trenger du hjelp nå?").get_by_role("link")
    expect(help_links).to_have_count(3)
    expect(
        page.get_by_role("link", name="Mental Helses hjelpetelefon: 116 123 (døgnåpen)")
    ).to_have_attribute("href", "tel:116123")

    page.get_by_role("link", name="Varsler").click()
    visitor.check()
    page.get_by_label("SMS", exact=True).check()
    page.get_by_role("button", name="Lagre").click()
    visitor.check()
    expect(page.get_by_role("alert")).to_contain_text("Skriv mobilnummeret SMS-ene skal gå til.")
    assert not Preference.objects.exists()

    page.get_by_label("Mobilnummer for SMS").fill("912 34 567")
    page.get_by_role("button", name="Lagre").click()
    visitor.check()
    expect(page.get_by_text("Valget ditt for varsler er lagret.")).to_be_visible()
    expect(help_links).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert Preference.objects.get().choice == Choice.SMS
    context.close()


def test_unsubscribing_from_the_mail_without_login(visitor, world):
    visitor.go(f"/varsler/avmeld/{unsubscribe_token(world.counsellor)}/")
    visitor.page.get_by_role("button", name="Ja, stopp e-postene").click()
    visitor.check()

    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(
        "Du får ikke flere varsler på e-post"
    )
    assert Preference.objects.get(user=world.counsellor).choice == Choice.NONE

"""The privacy notice and the accessibility statement in a real browser: reached from the
footer of the login page by keyboard, readable at 390 px without sideways scrolling, and
passing axe."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_footer_leads_anyone_to_the_privacy_notice_and_the_accessibility_statement(visitor):
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 800})
    visitor.go("/konto/login/")
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="Personvernerklæring").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personvernerklæring")
    expect(page.get_by_text("helsepersonelloven § 22", exact=False)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    footer = page.get_by_role("contentinfo")
    statement = footer.get_by_role("link", name="Tilgjengelighetserklæring")
    with page.expect_navigation():
        statement.click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgjengelighetserklæring")
    expect(page.get_by_role("heading", name="Det vi vet ikke er godt nok")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("width", [390, 1024, 1280, 1440])
def test_the_participant_page_never_scrolls_sideways(visitor, world, width):
    """The team and consent tables sit in the page's narrow column on a laptop: they stack
    there as on a phone, instead of pushing the page to 1 540 px at 1 280."""
    page = visitor.page
    visitor.login(world.counsellor.email)
    page.set_viewport_size({"width": width, "height": 900})
    visitor.go(f"/deltakere/{world.participant.public_id}/")
    expect(page.get_by_role("heading", name="Teamet")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The stacked rows still say which column each value is.
    expect(page.get_by_role("columnheader", name="Rolle").first).to_be_attached()

"""The error pages in a real browser: each passes axe and the CSP, and the CSRF page's
advice gets the user's message sent."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from los.followup.models import Message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_expired_form_explains_itself_and_the_advice_works(visitor, world):
    page = visitor.page
    visitor.login(world.participant_user.email, with_code=False)
    thread = f"/deltakere/{world.participant.public_id}/dialog/{world.thread.pk}/"
    visitor.go(thread)
    page.get_by_label("Svar").fill("Jeg kommer på mandag.")
    # As if the cookie had been cleared, or the form had been open across a new login.
    page.context.clear_cookies(name=settings.CSRF_COOKIE_NAME)
    page.get_by_role("button", name="Send svar").click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skjemaet kunne ikke sendes")
    assert not Message.objects.filter(text="Jeg kommer på mandag.").exists()

    visitor.go(thread)  # «last inn skjemasiden på nytt»
    page.get_by_label("Svar").fill("Jeg kommer på mandag.")
    page.get_by_role("button", name="Send svar").click()
    visitor.check()
    expect(page.get_by_text("Svaret er sendt.")).to_be_visible()
    assert Message.objects.filter(text="Jeg kommer på mandag.").count() == 1


def test_the_404_and_405_pages_pass_axe(visitor, world):
    visitor.login(world.participant_user.email, with_code=False)
    visitor.go("/finnes-ikke/")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")
    visitor.go(f"/deltakere/utvalg/{world.saved_filter.pk}/slett/")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(
        "Denne adressen kan ikke åpnes slik"
    )


@pytest.mark.urls("tests.web.error_urls")
def test_the_500_page_passes_axe(visitor, world):
    visitor.go("/feil/")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text("Noe gikk galt hos oss")

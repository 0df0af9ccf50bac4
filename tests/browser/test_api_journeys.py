"""A counsellor makes an API key and revokes it, and reads the API's documentation: zero axe
violations on Los's pages, no CSP violation on the documentation's."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kari_makes_a_key_sees_it_once_and_revokes_it(visitor, world):
    page = visitor.page
    visitor.login(world.counsellor.email)
    page.get_by_role("link", name="API-nøkler").click()
    visitor.check()

    page.get_by_label("Navn").fill("Uttrekk til fagsystemet")
    page.get_by_label("lese", exact=True).check()
    page.get_by_role("button", name="Lag nøkkelen").click()
    visitor.check()
    key = page.get_by_role("textbox", name="Nøkkel").input_value()
    assert key.startswith("los_")
    expect(page.get_by_role("cell", name="Uttrekk til fagsystemet", exact=True)).to_be_visible()

    page.get_by_role("button", name="Trekk tilbake «Uttrekk til fagsystemet»").click()
    visitor.check()
    expect(page.get_by_text("er trukket tilbake")).to_be_visible()
    assert page.get_by_role("textbox", name="Nøkkel").count() == 0


def test_the_documentation_loads_under_the_csp(visitor, world):
    # Swagger UI is not Los's page: its own accessibility is not checked here.
    visitor.page.goto(visitor.base_url + "/api/v1/docs")
    expect(visitor.page.get_by_text("Los API").first).to_be_visible()
    csp = [e for e in visitor.console_errors if "Content Security Policy" in e]
    assert csp == [], csp

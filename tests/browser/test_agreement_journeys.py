"""Collaboration agreements in a real browser: the county coordinator makes one (a bad
review date is refused with what was typed kept), a party's counsellor writes the minutes of
a follow-up meeting on a phone. Zero axe violations on every page."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_county_coordinator_makes_an_agreement_and_a_party_follows_it_up(visitor, world):
    from los.core.vocabulary import OrganisationKind

    OrganisationFactory(name="Bodø kommune", kind=OrganisationKind.MUNICIPAL_MENTAL_HEALTH)
    page = visitor.page
    visitor.login(world.county_coordinator.email)
    page.get_by_role("link", name="Samarbeidsavtaler").first.click()
    visitor.check()
    expect(page.get_by_text("Ingen samarbeidsavtaler å vise.")).to_be_visible()
    page.get_by_role("link", name="Ny avtale i Nordland").click()
    visitor.check()
    page.get_by_label("Navn på avtalen").fill("Samarbeid i Salten")
    page.get_by_label("NAV Bodø").check()
    page.get_by_label("Salten DPS").check()
    page.get_by_label("Formål").fill("Flere med psykiske helseplager i vanlig arbeid.")
    page.get_by_label("Brukerrepresentanter").fill("Anne Berg, Mental Helse")
    page.get_by_label("Gjelder fra").fill("2025-01-01")
    page.get_by_label("Skal revideres innen").fill("2024-12-01")
    page.get_by_role("button", name="Lagre avtalen").click()
    visitor.check()
    expect(page.get_by_role("alert")).to_contain_text("Revisjonsdatoen må være etter")
    expect(page.get_by_label("Navn på avtalen")).to_have_value("Samarbeid i Salten")
    page.get_by_label("Skal revideres innen").fill("2028-01-01")
    page.get_by_role("button", name="Lagre avtalen").click()
    visitor.check()
    expect(page.get_by_text("Samarbeidsavtalen er lagret.")).to_be_visible()
    expect(page.get_by_text("ingen oppfølgingsmøte på 12 måneder")).to_be_visible()
    visitor.logout()

    page.set_viewport_size({"width": 390, "height": 844})
    visitor.login(world.counsellor.email)
    page.get_by_role("navigation").get_by_role("link", name="Samarbeidsavtaler").first.click()
    visitor.check()
    page.get_by_role("link", name="Samarbeid i Salten").click()
    visitor.check()
    page.get_by_label("Dato for møtet").fill(
        (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_label("Referat").fill("Gikk gjennom ventetidene.")
    page.get_by_role("button", name="Lagre referatet").click()
    visitor.check()
    expect(page.get_by_text("Referatet er lagret.")).to_be_visible()
    expect(page.get_by_text("fulgt opp")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

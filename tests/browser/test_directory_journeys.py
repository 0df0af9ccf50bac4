"""The service directory in a real browser: someone without a login finds the offers in
their municipality on a phone, with the keyboard, and a county coordinator adds an offer.
Every page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from los.directory.models import Offer
from tests.factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _offers(world):
    bodo = MunicipalityFactory()
    rana = MunicipalityFactory(number="1833", name="Rana")
    for organisation, name, kind, places, is_open in [
        (world.nav_office, "IPS Bodø", "ips", [bodo], True),
        (world.dps, "Jobbmestring Salten", "sfj", [bodo], False),
        (world.nav_office, "Sees i morgen! Nordland", "sees_i_morgen", [bodo, rana], True),
        (world.dps, "Rask psykisk helsehjelp Rana", "rask", [rana], True),
    ]:
        offer = Offer.objects.create(
            organisation=organisation,
            kind=kind,
            name=name,
            target_group="Voksne med lett til moderat angst eller depresjon.",
            how_to_refer="Ring oss, eller be fastlegen om henvisning.",
            routes=["self", "gp"],
            phone="75 55 00 00",
            is_open=is_open,
        )
        offer.municipalities.set(places)


def test_someone_without_a_login_finds_offers_in_their_municipality_on_a_phone(
    chromium, live_server, world
):
    _offers(world)
    context = chromium.new_context(locale="nb-NO", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    from tests.browser.conftest import Visitor

    visitor = Visitor(page, live_server.url)
    try:
        visitor.go("/tilbud/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Tilbud innen arbeid og psykisk helse"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # With the keyboard: to the municipality, choose, to the need, choose, send.
        page.get_by_label("Kommune").focus()
        page.get_by_label("Kommune").select_option(label="Bodø")
        page.keyboard.press("Tab")
        page.get_by_label("Hva trenger du hjelp med?").select_option(label="Arbeid")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_url("**/tilbud/?kommune=1804&behov=arbeid")
        visitor.check()
        expect(page.get_by_role("heading", name="2 tilbud i Bodø: arbeid")).to_be_visible()
        results = page.get_by_role("list", name="2 tilbud i Bodø: arbeid")
        expect(results.get_by_role("heading", level=3)).to_have_text(
            ["IPS Bodø", "Jobbmestring Salten"]
        )
        expect(results.get_by_text("Tar ikke imot nye nå")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        page.get_by_role("link", name="Jobbmestring Salten").click()
        visitor.check()
        expect(page.get_by_role("heading", level=1)).to_have_text("Jobbmestring Salten")
        expect(page.get_by_text("Du kan ta kontakt selv, Fastlegen")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        visitor.go("/tilbud/?kommune=18")
        expect(page.get_by_role("alert")).to_contain_text("Kommunenummeret må være fire sifre")
    finally:
        context.close()


def test_a_county_coordinator_adds_an_offer(visitor, world):
    MunicipalityFactory()
    page = visitor.page

    visitor.login(world.county_coordinator.email)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Tilbud vi holder"
    ).click()
    visitor.check()
    expect(page.get_by_text("Ingen tilbud ennå.")).to_be_visible()
    page.get_by_role("link", name="Nytt tilbud").click()
    visitor.check()
    page.get_by_label("Tilbys av").select_option(label="Salten DPS")
    page.get_by_label("Type tilbud").select_option(label="Senter for jobbmestring")
    page.get_by_label("Navn på tilbudet").fill("Jobbmestring Salten")
    page.get_by_role("button", name="Lagre").click()  # without what is needed: errors
    visitor.check()
    expect(page.get_by_role("alert")).to_contain_text("Velg minst én kommune.")
    page.get_by_label("Hvem tilbudet er for").fill("Deg med lett eller moderat angst.")
    page.get_by_label("Slik kommer man i kontakt").fill("Be fastlegen om henvisning.")
    page.get_by_label("Fastlegen").check()
    page.get_by_label("Bodø").check()
    page.get_by_label("Telefon").fill("75 55 00 00")
    page.get_by_role("button", name="Lagre").click()
    visitor.check()
    expect(page.get_by_text("Tilbudet er lagret og vises på tilbudssiden.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jobbmestring Salten")
    assert Offer.objects.get().organisation == world.dps


def test_a_keeper_adds_offers_from_a_csv_file_and_corrects_a_row(visitor, world, tmp_path):
    MunicipalityFactory()  # 1804 Bodø
    header = (
        "organisasjonsnummer;type;navn;hvem_tilbudet_er_for;slik_kommer_du_i_kontakt;"
        "hvem_kan_henvise;kommunenummer;telefon"
    )

    def line(kind):
        return (
            f"{world.nav_office.orgnr};{kind};IPS Salten;Alle som vil jobbe.;"
            "Snakk med NAV-veilederen.;nav;1804;75 55 00 00"
        )

    wrong, right = tmp_path / "feil.csv", tmp_path / "rett.csv"
    wrong.write_text(f"{header}\n{line('kafe')}\n", encoding="utf-8")
    right.write_text(f"{header}\n{line('ips')}\n", encoding="utf-8")
    page = visitor.page
    visitor.login(world.counsellor.email)
    visitor.go("/tilbud/mine/")

    page.get_by_role("link", name="Legg inn mange fra en CSV-fil").click()
    visitor.check()
    page.get_by_label("CSV-fil med tilbud").set_input_files(str(wrong))
    page.get_by_role("button", name="Legg inn tilbudene").click()
    visitor.check()
    expect(page.get_by_text("Rad 2: type: ukjent type tilbud «kafe».")).to_be_visible()

    page.get_by_label("CSV-fil med tilbud").set_input_files(str(right))
    page.get_by_role("button", name="Legg inn tilbudene").click()
    page.wait_for_url("**/tilbud/mine/")
    visitor.check()
    expect(page.get_by_role("link", name="IPS Salten")).to_be_visible()

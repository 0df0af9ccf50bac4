"""A referral in a real browser: the counsellor sees what the DPS would read and sends the
referral, the DPS therapist answers it from the service's list and joins the team, and the
participant sees it taken in. Every page is checked with axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from los.core.vocabulary import Category, OrganisationKind, Role
from los.directory.models import Offer
from tests.factories import MunicipalityFactory, OrganisationFactory, give_consent, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_counsellor_refers_and_a_dps_takes_the_participant_in(visitor, world):
    bodo = MunicipalityFactory()
    world.participant.municipality = bodo
    world.participant.save()
    helgeland = OrganisationFactory(name="Helgeland DPS", kind=OrganisationKind.HEALTH_TRUST)
    therapist = staff_user(helgeland, Role.THERAPIST, first_name="Hege", last_name="Terapeut")
    offer = Offer.objects.create(
        organisation=helgeland,
        kind="sfj",
        name="Jobbmestring Helgeland",
        target_group="Lett til moderat angst eller depresjon.",
        how_to_refer="NAV henviser.",
        routes=["nav"],
        phone="75 00 00 00",
        reads=[Category.HEALTH_SUMMARY, Category.EMPLOYMENT],
    )
    offer.municipalities.set([bodo])
    give_consent(world.participant, helgeland, Category.EMPLOYMENT, world.counsellor)
    page = visitor.page

    visitor.login(world.counsellor.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/")
    page.get_by_role("link", name="Henvisninger", exact=True).click()
    visitor.check()
    expect(page.get_by_text("Ingen henvisninger.")).to_be_visible()
    page.get_by_role("link", name="Ny henvisning").click()
    visitor.check()
    page.get_by_label("Tilbud", exact=True).select_option(
        label="Jobbmestring Helgeland (Helgeland DPS)"
    )
    page.get_by_role("button", name="Vis hva tjenesten leser").click()
    visitor.check()
    expect(page.get_by_text("Arbeid og utdanning: samtykke er registrert")).to_be_visible()
    page.get_by_label("Hvorfor henviser du?").fill(
        "Strever på jobb og vil ha hjelp til å stå i den."
    )
    page.get_by_role("button", name="Send henvisningen").click()
    visitor.check()
    expect(page.get_by_text("Henvisningen er sendt.")).to_be_visible()
    expect(page.get_by_text("Sendt, venter på svar")).to_be_visible()
    visitor.logout()

    visitor.login(therapist.email)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Henvisninger til oss"
    ).click()
    visitor.check()
    page.get_by_role("link", name="Sara Deltaker").click()
    visitor.check()
    expect(page.get_by_text("Strever på jobb og vil ha hjelp til å stå i den.")).to_be_visible()
    page.get_by_label("Vi tar imot").check()
    page.get_by_label("Hege Terapeut").check()
    page.get_by_label("Fra dato").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Lagre svaret").click()
    visitor.check()
    expect(page.get_by_text("Svaret er lagret. Den som henviste, ser det nå.")).to_be_visible()
    visitor.go(f"/deltakere/{world.participant.public_id}/")  # now on the team
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sara Deltaker")
    visitor.logout()

    visitor.login(world.participant_user.email, with_code=False)
    visitor.go(f"/deltakere/{world.participant.public_id}/henvisninger/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Henvisningene dine")
    expect(page.get_by_text("Tatt imot")).to_be_visible()

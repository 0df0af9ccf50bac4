"""A whole IPS pathway in a real browser: referral, career profile, disclosure plan, an
employer contact, a job start, the pathway in the caseload, follow-along support, the end
with its cause and the end report shared with the counsellor. Every page is checked with
axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from los.core.vocabulary import Role
from los.pathways.models import Enrolment
from tests.factories import ParticipantFactory, add_to_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_job_specialist_runs_a_whole_ips_pathway(visitor, world):
    participant = ParticipantFactory(first_name="Mona", last_name="Jobbsøker")
    add_to_team(participant, world.job_specialist, world.nav_office, Role.JOB_SPECIALIST)
    today = timezone.localdate().isoformat()
    page = visitor.page
    visitor.login(world.job_specialist.email)

    visitor.go(f"/deltakere/{participant.public_id}/")
    page.get_by_role("link", name="Arbeid og utdanning").click()
    visitor.check()
    expect(page.get_by_text("ikke med i noe arbeidsrettet program")).to_be_visible()

    page.get_by_role("link", name="Registrer i et program").click()
    visitor.check()
    page.get_by_label("Program").select_option(label="IPS – individuell jobbstøtte")
    page.get_by_label("Henvist fra").select_option(label="DPS / spesialisthelsetjenesten")
    page.get_by_label("arbeid", exact=True).check()
    page.get_by_label("Oppstart").fill(today)
    page.get_by_role("button", name="Registrer").click()
    visitor.check()
    expect(page.get_by_text("Deltakeren er registrert i programmet.")).to_be_visible()
    expect(page.get_by_text("Første kontakt · 0 dager")).to_be_visible()

    page.get_by_role("link", name="Karriereprofil", exact=True).click()
    visitor.check()
    page.get_by_label("Ønsket arbeid (valgfritt)").fill(
        "Lager eller butikk, gjerne tidlig på dagen"
    )
    page.get_by_role("button", name="Lagre karriereprofilen").click()
    expect(page.get_by_text("Karriereprofilen er lagret.")).to_be_visible()

    page.get_by_role("link", name="Plan for åpenhet overfor arbeidsgivere").click()
    visitor.check()
    page.get_by_role("group", name="Kan jobbspesialisten kontakte").get_by_label("Ja").check()
    page.get_by_label("at jeg får oppfølging fra en jobbspesialist").check()
    page.get_by_label("Datoen planen ble avtalt").fill(today)
    page.get_by_role("button", name="Lagre planen").click()
    expect(page.get_by_text("Planen for åpenhet er lagret.")).to_be_visible()
    expect(page.get_by_text("arbeidsgivere kan kontaktes")).to_be_visible()

    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Arbeidsgivere"
    ).click()
    visitor.check()
    page.get_by_role("link", name="Registrer arbeidsgiver", exact=True).click()
    visitor.check()
    page.get_by_label("Navn", exact=True).fill("Kiwi Sentrum")
    page.get_by_label("Organisasjonsnummer").fill("123456789")
    page.get_by_role("button", name="Registrer").click()
    visitor.check()
    expect(
        page.get_by_text("Kontrollsifferet i organisasjonsnummeret stemmer ikke.").first
    ).to_be_visible()
    expect(page.get_by_label("Navn", exact=True)).to_have_value("Kiwi Sentrum")
    page.get_by_label("Organisasjonsnummer").fill("974760673")
    page.get_by_role("button", name="Registrer").click()
    visitor.check()
    page.get_by_role("link", name="Registrer kontakt med arbeidsgiveren").click()
    visitor.check()
    page.get_by_role("group", name="Ansikt til ansikt?").get_by_label("Ja").check()
    page.get_by_role("group", name="Ute i felt?").get_by_label("Ja").check()
    page.get_by_label("Formål").select_option(label="jobbutvikling")
    page.get_by_label("På vegne av").select_option(
        label="Mona Jobbsøker (IPS – individuell jobbstøtte)"
    )
    page.get_by_role("button", name="Registrer kontakten").click()
    visitor.check()
    expect(page.get_by_text("Kontakten er registrert i loggen.")).to_be_visible()
    expect(page.get_by_text("1 av 6")).to_be_visible()
    page.get_by_role("link", name="Mona Jobbsøker").click()
    visitor.check()
    expect(page.get_by_text("0 dager etter oppstart, ingen passive dager")).to_be_visible()

    page.get_by_role("link", name="Ny jobb").click()
    visitor.check()
    page.get_by_label("Arbeidsgiver").select_option(label="Kiwi Sentrum")
    page.get_by_label("Stilling").fill("Butikkmedarbeider")
    page.get_by_label("Startdato").fill(today)
    page.get_by_label("Timer per uke").fill("20")
    page.get_by_label("Ansettelsesform").select_option(label="fast ansatt")
    for question in ("Er jobben lønnet?", "Får deltakeren ordinær lønn", "Er stillingen åpen"):
        page.get_by_role("group", name=question).get_by_label("Ja").check()
    page.get_by_role("button", name="Lagre jobben").click()
    visitor.check()
    expect(page.get_by_text("Konkurranseutsatt jobb: åpen for alle")).to_be_visible()
    expect(page.get_by_text("I arbeid eller utdanning · 0 dager")).to_be_visible()

    page.get_by_role("link", name="Registrer oppfølging").click()
    visitor.check()
    page.get_by_label("Gjelder").select_option(label="Butikkmedarbeider, Kiwi Sentrum")
    page.get_by_label("Dato").fill(today)
    page.get_by_label("Med hvem").select_option(label="arbeidsgiveren")
    page.get_by_role("group", name="Ansikt til ansikt?").get_by_label("Ja").check()
    page.get_by_role("group", name="Ute i felt?").get_by_label("Ja").check()
    page.get_by_label("Tid brukt").fill("30")
    page.get_by_role("button", name="Registrer oppfølgingen").click()
    expect(page.get_by_text("Oppfølgingen er registrert.")).to_be_visible()

    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Mine deltakere"
    ).click()
    visitor.check()
    expect(
        page.get_by_text("IPS – individuell jobbstøtte: i arbeid eller utdanning (0 dager)")
    ).to_be_visible()
    page.get_by_role("link", name="Jobbsøker, Mona").click()
    page.get_by_role("link", name="Arbeid og utdanning").click()

    page.get_by_role("link", name="Avslutt løpet").click()
    visitor.check()
    page.get_by_label("Avsluttet dato").fill(today)
    page.get_by_label("Årsak til avslutning").select_option(label="i arbeid")
    page.get_by_role("button", name="Avslutt løpet").click()
    visitor.check()
    expect(page.get_by_text("Løpet er avsluttet.")).to_be_visible()

    page.get_by_role("link", name="Ny sluttrapport").click()
    visitor.check()
    expect(page.get_by_label("sluttrapport")).to_be_checked()
    page.get_by_role("button", name="Lag utkast").click()
    visitor.check()
    expect(page.get_by_label("Aktiviteter i perioden")).to_contain_text(
        "1 kontakt med arbeidsgivere på deltakerens vegne, 1 ansikt til ansikt: Kiwi Sentrum."
    )
    page.get_by_role("button", name="Del med NAV-veileder").click()
    visitor.check()
    expect(page.get_by_text("Deltakeren må være informert om rapporten")).to_be_visible()
    page.get_by_label("Plan for neste periode").fill("Oppfølging i jobb i tre måneder.")
    page.get_by_label("Deltakeren ble informert om rapporten").fill(today)
    page.get_by_role("button", name="Lagre utkastet").click()
    page.get_by_role("button", name="Del med NAV-veileder").click()
    visitor.check()
    expect(page.get_by_text("Versjon 1 er delt med NAV-veileder.")).to_be_visible()
    expect(page.get_by_role("link", name="Last ned versjon 1 som PDF")).to_be_visible()

    enrolment = Enrolment.objects.get(participant=participant)
    assert (enrolment.end_cause, enrolment.stage.code) == ("work", "ended")
    assert enrolment.jobs.count() == 1 and enrolment.support_contacts.count() == 1

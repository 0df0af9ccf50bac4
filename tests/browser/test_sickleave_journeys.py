"""Sick-leave follow-up in a real browser: an employee on a phone finds the checkpoints of
their sick leave without logging in; the GP records a sick note and the employer contact
reads the case without its diagnosis. Zero axe violations on every page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from los.sickleave.models import SicknessCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_employee_on_a_phone_finds_the_checkpoints(visitor, world):
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    # Transactional tests empty the database, the shipped rules with it.
    from los.sickleave.models import CheckpointRule, CheckpointRuleVersion
    from los.sickleave.shipped import install_rules

    install_rules(CheckpointRule, CheckpointRuleVersion)

    visitor.go("/sykefravaer/frister/")
    expect(page.get_by_role("heading", name="Frister ved sykefravær")).to_be_visible()
    page.get_by_role("button", name="Vis fristene").click()
    visitor.check()
    expect(page.get_by_role("alert")).to_contain_text("Skriv første dag med sykmelding.")

    page.get_by_label("Første dag med sykmelding").fill("2026-01-05")
    page.locator("#id_grade").fill("50")
    page.get_by_role("button", name="Vis fristene").click()
    visitor.check()

    row = page.get_by_role("row").filter(has_text="Dialogmøte 1 med arbeidsgiver")
    expect(row).to_contain_text("søndag 22. februar 2026")
    expect(row).to_contain_text("Arbeidsmiljøloven § 4-6 fjerde ledd")
    expect(page.get_by_role("row").filter(has_text="Maksdato")).to_contain_text(
        "fredag 1. januar 2027"
    )
    assert _fits_the_screen(page)


def test_the_gp_records_a_note_and_the_employer_sees_no_diagnosis(visitor, world):
    from los.sickleave.models import CheckpointRule, CheckpointRuleVersion
    from los.sickleave.shipped import install_rules

    install_rules(CheckpointRule, CheckpointRuleVersion)
    page = visitor.page
    case = SicknessCase.objects.create(
        participant=world.participant, employer=world.employer, created_by=world.gp
    )
    start = datetime.date.today() - datetime.timedelta(days=20)
    visitor.login(world.gp.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/")
    page.get_by_role("link", name="Sykefravær", exact=True).click()
    visitor.check()
    page.get_by_role("link", name="Bygg AS").click()
    visitor.check()
    page.get_by_label("Fra og med").fill(start.isoformat())
    page.get_by_label("Til og med").fill((start + datetime.timedelta(days=40)).isoformat())
    page.get_by_label("Sykmeldingsgrad i prosent").fill("100")
    page.get_by_label("Fastlege").check()
    page.get_by_label("Diagnosekapittel (ICPC-2)").select_option(label="P Psykisk")
    page.get_by_role("button", name="Legg inn sykmeldingen").click()
    visitor.check()
    expect(page.get_by_role("alert")).to_contain_text("gradert sykmelding skal alltid")
    page.get_by_label("Hvorfor ble ikke gradert sykmelding brukt?").fill(
        "Må ha ro de første ukene."
    )
    page.get_by_role("button", name="Legg inn sykmeldingen").click()
    visitor.check()
    expect(page.get_by_text("Sykmeldingen er lagt inn.")).to_be_visible()
    expect(page.get_by_role("cell", name="P Psykisk")).to_be_visible()
    visitor.logout()

    page.set_viewport_size({"width": 390, "height": 844})
    visitor.login(world.employer_contact.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/sykefravaer/{case.pk}/")
    expect(
        page.get_by_role("row").filter(has_text="Oppfølgingsplan fra arbeidsgiver")
    ).to_contain_text(str((start + datetime.timedelta(days=27)).year))
    expect(page.get_by_text("P Psykisk")).to_have_count(0)
    expect(page.get_by_text("Må ha ro de første ukene.")).to_have_count(0)
    assert _fits_the_screen(page)

    # The employer writes the follow-up plan with the employee.
    page.get_by_role("link", name="Oppfølgingsplan", exact=True).click()
    visitor.check()
    page.get_by_label("Det arbeidsgiveren gjør").fill("Skjerme for telefonvakt.")
    page.get_by_label("Tilrettelegging på arbeidsplassen").fill("Kortere dager de første ukene.")
    page.get_by_role("button", name="Lagre planen").click()
    visitor.check()
    expect(page.get_by_role("alert")).to_contain_text("Skriv når planen skal evalueres.")
    review = datetime.date.today() + datetime.timedelta(days=14)
    page.get_by_label("Når skal planen evalueres?").fill(review.isoformat())
    page.get_by_role("button", name="Lagre planen").click()
    visitor.check()
    expect(page.get_by_text("Oppfølgingsplanen er lagret.")).to_be_visible()
    expect(page.get_by_text("Skjerme for telefonvakt.").first).to_be_visible()
    assert _fits_the_screen(page)

    # The overview of the employer contact's sickness cases.
    visitor.go("/deltakere/")
    page.get_by_role("link", name="Sykefravær: frister denne uka").click()
    visitor.check()
    expect(page.get_by_role("link", name="Sara Deltaker")).to_be_visible()
    assert _fits_the_screen(page)


def test_nav_plans_dialogue_meeting_1_with_the_gp_and_the_employer_ticks_off_a_task(visitor, world):
    from django.utils import timezone

    from los.meetings.models import Meeting
    from los.sickleave.models import CheckpointRule, CheckpointRuleVersion, SickNote
    from los.sickleave.shipped import install_rules

    install_rules(CheckpointRule, CheckpointRuleVersion)
    page = visitor.page
    start = datetime.date.today() - datetime.timedelta(days=40)
    case = SicknessCase.objects.create(
        participant=world.participant, employer=world.employer, created_by=world.gp
    )
    SickNote.objects.create(
        case=case,
        start=start,
        end=start + datetime.timedelta(days=90),
        grade=50,
        written_by="gp",
        created_by=world.gp,
    )
    case_url = f"/deltakere/{world.participant.public_id}/sykefravaer/{case.pk}/"

    visitor.login(world.counsellor.email)
    visitor.go(case_url)
    expect(
        page.get_by_text("Ingen dialogmøter er koblet til dette sykefraværet ennå.")
    ).to_be_visible()
    page.get_by_role("link", name="Planlegg et dialogmøte").click()
    visitor.check()
    expect(page.get_by_label("Type møte")).to_have_value("dialogue")
    day = timezone.localdate() + datetime.timedelta(days=2)
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Klokkeslett").fill("09:00")
    page.get_by_label("Oppmøte").check()
    page.get_by_label("Nils Lege, fastlege, Sentrum legekontor").check()
    page.get_by_role("button", name="Legg inn møtet").click()
    visitor.check()
    expect(page.get_by_text("Møtet er lagt inn.")).to_be_visible()

    visitor.go(case_url)
    page.get_by_label("Møte", exact=True).select_option(index=1)
    page.get_by_role("button", name="Koble møtet").click()
    visitor.check()
    expect(page.get_by_role("alert")).to_contain_text("Velg om det er dialogmøte 1 eller")
    page.get_by_label("Dialogmøte 1 (arbeidsgiver)").check()
    page.get_by_role("button", name="Koble møtet").click()
    visitor.check()
    expect(page.get_by_text("Møtet er koblet til sykefraværet.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Dialogmøte 1 med arbeidsgiver")
    expect(row).to_contain_text("planlagt")

    # The meeting is held; NAV writes down what the employer undertook.
    Meeting.objects.update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    page.reload()
    expect(row).to_contain_text("holdt")
    page.get_by_text("Skriv ned en oppgave fra møtet").click()
    page.get_by_label("Oppgave", exact=True).fill("Flytte telefonvakten til en kollega")
    page.get_by_role("button", name="Legg til oppgaven").click()
    visitor.check()
    expect(page.get_by_role("alert")).to_contain_text("Velg hvem som skal gjøre oppgaven.")
    expect(page.get_by_label("Oppgave", exact=True)).to_have_value(
        "Flytte telefonvakten til en kollega"
    )
    page.get_by_label("Hvem gjør det?").select_option(label="arbeidsgiveren")
    page.get_by_role("button", name="Legg til oppgaven").click()
    visitor.check()
    expect(page.get_by_text("Oppgaven er lagt til.")).to_be_visible()
    visitor.logout()

    # The employer contact, on a phone, ticks it off; the meeting itself stays closed to him.
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.login(world.employer_contact.email)
    visitor.go(case_url)
    visitor.check()
    expect(page.get_by_role("link", name="Se møtet, de inviterte og referatet")).to_have_count(0)
    page.get_by_role(
        "button", name=re.compile(r"^Merk som gjort\W+Flytte telefonvakten til en kollega$")
    ).click()
    visitor.check()
    expect(page.get_by_text("Oppgaven er merket som gjort.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Flytte telefonvakten")).to_contain_text("gjort")
    assert _fits_the_screen(page)

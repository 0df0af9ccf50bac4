"""The Individual Plan in a real browser: the participant proposes, the counsellor agrees,
and an edit made on a stale page is refused without losing what was typed."""

import pytest
from playwright.sync_api import expect

from los.access.policy import load_access
from los.plans import services
from los.plans.models import Activity, ActivityStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_proposes_an_activity_and_the_counsellor_agrees_it(visitor, world):
    page = visitor.page
    visitor.login(world.participant_user.email, with_code=False)
    page.get_by_role("link", name="Planen min").click()
    visitor.check()
    expect(page.get_by_role("heading", name="Jobbe i butikk 50 %")).to_be_visible()

    page.get_by_role("link", name="Foreslå en aktivitet").click()
    visitor.check()
    # The short form on a phone: what, when, why. Sent without the what, it says so and
    # keeps the why.
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_label("jobbsøking").check()
    page.get_by_label("Hvorfor vil du gjøre det?").fill("Jeg liker å jobbe med folk.")
    page.get_by_role("button", name="Send forslaget").click()
    visitor.check()
    expect(page.get_by_text("Skriv hva du vil gjøre.").first).to_be_visible()
    expect(page.get_by_label("Hvorfor vil du gjøre det?")).to_have_value(
        "Jeg liker å jobbe med folk."
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Hva vil du gjøre?").fill("Søke på Rema 1000 Sentrum")
    page.get_by_label("Hører det til et av målene dine?").select_option(label="Jobbe i butikk 50 %")
    page.get_by_role("button", name="Send forslaget").click()
    visitor.check()
    expect(page.get_by_text("Forslaget er sendt til teamet.")).to_be_visible()
    visitor.logout()

    visitor.login(world.counsellor.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/plan/")
    page.get_by_role("link", name="Søke på Rema 1000 Sentrum").click()
    visitor.check()
    page.get_by_role("button", name="Marker som avtalt").click()
    visitor.check()
    expect(page.get_by_text("Aktiviteten er avtalt.")).to_be_visible()
    expect(page.get_by_text("markerte aktiviteten som avtalt")).to_be_visible()

    proposal = Activity.objects.get(title="Søke på Rema 1000 Sentrum")
    assert (proposal.agreed, proposal.status, proposal.created_by_participant) == (
        True,
        ActivityStatus.PLANNED,
        True,
    )


def test_a_stale_edit_is_refused_and_the_text_is_kept(visitor, world):
    page = visitor.page
    visitor.login(world.counsellor.email)
    visitor.go(
        f"/deltakere/{world.participant.public_id}/plan/aktiviteter/{world.activity.pk}/endre/"
    )
    page.get_by_label("Beskrivelse").fill("Min viktige beskrivelse")
    # Meanwhile the therapist changes the same activity.
    services.activity_update(
        access=load_access(world.therapist, world.participant),
        activity_id=world.activity.pk,
        expected_version=1,
        title="Søke på fire butikkjobber",
    )

    page.get_by_role("button", name="Lagre").click()
    visitor.check()

    expect(
        page.get_by_text("Noen andre har endret dette siden du åpnet skjemaet.").first
    ).to_be_visible()
    expect(page.get_by_label("Beskrivelse")).to_have_value("Min viktige beskrivelse")
    page.get_by_role("button", name="Lagre").click()  # saved against the version now shown
    visitor.check()
    expect(page.get_by_text("Aktiviteten er lagret.")).to_be_visible()
    world.activity.refresh_from_db()
    assert (world.activity.description, world.activity.version) == ("Min viktige beskrivelse", 3)


def test_the_plan_downloads_as_a_pdf(visitor, world, tmp_path):
    page = visitor.page
    visitor.login(world.counsellor.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/plan/")

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned planen som PDF").click()

    assert download.value.suggested_filename == "individuell-plan.pdf"
    saved = tmp_path / "plan.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")

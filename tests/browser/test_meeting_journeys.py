"""Meetings in a real browser: the counsellor plans one, the participant answers the
invitation on a phone, the minutes are published and read, and the calendar file downloads."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from los.meetings.models import Meeting, MeetingKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_meeting_from_invitation_to_published_minutes(visitor, world):
    page = visitor.page
    visitor.login(world.counsellor.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/")
    page.get_by_role("link", name="Møter", exact=True).click()
    visitor.check()
    page.get_by_role("link", name="Nytt møte").click()
    visitor.check()
    day = timezone.localdate() + datetime.timedelta(days=3)
    page.get_by_label("Type møte").select_option(label="oppstartsmøte")
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Klokkeslett").fill("10:00")
    page.get_by_label("Video").check()
    page.get_by_label("Saksliste").fill("Mål for arbeidstreningen")
    page.get_by_label("Lise Behandler, behandler, Salten DPS").check()
    page.get_by_label("Andre som inviteres").fill("Per Hansen, pårørende")
    page.get_by_role("button", name="Legg inn møtet").click()
    visitor.check()
    expect(page.get_by_text("Møtet er lagt inn.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned til kalenderen (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    visitor.logout()

    page.set_viewport_size({"width": 390, "height": 844})
    visitor.login(world.participant_user.email, with_code=False)
    expect(page.get_by_text("svar på invitasjonen").first).to_be_visible()
    page.get_by_role("link", name="Oppstartsmøte").first.click()
    visitor.check()
    page.get_by_label("Kommer", exact=True).check()
    page.get_by_role("button", name="Send svaret").click()
    visitor.check()
    expect(page.get_by_text("Svaret er registrert.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Du")).to_contain_text("Kommer")
    visitor.logout()

    # The meeting has been held.
    meeting = Meeting.objects.get(kind=MeetingKind.STARTUP)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    visitor.login(world.counsellor.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/moter/{meeting.pk}/")
    page.get_by_role("link", name="Skriv referat").click()
    visitor.check()
    page.get_by_label("Referat").fill("Arbeidstrening hos Coop fra 1. desember.")
    page.get_by_role("button", name="Lagre og publiser").click()
    visitor.check()
    expect(page.get_by_text("Referatet er publisert.")).to_be_visible()
    visitor.logout()

    visitor.login(world.participant_user.email, with_code=False)
    visitor.go(f"/deltakere/{world.participant.public_id}/moter/{meeting.pk}/")
    expect(page.get_by_text("Arbeidstrening hos Coop fra 1. desember.")).to_be_visible()

"""The item-9 safety path in a real browser: a therapist plans PHQ-9, the participant
answers on their own page and is told where to get help now, and the therapist sees the
flag in the caseload and records what was done. The participant's part is on a phone-sized
screen. Every page is checked with axe-core."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from los.measures.models import SafetyTask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FLAG = "svar i kartlegging må følges opp i dag"


def test_a_positive_item_9_reaches_the_therapist_the_same_day(visitor, world):
    page = visitor.page
    today = timezone.localdate().isoformat()
    visitor.login(world.therapist.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/")
    page.get_by_role("link", name="Kartlegging").click()
    visitor.check()
    expect(page.get_by_text("Ingen skjemaer er planlagt eller besvart ennå.")).to_be_visible()
    page.get_by_role("link", name="Planlegg et skjema").click()
    visitor.check()
    page.get_by_label("Skjema").select_option(label="PHQ-9 – spørreskjema om depresjon (1.0)")
    page.get_by_label("Første gang").fill(today)
    page.get_by_label("Gjenta").select_option(label="hver 4. uke")
    page.get_by_role("button", name="Planlegg").click()
    visitor.check()
    expect(page.get_by_text("Skjemaet er planlagt.")).to_be_visible()
    visitor.logout()

    page.set_viewport_size({"width": 390, "height": 844})  # the participant is on a phone
    visitor.login(world.participant_user.email, with_code=False)
    expect(page.get_by_role("link", name=re.compile("^Svar på «"))).to_be_visible()
    page.get_by_role("link", name="Kartlegging").click()
    visitor.check()
    page.get_by_role("link", name="Svar på skjemaet").click()
    visitor.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    groups = page.get_by_role("group")
    for number in range(1, 9):
        groups.filter(has_text=f"{number}. ").first.get_by_label("Ikke i det hele tatt").check()
    page.get_by_role("group", name="9. Tanker om").get_by_label("Flere dager").check()
    page.get_by_role("button", name="Send inn").click()
    visitor.check()
    # What happens now, in the message; the help numbers are also in the page's help links.
    expect(page.get_by_role("status").get_by_text("ring 113 hvis livet er i fare")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Vi sender beskjed til behandleren din nå")
    expect(page.get_by_role("link", name="Ring 113 hvis livet er i fare")).to_be_visible()
    expect(page.get_by_role("cell", name="ingen eller minimale depresjonsplager")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    visitor.logout()
    page.set_viewport_size({"width": 1280, "height": 900})

    visitor.login(world.therapist.email)
    visitor.go("/deltakere/")
    row = page.get_by_role("row").filter(has_text="Deltaker, Sara")
    expect(row).to_contain_text(FLAG)
    visitor.go(f"/deltakere/{world.participant.public_id}/kartlegging/")
    expect(page.get_by_role("heading", name="Må følges opp i dag")).to_be_visible()
    page.get_by_label("Hva ble gjort?").fill("Ringte Sara samme dag. Time hos meg i morgen.")
    page.get_by_role("button", name="Registrer oppfølgingen").click()
    visitor.check()
    expect(page.get_by_text("Oppfølgingen er registrert.")).to_be_visible()
    task = SafetyTask.objects.get()
    assert (task.assigned_to, task.handled_by) == (world.therapist, world.therapist)

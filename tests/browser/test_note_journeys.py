"""Contact notes in a real browser: a therapist's note stays in the health sector and with
the therapist until it is shared."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clinical_note_is_shared_only_when_the_therapist_decides(visitor, world):
    page = visitor.page
    visitor.login(world.therapist.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/referater/")
    page.get_by_role("link", name="Skriv referat").click()
    visitor.check()
    page.get_by_label("Referat", exact=True).fill("Gikk gjennom mestringsstrategier for uro.")
    page.get_by_label("Video").check()
    page.get_by_role("button", name="Lagre referatet").click()
    visitor.check()
    # Sharing is a decision with no default: the form asks for it.
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Referat", exact=True)).to_have_value(
        "Gikk gjennom mestringsstrategier for uro."
    )
    page.get_by_label("Nei, ikke nå").check()
    page.get_by_role("button", name="Lagre referatet").click()
    visitor.check()
    expect(page.get_by_text("Referatet er lagret.")).to_be_visible()
    visitor.logout()

    visitor.login(world.participant_user.email, with_code=False)
    visitor.go(f"/deltakere/{world.participant.public_id}/referater/")
    expect(page.get_by_role("row")).to_have_count(2)  # the header and the shared NAV note
    visitor.logout()

    visitor.login(world.therapist.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/referater/")
    page.get_by_role("row").filter(has_text="video").get_by_role("link").click()
    visitor.check()
    page.get_by_role("button", name="Del med deltakeren").click()
    visitor.check()
    expect(page.get_by_text("Referatet er delt med deltakeren.")).to_be_visible()
    visitor.logout()

    visitor.login(world.participant_user.email, with_code=False)
    visitor.go(f"/deltakere/{world.participant.public_id}/referater/")
    expect(page.get_by_role("row")).to_have_count(3)

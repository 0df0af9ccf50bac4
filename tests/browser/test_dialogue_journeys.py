"""The dialogue and the timeline in a real browser."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_messages_flip_unread_and_waiting_states(visitor, world):
    page = visitor.page
    visitor.login(world.counsellor.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/dialog/")
    row = page.get_by_role("row").filter(has_text="Spørsmål om arbeidstrening")
    expect(row).to_contain_text("ulest")
    expect(row).to_contain_text("venter på svar fra oss")

    row.get_by_role("link").click()
    visitor.check()
    page.get_by_label("Svar").fill("Du starter mandag kl. 9 hos Coop.")
    page.get_by_role("button", name="Send svar").click()
    visitor.check()
    expect(page.get_by_text("Svaret er sendt.")).to_be_visible()
    visitor.go(f"/deltakere/{world.participant.public_id}/dialog/")
    row = page.get_by_role("row").filter(has_text="Spørsmål om arbeidstrening")
    expect(row).not_to_contain_text("ulest")
    expect(row).to_contain_text("venter på svar fra deltakeren")
    visitor.logout()

    visitor.login(world.participant_user.email, with_code=False)
    page.get_by_role("link", name="Dialog med teamet").click()
    visitor.check()
    row = page.get_by_role("row").filter(has_text="Spørsmål om arbeidstrening")
    expect(row).to_contain_text("ulest")
    expect(row).to_contain_text("venter på svar fra deg")
    row.get_by_role("link").click()
    visitor.check()
    expect(page.get_by_text("Du starter mandag kl. 9 hos Coop.")).to_be_visible()


def test_the_participant_page_is_the_timeline_and_filters_by_kind(visitor, world):
    page = visitor.page
    visitor.login(world.counsellor.email)
    visitor.go(f"/deltakere/{world.participant.public_id}/")
    expect(page.get_by_text("Samtalereferat (NAV-notater) fra Kari Veileder")).to_be_visible()

    page.get_by_label("Vis").select_option(label="meldinger")
    page.get_by_role("button", name="Vis").click()
    visitor.check()

    expect(page.get_by_text("Samtalereferat (NAV-notater) fra Kari Veileder")).to_have_count(0)
    expect(
        page.get_by_text("Melding fra Sara Deltaker i «Spørsmål om arbeidstrening»")
    ).to_be_visible()


# What a double click or an impatient second press sends: the same form twice, at once,
# on two connections. (Chromium itself drops a second click on a form that is already
# navigating, so the two requests are sent from the page.)
SEND_THE_FORM_TWICE = """async () => {
    const form = document.querySelector("form.los-form");
    const send = () => fetch(location.href, {method: "POST", body: new FormData(form)});
    const answers = await Promise.all([send(), send()]);
    return answers.map((answer) => answer.status);
}"""


def test_a_reply_sent_twice_at_once_is_stored_once(visitor, world):
    from los.followup.models import Message

    page = visitor.page
    visitor.login(world.participant_user.email, with_code=False)
    visitor.go(f"/deltakere/{world.participant.public_id}/dialog/{world.thread.pk}/")
    page.get_by_label("Svar").fill("Jeg kommer på mandag.")

    statuses = page.evaluate(SEND_THE_FORM_TWICE)
    visitor.go(f"/deltakere/{world.participant.public_id}/dialog/{world.thread.pk}/")

    assert statuses == [200, 200]  # both followed their redirect to the thread
    assert Message.objects.filter(text="Jeg kommer på mandag.").count() == 1
    expect(page.get_by_text("Jeg kommer på mandag.")).to_have_count(1)

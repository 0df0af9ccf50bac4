"""A fidelity review end to end in a real browser: two reviewers rate on their own, agree,
fix the result and add an action (each button saves what was filled in first), and the
report is there as a PDF. Every page is checked with axe-core."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from los.core.vocabulary import Role
from los.fidelity.models import FidelityItem, FidelityScale, Review
from los.fidelity.scales import install_fidelity_scales
from tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _rate_all(page, score: str) -> None:
    for group in page.get_by_role("radiogroup").all():
        group.get_by_label(score, exact=True).check()


def test_two_reviewers_rate_agree_and_report(visitor, world):
    install_fidelity_scales(FidelityScale, FidelityItem)
    first = staff_user(world.regional, Role.FIDELITY_REVIEWER, first_name="Siv", last_name="Holm")
    second = staff_user(world.regional, Role.FIDELITY_REVIEWER, first_name="Ivar", last_name="Lie")
    page = visitor.page

    visitor.login(first.email)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Kvalitetsmåling"
    ).click()
    visitor.check()
    page.get_by_role("link", name="Ny gjennomgang").click()
    visitor.check()
    page.get_by_label("Tjenesten som gjennomgås").select_option(label="NAV Bodø")
    page.get_by_label("Ivar Lie").check()
    page.get_by_role("button", name="Opprett").click()
    visitor.check()
    expect(page.get_by_text("Vurder hvert punkt alene.")).to_be_visible()
    _rate_all(page, "4")
    page.get_by_role("button", name="Lever vurderingene").click()  # saves, then delivers
    visitor.check()
    expect(page.get_by_text("Du har levert vurderingene dine.").first).to_be_visible()
    review_url = page.url
    visitor.logout()

    visitor.login(second.email)
    page.goto(review_url)
    visitor.check()
    expect(page.get_by_text("Du har vurdert 0 av 25 punkter")).to_be_visible()
    _rate_all(page, "5")
    page.get_by_role("button", name="Lagre vurderingene").click()
    page.get_by_role("button", name="Lever vurderingene").click()
    visitor.check()
    expect(page.get_by_text("Skårene hver for seg").first).to_contain_text("Siv Holm 4")
    _rate_all(page, "4")
    page.get_by_label("Anbefalinger").fill("Flere arbeidsgiverbesøk ansikt til ansikt.")
    page.get_by_role("button", name="Fastsett resultatet").click()  # saves, then fixes
    visitor.check()
    expect(page.get_by_text("Gjennomgangen er ferdig.")).to_be_visible()
    expect(page.get_by_text("god IPS").first).to_be_visible()
    page.get_by_role("textbox", name="Tiltak", exact=True).fill("Seks arbeidsgiverkontakter i uka")
    page.get_by_role("textbox", name="Ansvarlig").fill("Metodeveileder")
    due = timezone.localdate() + datetime.timedelta(days=90)
    page.get_by_label("Frist").fill(due.isoformat())
    page.get_by_role("button", name="Legg til tiltaket").click()
    visitor.check()
    expect(page.get_by_role("cell", name="Seks arbeidsgiverkontakter i uka")).to_be_visible()
    expect(page.get_by_role("link", name="Last ned rapporten som PDF")).to_be_visible()
    review = Review.objects.get()
    assert (review.total, review.band, review.actions.count()) == (100, "god IPS", 1)

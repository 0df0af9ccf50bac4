"""The plans' measures in a real browser: the programme manager finds a measure from the
main menu, reports on it (a figure refused with its reason, then saved), sees its status in
the list and reads the yearly report; the list and the form also at 390 px. Every page is
checked with axe-core."""

import pytest
from playwright.sync_api import expect

from los.actionplans.models import MeasureReport
from tests.actionplans.conftest import people  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    """Nothing wider than the screen: no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_programme_manager_reports_on_a_measure_and_reads_the_yearly_report(
    visitor,
    people,  # noqa: F811
):
    page = visitor.page
    visitor.login(people.programme_manager.email)

    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Tiltak i planene"
    ).click()
    visitor.check()
    page.get_by_role("link", name="Oppfølgingsplan for arbeid og psykisk helse (2013–2016)").click()
    visitor.check()
    page.get_by_role("link", name="Individuell jobbstøtte (IPS)").click()
    visitor.check()
    expect(
        page.get_by_role("heading", name="Tiltak 10: Individuell jobbstøtte (IPS)")
    ).to_be_visible()

    page.get_by_role("link", name="Rapporter på tiltaket").click()
    visitor.check()
    page.get_by_label("Periode").select_option("2025")
    page.get_by_label("Del av tiltaket").select_option(label="Hele tiltaket")
    page.get_by_role("button", name="Gå videre").click()
    visitor.check()
    page.get_by_label("pågår").check()
    page.get_by_label("Kroner brukt i perioden").fill("1 250 000")
    page.get_by_label("Årsverk").fill("2,55")
    page.get_by_label("Plasser").fill("40")
    page.get_by_label("Resultater").fill("Sju piloter i gang; 212 deltakere fikk tilbud.")
    page.get_by_role("button", name="Lagre rapporten").click()
    visitor.check()
    expect(
        page.get_by_text("Skriv årsverk med høyst én desimal, for eksempel 2,5.").first
    ).to_be_visible()
    expect(page.get_by_label("Resultater")).to_have_value(
        "Sju piloter i gang; 212 deltakere fikk tilbud."
    )
    page.get_by_label("Årsverk").fill("2,5")
    page.get_by_role("button", name="Lagre rapporten").click()
    visitor.check()
    expect(page.get_by_text("Rapporten er lagret.")).to_be_visible()
    expect(page.get_by_role("cell", name="1 250 000 kr")).to_be_visible()

    page.get_by_role("link", name="Oppfølgingsplan for arbeid og psykisk helse (2013–2016)").click()
    visitor.check()
    expect(page.get_by_role("row", name="10 Individuell jobbstøtte (IPS)")).to_contain_text("pågår")
    page.get_by_role("link", name="Årsrapport for 2025").click()
    visitor.check()
    expect(page.get_by_role("heading", name="Innsatsen")).to_be_visible()
    expect(page.get_by_role("link", name="Last ned årsrapporten som PDF")).to_be_visible()
    report = MeasureReport.objects.get()
    assert (report.year, report.nok, str(report.staff_years)) == (2025, 1_250_000, "2.5")

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/tiltak/2013-2016/?aar=2025", "/tiltak/2013-2016/10/rapport/?periode=2025"):
        visitor.go(path)
        assert _fits(page), path

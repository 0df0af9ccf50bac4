"""The report pages in a real browser: a county coordinator lands on «Resultater», opens the
county's report and a service in it, on a phone (390 px) and at 1280 px. Every page is
checked with axe-core; the page never scrolls sideways, and the wide tables scroll in their
own region, which the keyboard reaches."""

import os

import pytest
from playwright.sync_api import expect

from los.reporting.periods import previous_quarters
from tests.reporting.report_world import add_enrolments, build_report_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("LOS_SCREENSHOTS")  # a folder, to look at the pages by eye


def _page_scrolls_sideways(page) -> list[str]:
    """Empty when the page is no wider than the screen; else how wide it is and the
    elements that stick out (those inside a table's own scroll region left out)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const scrolled = document.documentElement.scrollWidth;
          if (scrolled <= width) return [];
          const outside = [...document.querySelectorAll("body *")].filter((e) =>
            e.getBoundingClientRect().right > width + 1
            && !e.parentElement.closest(".los-scroll"));
          return [`${scrolled} > ${width}`,
                  ...outside.slice(0, 8).map((e) => `${e.tagName}.${e.className}`)];
        }"""
    )


def _shot(page, name):
    """Screenshots a screen high each, for a person to look at (LOS_SCREENSHOTS=folder)."""
    if not SCREENSHOTS:
        return
    width = page.viewport_size["width"]
    height = page.evaluate("() => document.documentElement.scrollHeight")
    for number, top in enumerate(range(0, height, 1000)):
        page.screenshot(
            path=os.path.join(SCREENSHOTS, f"{name}-{number:02d}.png"),
            full_page=True,
            clip={"x": 0, "y": top, "width": width, "height": min(1000, height - top)},
        )


def _busier_world():
    """Both services in Bodø with enough enrolments for figures to show (a small one beside
    NAV Bodø would hide NAV Bodø's figures too), this quarter and the last."""
    world = build_report_world()
    add_enrolments(world, "nav_bodo", "ips", 20)
    add_enrolments(world, "salten_arbeid", "ips-ung", 10)
    add_enrolments(world, "nav_bodo", "ips", 12, period=previous_quarters(world.period, 2)[0])
    return world


@pytest.mark.parametrize("width", [1280, 390])
def test_a_county_coordinator_reads_the_county_and_a_service_in_it(visitor, width):
    world = _busier_world()
    page = visitor.page
    page.set_viewport_size({"width": width, "height": 900})

    visitor.login(world.users["fylke"].email)

    expect(page).to_have_url(visitor.base_url + "/rapporter/")
    expect(page.get_by_role("heading", name="Resultater", level=1)).to_be_visible()
    assert _page_scrolls_sideways(page) == []
    _shot(page, f"home-{width}")
    page.get_by_role("link", name="Nordland").first.click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nordland")
    expect(page.get_by_text("Små tall er skjult")).to_be_visible()
    assert _page_scrolls_sideways(page) == []
    _shot(page, f"county-{width}")

    # The period chooser: the quarter before today's is the default; the year view is a
    # link away.
    page.get_by_label("Periode", exact=True).select_option(world.period.code)
    page.get_by_role("button", name="Vis").click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.period.label)

    # A wide table scrolls in its own region, reached with the keyboard and named by its
    # caption.
    region = page.get_by_role("region", name="Arbeid, Nordland").first
    region.focus()
    expect(region).to_be_focused()

    page.get_by_role("link", name="NAV Bodø").first.click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("NAV Bodø")
    assert _page_scrolls_sideways(page) == []
    _shot(page, f"service-{width}")


def test_a_services_own_staff_see_their_figures_exactly(visitor):
    world = build_report_world()
    page = visitor.page

    visitor.login(world.users["jobbspesialist"].email)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Resultater").click()
    visitor.check()
    page.get_by_role("link", name="NAV Bodø").click()
    visitor.check()

    expect(page.get_by_text("Tjenestens egne tall: ingenting er skjult")).to_be_visible()
    assert _page_scrolls_sideways(page) == []

"""The figures from the record beside a measure: the reporting module's figures after
disclosure control, never exact, for the reader's widest unit, logged when shown."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from los.actionplans.figures import Figure, reader_grant
from los.core.vocabulary import Role
from los.reporting.cube import Cell
from los.reporting.models import ReportLogEntry
from los.reporting.periods import year_of
from los.reporting.report import INDICATOR_BY_CODE, build_report
from los.reporting.scopes import NATION, Level, Scope
from tests.reporting.builders import d, enrol, place

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_figures():
    cache.clear()
    yield
    cache.clear()


def _served(where, ips_at_bodo: int, ips_ung_at_tromso: int) -> None:
    """IPS enrolments at NAV Bodø (Nordland) and IPS-ung at NAV Tromsø (Troms), all started
    on 1 March 2025 and still open: each served in 2025."""
    for _ in range(ips_at_bodo):
        enrol(where, where.bodo, start=d("2025-03-01"))
    for _ in range(ips_ung_at_tromso):
        enrol(where, where.tromso, start=d("2025-03-01"), programme="ips-ung")


def _figures(client, user, year=2025):
    client.force_login(user)
    response = client.get(reverse("measure_detail", args=["2013-2016", "10"]), {"aar": year})
    assert response.status_code == 200
    figures = response.context["figures"]
    return figures, " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _served_figure(figures, programme):
    service = next(s for s in figures.services if s.programme_code == programme)
    return next(f for f in service.figures if f.indicator.code == "served")


def test_the_programme_manager_sees_the_nations_figures_for_the_measures_services(client, people):
    _served(place(), ips_at_bodo=6, ips_ung_at_tromso=7)

    figures, page = _figures(client, people.programme_manager)

    assert figures.unit_name == "Hele landet"
    assert [s.programme_code for s in figures.services] == ["ips", "ips-ung"]
    assert _served_figure(figures, "ips").text == "6"
    assert _served_figure(figures, "ips-ung").text == "7"
    assert [f.indicator.code for f in figures.services[0].figures] == [
        "served", "started", "competitive_rate", "first_contact_rate", "competitive_job_started",
    ]  # fmt: skip
    assert "IPS – individuell jobbstøtte: tall fra Los for Hele landet, 2025" in page
    assert "Tall under 5 er skjult" in page


def test_a_small_figure_is_hidden_as_in_every_report_and_never_shown_exactly(client, people):
    _served(place(), ips_at_bodo=6, ips_ung_at_tromso=2)

    figures, page = _figures(client, people.programme_manager)

    hidden = _served_figure(figures, "ips-ung")
    assert (hidden.cell.suppressed, hidden.cell.value, hidden.text) == (True, None, "●")
    assert "● skjult" in page
    # The same pattern as the national report by programme: no second pattern to compare.
    national = build_report(NATION, year_of(2025)).table("served", "programme")
    by_code = {row.cell.coordinates["programme"]: row.cell for row in national.rows}
    assert _served_figure(figures, "ips").cell == by_code["ips"]
    assert hidden.cell == by_code["ips-ung"]


def test_a_rate_is_hidden_where_the_count_it_is_divided_by_is_hidden(client, people):
    _served(place(), ips_at_bodo=6, ips_ung_at_tromso=2)

    figures, page = _figures(client, people.programme_manager)

    ips = {f.indicator.code: f for f in figures.services[0].figures}
    assert ips["served"].cell.suppressed  # hidden so that IPS-ung's 2 cannot be worked out
    rate = ips["competitive_rate"].cell
    assert (rate.suppressed, rate.numerator, rate.denominator) == (True, None, None)
    assert "Andel i ordinært arbeid i perioden ● skjult" in page


def test_a_county_coordinator_sees_their_countys_figures_and_the_adviser_their_regions(
    client, people
):
    _served(place(), ips_at_bodo=6, ips_ung_at_tromso=7)

    county, _page = _figures(client, people.nordland_coordinator)
    region, _page = _figures(client, people.regional_advisor)

    assert county.unit_name == "Nordland"
    assert (_served_figure(county, "ips").text, _served_figure(county, "ips-ung").text) == (
        "6", "0",
    )  # fmt: skip
    assert region.unit_name == "Helse Nord"
    assert _served_figure(region, "ips-ung").text == "7"


def test_a_coordinator_who_also_works_at_a_service_gets_the_countys_figures_not_exact(people):
    where = place()
    enrol(where, where.bodo, start=d("2025-03-01"))
    user = people.nordland_coordinator
    from los.accounts.models import StaffRole

    StaffRole.objects.create(user=user, organisation=where.bodo, role=Role.COUNSELLOR)

    grant = reader_grant(user)

    assert (grant.scope, grant.exact) == (Scope(Level.COUNTY, "18"), False)


def test_showing_the_figures_writes_a_report_log_row(client, people):
    _served(place(), ips_at_bodo=6, ips_ung_at_tromso=7)

    _figures(client, people.programme_manager)
    client.get(reverse("yearly_report_pdf", args=["2013-2016", 2025]))

    rows = list(ReportLogEntry.objects.order_by("pk").values_list(
        "user_name", "role", "level", "scope_code", "period", "format", "exact",
    ))  # fmt: skip
    assert rows == [
        ("Hege Vik", Role.PROGRAMME_MANAGER, "national", "", "2025", "page", False),
        ("Hege Vik", Role.PROGRAMME_MANAGER, "national", "", "2025", "pdf", False),
    ]


def test_a_measure_without_a_service_in_los_shows_no_figures_and_logs_nothing(client, people):
    client.force_login(people.programme_manager)

    response = client.get(reverse("measure_detail", args=["2013-2016", "3"]))

    assert response.context["figures"] is None
    assert "Tall fra Los" not in response.content.decode()
    assert not ReportLogEntry.objects.exists()


def test_the_yearly_report_shows_each_measures_figures(client, people):
    _served(place(), ips_at_bodo=6, ips_ung_at_tromso=7)
    client.force_login(people.programme_manager)

    response = client.get(reverse("yearly_report", args=["2013-2016", 2025]))

    rows = {r.measure.number: r for a in response.context["report"].areas for r in a.rows}
    assert _served_figure(rows["10"].figures, "ips").text == "6"
    assert [s.programme_code for s in rows["12"].figures.services] == ["sfj"]
    assert rows["3"].figures is None
    assert ReportLogEntry.objects.count() == 1  # one report read for every measure shown


def _cell(unit, numerator, denominator=None, value=None, **flags):
    return Cell(
        indicator="x", unit=unit, period="2025", coordinates={}, numerator=numerator,
        denominator=denominator, value=value, suppressed=flags.get("suppressed", False),
        not_yet=flags.get("not_yet", False),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("code", "cell", "text"),
    [
        ("competitive_rate", _cell("percent", 7, 17, 41.2), "41,2 % (7 av 17)"),
        ("competitive_rate", _cell("percent", 0, 12, 0.0), "0 % (0 av 12)"),
        ("waiting_days", _cell("days", 12, value=23.5), "23,5 dager (n = 12)"),
        ("served", _cell("enrolments", 1200, value=1200.0), "1\u00a0200"),
        ("served", _cell("enrolments", None, suppressed=True), "●"),
        ("cohort6_rate", _cell("percent", None, 12, not_yet=True), "ikke klart ennå"),
    ],
)
def test_figures_read_as_norwegian_numbers(code, cell, text):
    assert Figure(INDICATOR_BY_CODE[code], cell).text == text


def test_every_measures_indicators_are_indicators_of_the_reports():
    from los.actionplans.models import PlanMeasure

    for measure in PlanMeasure.objects.all():
        assert set(measure.indicator_codes) <= set(INDICATOR_BY_CODE), measure.number
        assert bool(measure.programme_codes) == bool(measure.indicator_codes), measure.number

"""The report's speed without losing its rules (docs/reporting.md, «Speed»): suppression
patterns are kept in the database under a digest of their counts and read again instead of
made again; counted figures are reused for at most LOS_REPORT_MAX_AGE_SECONDS once the
record has changed; the page says when its figures were counted. Every case is dated."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from los.reporting import disclosure
from los.reporting.cube import ALL
from los.reporting.models import StoredPattern
from los.reporting.periods import parse_period
from los.reporting.report import build_report
from los.reporting.scopes import NATION, Level, Scope
from los.web.templatetags.los_tags import when
from tests.reporting.builders import d, enrol, place

pytestmark = pytest.mark.django_db

Q1 = parse_period("2026Q1")
TODAY = d("2026-06-15")  # Q1 is closed
NORDLAND = Scope(Level.COUNTY, "18")


@pytest.fixture(autouse=True)
def _nothing_kept():
    cache.clear()
    disclosure._patterns.clear()
    yield
    disclosure._patterns.clear()


def _served(report, service) -> object:
    rows = report.table("served", "units").rows
    return next(r.cell for r in rows if r.cell.coordinates["geography"] == f"service:{service.pk}")


def _forget_made_figures():
    """What a new worker process, or the next request after the maximum age, starts from:
    nothing in the cache and nothing in this process; only the database."""
    cache.clear()
    disclosure._patterns.clear()


@pytest.fixture
def county():
    """Nordland in Q1 2026: 7 enrolments at NAV Bodø, 2 at NAV Fauske (small, hidden, and
    Bodø with it, since Nordland's total is shown)."""
    where = place()
    for _ in range(7):
        enrol(where, where.bodo, start=d("2026-01-10"))
    for _ in range(2):
        enrol(where, where.fauske, start=d("2026-02-01"))
    return where


def test_the_patterns_are_kept_and_read_back_instead_of_made_again(county):
    first = build_report(NORDLAND, Q1, today=TODAY)
    kept = StoredPattern.objects.filter(period="2026Q1")
    assert kept.exists()
    assert _served(first, county.fauske).suppressed and _served(first, county.bodo).suppressed

    # Proof that the second report reads the kept rows and makes nothing: a pattern changed
    # in the database (here: hiding Nordland's total as well) is what the report shows.
    nordland = ["county:18", ALL, ALL, ALL, ALL]
    for row in kept:
        row.hidden = [*row.hidden, nordland]
        row.save()
    _forget_made_figures()

    second = build_report(NORDLAND, Q1, today=TODAY)

    assert second.headline_cell("served").suppressed
    assert not first.headline_cell("served").suppressed
    assert first.headline_cell("served").numerator == 9


def test_a_late_registration_in_a_closed_quarter_gives_a_new_pattern(county):
    build_report(NORDLAND, Q1, today=TODAY)
    before = set(StoredPattern.objects.values_list("digest", flat=True))

    # Registered in June, started in February: three more at Fauske, 5 in all.
    for _ in range(3):
        enrol(county, county.fauske, start=d("2026-02-20"))
    _forget_made_figures()
    report = build_report(NORDLAND, Q1, today=TODAY)

    after = set(StoredPattern.objects.values_list("digest", flat=True))
    assert before < after  # new counts, new digests; the old rows stay, unused
    fauske = _served(report, county.fauske)
    assert (fauske.suppressed, fauske.numerator) == (False, 5)
    assert _served(report, county.bodo).numerator == 7


@override_settings(LOS_REPORT_MAX_AGE_SECONDS=300)
def test_figures_within_the_maximum_age_are_reused_after_a_change(county):
    first = build_report(NATION, Q1, today=TODAY)
    enrol(county, county.bodo, start=d("2026-03-01"))

    second = build_report(NATION, Q1, today=TODAY)

    assert second.headline_cell("served").numerator == 9  # as counted, not yet 10
    assert second.made_at == first.made_at


@override_settings(LOS_REPORT_MAX_AGE_SECONDS=0)
def test_figures_older_than_the_maximum_age_are_counted_again_after_a_change(county):
    first = build_report(NATION, Q1, today=TODAY)
    enrol(county, county.bodo, start=d("2026-03-01"))

    second = build_report(NATION, Q1, today=TODAY)

    assert second.headline_cell("served").numerator == 10
    assert second.made_at > first.made_at


@override_settings(LOS_REPORT_MAX_AGE_SECONDS=0)
def test_figures_are_reused_at_any_age_while_nothing_has_changed(county):
    first = build_report(NATION, Q1, today=TODAY)

    second = build_report(NATION, Q1, today=TODAY)

    assert second.made_at == first.made_at


def test_a_new_day_counts_again(county):
    # The figures depend on today (whose day 30 has passed, what has begun).
    first = build_report(NATION, Q1, today=TODAY)
    second = build_report(NATION, Q1, today=d("2026-06-16"))

    assert second.made_at > first.made_at


def test_the_page_says_when_its_figures_were_counted(client):
    from tests.reporting.report_world import build_report_world

    world = build_report_world()
    client.force_login(world.users["fylke"])
    url = reverse("results", kwargs={"level": "county", "code": "18"})
    response = client.get(f"{url}?periode={world.period.code}")

    assert response.status_code == 200
    made_at = response.context["report"].made_at
    assert made_at is not None
    assert f"Tall per {when(made_at)}." in response.content.decode()


def test_the_trend_quarters_are_counted_with_the_headline_counts_alone(county):
    from los.reporting.figures import HEADLINE_COUNTS
    from los.reporting.report import TREND_INDICATORS, figure_sets

    # Everything a trend shows is among the headline counts.
    for indicator in TREND_INDICATORS:
        assert {indicator.numerator, indicator.denominator} <= set(HEADLINE_COUNTS)
    report = build_report(NORDLAND, parse_period("2026Q2"), today=TODAY)
    trend = {p.period: p.cell for t in report.trends for p in t.points if p.period == Q1}

    sets = figure_sets([Q1], today=TODAY, headline_only=[Q1])
    assert sets["2026Q1"].headline_only
    with pytest.raises(KeyError):
        sets["2026Q1"].cube("started")
    # As the period of its own report, the quarter is counted whole, and its headline cells
    # are the trend's: the same counts, the same patterns.
    _forget_made_figures()
    whole = build_report(NORDLAND, Q1, today=TODAY)
    assert whole.headline_cell("started").numerator == 9
    for t in report.trends:
        point = next(p.cell for p in t.points if p.period == Q1)
        own = whole.headline_cell(t.indicator.code)
        assert (point.suppressed, point.numerator, point.denominator) == (
            own.suppressed, own.numerator, own.denominator,
        )  # fmt: skip
    assert trend

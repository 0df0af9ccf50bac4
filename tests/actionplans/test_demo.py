"""The demo's reports on the measures are written through the same service as any other."""

import datetime

import pytest

from los.access.models import ChangeLogEntry
from los.actionplans.demo import add_demo_measure_reports
from los.actionplans.models import MeasureReport

pytestmark = pytest.mark.django_db


def test_the_demo_reports_last_year_nordlands_part_and_this_years_first_half(people):
    today = datetime.date(2026, 12, 2)

    for _ in range(2):  # a second run adds nothing
        add_demo_measure_reports(
            programme_manager=people.programme_manager,
            county_coordinator=people.nordland_coordinator,
            today=today,
        )

    reports = MeasureReport.objects.order_by("pk")
    assert [(r.measure.number, r.period.code, r.county and r.county.name) for r in reports] == [
        ("10", "2025", None), ("12", "2025", None), ("21", "2025", None), ("25", "2025", None),
        ("10", "2025", "Nordland"), ("10", "2026H1", None),
    ]  # fmt: skip
    assert ChangeLogEntry.objects.filter(action="measure_report.created").count() == 6

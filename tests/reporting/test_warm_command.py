"""`manage.py warm_report_figures`: the figures and patterns made before anyone asks."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from los.reporting import disclosure
from los.reporting.models import ReportLogEntry, StoredPattern
from tests.reporting.builders import d, enrol, place

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept():
    cache.clear()
    disclosure._patterns.clear()


def test_the_command_keeps_the_patterns_of_each_period_and_its_trends():
    where = place()
    for _ in range(6):
        enrol(where, where.bodo, start=d("2026-01-10"))
    enrol(where, where.fauske, start=d("2026-02-01"))
    out = StringIO()

    call_command("warm_report_figures", "--period", "2026Q1", "--period", "2026Q2", stdout=out)

    periods = set(StoredPattern.objects.values_list("period", flat=True))
    assert {"2026Q1", "2026Q2", "2025Q4"} <= periods  # 2025Q4: a trend quarter of both
    assert "2026Q1: " in out.getvalue() and "2026Q2: " in out.getvalue()
    assert not ReportLogEntry.objects.exists()  # nobody read a report


def test_the_command_refuses_a_bad_period_in_norwegian():
    with pytest.raises(CommandError, match="er ikke en periode"):
        call_command("warm_report_figures", "--period", "2026Q5")


def test_the_command_refuses_a_period_that_has_not_begun():
    with pytest.raises(CommandError, match="har ikke begynt"):
        call_command("warm_report_figures", "--period", "2099Q1")

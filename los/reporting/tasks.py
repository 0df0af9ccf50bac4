"""The reporting's background task (run by `manage.py db_worker`, docs/reporting.md,
«Speed»): count a report's figures again so that no reader waits for the counting. Its
arguments are a period code and a day, no personal data."""

from __future__ import annotations

import datetime

from django_tasks import task

from los.reporting import report
from los.reporting.periods import parse_period


@task()
def recount_report_figures(period_code: str, day: str) -> str:
    """Count the national report of the period again as of the day it was asked for. A task
    that runs after midnight counts yesterday's figures: they become the newest, and the
    next reader's request asks for today's."""
    try:
        report.recount(parse_period(period_code), datetime.date.fromisoformat(day))
    except report.ReportError as error:  # nothing to count (no unit at all): said, not lost
        return f"{period_code} {day}: {error}"
    return f"{period_code} {day}"

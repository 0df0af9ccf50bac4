"""`manage.py warm_report_figures`: count the report figures and make their suppression
patterns ahead of the readers (docs/reporting.md, «Speed»).

For each period (by default the quarter that is open today and the last one that has ended)
the national report is built once: that counts the period and its eight trend quarters and
makes every pattern any report of the period needs (every report is cut from the same
national cubes). The figure sets go to the cache and every new pattern to the database
(models.StoredPattern), so the first reader after a change does not wait for the linear
programmes. Run it on a schedule, more often than LOS_REPORT_MAX_AGE_SECONDS; a pattern
already kept is read, not made, so a run after a small change costs little more than the
counting. Writes no report log: nobody reads a report here."""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from los.reporting.periods import parse_period, previous_quarters, quarter_containing
from los.reporting.report import ReportError, build_report
from los.reporting.scopes import NATION


class Command(BaseCommand):
    help = "Tell opp rapporttallene og lag skjulingsmønstrene på forhånd."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            action="append",
            default=[],
            help="kvartal (2026Q1) eller år (2026); kan gis flere ganger. Uten: kvartalet som "
            "er åpent i dag og det siste som er over",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        try:
            periods = [parse_period(text) for text in options["period"]]
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not periods:
            periods = previous_quarters(quarter_containing(today), 2)[::-1]
        for period in periods:
            started = time.perf_counter()
            try:
                build_report(NATION, period, today=today)
            except ReportError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"{period.code}: {time.perf_counter() - started:.1f} s")

"""Tell participants about questionnaires due today or overdue, once per due date. Run daily
(cron, or beside the worker)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from los.notifications import due


class Command(BaseCommand):
    help = "Varsler deltakere om skjemaer de skal fylle ut."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="Dagen å regne fra (ÅÅÅÅ-MM-DD); standard: i dag.")

    def handle(self, *args, day=None, **options):
        today = timezone.localdate()
        if day:
            try:
                today = datetime.date.fromisoformat(day)
            except ValueError as error:
                raise CommandError("--day må være en dato, f.eks. 2026-12-02") from error
        self.stdout.write(f"Varslet: {due.notify_due(today)}")

"""Escalate the safety tasks nobody followed up in time (los/notifications/safety.py).

The worker escalates each task at its due time; run this from cron every few minutes as
well, so a task is escalated even if the worker was down when it fell due."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from los.notifications import safety


class Command(BaseCommand):
    help = "Eskalerer sikkerhetsoppgaver som ikke er fulgt opp i tide."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="Tidspunkt å regne fra (ISO 8601, for testing); standard: nå."
        )

    def handle(self, *args, now=None, **options):
        moment = timezone.now()
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError as error:
                raise CommandError("--now må være et tidspunkt, f.eks. 2026-12-02T10:00") from error
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        escalated = safety.escalate_due(moment)
        self.stdout.write(f"Eskalert: {len(escalated)}")

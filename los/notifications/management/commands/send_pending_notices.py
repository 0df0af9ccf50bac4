"""Queue again the pending notices whose time has come (a sweep for lost tasks). Run from
cron every few minutes beside the worker; sending twice is prevented."""

from django.core.management.base import BaseCommand

from los.notifications import services
from los.notifications.models import Notice, Status


class Command(BaseCommand):
    help = "Legger ventende varsler i køen på nytt."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Send også varsler som har feilet alle forsøk, på nytt.",
        )

    def handle(self, *args, retry_failed=False, **options):
        if retry_failed:
            failed = Notice.objects.filter(status=Status.FAILED).values_list("pk", flat=True)
            self.stdout.write(f"Feilede sendes på nytt: {services.retry_failed(failed)}")
        self.stdout.write(f"I kø: {services.queue_waiting()}")

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from los.demo import seeding
from los.demo.events import seed_events


class Command(BaseCommand):
    help = (
        "Lag syntetiske data i stor skala: organisasjoner, ansatte, deltakere, team og samtykker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1, help="Frø for tilfeldighetene.")
        parser.add_argument(
            "--events",
            action="store_true",
            help="Gi hver deltaker en hel oppfølging: plan, notater, meldinger, møter, og "
            "arbeidsløp over tre år for dem med jobbspesialist (bare PostgreSQL).",
        )

    def handle(self, *args, participants: int, seed: int, events: bool, **options):
        if settings.PRODUCTION:
            raise CommandError("Syntetiske data lages aldri i produksjon.")
        if participants < 1:
            raise CommandError("--participants må være minst 1.")
        result = seeding.seed(participants=participants, rng_seed=seed, progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Ferdig på {result.seconds:.1f} s: {result.participants} deltakere, "
                f"{result.memberships} teammedlemskap, {result.consents} samtykker, "
                f"{result.staff} ansatte, {result.organisations} organisasjoner."
            )
        )
        if events:
            if connection.vendor != "postgresql":
                raise CommandError("--events trenger PostgreSQL.")
            written = seed_events(progress=self.stdout.write)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Oppfølging for {written.participants} deltakere: {written.rows} rader "
                    f"på {written.seconds:.1f} s, av dem {written.enrolments} arbeidsløp med "
                    f"{written.pathway_rows} rader på {written.pathway_seconds:.1f} s."
                )
            )

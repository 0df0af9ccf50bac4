from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from los.demo.demo_data import demo_already_loaded, load_demo_data, logins_table


class Command(BaseCommand):
    help = "Last inn demodata (syntetiske personer rundt Bodø) og skriv ut innloggingene."

    def add_arguments(self, parser):
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Kjør migreringer først (make demo gjør alt i én oppstart).",
        )

    def handle(self, *args, migrate: bool, **options):
        if settings.PRODUCTION:
            raise CommandError("Demodata lastes aldri inn i produksjon.")
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        # Loading is idempotent, so a demo database from an older version gets what is new.
        already_there = demo_already_loaded()
        load_demo_data()
        self.stdout.write(
            "Demodata finnes allerede; det som manglet er lagt til."
            if already_there
            else "Demodata er lastet inn."
        )
        self.stdout.write("")
        self.stdout.write(logins_table())

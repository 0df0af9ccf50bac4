from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from los.demo.demo_data import demo_already_loaded, load_demo_data, logins_table


class Command(BaseCommand):
    help = "Last inn demodata (syntetiske personer rundt Bodø) og skriv ut innloggingene."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demodata lastes aldri inn i produksjon.")
        if demo_already_loaded():
            self.stdout.write("Demodata finnes allerede.")
        else:
            load_demo_data()
            self.stdout.write("Demodata er lastet inn.")
        self.stdout.write("")
        self.stdout.write(logins_table())

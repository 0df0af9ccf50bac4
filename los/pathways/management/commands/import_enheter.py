from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from los.accounts.models import User
from los.pathways.enhetsregisteret import RegisterFileError, update_employers


class Command(BaseCommand):
    help = (
        "Oppdater arbeidsgiverne i Los fra Enhetsregisterets totalfil (JSON, gjerne .json.gz): "
        "navn, adresse og bransje etter organisasjonsnummer (docs/imports.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="enheter_alle.json.gz eller underenheter_alle.json.gz")
        parser.add_argument(
            "--as",
            dest="actor",
            required=True,
            help="e-postadressen til administratoren endringene føres på i endringsloggen",
        )

    def handle(self, *args, file, actor, **options):
        user = User.objects.filter(email__iexact=actor, is_staff=True, is_active=True).first()
        if user is None:
            raise CommandError(f"Ingen aktiv administrator med adressen {actor}.")
        try:
            result = update_employers(Path(file), actor=user)
        except RegisterFileError as error:
            raise CommandError(f"Ingenting ble endret: {error}") from error
        self.stdout.write(
            f"Leste {result.read} enheter. Arbeidsgivere: {len(result.updated)} oppdatert, "
            f"{result.unchanged} uendret, {len(result.not_in_register)} ikke i registeret."
        )
        for line in result.updated:
            self.stdout.write(f"  oppdatert {line}")
        for line in result.not_in_register:
            self.stdout.write(f"  ikke i registeret: {line}")

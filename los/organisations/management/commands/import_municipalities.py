from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from los.organisations.klass import KlassImportError, import_municipalities

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "klass-131-utdrag.csv"


class Command(BaseCommand):
    help = "Importer kommuner fra en KLASS-eksport (klassifikasjon 131, CSV eller JSON)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default=str(SAMPLE), help="KLASS-fil (standard: utdraget i Los)"
        )
        parser.add_argument("--encoding", default="utf-8")

    def handle(self, *args, file, encoding, **options):
        try:
            text = Path(file).read_text(encoding=encoding)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kan ikke lese {file}: {error}") from error
        try:
            result = import_municipalities(text)
        except KlassImportError as error:
            raise CommandError(str(error)) from error
        if result.errors:
            raise CommandError("Ingenting ble importert:\n" + "\n".join(result.errors[:50]))
        self.stdout.write(
            f"Kommuner: {result.created} nye, {result.updated} endret, {result.unchanged} uendret."
        )

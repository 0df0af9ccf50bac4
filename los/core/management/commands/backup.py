import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from los.core.backup import BackupError, Database, backup

DEFAULT_FOLDER = Path(settings.BASE_DIR) / "var" / "backups"


class Command(BaseCommand):
    help = (
        "Ta sikkerhetskopi av PostgreSQL-databasen i DATABASE_URL med pg_dump (eget format). "
        "Nøklene er ikke med og skal aldri lagres sammen med kopien (se docs/backup.md)."
    )
    # The checks would open a connection to the database the dump reads; they add nothing.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            help="Filen kopien skrives til; ellers en fil med tidsstempel i var/backups/.",
        )

    def handle(self, *args, file: Path | None, **options):
        try:
            database = Database.from_settings(settings.DATABASES["default"])
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            path = file or DEFAULT_FOLDER / f"{database.name}-{stamp}.dump"
            written = backup(database=database, path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = written.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Sikkerhetskopi av {database.name} skrevet til {written} ({size} byte)."
            )
        )

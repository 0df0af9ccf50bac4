import datetime
import getpass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from los.access.audit import record_change
from los.core.backup import BackupError, Database, backup

DEFAULT_FOLDER = Path(settings.BASE_DIR) / "var" / "backups"
BACKUP_ACTION = "database.backup"


def _note(path: Path) -> None:
    """A dump reads every record: the change log says who took one, to where and when.
    Written just before pg_dump starts, so the dump carries the note of its own making."""
    with transaction.atomic():
        record_change(
            actor=None,
            participant=None,
            action=BACKUP_ACTION,
            obj=None,
            data={"file": str(path), "by": getpass.getuser()},
        )


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
            written = backup(database=database, path=path, announce=lambda: _note(path))
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = written.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Sikkerhetskopi av {database.name} skrevet til {written} ({size} byte)."
            )
        )

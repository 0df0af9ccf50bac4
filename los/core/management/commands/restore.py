from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from los.core.backup import BackupError, Database, check_keys, restore


class Command(BaseCommand):
    help = (
        "Gjenopprett en sikkerhetskopi fra make backup til PostgreSQL-databasen i "
        "DATABASE_URL. Databasen lages hvis den ikke finnes; en database som ikke er tom, "
        "skrives bare over med --replace."
    )
    # The checks would open a connection to the database that may be dropped and created.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, required=True, help="Sikkerhetskopien.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Erstatt databasen selv om den har data; den gamle slettes først når kopien "
            "er lest inn hel.",
        )

    def handle(self, *args, file: Path, replace: bool, **options):
        try:
            database = Database.from_settings(settings.DATABASES["default"])
            restored = restore(database=database, path=file, replace=replace)
            keys = check_keys(database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Gjenopprettet {file} til {restored.database}: {restored.tables} tabeller"
            + (" (den gamle databasen er erstattet)." if restored.replaced else ".")
        )
        if not keys.ok:
            # The data is restored but of no use without the keys it was written with; or
            # this is another environment's dump, which must not be here at all.
            raise CommandError(
                f"Av {keys.participants} fødselsnumre kan {keys.unreadable} ikke leses med "
                f"LOS_FIELD_ENCRYPTION_KEYS, og {keys.digest_mismatches} stemmer ikke med "
                f"LOS_LOOKUP_HASH_KEY. Av {keys.authenticators} tofaktorhemmeligheter kan "
                f"{keys.unreadable_authenticators} ikke leses med LOS_FIELD_ENCRYPTION_KEYS. "
                "Sett nøklene kopien ble tatt med. Er dette en kopi fra et annet miljø "
                "(produksjon i demo eller test), slett databasen nå."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Alle {keys.participants} fødselsnumre kan leses med nøklene som er satt, "
                f"og alle {keys.authenticators} tofaktorhemmeligheter."
            )
        )

from django.core.management.base import BaseCommand, CommandError

from los.participants.keys import UnreadableNationalIds, reencrypt_national_ids


class Command(BaseCommand):
    help = (
        "Krypter alle lagrede fødselsnumre på nytt med den første nøkkelen i "
        "LOS_FIELD_ENCRYPTION_KEYS, så en gammel nøkkel kan tas ut (se docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Deltakere per transaksjon."
        )

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size må være minst 1.")
        try:
            result = reencrypt_national_ids(batch_size=batch_size, progress=self.stdout.write)
        except UnreadableNationalIds as error:
            ids = ", ".join(str(pk) for pk in error.participant_ids[:20])
            raise CommandError(
                f"{len(error.participant_ids)} fødselsnumre kan ikke leses med noen av "
                f"nøklene som er satt (deltaker-id {ids}). Denne omgangen er rullet tilbake; "
                "de før den er ferdige. Ta ingen nøkkel ut av LOS_FIELD_ENCRYPTION_KEYS før "
                "dette er rettet."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Kontrollerte {result.examined} fødselsnumre og krypterte {result.reencrypted} "
                f"på nytt med den første nøkkelen ({result.batches} transaksjoner). En gammel "
                "nøkkel kan tas ut når ingen sikkerhetskopi som trenger den, er igjen."
            )
        )

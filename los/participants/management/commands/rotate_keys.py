from django.core.management.base import BaseCommand, CommandError

from los.participants.keys import (
    UnreadableAuthenticatorSecrets,
    UnreadableNationalIds,
    reencrypt_authenticator_secrets,
    reencrypt_national_ids,
)


class Command(BaseCommand):
    help = (
        "Krypter alle lagrede fødselsnumre og alle hemmeligheter for tofaktorinnlogging på "
        "nytt med den første nøkkelen i LOS_FIELD_ENCRYPTION_KEYS, så en gammel nøkkel kan "
        "tas ut (se docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="Rader per transaksjon.")

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size må være minst 1.")
        try:
            numbers = reencrypt_national_ids(batch_size=batch_size, progress=self.stdout.write)
        except UnreadableNationalIds as error:
            ids = ", ".join(str(pk) for pk in error.participant_ids[:20])
            raise CommandError(
                f"{len(error.participant_ids)} fødselsnumre kan ikke leses med noen av "
                f"nøklene som er satt (deltaker-id {ids}). Denne omgangen er rullet tilbake; "
                "de før den er ferdige. Ta ingen nøkkel ut av LOS_FIELD_ENCRYPTION_KEYS før "
                "dette er rettet."
            ) from error
        try:
            secrets = reencrypt_authenticator_secrets(
                batch_size=batch_size, progress=self.stdout.write
            )
        except UnreadableAuthenticatorSecrets as error:
            ids = ", ".join(str(pk) for pk in error.authenticator_ids[:20])
            raise CommandError(
                f"{len(error.authenticator_ids)} tofaktorhemmeligheter kan ikke leses med "
                f"noen av nøklene som er satt (autentiserings-id {ids}). Fødselsnumrene er "
                "ferdige; denne omgangen er rullet tilbake. Ta ingen nøkkel ut av "
                "LOS_FIELD_ENCRYPTION_KEYS før dette er rettet."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Kontrollerte {numbers.examined} fødselsnumre og krypterte "
                f"{numbers.reencrypted} på nytt med den første nøkkelen "
                f"({numbers.batches} transaksjoner); kontrollerte {secrets.examined} "
                f"tofaktorhemmeligheter og krypterte {secrets.reencrypted} på nytt "
                f"({secrets.batches} transaksjoner). En gammel nøkkel kan tas ut når ingen "
                "sikkerhetskopi som trenger den, er igjen."
            )
        )

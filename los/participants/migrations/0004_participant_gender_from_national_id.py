"""Fill Participant.gender for the participants registered before it existed: decrypt each
national id with the keys in settings (as Participant.national_id does) and read the
gender from it (los/core/identifiers.py: gender_from_national_id). In batches, so a
database of 100 000 participants is not held in memory at once."""

from django.db import migrations

from los.core import crypto
from los.core.identifiers import gender_from_national_id

BATCH = 2000


def fill_gender(apps, schema_editor):
    Participant = apps.get_model("participants", "Participant")
    last = 0
    while True:
        batch = list(
            Participant.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "national_id_encrypted")[:BATCH]
        )
        if not batch:
            return
        for participant in batch:
            number = crypto.decrypt(participant.national_id_encrypted)
            participant.gender = gender_from_national_id(number)
        Participant.objects.bulk_update(batch, ["gender"], batch_size=BATCH)
        last = batch[-1].pk


def forget_gender(apps, schema_editor):
    apps.get_model("participants", "Participant").objects.update(gender="unknown")


class Migration(migrations.Migration):
    dependencies = [("participants", "0003_participant_gender")]

    operations = [migrations.RunPython(fill_gender, forget_gender)]

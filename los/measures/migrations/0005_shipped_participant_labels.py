"""The shipped instruments' definitions as the files now have them: WHO-5's lowest band gained
the participant's wording («svært lav trivsel», without the advice to staff). Only wording for
the reader changes; items, weights and bands are the same, so no stored score changes."""

from django.db import migrations

from los.measures.shipped import shipped_definitions


def refresh(apps, schema_editor):
    Instrument = apps.get_model("measures", "Instrument")
    for definition in shipped_definitions():
        Instrument.objects.filter(
            shipped=True, url=definition["url"], version=definition["version"]
        ).update(definition=definition)


class Migration(migrations.Migration):
    dependencies = [("measures", "0004_fill_response_raw_total")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]

from django.db import migrations

from los.measures.shipped import install_shipped_instruments


def install(apps, schema_editor):
    install_shipped_instruments(apps.get_model("measures", "Instrument"))


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

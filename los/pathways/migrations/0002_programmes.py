"""The work services and their pathways, as data the admin can change later."""

from django.db import migrations

from los.pathways.programmes import install_default_programmes


def add_programmes(apps, schema_editor):
    install_default_programmes(apps.get_model("pathways", "Programme"), apps.get_model("pathways", "Stage"))


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_initial")]

    operations = [migrations.RunPython(add_programmes, migrations.RunPython.noop)]

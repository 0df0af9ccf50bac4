from django.db import migrations

from los.sickleave.shipped import install_rules


def install(apps, schema_editor):
    install_rules(
        apps.get_model("sickleave", "CheckpointRule"),
        apps.get_model("sickleave", "CheckpointRuleVersion"),
    )


class Migration(migrations.Migration):
    dependencies = [("sickleave", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

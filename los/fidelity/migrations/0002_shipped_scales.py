from django.db import migrations

from los.fidelity.scales import install_fidelity_scales


def install(apps, schema_editor):
    install_fidelity_scales(
        apps.get_model("fidelity", "FidelityScale"), apps.get_model("fidelity", "FidelityItem")
    )


class Migration(migrations.Migration):
    dependencies = [("fidelity", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

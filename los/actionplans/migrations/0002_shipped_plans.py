from django.db import migrations

from los.actionplans.shipped import install_action_plans


def install(apps, schema_editor):
    install_action_plans(
        apps.get_model("actionplans", "ActionPlan"), apps.get_model("actionplans", "PlanMeasure")
    )


def remove(apps, schema_editor):
    # Only plans nobody has reported on yet can go: reports protect their measures.
    apps.get_model("actionplans", "PlanMeasure").objects.filter(reports__isnull=True).delete()
    apps.get_model("actionplans", "ActionPlan").objects.filter(measures__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0001_action_plans")]

    operations = [migrations.RunPython(install, remove)]

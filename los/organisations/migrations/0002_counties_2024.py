from django.db import migrations

from los.organisations.counties import COUNTIES_2024


def add_counties(apps, schema_editor):
    County = apps.get_model("organisations", "County")
    for number, name in COUNTIES_2024:
        County.objects.update_or_create(number=number, defaults={"name": name})


def remove_counties(apps, schema_editor):
    County = apps.get_model("organisations", "County")
    County.objects.filter(number__in=[number for number, _ in COUNTIES_2024]).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(add_counties, remove_counties)]

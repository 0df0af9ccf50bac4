from django.db import migrations

from los.organisations.counties import REGIONS_2024


def add_regions(apps, schema_editor):
    Region = apps.get_model("organisations", "Region")
    County = apps.get_model("organisations", "County")
    for code, name, counties in REGIONS_2024:
        region, _created = Region.objects.update_or_create(code=code, defaults={"name": name})
        County.objects.filter(number__in=counties, region__isnull=True).update(region=region)


def remove_regions(apps, schema_editor):
    apps.get_model("organisations", "County").objects.update(region=None)
    apps.get_model("organisations", "Region").objects.filter(
        code__in=[code for code, _name, _counties in REGIONS_2024]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_regions")]

    operations = [migrations.RunPython(add_regions, remove_regions)]

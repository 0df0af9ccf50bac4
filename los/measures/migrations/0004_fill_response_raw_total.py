"""The raw score for the responses scored before it was stored: the total divided by the
scale's multiplier (WHO-5: percentage ÷ 4 = raw 0–25). Exact for the sum scales Los ships;
read from the instrument's own definition, so an imported scale is filled the same way."""

from decimal import Decimal

from django.db import migrations
from django.db.models import DecimalField, ExpressionWrapper, F, Value

MULTIPLIER = "urn:los:fhir:score-multiplier"


def multiplier_of(definition: dict) -> Decimal:
    for extension in definition.get("extension", []):
        if extension.get("url") == MULTIPLIER and "valueDecimal" in extension:
            return Decimal(str(extension["valueDecimal"]))
    return Decimal(1)


def fill(apps, schema_editor):
    """One UPDATE per instrument: a seeded database has millions of responses."""
    Instrument = apps.get_model("measures", "Instrument")
    Response = apps.get_model("measures", "Response")
    for instrument in Instrument.objects.all():
        multiplier = multiplier_of(instrument.definition)
        raw = F("total")
        if multiplier != 1:
            raw = ExpressionWrapper(
                F("total") / Value(multiplier),
                output_field=DecimalField(max_digits=7, decimal_places=2),
            )
        Response.objects.filter(
            instrument=instrument, total__isnull=False, raw_total__isnull=True
        ).update(raw_total=raw)


def empty(apps, schema_editor):
    apps.get_model("measures", "Response").objects.update(raw_total=None)


class Migration(migrations.Migration):
    dependencies = [("measures", "0003_response_raw_total")]

    operations = [migrations.RunPython(fill, empty)]

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_shipped_instruments")]

    operations = [
        migrations.AddField(
            model_name="response",
            name="raw_total",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True),
        ),
    ]

# The legal gender, read from the national id (filled by 0004).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0002_access_request'),
    ]

    operations = [
        migrations.AddField(
            model_name='participant',
            name='gender',
            field=models.CharField(choices=[('female', 'kvinne'), ('male', 'mann'), ('unknown', 'ukjent')], default='unknown', editable=False, max_length=7, verbose_name='juridisk kjønn'),
        ),
    ]

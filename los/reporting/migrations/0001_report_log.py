# The report log (los/reporting/models.py).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organisations', '0004_regions_2024'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportLogEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('user_name', models.CharField(max_length=200)),
                ('role', models.CharField(blank=True, choices=[('counsellor', 'NAV-veileder'), ('pilot', 'los'), ('job_specialist', 'jobbspesialist'), ('ips_supervisor', 'metodeveileder'), ('therapist', 'behandler'), ('gp', 'fastlege'), ('coordinator', 'koordinator'), ('employer_contact', 'arbeidsgiverkontakt'), ('regional_advisor', 'rådgiver (Arbeid & helse)'), ('county_coordinator', 'fylkeskoordinator'), ('programme_manager', 'programansvarlig (direktorat)'), ('fidelity_reviewer', 'kvalitetsmåler')], max_length=32)),
                ('organisation_name', models.CharField(blank=True, max_length=200)),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='tidspunkt')),
                ('level', models.CharField(choices=[('service', 'tjeneste'), ('office', 'NAV-kontor'), ('municipality', 'kommune'), ('county', 'fylke'), ('region', 'region'), ('national', 'hele landet')], max_length=16, verbose_name='nivå')),
                ('scope_code', models.CharField(blank=True, max_length=40, verbose_name='enhet')),
                ('period', models.CharField(max_length=8, verbose_name='periode')),
                ('programme', models.CharField(blank=True, max_length=40, verbose_name='program')),
                ('format', models.CharField(choices=[('page', 'side'), ('csv', 'CSV'), ('xlsx', 'Excel (XLSX)'), ('pdf', 'PDF'), ('json', 'JSON'), ('command', 'kommando')], max_length=8, verbose_name='format')),
                ('exact', models.BooleanField(default=False, verbose_name='eksakte tall')),
                ('organisation', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'oppslag i rapportloggen',
                'verbose_name_plural': 'rapportlogg',
                'indexes': [models.Index(fields=['user', '-at'], name='reporting_r_user_id_14d7c3_idx')],
            },
        ),
    ]

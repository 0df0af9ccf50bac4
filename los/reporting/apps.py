from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "los.reporting"
    verbose_name = "Resultatrapportering"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class SickleaveConfig(AppConfig):
    name = "los.sickleave"
    verbose_name = "Sykefravær"
    default_auto_field = "django.db.models.BigAutoField"

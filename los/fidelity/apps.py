from django.apps import AppConfig


class FidelityConfig(AppConfig):
    name = "los.fidelity"
    verbose_name = "Kvalitetsmåling (IPS-troskap)"
    default_auto_field = "django.db.models.BigAutoField"

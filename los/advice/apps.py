from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "los.advice"
    verbose_name = "Råd fra Arbeid og helse"
    default_auto_field = "django.db.models.BigAutoField"

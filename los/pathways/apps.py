from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "los.pathways"
    verbose_name = "Arbeidsløp"
    default_auto_field = "django.db.models.BigAutoField"

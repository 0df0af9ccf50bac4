from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "los.access"
    label = "access"
    verbose_name = "Tilgang og logger"

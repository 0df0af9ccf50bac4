from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "los.api"
    label = "api"
    verbose_name = "API"

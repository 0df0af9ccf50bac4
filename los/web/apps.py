from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "los.web"
    label = "web"

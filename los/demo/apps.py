from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "los.demo"
    label = "demo"

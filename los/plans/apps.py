from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "los.plans"
    label = "plans"
    verbose_name = "Individuell plan"

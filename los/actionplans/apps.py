from django.apps import AppConfig


class ActionPlansConfig(AppConfig):
    name = "los.actionplans"
    label = "actionplans"
    verbose_name = "Tiltak i planene"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "los.measures"
    verbose_name = "Kartlegging og måling"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "los.agreements"
    verbose_name = "Samarbeidsavtaler"
    default_auto_field = "django.db.models.BigAutoField"

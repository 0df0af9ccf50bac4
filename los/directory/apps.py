from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "los.directory"
    verbose_name = "Tilbudsoversikt"
    default_auto_field = "django.db.models.BigAutoField"

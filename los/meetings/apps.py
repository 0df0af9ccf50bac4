from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "los.meetings"
    verbose_name = "Møter"
    default_auto_field = "django.db.models.BigAutoField"

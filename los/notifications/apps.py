from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "los.notifications"
    verbose_name = "Varsler"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "los.followup"
    label = "followup"
    verbose_name = "Oppfølging: samtalereferater"

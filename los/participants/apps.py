from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "los.participants"
    label = "participants"
    verbose_name = "Deltakere, team og samtykke"

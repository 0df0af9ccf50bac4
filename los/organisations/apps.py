from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "los.organisations"
    label = "organisations"
    verbose_name = "Organisasjoner og steder"

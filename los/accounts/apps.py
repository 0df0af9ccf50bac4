from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "los.accounts"
    label = "accounts"
    verbose_name = "Brukere og roller"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "los.accounts"
    label = "accounts"
    verbose_name = "Brukere og roller"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from los.accounts.oidc import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="los_record_sign_in")

"""The admin manages staff accounts and reference data, never participants.

A participant's account is reached only from their own team. Whoever can change a login
address can reset the password and take the account over, and the list of accounts alone
says who is a participant in Los; so every admin that lists users (ours, allauth's e-mail
addresses and MFA authenticators) leaves participants' accounts out of its queryset and out
of the user choices on its forms. A participant's account then does not exist in the admin:
its change pages send the administrator back as for an unknown id.
"""

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from los.accounts.models import StaffRole, User


def staff_accounts():
    """Every account that is not a participant's: what the admin may administer."""
    return User.objects.filter(participant__isnull=True)


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Administrators manage staff accounts and roles. Participant data is not in the admin:
    administrators have no access to personal data in the record."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Navn"), {"fields": ("first_name", "last_name")}),
        (_("Tilganger"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [StaffRoleInline]

    def get_queryset(self, request):
        # Participant accounts are managed from the participant's team, not here.
        return super().get_queryset(request).filter(participant__isnull=True)


class StaffAccountsOnly:
    """For an admin of a model with a `user`: only staff accounts' rows, and only staff
    accounts to choose."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user__participant__isnull=True)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = staff_accounts()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(EmailAddress)
class EmailAddressAdmin(StaffAccountsOnly, AllauthEmailAddressAdmin):
    pass


@admin.register(Authenticator)
class AuthenticatorAdmin(StaffAccountsOnly, AllauthAuthenticatorAdmin):
    pass


# The identity providers are configured from the environment (los/accounts/oidc_settings.py),
# in one place; Los stores no linked third-party accounts or tokens. allauth's admins for them
# would only offer a second, unreviewed way to add a provider.
admin.site.unregister(SocialApp)
admin.site.unregister(SocialAccount)
admin.site.unregister(SocialToken)

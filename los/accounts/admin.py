from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from los.accounts.models import StaffRole, User


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

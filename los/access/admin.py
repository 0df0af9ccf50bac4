from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from los.access.models import RefusalLogEntry


@admin.register(RefusalLogEntry)
class RefusalLogEntryAdmin(admin.ModelAdmin):
    """Refused attempts, for a security reviewer: who tried what and when, read only. The
    participant appears as the internal id only, never by name: the admin holds no personal
    data of participants, and the id is enough to take a pattern further through the
    proper channels. Refusals of participants' own accounts are not listed at all."""

    list_display = [
        "refused_at",
        "user_name",
        "role",
        "organisation_name",
        "participant_ref",
        "view",
        "category",
        "refusal",
    ]
    list_filter = ["refusal", "role", "refused_at"]
    search_fields = ["user_name", "organisation_name", "view"]
    date_hierarchy = "refused_at"
    fields = readonly_fields = list_display
    list_select_related = False

    def get_queryset(self, request):
        # A participant's own refusals (a staff-only form on their own record) would tell
        # the system administrator who is a participant: they are read by the team only.
        return super().get_queryset(request).filter(user__participant__isnull=True)

    @admin.display(description=_("deltaker (intern id)"), ordering="participant_id")
    def participant_ref(self, entry):
        return entry.participant_id or "–"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

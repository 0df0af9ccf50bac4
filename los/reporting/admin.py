from django.contrib import admin

from los.reporting.models import ReportLogEntry


@admin.register(ReportLogEntry)
class ReportLogEntryAdmin(admin.ModelAdmin):
    """Who read which report, read only: a log is never changed or deleted by hand."""

    list_display = [
        "at",
        "user_name",
        "role",
        "organisation_name",
        "level",
        "scope_code",
        "period",
        "programme",
        "format",
        "exact",
    ]
    list_filter = ["level", "format", "exact", "role", "at"]
    search_fields = ["user_name", "organisation_name", "scope_code", "period"]
    date_hierarchy = "at"
    fields = readonly_fields = list_display
    list_select_related = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

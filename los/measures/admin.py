"""Instruments are reference data. The definition is the FHIR resource as imported and is
not edited here (a changed scale is a new version, imported under Skjemaer); an instrument
can be taken out of use. Answers and tasks are personal data and stay out of the admin."""

from django.contrib import admin

from los.measures.models import Instrument


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "shipped", "example", "active"]
    list_filter = ["shipped", "example", "active"]
    fields = ["title", "code", "url", "version", "language", "copyright", "active"]
    readonly_fields = ["title", "code", "url", "version", "language", "copyright"]

    def has_add_permission(self, request):
        return False  # instruments come in through the import, which checks them

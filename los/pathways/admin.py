"""Programmes and their stages are reference data: a service is added, or its stages
renamed, here. Enrolments and everything about a person stay out of the admin."""

from django.contrib import admin

from los.pathways.models import Programme, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["order", "code", "name", "phase"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "covers_education", "active", "order"]
    list_editable = ["active", "order"]
    inlines = [StageInline]

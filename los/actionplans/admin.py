"""The plans and their measures are reference data: an administrator corrects a title or
adds a plan here (docs/action-plans.md). The reports on the measures are written by the
programme manager and the county coordinators in Los itself, with a change log, so they are
not edited here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from los.actionplans.models import ActionPlan, PlanMeasure
from los.pathways.models import Programme


class PlanMeasureForm(forms.ModelForm):
    class Meta:
        model = PlanMeasure
        fields = [
            "plan", "position", "number", "area", "title", "goal", "responsible", "time_frame",
            "programme_codes", "indicator_codes",
        ]  # fmt: skip

    def clean_programme_codes(self):
        codes = self.cleaned_data["programme_codes"] or []
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ValidationError(
                _('Skriv tjenestene som en liste med koder, for eksempel ["ips"].')
            )
        unknown = sorted(set(codes) - set(Programme.objects.values_list("code", flat=True)))
        if unknown:
            raise ValidationError(
                _("Ukjente tjenester: %(codes)s."), params={"codes": ", ".join(unknown)}
            )
        return codes


class PlanMeasureInline(admin.TabularInline):
    model = PlanMeasure
    fields = ["position", "number", "title", "responsible", "time_frame"]
    extra = 0
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "start_year", "end_year"]
    fields = ["title", "code", "start_year", "end_year", "source"]
    inlines = [PlanMeasureInline]


@admin.register(PlanMeasure)
class PlanMeasureAdmin(admin.ModelAdmin):
    form = PlanMeasureForm
    list_display = ["number", "title", "plan", "responsible", "time_frame"]
    list_filter = ["plan", "area"]
    search_fields = ["title", "responsible"]
    ordering = ["plan", "position"]

"""The administrator keeps the checkpoint rules (reference data). Every save is a new
version (services.rule_save), and rules are never deleted: a rule that no longer applies is
given an end date. Sickness cases and notes are personal data and never in the admin."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from los.sickleave import services
from los.sickleave.models import CheckpointRule, CheckpointRuleVersion


class CheckpointRuleForm(forms.ModelForm):
    source_url = forms.URLField(
        label=CheckpointRule._meta.get_field("source_url").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = CheckpointRule
        fields = list(services.RULE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = CheckpointRule(
            pk=self.instance.pk, **{f: cleaned.get(f) for f in self.Meta.fields}
        )
        try:
            services.check_rule(candidate)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                self.add_error(field, errors)
        return cleaned


class VersionInline(admin.TabularInline):
    model = CheckpointRuleVersion
    fields = ["number", "saved_at", "saved_by", "data"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CheckpointRule)
class CheckpointRuleAdmin(admin.ModelAdmin):
    form = CheckpointRuleForm
    list_display = ["kind", "amount", "counting", "valid_from", "valid_to", "source"]
    list_filter = ["kind"]
    inlines = [VersionInline]

    def save_model(self, request, obj, form, change):
        services.rule_save(obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False

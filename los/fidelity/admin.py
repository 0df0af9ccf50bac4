"""Fidelity scales are reference data. The manuals are copyrighted, so Los ships item names
and short summaries only; a service enters the anchors per rating from its own licensed
copy here, one line per rating."""

from django import forms
from django.contrib import admin

from los.fidelity.models import FidelityItem, FidelityScale


def _anchor(score: int) -> forms.CharField:
    return forms.CharField(
        label=f"Forankring {score}", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FidelityItemForm(forms.ModelForm):
    """The anchors as five text boxes (1–5) instead of raw JSON."""

    anchor_1, anchor_2, anchor_3, anchor_4, anchor_5 = (_anchor(s) for s in range(1, 6))

    class Meta:
        model = FidelityItem
        fields = ["number", "section", "name", "summary", "data_key"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anchors = self.instance.anchors or {}
        for score in range(1, 6):
            self.fields[f"anchor_{score}"].initial = anchors.get(str(score), "")

    def save(self, commit=True):
        item = super().save(commit=False)
        item.anchors = {
            str(score): text
            for score in range(1, 6)
            if (text := self.cleaned_data.get(f"anchor_{score}", "").strip())
        }
        if commit:
            item.save()
        return item


@admin.register(FidelityItem)
class FidelityItemAdmin(admin.ModelAdmin):
    form = FidelityItemForm
    list_display = ["scale", "number", "name", "section", "data_key"]
    list_filter = ["scale", "section"]
    search_fields = ["name"]
    ordering = ["scale", "number"]

    def get_fields(self, request, obj=None):
        return [*FidelityItemForm.Meta.fields, *(f"anchor_{s}" for s in range(1, 6))]


@admin.register(FidelityScale)
class FidelityScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    fields = ["name", "code", "description", "copyright", "bands", "subscales"]

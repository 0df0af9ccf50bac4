"""Forms for measurement. They parse input; los.measures.services decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.forms import TODAY, LosDateField, LosForm, years_ago, years_ahead
from los.measures.scoring import Scale


class ScheduleForm(LosForm):
    instrument = forms.ModelChoiceField(label=_("Skjema"), queryset=None, empty_label=None)
    first_due = LosDateField(label=_("Første gang"), earliest=years_ago(1), latest=years_ahead(1))
    every_days = forms.TypedChoiceField(
        label=_("Gjenta"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[
            ("", _("bare én gang")),
            (14, _("hver 14. dag")),
            (28, _("hver 4. uke")),
            (56, _("hver 8. uke")),
            (91, _("hver 3. måned")),
        ],
    )

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments


class AnswerForm(LosForm):
    """One radio group per question, from the instrument; none required, so a draft can be
    saved with answers missing (the service refuses to submit it so)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    response = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, scale: Scale, on_paper: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale
        for number, item in enumerate(scale.items, 1):
            self.fields[f"q_{item.link_id}"] = forms.ChoiceField(
                label=f"{number}. {item.text}",
                choices=[(o.code, o.display) for o in item.options],
                widget=forms.RadioSelect,
                required=False,
            )
        if on_paper:
            self.fields["completed_on"] = LosDateField(
                label=_("Dato deltakeren fylte ut skjemaet"),
                required=False,
                earliest=years_ago(1),
                latest=TODAY,
            )

    def answers(self) -> dict[str, str]:
        return {
            item.link_id: self.cleaned_data.get(f"q_{item.link_id}") or ""
            for item in self.scale.items
        }


class SafetyHandledForm(LosForm):
    note = forms.CharField(
        label=_("Hva ble gjort?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For eksempel: ringte deltakeren samme dag, avtalt time i morgen."),
    )


class InstrumentImportForm(LosForm):
    file = forms.FileField(
        label=_("FHIR Questionnaire (JSON)"),
        help_text=_("Høyst 1 MB. Skjemaet må ha vekter, skåreregler og lisens i seg."),
    )

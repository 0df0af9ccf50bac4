"""The forms for asking, answering and recording NAV's own decision. They parse input;
los.advice.services decides (and refuses identifying text)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from los.advice.models import MAX_TEXT
from los.core.forms import LosForm
from los.core.vocabulary import CONSENTABLE_CATEGORIES, Category
from los.organisations.models import Organisation


def _text(label, help_text=""):
    return forms.CharField(
        label=label,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=help_text,
        error_messages={"required": _("Skriv teksten.")},
    )


class QuestionForm(LosForm):
    organisation = forms.ModelChoiceField(
        label=_("Hvem vil du spørre"),
        queryset=Organisation.objects.none(),
        empty_label=_("Velg"),
        error_messages={
            "required": _("Velg hvem du vil spørre."),
            "invalid_choice": _("Velg hvem du vil spørre."),
        },
    )
    question = _text(
        _("Spørsmålet"),
        _(
            "Beskriv saken uten navn, fødselsnummer eller fødselsdato. Skriv alder og situasjon "
            "i stedet, for eksempel «mann i 30-årene, sykmeldt i et halvt år»."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class NamedQuestionForm(QuestionForm):
    categories = forms.MultipleChoiceField(
        label=_("Hva rådgiveren kan lese"),
        choices=[(c.value, c.label) for c in CONSENTABLE_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Rådgiveren leser bare dette, og bare så lenge deltakeren har samtykket til det."
        ),
        error_messages={"required": _("Velg hva rådgiveren kan lese.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].help_text = _(
            "Deltakeren er navngitt med samtykke. Skriv ikke fødselsnummer eller fødselsdato."
        )

    def chosen_categories(self) -> list[Category]:
        return [Category(c) for c in self.cleaned_data["categories"]]


class AnswerForm(LosForm):
    answer = _text(
        _("Rådet"), _("Et råd, ikke et vedtak: NAV-kontoret gjør den endelige vurderingen.")
    )


class DecisionForm(LosForm):
    decision = _text(_("NAV-kontorets vurdering"), _("Hva NAV-kontoret gjør, etter rådet."))

"""The form that keepers use for an offer. It parses input; los.directory.services decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.forms import LosForm
from los.directory.kinds import OfferKind, Route
from los.directory.models import MAX_CAPACITY
from los.organisations.models import Municipality, Organisation


class OfferForm(LosForm):
    organisation = forms.ModelChoiceField(
        label=_("Tilbys av"),
        queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": _("Velg en tjeneste du holder tilbudene for.")},
    )
    kind = forms.ChoiceField(label=_("Type tilbud"), choices=OfferKind.choices)
    name = forms.CharField(label=_("Navn på tilbudet"), max_length=200)
    target_group = forms.CharField(
        label=_("Hvem tilbudet er for"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv med vanlige ord, slik den som leter, forstår det."),
    )
    how_to_refer = forms.CharField(
        label=_("Slik kommer man i kontakt"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For eksempel: ring oss, be fastlegen om henvisning, eller snakk med NAV-veilederen."
        ),
    )
    routes = forms.MultipleChoiceField(
        label=_("Hvem kan henvise"),
        choices=Route.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én vei inn til tilbudet.")},
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Kommuner tilbudet gjelder for"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én kommune.")},
    )
    phone = forms.CharField(label=_("Telefon"), max_length=20, required=False)
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        error_messages={
            "invalid": _("Skriv en gyldig e-postadresse, for eksempel post@eksempel.no.")
        },
    )
    web = forms.URLField(
        label=_("Nettside"),
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": _("Skriv en gyldig nettadresse, for eksempel https://www.nav.no.")
        },
    )
    capacity = forms.IntegerField(
        label=_("Antall plasser"),
        required=False,
        min_value=0,
        max_value=MAX_CAPACITY,
        error_messages={
            "invalid": _("Skriv antall plasser som et helt tall."),
            "min_value": _("Antall plasser kan ikke være under 0."),
            "max_value": _("Antall plasser kan ikke være over %(limit_value)s."),
        },
    )
    is_open = forms.BooleanField(label=_("Tar imot nye nå"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations, counties, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            county__in=counties
        ).order_by("name")
        if editing:
            del self.fields["organisation"]
        else:
            del self.fields["version"]

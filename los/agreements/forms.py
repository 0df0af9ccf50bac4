"""Forms of collaboration agreements: they read the input and say in Norwegian what is
missing; the rules are the domain's (services.check_agreement)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.forms import LosDateField, LosForm, years_ago, years_ahead


class OfferChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, offer):
        return f"{offer.name} ({offer.organisation.name})"


class AgreementForm(LosForm):
    title = forms.CharField(
        label=_("Navn på avtalen"),
        max_length=200,
        error_messages={"required": _("Skriv hva avtalen heter.")},
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Parter"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("NAV-kontor, DPS / helseforetak og kommuner i fylket. Minst to."),
        error_messages={"required": _("En samarbeidsavtale har minst to parter.")},
    )
    purpose = forms.CharField(
        label=_("Formål"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv hva avtalen skal oppnå.")},
    )
    challenges = forms.CharField(
        label=_("Utfordringer"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    goals = forms.CharField(
        label=_("Mål"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    routines = forms.CharField(
        label=_("Rutiner for samarbeidet"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contacts = forms.CharField(
        label=_("Kontaktpersoner"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én per linje: navn, virksomhet, telefon eller e-post."),
    )
    user_representatives = forms.CharField(
        label=_("Brukerrepresentanter"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Én per linje: navn og hvilken organisasjon de representerer."),
    )
    offers = OfferChoice(
        label=_("Tilbud avtalen gjelder"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tallene fra rapportene for partenes tjenester vises ved avtalen."),
    )
    starts_on = LosDateField(
        label=_("Gjelder fra"),
        earliest=years_ago(5),
        latest=years_ahead(2),
        error_messages={"required": _("Skriv når avtalen gjelder fra.")},
    )
    review_on = LosDateField(
        label=_("Skal revideres innen"),
        earliest=years_ago(5),
        latest=years_ahead(10),
        error_messages={"required": _("Skriv når avtalen skal revideres.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, parties, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = parties
        self.fields["offers"].queryset = offers


class MeetingForm(LosForm):
    held_on = LosDateField(
        label=_("Dato for møtet"),
        earliest=years_ago(5),
        latest=years_ahead(1),
        error_messages={"required": _("Skriv når møtet ble holdt.")},
    )
    minutes = forms.CharField(
        label=_("Referat"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ingen opplysninger om enkeltpersoner: avtalen gjelder tjenestene."),
        error_messages={"required": _("Skriv referatet fra møtet.")},
    )

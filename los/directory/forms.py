"""The form that keepers use for an offer. It parses input; los.directory.services decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from los.accounts.models import User
from los.core.forms import LosDateField, LosForm, years_ago, years_ahead
from los.core.vocabulary import CONSENTABLE_CATEGORIES, TEAM_ROLES
from los.directory.kinds import OfferKind, Route
from los.directory.models import MAX_CAPACITY, Offer
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
    reads = forms.MultipleChoiceField(
        label=_("Hva tjenesten trenger å lese i journalen ved en henvisning"),
        choices=[(c.value, c.label) for c in CONSENTABLE_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Den som henviser, ser dette. Det dere ikke leser fra egen sektor, krever "
            "deltakerens samtykke."
        ),
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


class ReferralForm(LosForm):
    # Chosen on the page before (the offer's reads are shown first), so sent as hidden.
    offer = forms.ModelChoiceField(
        label=_("Tilbud"),
        queryset=Offer.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Velg et tilbud."),
            "invalid_choice": _("Velg et tilbud fra listen."),
        },
    )
    reason = forms.CharField(
        label=_("Hvorfor henviser du?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Tjenesten leser dette før de svarer. Skriv det de trenger for å svare, ikke mer."
        ),
        error_messages={"required": _("Skriv hvorfor du henviser, slik at tjenesten kan svare.")},
    )
    legal_basis = forms.CharField(
        label=_("Rettslig grunnlag, hvis deltakeren ikke har samtykket"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For eksempel lovhjemmelen som gir tjenesten rett til opplysningene."),
    )

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers

    def offer_errors_on_top(self) -> None:
        """The offer is a hidden field: what is wrong with it is said above the form."""
        if "offer" in self.errors:
            for error in self.errors.pop("offer"):
                self.add_error(None, error)


class AnswerForm(LosForm):
    answer = forms.ChoiceField(
        label=_("Svar"),
        choices=[
            ("accept", _("Vi tar imot")),
            ("waiting_list", _("Sett på venteliste")),
            ("decline", _("Vi avslår")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg et svar.")},
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Hvem hos dere blir med i teamet"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Når dere tar imot."),
    )
    start_date = LosDateField(
        label=_("Fra dato"),
        earliest=years_ago(1),
        latest=years_ahead(1),
        required=False,
        help_text=_("Når dere tar imot."),
    )
    decline_reason = forms.CharField(
        label=_("Hvorfor dere avslår"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Når dere avslår. Den som henviste, ser begrunnelsen."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            User.objects.filter(
                is_active=True,
                staff_roles__organisation=organisation,
                staff_roles__role__in=TEAM_ROLES,
                staff_roles__active=True,
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["staff"].label_from_instance = lambda u: u.display_name


class OfferImportForm(LosForm):
    file = forms.FileField(
        label=_("CSV-fil med tilbud"),
        help_text=_("Høyst 1 MB, i UTF-8, med semikolon eller komma mellom kolonnene."),
    )

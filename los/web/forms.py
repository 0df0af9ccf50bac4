"""Forms for the web interface. They only parse and validate input; the domain functions in
los.participants.services decide and change things."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from los.access.audit import who_as_logged
from los.accounts.models import StaffRole, User
from los.core.forms import TODAY, LosDateField, LosForm, years_ago, years_ahead
from los.core.identifiers import clean_national_id, clean_orgnr
from los.core.vocabulary import (
    CARE_ROLES,
    CONSENTABLE_CATEGORIES,
    TEAM_ROLES,
    Category,
    ConsentMethod,
    ProtectedAddress,
)
from los.organisations.models import Municipality, Organisation


class StaffRoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffRole) -> str:
        return f"{obj.get_role_display()}, {obj.organisation.name}"


class ContactDetailsForm(LosForm):
    phone = forms.CharField(label=_("Telefon"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Bostedskommune"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("Ikke oppgitt"),
    )
    protected_address = forms.ChoiceField(
        label=_("Adressesperre"), choices=ProtectedAddress.choices, required=False
    )


class ParticipantRegisterForm(ContactDetailsForm):
    acting_role = StaffRoleChoiceField(
        label=_("Du registrerer som"), queryset=StaffRole.objects.none(), empty_label=None
    )
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Etternavn"), max_length=100)
    national_id = forms.CharField(
        label=_("Fødselsnummer eller D-nummer"),
        max_length=20,
        help_text=_("11 siffer."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Hvorfor skal du følge opp personen?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For eksempel en henvisning eller en avtale med personen. Følges personen allerede "
            "opp i Los, går dette til teamet rundt personen sammen med en forespørsel om at du "
            "blir med."
        ),
    )

    field_order = ["acting_role", "first_name", "last_name", "national_id"]

    def __init__(self, *args, user: User, allow_synthetic: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_synthetic = allow_synthetic
        self.fields["acting_role"].queryset = StaffRole.objects.filter(
            user=user, active=True, role__in=CARE_ROLES
        ).select_related("organisation")

    def clean_national_id(self) -> str:
        return clean_national_id(
            self.cleaned_data["national_id"], allow_synthetic=self.allow_synthetic
        )


class ParticipantDetailsForm(ContactDetailsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TeamMemberForm(LosForm):
    """Add a staff member to a team: by e-mail, then (if they work in several places) the
    role and organisation they join in."""

    email = forms.EmailField(label=_("E-post til den ansatte"))
    staff_role = StaffRoleChoiceField(
        label=_("Rolle og organisasjon"),
        queryset=StaffRole.objects.none(),
        required=False,
        empty_label=None,
    )
    start_date = LosDateField(label=_("Fra dato"), earliest=years_ago(1), latest=years_ahead(1))
    end_date = LosDateField(
        label=_("Til dato"), required=False, earliest=TODAY, latest=years_ahead(5)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.member: User | None = None
        email = self._valid_email(self.data.get("email")) if self.is_bound else ""
        if email:
            self.fields["staff_role"].queryset = StaffRole.objects.filter(
                user__email__iexact=email, user__is_active=True, active=True, role__in=TEAM_ROLES
            ).select_related("organisation")

    @staticmethod
    def _valid_email(value) -> str:
        """The e-mail as typed if it is a valid address, else "": the role choices are looked
        up before the form is cleaned, and a raw value must never reach the database."""
        try:
            return forms.EmailField().clean(value)
        except ValidationError:
            return ""

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if not email:
            return cleaned
        roles = list(self.fields["staff_role"].queryset)
        if not roles:
            raise ValidationError(
                {
                    "email": _(
                        "Fant ingen ansatt med denne e-postadressen som kan være med i et team."
                    )
                }
            )
        chosen = cleaned.get("staff_role")
        if chosen is None:
            if len(roles) > 1:
                raise ValidationError(
                    {"staff_role": _("Personen har flere roller. Velg hvilken rolle det gjelder.")}
                )
            chosen = roles[0]
        cleaned["staff_role"] = chosen
        self.member = chosen.user
        return cleaned


class ConsentForm(LosForm):
    organisation = forms.ModelChoiceField(
        label=_("Mottaker"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Velg organisasjon"),
        help_text=_("Organisasjonene i teamet. Gjelder det en annen, skriv organisasjonsnummeret."),
    )
    orgnr = forms.CharField(
        label=_("Eller organisasjonsnummer"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    categories = forms.MultipleChoiceField(
        label=_("Hvilke opplysninger"),
        choices=[(c.value, capfirst(c.label)) for c in CONSENTABLE_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        label=_("Formål"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Hva opplysningene skal brukes til, for eksempel "
            "«samarbeid om arbeidsrettet oppfølging»."
        ),
    )
    valid_from = LosDateField(label=_("Gjelder fra"), earliest=years_ago(1), latest=years_ahead(1))
    valid_to = LosDateField(
        label=_("Gjelder til"), required=False, earliest=years_ago(1), latest=years_ahead(5)
    )
    method = forms.ChoiceField(
        label=_("Samtykket ble gitt"),
        choices=[(ConsentMethod.WRITTEN, _("Skriftlig")), (ConsentMethod.ORAL, _("Muntlig"))],
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args,
        team_organisations,
        participant_is_author: bool,
        directory_organisations=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = team_organisations
        self.choosable = None
        if participant_is_author:
            del self.fields["method"]
            self.fields["purpose"].help_text = _("Skriv med egne ord hva du samtykker til.")
            self._choose_from_team_and_directory(team_organisations, directory_organisations)

    def _choose_from_team_and_directory(self, team_organisations, directory_organisations):
        """The participant chooses a service they know, by name: their team's, or one in the
        directory where they live. They never type an organisation number."""
        team = list(team_organisations.order_by("name"))
        listed = [o for o in directory_organisations if o not in team]
        self.choosable = {o.pk: o for o in [*team, *listed]}
        groups = [
            (_("I teamet ditt"), [(o.pk, o.name) for o in team]),
            (_("Tjenester der du bor"), [(o.pk, o.name) for o in listed]),
        ]
        del self.fields["orgnr"]
        self.fields["organisation"] = forms.TypedChoiceField(
            label=_("Hvem skal få se opplysningene?"),
            coerce=int,
            empty_value=None,
            choices=[("", _("Velg en tjeneste")), *[g for g in groups if g[1]]],
            help_text=_(
                "Finner du ikke tjenesten, kan teamet ditt registrere samtykket sammen med deg."
            ),
            error_messages={"required": _("Velg hvem som skal få se opplysningene.")},
        )

    def clean_organisation(self):
        value = self.cleaned_data["organisation"]
        if self.choosable is None:
            return value
        return self.choosable.get(value)

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        orgnr = (cleaned.get("orgnr") or "").strip()
        if organisation is None and not orgnr and "organisation" not in self.errors:
            raise ValidationError(
                {"organisation": _("Velg en mottaker eller skriv et organisasjonsnummer.")}
            )
        if organisation is None and orgnr:
            try:
                number = clean_orgnr(orgnr)
            except ValidationError as error:
                raise ValidationError({"orgnr": error.messages}) from error
            organisation = Organisation.objects.filter(orgnr=number).first()
            if organisation is None:
                raise ValidationError(
                    {
                        "orgnr": _(
                            "Fant ingen organisasjon med organisasjonsnummer %(orgnr)s i Los."
                        )
                        % {"orgnr": number}
                    }
                )
            cleaned["organisation"] = organisation
        valid_from, valid_to = cleaned.get("valid_from"), cleaned.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.add_error("valid_to", _("Sluttdatoen kan ikke være før startdatoen."))
        return cleaned


class EndMembershipForm(LosForm):
    end_date = LosDateField(
        label=_("Siste dag i teamet"), earliest=years_ago(1), latest=years_ahead(1)
    )


class ConfirmForm(LosForm):
    """A POST with a CSRF token and nothing else: the confirmation of an action."""


class AccessRequestAnswerForm(LosForm):
    answer = forms.ChoiceField(choices=[("accept", _("Godta")), ("decline", _("Avslå"))])


class AccessLogFilterForm(LosForm):
    """The participant's filter on who looked: one person, one kind of information."""

    hvem = forms.TypedChoiceField(label=_("Hvem"), coerce=int, required=False, empty_value=None)
    hva = forms.ChoiceField(
        label=_("Hva"),
        required=False,
        choices=[("", _("alle opplysninger")), *((c.value, capfirst(c.label)) for c in Category)],
    )

    def __init__(self, *args, people: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hvem"].choices = [
            ("", _("alle")),
            *(
                (p["user_id"], who_as_logged(p["user_name"], p["role"], p["organisation_name"]))
                for p in people
            ),
        ]

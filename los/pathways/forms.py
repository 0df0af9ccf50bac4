"""Forms for work pathways. They parse input; los.pathways.services decides."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from los.core.forms import (
    TODAY,
    DecimalCommaField,
    LosDateField,
    LosForm,
    years_ago,
    years_ahead,
)
from los.pathways.models import (
    CareerProfile,
    ContactPurpose,
    CounsellorReport,
    DisclosureTopic,
    EducationLevel,
    EducationStatus,
    EmploymentForm,
    EndCause,
    Funding,
    JobEndReason,
    MainGoal,
    Programme,
    ReferralSource,
    ReportKind,
    StudyForm,
    SupportWith,
)
from los.pathways.services import CAREER_PROFILE_FIELDS

YES_NO = [("ja", _("Ja")), ("nei", _("Nei"))]
# How far back a pathway's history may be entered: an enrolment registered in Los after it
# began (IPS follow-up usually lasts up to a few years).
HISTORY = years_ago(5)


class YesNoField(forms.TypedChoiceField):
    """A yes/no question with no default: the answer is a recorded decision. Stored as a
    bool, shown as the chosen radio button."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", YES_NO)
        super().__init__(coerce=lambda value: value == "ja", empty_value=None, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, bool):
            return "ja" if value else "nei"
        return value


class VersionForm(LosForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or 0


class EnrolmentForm(LosForm):
    programme = forms.ModelChoiceField(
        label=_("Program"), queryset=Programme.objects.filter(active=True), empty_label=None
    )
    responsible = forms.TypedChoiceField(
        label=_("Ansvarlig jobbspesialist"),
        coerce=int,
        help_text=_("Må være med i teamet."),
    )
    referral_date = LosDateField(label=_("Henvist dato"), earliest=HISTORY, latest=TODAY)
    referral_source = forms.ChoiceField(label=_("Henvist fra"), choices=ReferralSource.choices)
    main_goal = forms.ChoiceField(
        label=_("Hovedmål"), choices=MainGoal.choices, widget=forms.RadioSelect
    )
    start_date = LosDateField(
        label=_("Oppstart"),
        required=False,
        help_text=_("Første samtale med deltakeren. Kan fylles inn senere."),
        earliest=HISTORY,
        latest=years_ahead(1),
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [
            (m.user_id, f"{m.user.display_name} ({m.get_role_display()}, {m.organisation.name})")
            for m in memberships
        ]


class StageForm(VersionForm):
    stage = forms.TypedChoiceField(label=_("Nytt trinn"), coerce=int)
    from_date = LosDateField(label=_("Fra dato"), earliest=HISTORY, latest=TODAY)

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.pk, s.name) for s in stages]


class PauseForm(VersionForm):
    from_date = LosDateField(label=_("Passiv fra"), earliest=HISTORY, latest=years_ahead(1))
    reason = forms.CharField(label=_("Årsak"), max_length=300)
    follow_up = LosDateField(
        label=_("Følges opp igjen"),
        help_text=_("Datoen dere skal ta kontakt igjen."),
        earliest=HISTORY,
        latest=years_ahead(1),
    )


class ResumeForm(VersionForm):
    day = LosDateField(label=_("Aktiv igjen fra"), earliest=HISTORY, latest=TODAY)


class EndForm(VersionForm):
    end_date = LosDateField(label=_("Avsluttet dato"), earliest=HISTORY, latest=TODAY)
    cause = forms.ChoiceField(
        label=_("Årsak til avslutning"), choices=[("", ""), *EndCause.choices]
    )
    note = forms.CharField(
        label=_("Om avslutningen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CareerProfileForm(VersionForm, forms.ModelForm):
    benefits_counselling_date = LosDateField(
        label=capfirst(CareerProfile._meta.get_field("benefits_counselling_date").verbose_name),
        help_text=CareerProfile._meta.get_field("benefits_counselling_date").help_text,
        required=False,
        earliest=HISTORY,
        latest=years_ahead(1),
    )

    class Meta:
        model = CareerProfile
        fields = CAREER_PROFILE_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in fields
            if name not in ("desired_hours", "transport", "benefits_counselling_date")
        }


class DisclosurePlanForm(VersionForm):
    may_contact_employers = YesNoField(
        label=_("Kan jobbspesialisten kontakte arbeidsgivere på dine vegne?")
    )
    topics = forms.MultipleChoiceField(
        label=_("Dette kan arbeidsgiveren få vite"),
        choices=DisclosureTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ingenting er valgt på forhånd. Arbeidsgiveren får bare vite det som er krysset av."
        ),
    )
    to_employer = forms.CharField(
        label=_("Slik vil jeg at det skal sies til arbeidsgiveren"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Med dine egne ord. Arbeidsgiveren ser denne teksten."),
    )
    not_to_share = forms.CharField(
        label=_("Dette skal ikke deles"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Arbeidsgiveren ser aldri denne teksten."),
    )
    pros = forms.CharField(
        label=_("Fordeler ved å være åpen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cons = forms.CharField(
        label=_("Ulemper ved å være åpen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agreed_on = LosDateField(label=_("Datoen planen ble avtalt"), earliest=HISTORY, latest=TODAY)


class EmployerForm(LosForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    orgnr = forms.CharField(
        label=_("Organisasjonsnummer"),
        max_length=11,
        required=False,
        help_text=_("9 siffer. La stå tomt hvis du ikke vet det ennå."),
    )
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    industry = forms.CharField(label=_("Bransje"), max_length=120, required=False)


class EmployerPersonForm(LosForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    title = forms.CharField(label=_("Stilling"), max_length=120, required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)
    decision_maker = forms.BooleanField(label=_("Tar beslutninger om ansettelser"), required=False)


class EmployerContactForm(LosForm):
    employer = forms.TypedChoiceField(label=_("Arbeidsgiver"), coerce=int)
    person = forms.TypedChoiceField(
        label=_("Hvem du snakket med"), coerce=int, required=False, empty_value=None
    )
    contact_date = LosDateField(label=_("Dato"), earliest=years_ago(1), latest=TODAY)
    face_to_face = YesNoField(label=_("Ansikt til ansikt?"))
    in_field = YesNoField(
        label=_("Ute i felt?"), help_text=_("Hos arbeidsgiveren eller et annet sted ute.")
    )
    minutes = forms.IntegerField(label=_("Tid brukt (minutter)"), min_value=1, max_value=600)
    purpose = forms.ChoiceField(label=_("Formål"), choices=ContactPurpose.choices)
    enrolment = forms.TypedChoiceField(
        label=_("På vegne av"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "Bare deltakere som har sagt ja til at du kontakter arbeidsgivere, står i listen."
        ),
    )
    met_decision_maker = forms.BooleanField(label=_("Møtte den som ansetter"), required=False)
    outcome = forms.CharField(
        label=_("Resultat"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, employers, people, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [("", "")] + [(e.pk, e.name) for e in employers]
        self.fields["person"].choices = [("", _("Ikke valgt"))] + [
            (p.pk, f"{p.name}, {p.employer.name}") for p in people
        ]
        self.fields["enrolment"].choices = [("", _("Generell kontakt, ingen bestemt deltaker"))] + [
            (e.pk, f"{e.participant.full_name} ({e.programme.name})") for e in enrolments
        ]


class JobForm(VersionForm):
    employer = forms.TypedChoiceField(label=_("Arbeidsgiver"), coerce=int)
    title = forms.CharField(label=_("Stilling"), max_length=200)
    start_date = LosDateField(label=_("Startdato"), earliest=HISTORY, latest=years_ahead(1))
    end_date = LosDateField(
        label=_("Sluttdato"), required=False, earliest=HISTORY, latest=years_ahead(5)
    )
    hours_per_week = DecimalCommaField(label=_("Timer per uke"), max_digits=4, decimal_places=1)
    employment_form = forms.ChoiceField(label=_("Ansettelsesform"), choices=EmploymentForm.choices)
    paid = YesNoField(label=_("Er jobben lønnet?"))
    ordinary_wage = YesNoField(
        label=_("Får deltakeren ordinær lønn for arbeidet?"),
        help_text=_("Samme lønn som andre får for det samme arbeidet."),
    )
    open_to_anyone = YesNoField(
        label=_("Er stillingen åpen for alle?"),
        help_text=_("Nei hvis stillingen er satt av til personer med nedsatt funksjonsevne."),
    )
    wage_subsidy = forms.BooleanField(label=_("Lønnstilskudd"), required=False)
    mentor_subsidy = forms.BooleanField(label=_("Mentortilskudd"), required=False)
    inclusion_subsidy = forms.BooleanField(label=_("Inkluderingstilskudd"), required=False)
    support_plan = forms.CharField(
        label=_("Plan for jobbstøtte"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    what_worked = forms.CharField(
        label=_("Dette fungerte"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    what_did_not_work = forms.CharField(
        label=_("Dette fungerte ikke"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    end_reason = forms.ChoiceField(
        label=_("Hvorfor jobben sluttet"), choices=[("", ""), *JobEndReason.choices], required=False
    )

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [("", "")] + [(e.pk, e.name) for e in employers]
        self.fields["employer"].help_text = _(
            "Finner du ikke arbeidsgiveren? Registrer den under Arbeidsgivere først."
        )


class EducationForm(VersionForm):
    institution = forms.CharField(label=_("Skole eller lærested"), max_length=200)
    course = forms.CharField(label=_("Studium eller fag"), max_length=200)
    level = forms.ChoiceField(label=_("Nivå"), choices=EducationLevel.choices)
    study_form = forms.ChoiceField(label=_("Studieform"), choices=StudyForm.choices)
    funding = forms.ChoiceField(label=_("Finansiering"), choices=Funding.choices)
    start_date = LosDateField(label=_("Startdato"), earliest=HISTORY, latest=years_ahead(1))
    end_date = LosDateField(
        label=_("Sluttdato"), required=False, earliest=HISTORY, latest=years_ahead(6)
    )
    status = forms.ChoiceField(label=_("Status"), choices=EducationStatus.choices)
    support_plan = forms.CharField(
        label=_("Plan for støtte"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SupportContactForm(LosForm):
    placement = forms.ChoiceField(label=_("Gjelder"))
    contact_date = LosDateField(label=_("Dato"), earliest=years_ago(1), latest=TODAY)
    with_whom = forms.ChoiceField(label=_("Med hvem"), choices=SupportWith.choices)
    face_to_face = YesNoField(label=_("Ansikt til ansikt?"))
    in_field = YesNoField(
        label=_("Ute i felt?"),
        help_text=_("På arbeidsplassen, skolen eller et annet sted i nærmiljøet."),
    )
    minutes = forms.IntegerField(label=_("Tid brukt (minutter)"), min_value=1, max_value=600)
    note = forms.CharField(
        label=_("Hva dere gjorde"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, jobs, educations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].choices = (
            [("", "")]
            + [(f"jobb-{j.pk}", f"{j.title}, {j.employer.name}") for j in jobs]
            + [(f"utdanning-{e.pk}", f"{e.course}, {e.institution}") for e in educations]
        )


class ReportNewForm(LosForm):
    kind = forms.ChoiceField(
        label=_("Type rapport"), choices=ReportKind.choices, widget=forms.RadioSelect
    )
    period_start = LosDateField(label=_("Periode fra"), earliest=HISTORY, latest=TODAY)
    period_end = LosDateField(label=_("Periode til"), earliest=HISTORY, latest=TODAY)


class ReportForm(VersionForm, forms.ModelForm):
    class Meta:
        model = CounsellorReport
        fields = ["activities", "results", "next_period", "participant_comment"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
        help_texts = {
            "activities": _("Skrevet ut fra det som er registrert. Rett og legg til."),
            "participant_comment": _(
                "Det deltakeren vil si, med deltakerens egne ord. Deltakeren kan også skrive "
                "selv på sine sider."
            ),
        }

    participant_informed_on = LosDateField(
        label=_("Deltakeren ble informert om rapporten"),
        required=False,
        help_text=_("Rapporten kan ikke deles før deltakeren vet hva som står i den."),
        earliest=years_ago(1),
        latest=TODAY,
    )


class ReportCommentForm(VersionForm):
    comment = forms.CharField(
        label=_("Din kommentar"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Skriv det du vil at veilederen din skal vite. Du kan la feltet stå tomt."),
    )

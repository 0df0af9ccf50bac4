from django import forms
from django.utils.translation import gettext_lazy as _

from los.access.policy import ParticipantAccess
from los.accounts.models import User
from los.core.forms import (
    TODAY,
    DecimalCommaField,
    LosDateField,
    LosForm,
    years_ago,
    years_ahead,
)
from los.plans.models import (
    ACTIVITY_CATEGORY,
    ActivityKind,
    ActivityStatus,
    ApplicationStage,
    GoalKind,
    GoalStatus,
)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class PlanForm(LosForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    coordinator = UserChoiceField(
        label=_("Koordinator"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ikke valgt ennå"),
        help_text=_("Den som holder sammen planen. Må være med i teamet."),
    )
    next_review = LosDateField(
        label=_("Neste gjennomgang av planen"),
        required=False,
        earliest=TODAY,
        latest=years_ahead(2),
    )

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = User.objects.filter(
            team_memberships__in=participant.team.active()
        ).distinct()


class GoalForm(LosForm):
    kind = forms.ChoiceField(label=_("Hva gjelder målet?"), choices=GoalKind.choices)
    text = forms.CharField(
        label=_("Målet med egne ord"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For eksempel «Jobbe i butikk 50 %»."),
    )
    target_date = LosDateField(
        label=_("Når vil du nå målet?"), required=False, earliest=TODAY, latest=years_ahead(10)
    )


class GoalEditForm(GoalForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    achievement = forms.CharField(
        label=_("Hvordan det gikk"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _writable_kinds(access: ParticipantAccess, kinds) -> list[tuple[str, str]]:
    return [(k.value, k.label) for k in kinds if access.can_change(ACTIVITY_CATEGORY[k])]


def _offer_goals(field, goals) -> dict:
    field.choices = [("", _("Ingen bestemt")), *[(g.pk, g.text[:80]) for g in goals]]
    return {goal.pk: goal for goal in goals}


def _chosen_goal(value, goals: dict):
    if value is not None and value not in goals:
        raise forms.ValidationError(_("Velg et av målene i planen."))
    return goals.get(value)


class ActivityForm(LosForm):
    kind = forms.ChoiceField(label=_("Type aktivitet"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Tittel"), max_length=200)
    goal = forms.TypedChoiceField(
        label=_("Hvilket mål hører den til?"), required=False, coerce=int, empty_value=None
    )
    description = forms.CharField(
        label=_("Beskrivelse"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    responsible_organisation = forms.TypedChoiceField(
        label=_("Hvem har ansvaret?"), required=False, coerce=int, empty_value=None
    )
    start_date = LosDateField(
        label=_("Fra dato"), required=False, earliest=years_ago(5), latest=years_ahead(2)
    )
    due_date = LosDateField(
        label=_("Frist"), required=False, earliest=years_ago(1), latest=years_ahead(5)
    )
    employer_name = forms.CharField(
        label=_("Arbeidsgiver"),
        max_length=200,
        required=False,
        help_text=_("For jobbsøknad, arbeidstrening og arbeid."),
    )
    job_title = forms.CharField(
        label=_("Stilling"),
        max_length=200,
        required=False,
        help_text=_("For jobbsøknad og arbeid."),
    )
    application_stage = forms.ChoiceField(
        label=_("Hvor langt har søknaden kommet?"),
        choices=[("", _("Ikke aktuelt")), *ApplicationStage.choices],
        required=False,
    )
    hours_per_week = DecimalCommaField(
        label=_("Timer per uke"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        help_text=_("For arbeid og arbeidstrening."),
    )
    place = forms.CharField(
        label=_("Sted"),
        max_length=200,
        required=False,
        help_text=_("For behandling, kurs og utdanning."),
    )

    def __init__(self, *args, access: ParticipantAccess, goals, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = _offer_goals(self.fields["goal"], goals)
        self.organisations = {org.pk: org for org in organisations}
        self.fields["responsible_organisation"].choices = [
            ("", _("Ikke bestemt")),
            *[(o.pk, o.name) for o in organisations],
        ]
        # Offer only the kinds this user may write (a participant cannot add a treatment).
        self.fields["kind"].choices = _writable_kinds(access, ActivityKind)

    def clean_goal(self):
        return _chosen_goal(self.cleaned_data["goal"], self.goals)

    def clean_responsible_organisation(self):
        value = self.cleaned_data["responsible_organisation"]
        if value is not None and value not in self.organisations:
            raise forms.ValidationError(_("Velg en av organisasjonene i teamet."))
        return self.organisations.get(value)


# The kinds a participant proposes in their own words. A job application and a treatment
# need more than what, when and why (the employer and the post, the place), so the team
# adds those; the participant writes «Søke på Rema 1000» as job search.
PROPOSAL_KINDS = [
    ActivityKind.OWN,
    ActivityKind.JOB_SEARCH,
    ActivityKind.WORK_TRIAL,
    ActivityKind.IN_WORK,
    ActivityKind.EDUCATION,
    ActivityKind.COURSE,
    ActivityKind.MEETING,
]


class ProposalForm(LosForm):
    """The participant's proposal: what, when and why, on a phone, in their own words."""

    title = forms.CharField(
        label=_("Hva vil du gjøre?"),
        max_length=200,
        help_text=_("For eksempel «Søke jobb i butikk» eller «Gå en tur hver dag»."),
        error_messages={"required": _("Skriv hva du vil gjøre.")},
    )
    kind = forms.ChoiceField(
        label=_("Hva slags aktivitet er det?"),
        choices=(),
        initial=ActivityKind.OWN,
        widget=forms.RadioSelect,
    )
    start_date = LosDateField(
        label=_("Når vil du begynne?"),
        required=False,
        earliest=years_ago(1),
        latest=years_ahead(2),
        help_text=_("Du kan la den stå tom."),
    )
    description = forms.CharField(
        label=_("Hvorfor vil du gjøre det?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hva håper du at det gir deg? Teamet ditt ser det du skriver."),
    )
    goal = forms.TypedChoiceField(
        label=_("Hører det til et av målene dine?"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, access: ParticipantAccess, goals, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _writable_kinds(access, PROPOSAL_KINDS)
        self.goals = _offer_goals(self.fields["goal"], goals)
        if not goals:
            del self.fields["goal"]

    def clean_goal(self):
        return _chosen_goal(self.cleaned_data["goal"], self.goals)


class ProposalEditForm(ProposalForm):
    """The participant changes their proposal (until it is agreed) in the same short form."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The team may have set a kind the short form does not offer: keep it choosable.
        kind = self.initial.get("kind")
        offered = dict(self.fields["kind"].choices)
        if kind and kind not in offered:
            self.fields["kind"].choices += [(kind, ActivityKind(kind).label)]


class ActivityEditForm(ActivityForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)

    field_order = ["status"]


class VersionForm(LosForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

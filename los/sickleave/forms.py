"""Forms of sick-leave follow-up. The rules they check are the domain's (services); the
forms only read the input and say what is wrong in Norwegian."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from los.core.forms import TODAY, LosDateField, LosForm, years_ago, years_ahead
from los.core.vocabulary import OrganisationKind
from los.organisations.models import Organisation
from los.sickleave.vocabulary import (
    ActivityStatus,
    DialogueCheckpoint,
    ExceptionReason,
    IcpcChapter,
    Party,
    SicklisterKind,
)

GRADE_ERRORS = {
    "invalid": _("Sykmeldingsgraden må være et helt tall fra 0 til 100 prosent."),
    "min_value": _("Sykmeldingsgraden må være et helt tall fra 0 til 100 prosent."),
    "max_value": _("Sykmeldingsgraden må være et helt tall fra 0 til 100 prosent."),
    "required": _("Skriv sykmeldingsgraden i prosent."),
}
PUBLIC_GRADE_ERRORS = {
    **GRADE_ERRORS,
    "min_value": _("Sykmeldingsgraden må være fra 1 til 100 prosent."),
    "max_value": _("Sykmeldingsgraden må være fra 1 til 100 prosent."),
    "invalid": _("Sykmeldingsgraden må være et helt tall fra 1 til 100 prosent."),
}


class DeadlinesForm(LosForm):
    """The public page: the first day of sick leave, and if known the grade, a change of
    grade (a graded period after a full one, say) and the last day."""

    first_day = LosDateField(
        label=_("Første dag med sykmelding"),
        earliest=years_ago(3),
        latest=years_ahead(3),
        error_messages={"required": _("Skriv første dag med sykmelding.")},
    )
    grade = forms.IntegerField(
        label=_("Sykmeldingsgrad i prosent"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("For eksempel 50 for gradert sykmelding. Tomt betyr 100 prosent."),
        error_messages=PUBLIC_GRADE_ERRORS,
    )
    change_day = LosDateField(
        label=_("Dato graden endres"),
        earliest=years_ago(3),
        latest=years_ahead(5),
        required=False,
        help_text=_("Hvis sykmeldingsgraden endres, for eksempel fra 100 til 50 prosent."),
    )
    change_grade = forms.IntegerField(
        label=_("Ny sykmeldingsgrad i prosent"),
        min_value=1,
        max_value=100,
        required=False,
        error_messages=PUBLIC_GRADE_ERRORS,
    )
    last_day = LosDateField(
        label=_("Siste dag i sykmeldingen"),
        earliest=years_ago(3),
        latest=years_ahead(5),
        required=False,
        help_text=_("Hvis du ikke vet, regner vi som om sykmeldingen fortsetter."),
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        change, new_grade = cleaned.get("change_day"), cleaned.get("change_grade")
        if first and last and last < first:
            self.add_error("last_day", _("Siste dag kan ikke være før første dag."))
        if change and new_grade is None and "change_grade" not in self.errors:
            self.add_error("change_grade", _("Skriv den nye sykmeldingsgraden."))
        if new_grade is not None and not change and "change_day" not in self.errors:
            self.add_error("change_day", _("Skriv datoen graden endres."))
        if change and first and change <= first:
            self.add_error("change_day", _("Datoen graden endres må være etter første dag."))
        elif change and last and change > last:
            self.add_error("change_day", _("Datoen graden endres må være før siste dag."))
        return cleaned


class CaseForm(LosForm):
    employer = forms.ModelChoiceField(
        label=_("Arbeidsgiver"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.EMPLOYER).order_by("name"),
        error_messages={
            "required": _("Velg arbeidsgiveren."),
            "invalid_choice": _("Velg en arbeidsgiver fra listen."),
        },
    )


class SickNoteForm(LosForm):
    start = LosDateField(
        label=_("Fra og med"),
        earliest=years_ago(3),
        latest=years_ahead(1),
        error_messages={"required": _("Skriv første dag i sykmeldingen.")},
    )
    end = LosDateField(
        label=_("Til og med"),
        earliest=years_ago(3),
        latest=years_ahead(2),
        error_messages={"required": _("Skriv siste dag i sykmeldingen.")},
    )
    grade = forms.IntegerField(
        label=_("Sykmeldingsgrad i prosent"),
        min_value=0,
        max_value=100,
        error_messages=GRADE_ERRORS,
    )
    graded_not_used_reason = forms.CharField(
        label=_("Hvorfor ble ikke gradert sykmelding brukt?"),
        help_text=_("Må fylles ut når sykmeldingen er på 100 prosent."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    written_by = forms.ChoiceField(
        label=_("Hvem skrev sykmeldingen?"),
        choices=SicklisterKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvem som skrev sykmeldingen.")},
    )
    diagnosis_chapter = forms.ChoiceField(
        label=_("Diagnosekapittel (ICPC-2)"),
        choices=[("", _("Ikke oppgitt")), *IcpcChapter.choices],
        required=False,
        help_text=_("Helseopplysning: vises bare for dem som kan se helseopplysninger."),
    )

    def __init__(self, *args, with_diagnosis: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Only someone who may read the health summary writes a diagnosis chapter.
        if not with_diagnosis:
            del self.fields["diagnosis_chapter"]


class ActivityRequirementForm(LosForm):
    status = forms.ChoiceField(
        label=_("Status for aktivitetskravet"),
        choices=[c for c in ActivityStatus.choices if c[0] != ActivityStatus.NEW],
        error_messages={"required": _("Velg en status.")},
    )
    exception_reason = forms.ChoiceField(
        label=_("Grunn til unntak"),
        choices=[("", _("Ikke unntak")), *ExceptionReason.choices],
        required=False,
    )
    reply_deadline = LosDateField(
        label=_("Svarfrist i forhåndsvarselet"),
        earliest=TODAY,
        latest=years_ahead(1),
        required=False,
        help_text=_("Mellom 21 og 42 dager fram i tid."),
    )


PLAN_HELP = _("Skriv ikke diagnose eller andre helseopplysninger: arbeidsgiveren leser planen.")


def _plan_text(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FollowUpPlanForm(LosForm):
    employee_tasks = _plan_text(_("Det arbeidstakeren gjør"))
    employer_tasks = _plan_text(_("Det arbeidsgiveren gjør"))
    nav_tasks = _plan_text(_("Det NAV gjør"))
    gp_tasks = _plan_text(_("Det legen eller behandleren gjør"))
    adjustments = _plan_text(_("Tilrettelegging på arbeidsplassen"))
    review_date = LosDateField(
        label=_("Når skal planen evalueres?"),
        earliest=years_ago(1),
        latest=years_ahead(1),
        error_messages={"required": _("Skriv når planen skal evalueres.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adjustments"].help_text = PLAN_HELP


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        local = timezone.localtime(meeting.starts_at)
        return _("Dialogmøte %(day)s kl. %(time)s") % {
            "day": date_format(local, "j. F Y"),
            "time": date_format(local, "H:i"),
        }


class DialogueLinkForm(LosForm):
    """Which of the participant's dialogue meetings is dialogue meeting 1 or 2 of the case."""

    meeting = MeetingChoice(
        label=_("Møte"),
        queryset=None,
        empty_label=_("Velg møte"),
        error_messages={
            "required": _("Velg møtet."),
            "invalid_choice": _("Velg et av møtene i listen."),
        },
    )
    checkpoint = forms.ChoiceField(
        label=_("Hvilket dialogmøte er det?"),
        choices=DialogueCheckpoint.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg om det er dialogmøte 1 eller dialogmøte 2.")},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class DialogueTaskForm(LosForm):
    """A task one party undertook in a dialogue meeting. The employer reads it."""

    dialogue = forms.IntegerField(widget=forms.HiddenInput)
    party = forms.ChoiceField(
        label=_("Hvem gjør det?"),
        choices=[("", _("Velg")), *Party.choices],
        error_messages={"required": _("Velg hvem som skal gjøre oppgaven.")},
    )
    text = forms.CharField(
        label=_("Oppgave"),
        max_length=500,
        help_text=_(
            "Arbeidsgiveren leser oppgavene. Skriv ikke diagnoser eller andre helseopplysninger."
        ),
        error_messages={
            "required": _("Skriv hva som skal gjøres."),
            "max_length": _("Skriv oppgaven kortere, høyst 500 tegn."),
        },
    )
    due = LosDateField(
        label=_("Frist"), earliest=years_ago(1), latest=years_ahead(2), required=False
    )

    def __init__(self, *args, dialogue_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Each meeting has its own form: the ids keep its labels apart on the page.
        if dialogue_id is not None:
            self.auto_id = f"id_task{dialogue_id}_%s"
            self.initial.setdefault("dialogue", dialogue_id)

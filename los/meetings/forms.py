import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.core.forms import TODAY, LosDateField, LosForm, years_ahead
from los.meetings.models import MeetingChannel, MeetingKind, Reply
from los.meetings.services import (
    HORIZON_YEARS,
    MAX_DURATION,
    MIN_DURATION,
    parse_externals,
)

YES_NO = [("yes", _("Ja")), ("no", _("Nei"))]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingForm(LosForm):
    kind = forms.ChoiceField(label=_("Type møte"), choices=MeetingKind.choices)
    date = LosDateField(
        label=_("Dato"),
        earliest=TODAY,
        latest=years_ahead(HORIZON_YEARS),
        error_messages={"in_the_past": _("Møtet må være fram i tid.")},
    )
    time = forms.TimeField(
        label=_("Klokkeslett"),
        widget=TimeInput,
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"invalid": _("Skriv klokkeslettet som 09:30.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Varighet i minutter"), min_value=MIN_DURATION, max_value=MAX_DURATION, initial=60
    )
    channel = forms.ChoiceField(
        label=_("Møteform"), choices=MeetingChannel.choices, widget=forms.RadioSelect
    )
    place = forms.CharField(
        label=_("Sted eller lenke"),
        max_length=200,
        required=False,
        help_text=_("Lenken eller adressen vises bare for dem som er invitert."),
    )
    agenda = forms.CharField(
        label=_("Saksliste"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    invite_participant = forms.TypedChoiceField(
        label=_("Skal deltakeren inviteres?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    members = forms.TypedMultipleChoiceField(
        label=_("Hvem i teamet inviteres?"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Du står selv på listen. Her er de i teamet som kan se planen."),
    )
    externals = forms.CharField(
        label=_("Andre som inviteres"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Én per linje: navn, komma, rolle eller virksomhet. "
            "For eksempel «Per Hansen, pårørende»."
        ),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [
            (m.user_id, f"{m.user.display_name}, {m.get_role_display()}, {m.organisation.name}")
            for m in members
        ]

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time"):
            data["starts_at"] = timezone.make_aware(
                datetime.datetime.combine(data["date"], data["time"])
            )
        data["externals"] = parse_externals(data.get("externals", ""))
        return data

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "channel": data["channel"],
            "place": data["place"],
            "agenda": data["agenda"],
            "members": data["members"],
            "invite_participant": data["invite_participant"],
            "externals": data["externals"],
        }


class MeetingChangeForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReplyForm(LosForm):
    reply = forms.ChoiceField(
        label=_("Kommer du?"),
        choices=[(r.value, r.label.capitalize()) for r in Reply if r != Reply.PENDING],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        max_length=500,
        required=False,
        help_text=_("Ønsker du nytt tidspunkt, skriv hva som passer bedre."),
    )


class MinutesForm(LosForm):
    text = forms.CharField(
        label=_("Referat"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Et utkast ser bare teamet. Når du publiserer, kan alle som ser møtet lese det, "
            "og det kan ikke endres."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from los.core.forms import TODAY, LosDateField, LosForm, years_ago
from los.followup.models import Channel


class NoteForm(LosForm):
    category = forms.ChoiceField(label=_("Type notat"))
    channel = forms.ChoiceField(
        label=_("Kontaktform"), choices=Channel.choices, widget=forms.RadioSelect
    )
    contact_date = LosDateField(
        label=_("Dato for samtalen"),
        earliest=years_ago(1),
        latest=TODAY,
        error_messages={"in_the_future": _("Samtalen kan ikke være fram i tid.")},
    )
    text = forms.CharField(
        label=_("Referat"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    # No default: whether the participant may read the note is a decision, not an accident.
    shared_with_participant = forms.TypedChoiceField(
        label=_("Skal deltakeren kunne lese referatet?"),
        choices=[("yes", _("Ja, del med deltakeren")), ("no", _("Nei, ikke nå"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("Et delt referat kan ikke endres etterpå, bare få tillegg."),
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.value, capfirst(c.label)) for c in categories]


class AddendumForm(LosForm):
    text = forms.CharField(
        label=_("Tillegg eller rettelse"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ThreadForm(LosForm):
    subject = forms.CharField(label=_("Emne"), max_length=200)
    text = forms.CharField(
        label=_("Melding"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class MessageForm(LosForm):
    text = forms.CharField(
        label=_("Svar"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.forms import LosForm
from los.notifications.models import Choice


class PreferenceForm(LosForm):
    choice = forms.ChoiceField(
        label=_("Hvordan vil du få varsler?"),
        choices=Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvordan du vil få varsler.")},
    )
    phone = forms.CharField(
        label=_("Mobilnummer for SMS"),
        required=False,
        max_length=20,
        help_text=_("Trengs bare for SMS. 8 sifre, eller med landskode (+47…)."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

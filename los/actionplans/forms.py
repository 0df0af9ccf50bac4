"""Forms for reporting on a measure. They turn what people type into numbers («1 250 000»,
«2,5»); what the numbers may be is decided in los.actionplans.services."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from los.actionplans.models import ReportStatus
from los.actionplans.periods import Period, parse_period
from los.core.forms import NUMBER_SPACES, PLAIN_DECIMAL, LosForm

_WHOLE = re.compile(r"^-?\d+$")
_DOTTED_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")  # «1.250.000»
WHOLE_MEASURE = ""


class _TypedNumber(forms.Field):
    """A number typed as text; a negative number is let through, so that the service can say
    plainly why it is refused."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    error = _("Skriv et helt tall med sifre, for eksempel 12.")

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "40"}

    def to_python(self, value):
        text = NUMBER_SPACES.sub("", str(value or "").strip())
        if len(text) > 40:
            raise ValidationError(self.error, code="invalid")
        return self.number(text) if text else None

    def number(self, text: str):
        if _DOTTED_THOUSANDS.match(text):
            text = text.replace(".", "")
        if not _WHOLE.match(text):
            raise ValidationError(self.error, code="invalid")
        return int(text)


class KronerField(_TypedNumber):
    error = _("Skriv beløpet i hele kroner med sifre, for eksempel 1 250 000.")

    def number(self, text: str):
        text = text.lower()
        for decoration in ("kr.", "kr", "nok", ",-"):  # «1 250 000 kr», «kr 500,-»
            text = text.removeprefix(decoration).removesuffix(decoration)
        return super().number(text)


class StaffYearsField(_TypedNumber):
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    error = _("Skriv årsverk som et tall, for eksempel 2,5.")

    def number(self, text: str):
        text = text.replace(",", ".")
        if not PLAIN_DECIMAL.match(text):
            raise ValidationError(_("Skriv årsverk som et tall, for eksempel 2,5."), code="invalid")
        return Decimal(text)


class ReportPartForm(LosForm):
    """Which report to write: the period, and the whole measure or one county's part."""

    periode = forms.ChoiceField(label=_("Periode"))
    fylke = forms.ChoiceField(label=_("Del av tiltaket"), required=False)

    def __init__(self, *args, periods: list[Period], counties, whole: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [(p.code, p.label) for p in periods]
        parts = [(WHOLE_MEASURE, _("Hele tiltaket"))] if whole else []
        parts += [(county.number, county.name) for county in counties]
        self.fields["fylke"].choices = parts
        self.fields["fylke"].required = not whole
        self.counties = {county.number: county for county in counties}

    def clean_periode(self) -> Period:
        return parse_period(self.cleaned_data["periode"])

    def clean_fylke(self):
        number = self.cleaned_data["fylke"]
        return self.counties[number] if number else None


class MeasureReportForm(LosForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(
        label=_("Status"), choices=ReportStatus.choices, widget=forms.RadioSelect
    )
    nok = KronerField(
        label=_("Kroner brukt i perioden"), help_text=_("Hele kroner, for eksempel 1 250 000.")
    )
    staff_years = StaffYearsField(
        label=_("Årsverk"), help_text=_("Med høyst én desimal, for eksempel 2,5.")
    )
    places = _TypedNumber(
        label=_("Plasser"), help_text=_("Tiltaksplasser, kursplasser eller lignende i perioden.")
    )
    results = forms.CharField(
        label=_("Resultater"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=8000,
        required=False,
        help_text=_(
            "Hva er gjort og oppnådd i perioden? Skriv med egne ord, uten personopplysninger. "
            "Må fylles ut når tiltaket er startet."
        ),
    )

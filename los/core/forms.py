"""What every form in Los shares, whatever part of Los it belongs to: clean text and dates
within bounds that fit what each date means. Domain form modules import this, never the
web layer. The bounds of each field are listed, with the reasons, in docs/input-bounds.md."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from los.core.days import TODAY, FromToday, years_ago, years_ahead
from los.core.numbers import plain_number
from los.core.text import clean_text

# Spaces people put inside a number: the ordinary, the no-break and the narrow ones.
NUMBER_SPACES = re.compile("[ \u00a0\u202f\u2009]")
PLAIN_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")  # digits, a dot, digits: not «1e3», «NaN»


def long_date(day: datetime.date) -> str:
    """«1. desember 2025»."""
    return date_format(day, "j. F Y")


class DateInput(forms.DateInput):
    """A date picker whose `min` and `max` are the field's bounds on the day it is shown."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
        self.field: LosDateField | None = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.field is not None:
            earliest, latest = self.field.bounds()
            if self.field.stored is not None:  # so the browser accepts the stored value
                earliest, latest = min(earliest, self.field.stored), max(latest, self.field.stored)
            context["widget"]["attrs"]["min"] = earliest.isoformat()
            context["widget"]["attrs"]["max"] = latest.isoformat()
        return context


class LosDateField(forms.DateField):
    """A date between `earliest` and `latest`, both relative to today and computed when the
    form is checked or shown. The value already stored (the form's initial value) is always
    accepted, so a plan made years ago can be edited without moving its old dates."""

    widget = DateInput
    default_error_messages = {
        "invalid": _("Skriv en gyldig dato, for eksempel 31.12.2026."),
        "out_of_bounds": _("Datoen må være mellom %(earliest)s og %(latest)s."),
        # When a bound is today, what is wrong is said plainly (a form may say it better).
        "in_the_future": _("Datoen kan ikke være fram i tid."),
        "in_the_past": _("Datoen kan ikke være tilbake i tid."),
    }

    def __init__(self, *, earliest: FromToday, latest: FromToday, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"])
        super().__init__(**kwargs)
        self.earliest, self.latest = earliest, latest
        self.stored: datetime.date | None = None
        self.widget.field = self

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.widget.field = copy
        return copy

    def bounds(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        return self.earliest.on(today), self.latest.on(today)

    def get_bound_field(self, form, field_name):
        stored = form.get_initial_for_field(self, field_name)
        self.stored = stored if isinstance(stored, datetime.date) else None
        return super().get_bound_field(form, field_name)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values or value == self.stored:
            return
        earliest, latest = self.bounds()
        if earliest <= value <= latest:
            return
        today = timezone.localdate()
        if value > latest == today:
            raise ValidationError(self.error_messages["in_the_future"], code="in_the_future")
        if value < earliest == today:
            raise ValidationError(self.error_messages["in_the_past"], code="in_the_past")
        raise ValidationError(
            self.error_messages["out_of_bounds"],
            code="out_of_bounds",
            params={"earliest": long_date(earliest), "latest": long_date(latest)},
        )


class DecimalCommaField(forms.DecimalField):
    """A decimal number as Norwegians write it: «1,5» is one and a half, as is «1.5». A text
    field with the decimal keyboard on a phone, not <input type=number>, which refuses the
    comma in some browsers and shows the dot in others; shown back with a comma."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Skriv et tall med sifre, for eksempel 7,5.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = NUMBER_SPACES.sub("", value.strip()).replace(",", ".")
            if value and not PLAIN_DECIMAL.match(value):  # not «1e3», «NaN» or «Infinity»
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return plain_number(value)
        return value

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "20"}


class CleanInput:
    """Every text a form receives loses its control, direction and invisible characters
    (los.core.text.clean_text) before any field sees it: so «\\x07» alone is an empty,
    required field, and a length limit counts what is stored. Multi-line for textareas."""

    def full_clean(self):
        if self.is_bound:
            self.data = self._cleaned_data_copy()
        super().full_clean()

    def _cleaned_data_copy(self):
        data = self.data.copy()
        for name, field in self.fields.items():
            if isinstance(field, forms.FileField):
                continue
            key = self.add_prefix(name)
            if key not in data:
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            if hasattr(data, "getlist"):
                data.setlist(key, [_clean(v, multiline) for v in data.getlist(key)])
            else:
                value = data[key]
                if isinstance(value, list | tuple):
                    data[key] = [_clean(v, multiline) for v in value]
                else:
                    data[key] = _clean(value, multiline)
        return data


def _clean(value, multiline: bool):
    return clean_text(value, multiline=multiline) if isinstance(value, str) else value


class LosForm(CleanInput, forms.Form):
    pass


__all__ = [
    "TODAY",
    "CleanInput",
    "DecimalCommaField",
    "FromToday",
    "LosDateField",
    "LosForm",
    "years_ago",
    "years_ahead",
]

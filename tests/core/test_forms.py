"""Every date field of every form has bounds that fit what it means, relative to today;
every form cleans the text it receives (los/core/forms.py, docs/input-bounds.md)."""

import datetime
import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

import los
from los.core.forms import (
    TODAY,
    CleanInput,
    DecimalCommaField,
    LosDateField,
    years_ago,
    years_ahead,
)


def _form_classes():
    """Every form class Los defines, in every app's forms module."""
    found = {}
    for module_info in pkgutil.walk_packages(los.__path__, "los."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = value
    return found


FORMS = _form_classes()
DATE_FIELDS = {
    f"{form_name}.{field_name}": field
    for form_name, form in FORMS.items()
    for field_name, field in form.base_fields.items()
    if isinstance(field, forms.DateField)
}


def test_the_forms_and_date_fields_are_found():
    assert {"los.web.forms.ConsentForm", "los.meetings.forms.MeetingForm"} <= set(FORMS)
    assert len(DATE_FIELDS) >= 30


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_form_cleans_its_text(name):
    assert issubclass(FORMS[name], CleanInput)


@pytest.mark.parametrize("name", sorted(DATE_FIELDS))
def test_every_date_field_has_bounds_that_hold_today_and_refuse_the_ends_of_time(name):
    field = DATE_FIELDS[name]
    assert isinstance(field, LosDateField)
    today = timezone.localdate()

    assert field.clean(today.isoformat()) == today
    for absurd in ("0001-01-01", "9999-12-31", "2020-01-01"):
        with pytest.raises(ValidationError):
            field.clean(absurd)
    earliest, latest = field.bounds()
    assert today - datetime.timedelta(days=5 * 366) <= earliest <= today <= latest
    assert latest <= today + datetime.timedelta(days=10 * 366)


def test_bounds_are_computed_when_checked_and_said_in_norwegian():
    field = LosDateField(earliest=years_ago(1), latest=years_ahead(2))
    today = timezone.localdate()
    too_late = today + datetime.timedelta(days=3 * 366)

    with pytest.raises(ValidationError) as error:
        field.clean(too_late.isoformat())

    first = today.replace(year=today.year - 1)
    last = today.replace(year=today.year + 2)
    months = [
        "januar", "februar", "mars", "april", "mai", "juni",
        "juli", "august", "september", "oktober", "november", "desember",
    ]  # fmt: skip
    assert error.value.messages == [
        f"Datoen må være mellom {first.day}. {months[first.month - 1]} {first.year} "
        f"og {last.day}. {months[last.month - 1]} {last.year}."
    ]


def test_a_bound_of_today_says_plainly_what_is_wrong():
    past_only = LosDateField(earliest=years_ago(1), latest=TODAY)
    future_only = LosDateField(earliest=TODAY, latest=years_ahead(1))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    with pytest.raises(ValidationError, match=r"Datoen kan ikke være fram i tid\."):
        past_only.clean(tomorrow.isoformat())
    with pytest.raises(ValidationError, match=r"Datoen kan ikke være tilbake i tid\."):
        future_only.clean(yesterday.isoformat())


class _GoalLike(forms.Form):
    target_date = LosDateField(earliest=TODAY, latest=years_ahead(10), required=False)


def test_the_date_picker_gets_min_and_max_of_today():
    today = timezone.localdate()

    html = str(_GoalLike()["target_date"])

    assert f'min="{today.isoformat()}"' in html
    assert f'max="{today.replace(year=today.year + 10).isoformat()}"' in html


def test_the_stored_value_is_kept_when_an_old_record_is_edited():
    """A goal set years ago keeps its old target date when only its status changes; a new
    date must still be within the bounds."""
    old = datetime.date(2020, 3, 1)

    kept = _GoalLike({"target_date": "2020-03-01"}, initial={"target_date": old})
    moved = _GoalLike({"target_date": "2020-03-02"}, initial={"target_date": old})

    assert kept.is_valid() and kept.cleaned_data["target_date"] == old
    assert 'min="2020-03-01"' in str(kept["target_date"])
    assert not moved.is_valid()


@pytest.mark.parametrize(
    ("typed", "number"),
    [("7,5", "7.5"), ("7.5", "7.5"), (" 12 ", "12"), ("0,5", "0.5"), ("1\u00a0000", "1000")],
)
def test_a_decimal_is_typed_with_a_comma_or_a_dot(typed, number):
    assert DecimalCommaField().clean(typed) == Decimal(number)


@pytest.mark.parametrize("typed", ["7,5,1", "sju", "7,5 t", "1e3"])
def test_a_decimal_that_is_not_a_number_is_refused_in_norwegian(typed):
    with pytest.raises(ValidationError) as refused:
        DecimalCommaField().clean(typed)
    assert refused.value.messages == ["Skriv et tall med sifre, for eksempel 7,5."]


def test_a_stored_decimal_is_shown_with_a_comma():
    field = DecimalCommaField(decimal_places=1)
    assert (field.prepare_value(Decimal("22.5")), field.prepare_value(Decimal("20.0"))) == (
        "22,5",
        "20",
    )

"""A measure is reported for a year or a half-year."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from los.actionplans.periods import Period, parse_period, periods_between


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2014", Period(2014, 0)),
        ("2014H1", Period(2014, 1)),
        (" 2014h2 ", Period(2014, 2)),
    ],
)
def test_periods_are_years_or_half_years(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["", "14", "2014H3", "2014H0", "2014Q1", "2014-H1", "H1"])
def test_anything_else_is_refused_in_norwegian(text):
    with pytest.raises(ValidationError) as error:
        parse_period(text)

    assert error.value.messages == [
        "Skriv perioden som et årstall (2014) eller et halvår (2014H1 eller 2014H2)."
    ]


def test_a_period_knows_its_days_code_and_label():
    first, second, year = Period(2024, 1), Period(2024, 2), Period(2024)

    assert (first.start, first.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    assert (second.start, second.end) == (datetime.date(2024, 7, 1), datetime.date(2024, 12, 31))
    assert (year.start, year.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert [p.code for p in (year, first, second)] == ["2024", "2024H1", "2024H2"]
    assert [p.label for p in (year, first, second)] == ["2024", "1. halvår 2024", "2. halvår 2024"]


def test_the_second_half_year_begins_on_the_first_of_july():
    second = Period(2026, 2)

    assert not second.has_begun(datetime.date(2026, 6, 30))
    assert second.has_begun(datetime.date(2026, 7, 1))


def test_the_periods_that_have_begun_newest_first():
    assert periods_between(2025, datetime.date(2026, 6, 30)) == [
        Period(2026), Period(2026, 1), Period(2025), Period(2025, 2), Period(2025, 1),
    ]  # fmt: skip
    assert periods_between(2026, datetime.date(2026, 7, 1)) == [
        Period(2026), Period(2026, 2), Period(2026, 1),
    ]  # fmt: skip

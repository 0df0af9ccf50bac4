"""Report periods: what a reader may type, what it means, and the quarters of a trend."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from los.reporting.periods import parse_period, previous_quarters, quarter_containing

d = datetime.date.fromisoformat


@pytest.mark.parametrize(
    ("text", "start", "end", "code"),
    [
        ("2026Q1", "2026-01-01", "2026-03-31", "2026Q1"),
        ("2026q2", "2026-04-01", "2026-06-30", "2026Q2"),
        (" 2026K3 ", "2026-07-01", "2026-09-30", "2026Q3"),
        ("2026-Q4", "2026-10-01", "2026-12-31", "2026Q4"),
        ("2024Q1", "2024-01-01", "2024-03-31", "2024Q1"),  # a leap year's first quarter
        ("2026", "2026-01-01", "2026-12-31", "2026"),
    ],
)
def test_a_quarter_or_a_year_is_parsed_with_both_ends_included(text, start, end, code):
    period = parse_period(text)

    assert (period.start, period.end, period.code) == (d(start), d(end), code)


def test_labels_are_norwegian():
    assert parse_period("2026Q1").label == "1. kvartal 2026"
    assert parse_period("2026Q1").short_label == "K1 2026"
    assert parse_period("2026").label == "2026"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Oppgi en periode, for eksempel 2026Q1 (et kvartal) eller 2026 (et år)."),
        (
            "2026Q5",
            "«2026Q5» er ikke en periode. Skriv et kvartal som 2026Q1 (kvartal 1–4) eller et "
            "år som 2026.",
        ),
        (
            "Q1 2026",
            "«Q1 2026» er ikke en periode. Skriv et kvartal som 2026Q1 (kvartal 1–4) eller et "
            "år som 2026.",
        ),
        (
            "26Q1",
            "«26Q1» er ikke en periode. Skriv et kvartal som 2026Q1 (kvartal 1–4) eller et år "
            "som 2026.",
        ),
        ("1999", "Året må være mellom 2000 og 2099."),
        ("2100Q1", "Året må være mellom 2000 og 2099."),
    ],
)
def test_bad_input_gets_a_clear_norwegian_error(text, message):
    with pytest.raises(ValidationError) as error:
        parse_period(text)

    assert error.value.messages == [message]


def test_the_period_that_has_not_ended_is_incomplete():
    q1 = parse_period("2026Q1")

    assert q1.incomplete(d("2026-03-31"))  # the last day is still going
    assert not q1.incomplete(d("2026-04-01"))
    assert not q1.started(d("2025-12-31"))
    assert q1.started(d("2026-01-01"))


def test_a_trend_is_the_quarters_ending_with_the_period_across_years():
    codes = [q.code for q in previous_quarters(parse_period("2026Q2"), 8)]

    assert codes == [
        "2024Q3",
        "2024Q4",
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
        "2026Q1",
        "2026Q2",
    ]


def test_a_years_trend_ends_with_its_fourth_quarter():
    codes = [q.code for q in previous_quarters(parse_period("2025"), 4)]

    assert codes == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]


@pytest.mark.parametrize(
    ("day", "code"),
    [("2026-01-01", "2026Q1"), ("2026-03-31", "2026Q1"), ("2026-04-01", "2026Q2"),
     ("2024-02-29", "2024Q1"), ("2026-12-31", "2026Q4")],
)  # fmt: skip
def test_the_quarter_a_day_is_in(day, code):
    assert quarter_containing(d(day)).code == code

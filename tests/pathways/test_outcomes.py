"""Competitive jobs and the indicators, against hand-computed dated cases."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from los.pathways.models import EmploymentForm
from los.pathways.outcomes import (
    JobSpan,
    Period,
    competitiveness,
    first_contact_deadline,
    indicators,
)

START = datetime.date(2026, 1, 5)


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


def job(**fields):
    values = {
        "employment_form": EmploymentForm.PERMANENT,
        "paid": True,
        "ordinary_wage": True,
        "open_to_anyone": True,
    }
    values.update(fields)
    return SimpleNamespace(**values)


def test_an_ordinary_job_with_a_wage_subsidy_is_competitive():
    result = competitiveness(job(employment_form=EmploymentForm.TEMPORARY, wage_subsidy=True))

    assert (result.competitive, result.reasons) == (True, ())


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"employment_form": EmploymentForm.WORK_TRIAL}, "trenings- eller utprøvingsplass"),
        ({"employment_form": EmploymentForm.JOB_TASTER}, "trenings- eller utprøvingsplass"),
        ({"paid": False}, "ikke lønnet"),
        ({"ordinary_wage": False}, "lavere enn ordinær lønn"),
        ({"open_to_anyone": False}, "nedsatt funksjonsevne"),
    ],
)
def test_a_job_that_is_not_competitive_says_why(fields, reason):
    result = competitiveness(job(**fields))

    assert result.competitive is False
    assert len(result.reasons) == 1 and reason in result.reasons[0]
    assert reason in result.text


def test_an_unpaid_work_trial_gives_both_reasons():
    result = competitiveness(job(employment_form=EmploymentForm.WORK_TRIAL, paid=False))

    assert len(result.reasons) == 2


def _figures(*, contacts=(), passive=(), jobs=(), as_of=None, start=START):
    return indicators(
        start=start,
        passive=list(passive),
        face_to_face_contacts=list(contacts),
        jobs=list(jobs),
        education_starts=0,
        as_of=as_of or day(200),
    )


def test_first_employer_contact_on_day_30_is_in_time():
    figures = _figures(contacts=[day(30)])

    assert (figures.days_to_first_employer_contact, figures.first_contact_in_time) == (30, True)


def test_first_employer_contact_on_day_31_is_late():
    figures = _figures(contacts=[day(31), day(40)])

    assert (figures.days_to_first_employer_contact, figures.first_contact_in_time) == (31, False)


def test_passive_days_do_not_count_towards_the_30_days():
    # Passive from day 10 to day 25: 15 days paused, so a contact on day 40 is day 25.
    figures = _figures(contacts=[day(40)], passive=[Period(day(10), day(25))])

    assert (figures.days_to_first_employer_contact, figures.first_contact_in_time) == (25, True)


def test_a_contact_before_the_start_does_not_count():
    figures = _figures(contacts=[day(-3), day(12)])

    assert figures.days_to_first_employer_contact == 12


def test_no_contact_is_late_only_once_the_30_active_days_have_passed():
    assert _figures(as_of=day(30)).first_contact_in_time is None
    assert _figures(as_of=day(31)).first_contact_in_time is False
    # Still passive: the clock stopped at day 20.
    still_paused = _figures(as_of=day(60), passive=[Period(day(20), None)])
    assert still_paused.first_contact_in_time is None


def test_the_deadline_moves_by_the_passive_days():
    assert first_contact_deadline(START, [], day(5)) == day(30)
    assert first_contact_deadline(START, [Period(day(10), day(17))], day(40)) == day(37)
    assert first_contact_deadline(None, [], day(5)) is None


def test_two_jobs_one_not_competitive():
    trial = JobSpan(day(20), day(49), Decimal(15), competitive=False)
    real = JobSpan(day(60), None, Decimal("22.5"), competitive=True)

    figures = _figures(jobs=[real, trial], as_of=day(69))

    assert (figures.jobs, figures.competitive_jobs) == (2, 1)
    assert figures.days_to_first_job == 60
    assert figures.job_tenure_days == 10  # day 60 to day 69, both counted
    assert figures.hours_per_week == Decimal("22.5")


def test_overlapping_jobs_count_each_day_once_and_ended_jobs_stop_counting():
    first = JobSpan(day(0), day(9), Decimal(10), competitive=True)  # 10 days
    overlapping = JobSpan(day(5), day(14), Decimal(20), competitive=True)  # +5 days
    later = JobSpan(day(30), day(31), Decimal(30), competitive=True)  # +2 days

    figures = _figures(jobs=[first, overlapping, later], as_of=day(100))

    assert figures.job_tenure_days == 17
    assert figures.hours_per_week == Decimal(30)  # the latest job


def test_days_to_first_job_skip_passive_days_and_jobs_before_the_start():
    before = JobSpan(day(-30), day(-1), Decimal(10), competitive=True)
    after = JobSpan(day(50), None, Decimal(10), competitive=True)

    figures = _figures(jobs=[before, after], passive=[Period(day(5), day(15))])

    assert figures.days_to_first_job == 40


def test_nothing_is_computed_before_the_start():
    figures = _figures(start=None, contacts=[day(3)])

    assert (figures.days_to_first_employer_contact, figures.first_contact_in_time) == (None, None)

"""Competitive jobs and the indicators, against hand-computed dated cases at the edges
(docs/indicators.md)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from los.pathways.models import EducationStatus, EmploymentForm
from los.pathways.outcomes import (
    EducationSpan,
    Elapsed,
    EnrolmentDates,
    EnrolmentFacts,
    JobSpan,
    Period,
    cohort_outcome,
    cohort_share,
    competitive_job_within,
    competitiveness,
    days_referral_to_start,
    first_contact_deadline,
    first_contact_due,
    held_competitive_job_in,
    indicators,
    measure_change,
    measure_remission,
    measure_response,
    median_waiting_days,
    months_after,
    passive_days,
    quarterly_employment,
    served_in,
    tenure_days,
    waiting_on,
    whole_weeks,
    work_or_education_within,
)

START = datetime.date(2026, 1, 5)
D = datetime.date


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


def _figures(
    *,
    contacts=(),
    passive=(),
    jobs=(),
    educations=(),
    as_of=None,
    start=START,
    referral=None,
    end=None,
    end_cause="",
):
    return indicators(
        dates=EnrolmentDates(referral or day(-10), start, end),
        passive=list(passive),
        face_to_face_contacts=list(contacts),
        jobs=list(jobs),
        educations=list(educations),
        as_of=as_of or day(200),
        end_cause=end_cause,
    )


def competitive(start, end=None, hours=10):
    return JobSpan(start, end, Decimal(hours), competitive=True)


# --- The first face-to-face employer contact -----------------------------------------------


def test_first_employer_contact_on_day_30_is_in_time():
    figures = _figures(contacts=[day(30)])

    assert figures.first_employer_contact == Elapsed(30, 0)
    assert figures.first_contact_in_time is True


def test_first_employer_contact_on_day_31_is_late():
    figures = _figures(contacts=[day(31), day(40)])

    assert figures.first_employer_contact == Elapsed(31, 0)
    assert figures.first_contact_in_time is False


def test_calendar_days_are_the_headline_with_the_passive_days_beside_them():
    # Passive from day 10 up to day 25: 15 days paused. A contact on day 40 is 40 calendar
    # days from the start and 25 active days: in time.
    figures = _figures(contacts=[day(40)], passive=[Period(day(10), day(25))])

    contact = figures.first_employer_contact
    assert (contact.calendar, contact.passive, contact.active) == (40, 15, 25)
    assert figures.first_contact_in_time is True
    assert contact.text == "40 dager etter oppstart: 15 av dem passive, 25 aktive dager"
    assert Elapsed(1, 0).text == "1 dag etter oppstart, ingen passive dager"
    assert Elapsed(2, 1).text == "2 dager etter oppstart: 1 av dem passiv, 1 aktiv dag"


def test_overlapping_passive_periods_count_each_day_once_and_never_go_negative():
    # [5, 30) and [10, 30) overlap: 25 passive days, not 45. Contact on day 33: 8 active.
    overlapping = [Period(day(5), day(30)), Period(day(10), day(30))]

    figures = _figures(contacts=[day(33)], passive=overlapping)

    assert figures.first_employer_contact == Elapsed(33, 25)
    assert figures.first_employer_contact.active == 8
    # Touching periods, [5, 10) and [10, 20): 15 days; an open one runs to `until`.
    assert passive_days([Period(day(5), day(10)), Period(day(10), day(20))], START, day(40)) == 15
    assert passive_days([Period(day(5), None), Period(day(7), day(9))], START, day(40)) == 35
    # Before the start, nothing is passive: the clock had not started.
    assert passive_days([Period(day(-20), day(3))], START, day(40)) == 3


def test_a_contact_between_referral_and_start_counts_as_day_0():
    figures = _figures(contacts=[day(-3), day(12)], referral=day(-10))

    assert figures.first_employer_contact == Elapsed(0, 0, before_start=True)
    assert figures.first_employer_contact.text == "før oppstart, regnes som dag 0"
    assert figures.first_contact_in_time is True


def test_a_contact_on_the_start_day_is_day_0():
    figures = _figures(contacts=[day(0)])

    assert figures.first_employer_contact == Elapsed(0, 0, before_start=False)


def test_no_contact_is_late_only_once_the_30_active_days_have_passed():
    assert _figures(as_of=day(30)).first_contact_in_time is None
    assert _figures(as_of=day(31)).first_contact_in_time is False
    # Still passive: the clock stopped at day 20.
    still_paused = _figures(as_of=day(60), passive=[Period(day(20), None)])
    assert still_paused.first_contact_in_time is None


def test_a_contact_after_the_as_of_day_is_not_there_yet():
    figures = _figures(contacts=[day(20)], as_of=day(19))

    assert (figures.first_employer_contact, figures.first_contact_in_time) == (None, None)


def test_the_deadline_moves_by_the_passive_days():
    assert first_contact_deadline(START, [], day(5)) == day(30)
    assert first_contact_deadline(START, [Period(day(10), day(17))], day(40)) == day(37)
    assert first_contact_deadline(None, [], day(5)) is None


def test_the_deadline_runs_only_while_no_contact_has_been_made():
    def due(first_contact, start=START):
        return first_contact_due(start=start, passive=[], first_contact=first_contact, as_of=day(5))

    assert due(None) == day(30)
    assert due(day(2)) is None
    assert due(day(-3)) is None  # before the start: it counts
    assert due(None, start=None) is None  # no clock before the start


def test_nothing_is_computed_before_the_start():
    figures = _figures(start=None, contacts=[day(3)], jobs=[competitive(day(4))])

    assert (figures.first_employer_contact, figures.first_contact_in_time) == (None, None)
    assert (figures.first_job, figures.job_starts, figures.days_referral_to_start) == (
        None,
        0,
        None,
    )


# --- Jobs ----------------------------------------------------------------------------------


def test_first_job_of_any_kind_and_first_competitive_job_in_calendar_and_active_days():
    trial = JobSpan(day(20), day(49), Decimal(15), competitive=False)
    real = competitive(day(60), hours="22.5")

    figures = _figures(jobs=[real, trial], passive=[Period(day(5), day(15))], as_of=day(69))

    assert (figures.jobs, figures.competitive_jobs) == (2, 1)
    assert (figures.job_starts, figures.competitive_job_starts) == (2, 1)
    assert figures.first_job == Elapsed(20, 10)  # active 10
    assert figures.first_competitive_job == Elapsed(60, 10)  # active 50
    assert figures.job_tenure_days == 10  # day 60 to day 69, both counted
    assert figures.job_tenure_weeks == 1
    assert figures.hours_per_week == Decimal("22.5")


def test_a_planned_job_is_not_a_job_and_a_job_starting_on_the_as_of_day_is():
    planned = competitive(day(101), hours=30)
    today = competitive(day(100), hours=12)

    assert _figures(jobs=[planned], as_of=day(100)) == _figures(jobs=[], as_of=day(100))
    figures = _figures(jobs=[planned, today], as_of=day(100))
    assert (figures.jobs, figures.competitive_jobs, figures.job_starts) == (1, 1, 1)
    assert (figures.job_tenure_days, figures.hours_per_week) == (1, Decimal(12))
    assert figures.first_competitive_job == Elapsed(100, 0)
    assert tenure_days(planned, day(100)) is None


def test_hours_per_week_are_summed_over_the_competitive_jobs_held_on_the_as_of_day():
    morning = competitive(day(10), hours=10)
    evening = competitive(day(20), hours=15)
    ended_yesterday = competitive(day(30), day(99), hours=5)
    ends_today = competitive(day(30), day(100), hours="2.5")
    trial = JobSpan(day(40), None, Decimal(7), competitive=False)

    figures = _figures(jobs=[morning, evening, ended_yesterday, ends_today, trial], as_of=day(100))

    assert figures.hours_per_week == Decimal("27.5")
    assert _figures(jobs=[ended_yesterday], as_of=day(100)).hours_per_week is None


def test_tenure_of_one_job_counts_both_ends_and_stops_at_the_as_of_day():
    assert tenure_days(competitive(day(10), day(10)), day(100)) == 1
    assert tenure_days(competitive(day(10), day(16)), day(100)) == 7
    assert tenure_days(competitive(day(10), day(19)), day(100)) == 10
    assert tenure_days(competitive(day(95)), day(100)) == 6
    assert tenure_days(competitive(day(95), day(120)), day(100)) == 6
    assert [whole_weeks(d) for d in (1, 6, 7, 13, 14)] == [0, 0, 1, 1, 2]
    assert whole_weeks(None) is None


def test_overlapping_jobs_count_each_day_once_and_ended_jobs_stop_counting():
    first = competitive(day(0), day(9), hours=10)  # 10 days
    overlapping = competitive(day(5), day(14), hours=20)  # +5 days
    later = competitive(day(30), day(31), hours=30)  # +2 days

    figures = _figures(jobs=[first, overlapping, later], as_of=day(100))

    assert (figures.job_tenure_days, figures.job_tenure_weeks) == (17, 2)
    assert figures.hours_per_week is None  # none held on day 100


def test_a_job_begun_before_the_start_is_held_but_not_a_job_start():
    before = competitive(day(-30), hours=20)  # held since 30 days before the start

    figures = _figures(jobs=[before], as_of=day(9))

    assert (figures.jobs, figures.competitive_jobs) == (1, 1)
    assert (figures.job_starts, figures.competitive_job_starts) == (0, 0)
    assert (figures.first_job, figures.first_competitive_job) == (None, None)
    assert figures.job_tenure_days == 40  # day -30 to day 9, both included
    assert figures.hours_per_week == Decimal(20)


def test_an_ended_enrolment_is_counted_on_its_end_day():
    held = competitive(day(10), hours=10)
    after_the_end = competitive(day(51), hours=30)

    figures = _figures(jobs=[held, after_the_end], end=day(50), end_cause="work", as_of=day(90))

    assert (figures.jobs, figures.job_tenure_days, figures.hours_per_week) == (1, 41, 10)
    assert (figures.end_date, figures.end_cause) == (day(50), "work")
    assert _figures(end_cause="work").end_cause == ""  # open: no end cause


# --- Education -----------------------------------------------------------------------------


def test_education_starts_and_completions():
    educations = [
        EducationSpan(day(5), None, EducationStatus.PLANNED),  # planned: no start
        EducationSpan(day(-5), None, EducationStatus.ONGOING),  # before the start
        EducationSpan(day(10), None, EducationStatus.ONGOING),  # start
        EducationSpan(day(10), day(50), EducationStatus.COMPLETED),  # start and completion
        EducationSpan(day(20), day(101), EducationStatus.COMPLETED),  # completes after as-of
        EducationSpan(day(30), day(40), EducationStatus.INTERRUPTED),  # start, no completion
        EducationSpan(day(101), None, EducationStatus.ONGOING),  # after the as-of day
    ]

    figures = _figures(educations=educations, as_of=day(100))

    assert (figures.education_starts, figures.education_completions) == (4, 1)


# --- Waiting -------------------------------------------------------------------------------


def test_waiting_time_from_referral_to_start():
    assert days_referral_to_start(EnrolmentDates(day(-10), START)) == 10
    assert days_referral_to_start(EnrolmentDates(START, START)) == 0
    assert days_referral_to_start(EnrolmentDates(START, None)) is None
    waiting = EnrolmentDates(day(-10), START)
    assert [waiting_on(waiting, d) for d in (day(-11), day(-10), day(-1), day(0))] == [
        False,
        True,
        True,
        False,
    ]
    closed = EnrolmentDates(day(-10), None, day(-5))
    assert [waiting_on(closed, d) for d in (day(-5), day(-4))] == [True, False]


# --- The quarter ---------------------------------------------------------------------------

Q_START, Q_END = D(2026, 1, 1), D(2026, 3, 31)
AFTER = D(2026, 6, 30)  # an as-of day after the quarter


@pytest.mark.parametrize(
    ("start", "end", "served"),
    [
        (D(2026, 3, 31), None, True),  # started on the last day
        (D(2026, 4, 1), None, False),  # the day after
        (D(2025, 6, 1), D(2026, 1, 1), True),  # ended on the first day
        (D(2025, 6, 1), D(2025, 12, 31), False),  # ended the day before
        (D(2025, 6, 1), None, True),
        (None, None, False),  # referred, not started: waiting
    ],
)
def test_served_in_the_quarter(start, end, served):
    assert served_in(EnrolmentDates(D(2025, 5, 1), start, end), Q_START, Q_END) is served


@pytest.mark.parametrize(
    ("job_start", "job_end", "as_of", "held"),
    [
        (D(2025, 10, 1), D(2026, 1, 1), AFTER, True),  # last day worked is the first day
        (D(2025, 10, 1), D(2025, 12, 31), AFTER, False),  # ended the day before
        (D(2026, 3, 31), None, AFTER, True),  # began on the last day
        (D(2026, 4, 1), None, AFTER, False),  # began the day after
        (D(2026, 2, 10), None, D(2026, 2, 10), True),  # began on the as-of day
        (D(2026, 2, 11), None, D(2026, 2, 10), False),  # planned on the as-of day
    ],
)
def test_held_a_competitive_job_in_the_quarter(job_start, job_end, as_of, held):
    dates = EnrolmentDates(D(2025, 5, 1), D(2025, 6, 1))

    jobs = [competitive(job_start, job_end)]

    assert held_competitive_job_in(dates, jobs, Q_START, Q_END, as_of) is held


def _held(dates, jobs):
    return held_competitive_job_in(dates, jobs, Q_START, Q_END, AFTER)


def test_the_held_day_must_be_inside_the_enrolment():
    job = competitive(D(2025, 1, 1))  # began long before the enrolment, still held

    started_in_march = EnrolmentDates(D(2026, 2, 1), D(2026, 3, 20))
    assert _held(started_in_march, [job]) is True

    ended_before_the_job = EnrolmentDates(D(2025, 5, 1), D(2025, 6, 1), D(2026, 2, 1))
    later_job = competitive(D(2026, 2, 2))
    assert _held(ended_before_the_job, [later_job]) is False
    on_the_end_day = competitive(D(2026, 2, 1))
    assert _held(ended_before_the_job, [on_the_end_day]) is True

    before_the_start = competitive(D(2025, 1, 1), D(2026, 3, 19))
    assert _held(started_in_march, [before_the_start]) is False


def test_only_competitive_jobs_and_started_enrolments_count_in_the_quarter():
    trial = JobSpan(D(2026, 2, 1), None, Decimal(10), competitive=False)
    dates = EnrolmentDates(D(2025, 5, 1), D(2025, 6, 1))

    assert _held(dates, [trial]) is False
    not_started = EnrolmentDates(D(2025, 5, 1), None)
    assert _held(not_started, [competitive(D(2026, 2, 1))]) is False


# --- Cohorts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),  # leap year
        (D(2026, 1, 15), 12, D(2027, 1, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2025, 12, 31), 2, D(2026, 2, 28)),  # over the new year
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2026, 7, 1), 6, D(2027, 1, 1)),
    ],
)
def test_months_after_holds_at_the_end_of_the_month(start, months, expected):
    assert months_after(start, months) == expected


COHORT = EnrolmentDates(D(2025, 8, 1), D(2025, 8, 31))  # six months: 28 February 2026


@pytest.mark.parametrize(
    ("jobs", "as_of", "expected"),
    [
        ([competitive(D(2026, 2, 28))], D(2026, 6, 1), True),  # on the six-month day
        ([competitive(D(2026, 3, 1))], D(2026, 6, 1), False),  # the day after
        ([], D(2026, 2, 27), None),  # the window is still open
        ([], D(2026, 2, 28), False),  # closed at the end of the six-month day
        ([competitive(D(2025, 8, 30))], D(2026, 6, 1), False),  # before the start
        ([competitive(D(2025, 8, 31))], D(2025, 9, 1), True),  # on the start day
        ([JobSpan(D(2025, 9, 1), None, Decimal(5), False)], D(2026, 6, 1), False),
        ([competitive(D(2025, 10, 1))], D(2025, 9, 30), None),  # planned on the as-of day
    ],
)
def test_competitive_job_within_six_months(jobs, as_of, expected):
    assert competitive_job_within(COHORT, jobs, 6, as_of) is expected


def test_an_enrolment_that_ended_early_without_a_job_is_a_no_at_once():
    ended = EnrolmentDates(D(2025, 8, 1), D(2025, 8, 31), D(2025, 11, 30))

    assert competitive_job_within(ended, [], 6, D(2025, 12, 1)) is False
    # A job that starts after the end was planned when the enrolment ended.
    assert competitive_job_within(ended, [competitive(D(2025, 12, 1))], 6, D(2026, 6, 1)) is False
    assert competitive_job_within(ended, [competitive(D(2025, 11, 30))], 6, D(2026, 6, 1)) is True


def test_programmes_that_cover_education_count_an_education_start_too():
    school = [EducationSpan(D(2026, 1, 10), None, EducationStatus.ONGOING)]
    planned = [EducationSpan(D(2026, 1, 10), None, EducationStatus.PLANNED)]
    as_of = D(2026, 6, 1)

    assert work_or_education_within(COHORT, [], school, 6, as_of) is True
    assert work_or_education_within(COHORT, [], planned, 6, as_of) is False
    assert cohort_outcome(
        COHORT, covers_education=True, jobs=[], educations=school, months=6, as_of=as_of
    )
    assert (
        cohort_outcome(
            COHORT, covers_education=False, jobs=[], educations=school, months=6, as_of=as_of
        )
        is False
    )
    late = [EducationSpan(D(2026, 3, 1), None, EducationStatus.ONGOING)]
    assert work_or_education_within(COHORT, [], late, 6, as_of) is False
    assert work_or_education_within(COHORT, [], late, 12, as_of) is True
    assert work_or_education_within(COHORT, [], [], 12, as_of) is None  # open to 31.8.2026


# --- Cells ---------------------------------------------------------------------------------


def test_the_quarterly_rate_counts_enrolments_not_people():
    # Person 1: two enrolments in the quarter (ended in January, a new one from March), a
    # job in the second: two served, one held. Person 2: served, no job. Person 3: waiting.
    # Person 4: ended before. 1 held of 3 served (per person it would have been 1 of 2).
    facts = [
        EnrolmentFacts(1, EnrolmentDates(D(2025, 5, 1), D(2025, 6, 1), D(2026, 1, 20))),
        EnrolmentFacts(
            1, EnrolmentDates(D(2026, 3, 1), D(2026, 3, 2)), jobs=(competitive(D(2026, 3, 10)),)
        ),
        EnrolmentFacts(2, EnrolmentDates(D(2025, 5, 1), D(2025, 6, 1))),
        EnrolmentFacts(3, EnrolmentDates(D(2026, 2, 1), None)),
        EnrolmentFacts(4, EnrolmentDates(D(2025, 5, 1), D(2025, 6, 1), D(2025, 12, 31))),
    ]

    share = quarterly_employment(facts, Q_START, Q_END, AFTER)

    assert (share.numerator, share.denominator) == (1, 3)
    assert round(share.percent, 1) == 33.3
    assert quarterly_employment([], Q_START, Q_END, AFTER).percent is None


def test_a_cohort_share_waits_for_every_result_and_counts_enrolments():
    def started(person, day, *jobs, covers_education=False, educations=()):
        return EnrolmentFacts(
            person,
            EnrolmentDates(D(2025, 8, 1), day),
            jobs=tuple(jobs),
            educations=tuple(educations),
            covers_education=covers_education,
        )

    school = EducationSpan(D(2025, 9, 1), None, EducationStatus.ONGOING)
    facts = [
        started(1, D(2025, 8, 31), competitive(D(2026, 2, 28))),  # yes, on the day
        started(2, D(2025, 8, 15)),  # no (closes 15 February)
        started(3, D(2025, 8, 20), covers_education=True, educations=[school]),  # yes
        started(4, D(2025, 9, 1), competitive(D(2025, 9, 2))),  # another period
    ]
    august = (D(2025, 8, 1), D(2025, 8, 31))

    assert cohort_share(facts, *august, 6, D(2026, 2, 27)) is None  # person 1 still open
    share = cohort_share(facts, *august, 6, D(2026, 2, 28))
    assert (share.numerator, share.denominator) == (2, 3)
    # Person 2 again, a second enrolment started 20 August (a new referral): with no start
    # either, a fourth enrolment in the cohort and a fourth «no».
    facts.append(started(2, D(2025, 8, 20)))
    share = cohort_share(facts, *august, 6, D(2026, 2, 28))
    assert (share.numerator, share.denominator) == (2, 4)


def test_median_waiting_days_over_enrolments_started_in_the_period():
    facts = [
        EnrolmentFacts(1, EnrolmentDates(D(2026, 1, 1), D(2026, 1, 11))),  # 10
        EnrolmentFacts(2, EnrolmentDates(D(2026, 1, 1), D(2026, 1, 21))),  # 20
        EnrolmentFacts(3, EnrolmentDates(D(2025, 12, 1), D(2026, 3, 31))),  # 120
        EnrolmentFacts(4, EnrolmentDates(D(2026, 1, 1), D(2026, 4, 1))),  # next quarter
        EnrolmentFacts(5, EnrolmentDates(D(2026, 1, 1), None)),  # waiting
    ]

    assert median_waiting_days(facts, Q_START, Q_END) == 20
    assert median_waiting_days(facts[:2], Q_START, Q_END) == 15
    assert median_waiting_days(facts[4:], Q_START, Q_END) is None


# --- Measurement ---------------------------------------------------------------------------


def points(*totals):
    first = D(2026, 1, 1)
    return [(first + datetime.timedelta(weeks=4 * i), Decimal(t)) for i, t in enumerate(totals)]


def test_first_latest_and_change_for_any_scale():
    change = measure_change(points(18, 12, 14))

    assert (change.first, change.latest, change.answers, change.change) == (18, 14, 3, -4)
    assert measure_change(points(18)).change is None
    assert measure_change([]) is None
    # Up to the as-of day only: the third answer is on 26 February.
    assert measure_change(points(18, 12, 14), as_of=D(2026, 2, 25)).latest == 12


def test_answers_on_the_same_day_keep_the_order_given():
    same_day = [(D(2026, 1, 1), Decimal(10)), (D(2026, 1, 1), Decimal(4))]

    assert measure_change(same_day).latest == 4


@pytest.mark.parametrize(
    ("totals", "response"),
    [
        ((20, 10), True),  # exactly half
        ((20, 11), False),
        ((9, 4), True),  # 4 ≤ 4.5
        ((9, 5), False),
        ((20,), None),  # one answer
        ((0, 0), None),  # nothing to halve
        ((20, 8, 15), False),  # the latest counts, not the best
    ],
)
def test_phq9_and_gad7_response_is_a_halving_from_the_first_answer(totals, response):
    assert measure_response(points(*totals)) is response


@pytest.mark.parametrize(
    ("totals", "remission"),
    [((15, 4), True), ((15, 5), False), ((3,), None), ((3, 0), True), ((4, 6), False)],
)
def test_phq9_and_gad7_remission_is_a_latest_total_below_5(totals, remission):
    assert measure_remission(points(*totals)) is remission

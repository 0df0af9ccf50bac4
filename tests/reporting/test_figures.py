"""The report figures counted in SQL, dated case by case at the edges of the quarter, each
count worked out by hand in the test's comments (docs/indicators.md has the definitions).

The figures are read from the national figure set (los/reporting/report.py) at the
service's cell, so the SQL, the roll-up and the dimensions are all under test."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.core.vocabulary import Gender
from los.pathways.models import EducationStatus, EmploymentForm, EndCause
from los.reporting.cube import ALL
from los.reporting.figures import NO_COUNSELLOR
from los.reporting.periods import parse_period, year_of
from los.reporting.report import build_report, figure_sets
from los.reporting.scopes import NATION as THE_NATION
from tests.reporting.builders import (
    answer,
    contact,
    counsellor_at,
    d,
    education,
    enrol,
    job,
    place,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def where():
    return place()


def figures(period: str, today: str):
    code = parse_period(period)
    return figure_sets([code], today=d(today), with_days=code)[code.code]


def at(service, **breakdown) -> tuple:
    """The key of a service's cell (programme, age group or gender given by name)."""
    return (
        f"service:{service.pk}",
        ALL,
        breakdown.get("programme", ALL),
        breakdown.get("age_group", ALL),
        breakdown.get("gender", ALL),
    )


NATION = (ALL, ALL, ALL, ALL, ALL)


def count(fs, name, key=NATION) -> int:
    return fs.cube(name).counts[key]


# --- Served and started at the quarter's edges ---------------------------------------------


def test_an_enrolment_that_starts_on_the_quarters_last_day_is_served_and_started_in_it(where):
    enrol(where, where.bodo, start=d("2026-03-31"))

    q1, q2 = figures("2026Q1", "2026-08-01"), figures("2026Q2", "2026-08-01")

    # Q1: served (start ≤ 31 March, open) and started (start in Q1).
    assert (count(q1, "served"), count(q1, "started")) == (1, 1)
    # Q2: still open, so served; not started in Q2.
    assert (count(q2, "served"), count(q2, "started")) == (1, 0)


def test_an_enrolment_that_ended_the_day_before_the_quarter_is_not_served_in_it(where):
    enrol(where, where.bodo, start=d("2025-10-01"), end=d("2025-12-31"), end_cause=EndCause.WORK)
    enrol(where, where.bodo, start=d("2025-10-01"), end=d("2026-01-01"), end_cause=EndCause.MOVED)

    q1 = figures("2026Q1", "2026-08-01")

    # Only the one that ended on 1 January was enrolled on a day of Q1, and it ended in Q1.
    assert (count(q1, "served"), count(q1, "ended")) == (1, 1)
    assert q1.cube("ended_by_cause").counts[(*NATION, EndCause.MOVED)] == 1
    assert q1.cube("ended_by_cause").counts[(*NATION, EndCause.WORK)] == 0


def test_a_referral_without_a_start_is_not_served(where):
    enrol(where, where.bodo, start=None, referral=d("2026-02-01"))

    assert count(figures("2026Q1", "2026-08-01"), "served") == 0


# --- Holding a competitive job in the quarter ----------------------------------------------


def test_a_job_that_ended_the_day_before_the_quarter_is_not_held_in_it(where):
    before = enrol(where, where.bodo, start=d("2025-09-01"))
    job(before, d("2025-10-01"), d("2025-12-31"))
    on_first_day = enrol(where, where.bodo, start=d("2025-09-01"))
    job(on_first_day, d("2025-10-01"), d("2026-01-01"))

    q1 = figures("2026Q1", "2026-08-01")

    # Two served; only the job that lasted to 1 January was held on a day of Q1.
    assert (count(q1, "served"), count(q1, "competitive_held")) == (2, 1)


def test_a_job_planned_to_start_after_today_is_neither_held_nor_a_job_start(where):
    planned = enrol(where, where.bodo, start=d("2026-01-05"))
    job(planned, d("2026-03-20"))  # today is 15 March: planned

    q1 = figures("2026Q1", "2026-03-15")

    assert count(q1, "served") == 1
    assert count(q1, "competitive_held") == 0
    assert (count(q1, "job_started"), count(q1, "competitive_job_started")) == (0, 0)
    # Once the day has come, it is held and started.
    cache.clear()
    later = figures("2026Q1", "2026-03-20")
    assert (count(later, "competitive_held"), count(later, "competitive_job_started")) == (1, 1)


def test_a_placement_is_a_job_start_but_not_competitive(where):
    trial = enrol(where, where.bodo, start=d("2026-01-05"))
    job(trial, d("2026-02-01"), form=EmploymentForm.WORK_TRIAL)
    low_wage = enrol(where, where.bodo, start=d("2026-01-05"))
    job(low_wage, d("2026-02-01"), competitive=False)

    q1 = figures("2026Q1", "2026-08-01")

    assert (count(q1, "job_started"), count(q1, "competitive_job_started")) == (2, 0)
    assert count(q1, "competitive_held") == 0


def test_a_job_begun_before_the_start_is_held_but_not_a_job_start(where):
    already = enrol(where, where.bodo, start=d("2026-02-01"), referral=d("2026-01-02"))
    job(already, d("2026-01-15"))  # between referral and start

    q1 = figures("2026Q1", "2026-08-01")

    assert count(q1, "competitive_held") == 1
    assert (count(q1, "job_started"), count(q1, "competitive_job_started")) == (0, 0)
    assert q1.median("first_job_days", NATION) is None


def test_a_job_after_the_enrolment_ended_is_not_held_for_it(where):
    ended = enrol(where, where.bodo, start=d("2026-01-05"), end=d("2026-02-10"))
    job(ended, d("2026-02-11"))  # the day after the end

    q1 = figures("2026Q1", "2026-08-01")

    assert (count(q1, "served"), count(q1, "competitive_held"), count(q1, "job_started")) == (
        1,
        0,
        0,
    )


# --- The first face-to-face employer contact ------------------------------------------------


@pytest.mark.parametrize(
    ("contact_day", "in_time", "days"),
    [
        ("2026-01-10", 1, 0),  # on the start day: day 0
        ("2026-01-05", 1, 0),  # between referral and start: day 0
        ("2026-02-09", 1, 30),  # day 30 is in time
        ("2026-02-10", 0, 31),  # day 31 is late
    ],
)
def test_the_first_contact_within_30_calendar_days(where, contact_day, in_time, days):
    enrolment = enrol(where, where.bodo, start=d("2026-01-10"), referral=d("2026-01-02"))
    contact(enrolment, d(contact_day))
    contact(enrolment, d("2026-01-11"), face_to_face=False)  # a phone call does not count

    q1 = figures("2026Q1", "2026-08-01")

    assert (count(q1, "contact_due"), count(q1, "contact_in_time")) == (1, in_time)
    if contact_day != "2026-01-05":
        assert q1.median("first_contact_days", NATION) == days


def test_day_30_must_have_passed_before_the_enrolment_counts_for_the_first_contact(where):
    enrol(where, where.bodo, start=d("2026-01-10"))

    # Day 30 is 9 February: on that day it has not passed; the day after it has.
    assert count(figures("2026Q1", "2026-02-09"), "contact_due") == 0
    cache.clear()
    after = figures("2026Q1", "2026-02-10")
    assert (count(after, "contact_due"), count(after, "contact_in_time")) == (1, 0)


# --- Cohorts at 6 and 12 months, with the leap day -------------------------------------------


@pytest.mark.parametrize(
    ("job_day", "six", "twelve"),
    [
        ("2024-08-29", 1, 1),  # 29 February + 6 months = 29 August: inside
        ("2024-08-30", 0, 1),
        ("2025-02-28", 0, 1),  # + 12 months: no 29 February in 2025, held at the 28th
        ("2025-03-01", 0, 0),
    ],
)
def test_the_cohort_window_from_the_leap_day(where, job_day, six, twelve):
    enrolment = enrol(where, where.bodo, start=d("2024-02-29"))
    job(enrolment, d(job_day))

    q1 = figures("2024Q1", "2026-01-01")

    assert count(q1, "started") == 1
    assert (count(q1, "cohort6"), count(q1, "cohort12")) == (six, twelve)


def test_education_counts_for_a_cohort_only_in_a_programme_that_covers_education(where):
    young = enrol(where, where.bodo, start=d("2025-01-10"), programme="ips-ung")
    education(young, d("2025-03-01"))
    adult = enrol(where, where.bodo, start=d("2025-01-10"), programme="ips")
    education(adult, d("2025-03-01"))
    planned = enrol(where, where.bodo, start=d("2025-01-10"), programme="ips-ung")
    education(planned, d("2025-03-01"), status=EducationStatus.PLANNED)

    q1 = figures("2025Q1", "2026-06-01")

    assert count(q1, "started") == 3
    assert count(q1, "cohort6") == 1  # IPS-ung's education start only
    assert count(q1, "education_started") == 2  # a start whatever the programme; not planned


# --- Education completions ------------------------------------------------------------------


def test_an_education_completion_counts_in_the_quarter_of_its_end_date(where):
    enrolment = enrol(where, where.bodo, start=d("2025-06-01"))
    education(enrolment, d("2025-08-15"), d("2026-03-31"), status=EducationStatus.COMPLETED)
    interrupted = enrol(where, where.bodo, start=d("2025-06-01"))
    education(interrupted, d("2025-08-15"), d("2026-02-01"), status=EducationStatus.INTERRUPTED)

    q1, q2 = figures("2026Q1", "2026-08-01"), figures("2026Q2", "2026-08-01")

    assert (count(q1, "education_completed"), count(q2, "education_completed")) == (1, 0)
    assert count(q1, "education_started") == 0  # started in 2025Q3


# --- PHQ-9 and GAD-7 ------------------------------------------------------------------------


def test_response_and_remission_among_those_with_two_answers(where):
    halved = enrol(where, where.bodo, start=d("2025-11-01"))
    answer(halved.participant, "phq-9", d("2025-11-02"), 16)
    answer(halved.participant, "phq-9", d("2026-03-01"), 8)  # 8 ≤ 16 / 2: response, not < 5
    remitted = enrol(where, where.bodo, start=d("2025-11-01"))
    answer(remitted.participant, "phq-9", d("2025-10-01"), 6)  # before the start: the baseline
    answer(remitted.participant, "phq-9", d("2026-02-01"), 4)  # 4 > 3: no response; < 5
    once = enrol(where, where.bodo, start=d("2025-11-01"))
    answer(once.participant, "phq-9", d("2026-01-15"), 20)  # one answer: not counted
    later = enrol(where, where.bodo, start=d("2025-11-01"))
    answer(later.participant, "phq-9", d("2025-12-01"), 10)
    answer(later.participant, "phq-9", d("2026-04-01"), 2)  # after Q1: not in Q1's figures
    zero = enrol(where, where.bodo, start=d("2025-11-01"))
    answer(zero.participant, "gad-7", d("2025-12-01"), 0)
    answer(zero.participant, "gad-7", d("2026-01-01"), 0)  # from 0 there is no response

    q1 = figures("2026Q1", "2026-08-01")

    assert [count(q1, f"phq9_{n}") for n in ("answered", "response", "remission")] == [2, 1, 1]
    assert [count(q1, f"gad7_{n}") for n in ("answered", "response", "remission")] == [1, 0, 1]


# --- Medians --------------------------------------------------------------------------------


def test_the_waiting_time_median_of_those_who_started_in_the_quarter(where):
    # Waiting 0, 3, 10, 11, 40 days: the median is 10. One started in Q4 is not counted.
    for referral, start in (
        ("2026-01-05", "2026-01-05"),
        ("2026-01-02", "2026-01-05"),
        ("2026-01-01", "2026-01-11"),
        ("2026-03-20", "2026-03-31"),
        ("2025-12-01", "2026-01-10"),
        ("2025-10-01", "2025-12-31"),
    ):
        enrol(where, where.bodo, referral=d(referral), start=d(start))

    q1 = figures("2026Q1", "2026-08-01")

    assert count(q1, "waiting_days") == 5
    assert q1.median("waiting_days", NATION) == 10
    assert q1.median("waiting_days", at(where.bodo)) == 10


def test_an_even_number_of_waiting_times_has_the_mean_of_the_middle_two(where):
    for days in (2, 4, 6, 9):  # median (4 + 6) / 2 = 5
        enrol(where, where.fauske, referral=d("2026-01-01"), start=d(f"2026-01-{1 + days:02d}"))

    assert figures("2026Q1", "2026-08-01").median("waiting_days", NATION) == 5


# --- The cells: age group, gender, programme, geography, office ------------------------------


def test_age_group_by_the_age_on_the_quarters_last_day(where):
    # On 31 March 2026: born 31 March 1996 is 30 (older), born 1 April 1996 is 29 (young).
    # Born 29 February 1996 turned 30 on 28 February or 1 March; either way, older.
    for born in ("1996-03-31", "1996-04-01", "1996-02-29"):
        enrol(where, where.bodo, start=d("2026-01-05"), birth_date=d(born))

    q1 = figures("2026Q1", "2026-08-01")

    assert count(q1, "served", at(where.bodo, age_group="older")) == 2
    assert count(q1, "served", at(where.bodo, age_group="young")) == 1


def test_gender_and_programme_cells(where):
    enrol(where, where.bodo, start=d("2026-01-05"), gender=Gender.MALE)
    enrol(where, where.bodo, start=d("2026-01-05"), gender=Gender.FEMALE, programme="ams")
    enrol(where, where.bodo, start=d("2026-01-05"), gender=Gender.FEMALE)

    q1 = figures("2026Q1", "2026-08-01")

    assert count(q1, "served", at(where.bodo, gender=Gender.MALE)) == 1
    assert count(q1, "served", at(where.bodo, gender=Gender.FEMALE)) == 2
    assert count(q1, "served", at(where.bodo, gender=Gender.UNKNOWN)) == 0
    assert count(q1, "served", at(where.bodo, programme="ams")) == 1
    assert count(q1, "served", at(where.bodo, programme="ips")) == 2


def test_the_counting_unit_is_the_enrolment_so_the_services_add_up(where):
    """docs/indicators.md, «The counting unit». One person: an enrolment at NAV Bodø that
    ended on 20 January 2026, a new one at NAV Tromsø from 1 March with a competitive job from
    10 March. In Q1 2026 both enrolments were served: Bodø 0 of 1 held a job, Tromsø 1 of 1,
    and the nation 1 of 2 (2 = 1 + 1; counted per person the nation would be 1 of 1 and
    the services would not add up to it)."""
    first = enrol(where, where.bodo, start=d("2025-06-01"), end=d("2026-01-20"))
    second = enrol(where, where.tromso, start=d("2026-03-01"), person=first.participant)
    job(second, d("2026-03-10"))

    q1 = figures("2026Q1", "2026-08-01")

    assert (count(q1, "served", at(where.bodo)), count(q1, "competitive_held", at(where.bodo))) == (
        1, 0,
    )  # fmt: skip
    assert (
        count(q1, "served", at(where.tromso)),
        count(q1, "competitive_held", at(where.tromso)),
    ) == (1, 1)
    assert (count(q1, "served"), count(q1, "competitive_held")) == (2, 1)


def test_services_add_up_through_municipality_county_and_region(where):
    enrol(where, where.bodo, start=d("2026-01-05"))
    enrol(where, where.fauske, start=d("2026-01-05"))
    enrol(where, where.tromso, start=d("2026-01-05"))
    enrol(where, where.oslo, start=d("2026-01-05"))

    q1 = figures("2026Q1", "2026-08-01")

    def geo(value):
        return count(q1, "served", (value, ALL, ALL, ALL, ALL))

    assert geo("municipality:1804") == 1
    assert geo("county:18") == 2  # Bodø and Fauske
    assert geo("county:55") == 1
    assert geo("region:nord") == 3  # Nordland and Troms
    assert geo("region:sor-ost") == 1
    assert geo("county:46") == 0  # a county with no service is there, with 0
    assert count(q1, "served") == 4


def test_the_office_is_the_earliest_counsellor_active_in_the_period(where):
    person_a = enrol(where, where.bodo, start=d("2026-01-05")).participant
    counsellor_at(where.fauske, person_a, d("2025-06-01"), d("2025-12-31"))  # ended before Q1
    counsellor_at(where.tromso, person_a, d("2026-02-01"))  # joined during Q1
    counsellor_at(where.bodo, person_a, d("2026-03-01"))  # later still
    person_b = enrol(where, where.bodo, start=d("2026-01-05")).participant
    counsellor_at(where.oslo, person_b, d("2025-01-01"), d("2026-01-01"))  # ended on Q1's 1st day
    enrol(where, where.bodo, start=d("2026-01-05"))  # no counsellor in the team

    q1 = figures("2026Q1", "2026-08-01")

    def office(value):
        return count(q1, "served", (ALL, value, ALL, ALL, ALL))

    assert office(f"office:{where.tromso.pk}") == 1
    assert office(f"office:{where.oslo.pk}") == 1
    assert office(f"office:{where.bodo.pk}") == 0
    assert office(f"office:{where.fauske.pk}") == 0
    assert office(f"office:{NO_COUNSELLOR}") == 1
    assert count(q1, "served") == 3  # the offices with «none» add up to the nation


def test_every_published_total_is_the_sum_of_its_parts(where):
    for service, start, gender in (
        (where.bodo, "2026-01-05", Gender.MALE),
        (where.bodo, "2026-02-05", Gender.FEMALE),
        (where.fauske, "2026-03-05", Gender.FEMALE),
        (where.oslo, "2026-01-25", Gender.UNKNOWN),
    ):
        enrolment = enrol(where, service, start=d(start), gender=gender)
        job(enrolment, d("2026-03-01"))
        counsellor_at(where.tromso, enrolment.participant, d("2026-01-01"))

    q1 = figures("2026Q1", "2026-08-01")

    for name in ("served", "competitive_held", "started", "ended_by_cause", "waiting_days"):
        cube = q1.cube(name)
        relations = list(cube.constraints())
        assert len(relations) > 100
        for total, parts in relations:
            assert cube.counts[total] == sum(cube.counts[p] for p in parts), (name, total)


# --- A fixed number of queries ----------------------------------------------------------------


def _queries(period: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        figures(period, "2026-08-01")
    return len(captured)


def test_the_figures_take_the_same_queries_for_one_enrolment_and_for_many(where):
    enrol(where, where.bodo, start=d("2026-01-05"))
    one = _queries("2026Q1")
    for service in (where.bodo, where.fauske, where.tromso, where.oslo) * 5:
        enrolment = enrol(where, service, start=d("2026-02-01"))
        job(enrolment, d("2026-03-01"))
        contact(enrolment, d("2026-02-10"))
        answer(enrolment.participant, "phq-9", d("2026-02-02"), 12)
        counsellor_at(where.tromso, enrolment.participant, d("2026-01-01"))

    assert _queries("2026Q1") == one


def test_a_rate_is_hidden_wherever_a_count_it_shows_is_hidden():
    """Six IPS enrolments at one service and two IPS-ung at another: the served count by
    programme hides both (the 2, and the 6 that would give it away beside the total of 8).
    The competitive rate by programme must not print «0 av 6» for IPS: 8 − 6 would give
    IPS-ung's hidden 2 back."""
    where = place()
    for _ in range(6):
        enrol(where, where.bodo, start=d("2025-03-01"))
    for _ in range(2):
        enrol(where, where.tromso, start=d("2025-03-01"), programme="ips-ung")

    report = build_report(THE_NATION, year_of(2025))
    served = {
        r.cell.coordinates["programme"]: r.cell for r in report.table("served", "programme").rows
    }
    rate = {
        r.cell.coordinates["programme"]: r.cell
        for r in report.table("competitive_rate", "programme").rows
    }

    assert served["ips"].suppressed and served["ips-ung"].suppressed
    assert (rate["ips"].suppressed, rate["ips"].denominator, rate["ips"].numerator) == (
        True, None, None,
    )  # fmt: skip
    # Wherever a rate is published, so is each count it shows.
    for programme, cell in rate.items():
        if not cell.suppressed:
            assert not served[programme].suppressed
            assert cell.denominator == served[programme].numerator


def test_the_database_connection_compiles_no_queries():
    # The counting statement spent nine tenths of its time in PostgreSQL's JIT compiler
    # (docs/reporting.md, «Speed»): Los's connections turn it off.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

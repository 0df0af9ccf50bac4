"""The SQL figures equal the per-enrolment reference functions (los/pathways/outcomes.py)
summed: for random enrolments with random jobs, education, employer contacts, answers and
counsellors, around a quarter and for several «todays», every count per service, per NAV
office and for the nation, and every distribution behind the medians."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from los.core.days import add_days
from los.pathways.models import PLACEMENT_FORMS, EducationStatus, EmploymentForm, EndCause
from los.pathways.outcomes import (
    FIRST_CONTACT_DEADLINE_DAYS,
    EducationSpan,
    EnrolmentDates,
    JobSpan,
    cohort_outcome,
    days_referral_to_start,
    education_completed,
    education_started,
    has_begun,
    held_competitive_job_in,
    indicators,
    measure_remission,
    measure_response,
    served_in,
)
from los.reporting.figures import COUNTS, NO_COUNSELLOR, day_counts, period_counts
from los.reporting.periods import parse_period
from tests.reporting.builders import (
    answer,
    contact,
    counsellor_at,
    education,
    enrol,
    job,
    place,
)

pytestmark = pytest.mark.django_db

QUARTER = parse_period("2026Q1")
FIRST, LAST = datetime.date(2025, 11, 1), datetime.date(2026, 5, 31)
TODAYS = [datetime.date(2026, 2, 15), datetime.date(2026, 3, 31), datetime.date(2026, 4, 1),
          datetime.date(2026, 10, 1), datetime.date(2027, 4, 1)]  # fmt: skip

days = st.dates(min_value=FIRST, max_value=LAST)
maybe_days = st.none() | days


@st.composite
def spans(draw):
    start = draw(days)
    end = draw(st.none() | st.dates(min_value=start, max_value=LAST))
    return start, end


job_specs = st.tuples(
    spans(),
    st.sampled_from([EmploymentForm.PERMANENT, EmploymentForm.WORK_TRIAL]),
    st.booleans(),  # ordinary wage
)
education_specs = st.tuples(spans(), st.sampled_from(list(EducationStatus)))
answer_specs = st.lists(
    st.tuples(st.sampled_from(["phq-9", "gad-7"]), days, st.integers(0, 21)), max_size=4
)


@st.composite
def enrolment_specs(draw):
    referral = draw(days)
    start = draw(st.none() | st.dates(min_value=referral, max_value=LAST))
    end = None
    if start is not None:
        end = draw(st.none() | st.dates(min_value=start, max_value=LAST))
    return {
        "service": draw(st.integers(0, 1)),
        "programme": draw(st.sampled_from(["ips", "ips-ung"])),
        "referral": referral,
        "start": start,
        "end": end,
        "end_cause": draw(st.sampled_from([EndCause.WORK, EndCause.ILLNESS, ""])),
        "born": draw(st.dates(datetime.date(1990, 1, 1), datetime.date(2002, 12, 31))),
        "jobs": draw(st.lists(job_specs, max_size=2)),
        "educations": draw(st.lists(education_specs, max_size=1)),
        "contacts": draw(st.lists(st.tuples(days, st.booleans()), max_size=2)),
        "answers": draw(answer_specs),
        "counsellors": draw(st.lists(st.tuples(st.integers(0, 1), spans()), max_size=2)),
    }


def _reference(spec, today):
    """The counts and day figures of one enrolment, by the reference functions."""
    q = QUARTER
    dates = EnrolmentDates(spec["referral"], spec["start"], spec["end"])
    as_of = dates.as_of(today)
    jobs = [
        JobSpan(s, e, Decimal(20), form not in PLACEMENT_FORMS and ordinary)
        for (s, e), form, ordinary in spec["jobs"]
    ]
    educations = [EducationSpan(s, e, status) for (s, e), status in spec["educations"]]
    figures = {name: 0 for name in COUNTS}
    day_figures = {}
    if not served_in(dates, q.start, q.end):
        return figures, day_figures
    start = dates.start
    one = indicators(
        dates=dates,
        passive=[],
        face_to_face_contacts=[day for day, face in spec["contacts"] if face],
        jobs=jobs,
        educations=educations,
        as_of=today,
    )
    started = q.start <= start <= q.end
    due = started and add_days(start, FIRST_CONTACT_DEADLINE_DAYS) < today
    first = one.first_employer_contact
    begun_starts = [j for j in jobs if has_begun(j, as_of) and j.start >= start]
    covers = spec["programme"] == "ips-ung"
    figures.update(
        served=1,
        competitive_held=int(held_competitive_job_in(dates, jobs, q.start, q.end, today)),
        started=int(started),
        contact_due=int(due),
        contact_in_time=int(due and first is not None and first.calendar <= 30),
        ended=int(dates.end is not None and q.start <= dates.end <= q.end),
        education_started=int(
            any(education_started(e, start, as_of) and q.contains(e.start) for e in educations)
        ),
        education_completed=int(
            any(education_completed(e, as_of) and q.contains(e.end) for e in educations)
        ),
        job_started=int(any(q.contains(j.start) for j in begun_starts)),
        competitive_job_started=int(
            any(q.contains(j.start) and j.competitive for j in begun_starts)
        ),
    )  # fmt: skip
    for months in (6, 12):
        outcome = cohort_outcome(
            dates, covers_education=covers, jobs=jobs, educations=educations, months=months,
            as_of=today,
        )  # fmt: skip
        figures[f"cohort{months}"] = int(started and outcome is True)
    for prefix, code in (("phq9", "phq-9"), ("gad7", "gad-7")):
        points = [(day, Decimal(total)) for c, day, total in spec["answers"] if c == code]
        upto = min(q.end, today)
        answered = len([p for p in points if p[0] <= upto]) >= 2
        figures[f"{prefix}_answered"] = int(answered)
        figures[f"{prefix}_response"] = int(measure_response(points, upto) is True)
        figures[f"{prefix}_remission"] = int(measure_remission(points, upto) is True)
    if started:
        day_figures["waiting_days"] = days_referral_to_start(dates)
        for name, value in (
            ("first_contact_days", first),
            ("first_job_days", one.first_job),
            ("first_competitive_job_days", one.first_competitive_job),
        ):
            if value is not None:
                day_figures[name] = value.calendar
    return figures, day_figures


def _office(spec, offices, today) -> str:
    """The reference for the office dimension: the earliest counsellor on the team whose
    membership was active on a day of Q1 up to today (the earliest added first)."""
    active = [
        (start, order, which)
        for order, (which, (start, end)) in enumerate(spec["counsellors"])
        if start <= min(QUARTER.end, today) and (end is None or end >= QUARTER.start)
    ]
    if not active:
        return NO_COUNSELLOR
    return str(offices[min(active)[2]].pk)


def _write(where, spec, services, offices):
    enrolment = enrol(
        where,
        services[spec["service"]],
        referral=spec["referral"],
        start=spec["start"],
        end=spec["end"],
        end_cause=spec["end_cause"] if spec["end"] else "",
        programme=spec["programme"],
        birth_date=spec["born"],
    )
    for (start, end), form, ordinary in spec["jobs"]:
        job(enrolment, start, end, form=form, competitive=ordinary)
    for (start, end), status in spec["educations"]:
        education(enrolment, start, end, status=status)
    for day, face in spec["contacts"]:
        contact(enrolment, day, face_to_face=face)
    for code, day, total in spec["answers"]:
        answer(enrolment.participant, code, day, total)
    for which, (start, end) in spec["counsellors"]:
        counsellor_at(offices[which], enrolment.participant, start, end)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(enrolment_specs(), min_size=1, max_size=5), today=st.sampled_from(TODAYS))
def test_the_sql_figures_are_the_reference_functions_summed(specs, today):
    with transaction.atomic():
        where = place()
        services = [where.bodo, where.tromso]
        offices = [where.fauske, where.oslo]
        for spec in specs:
            _write(where, spec, services, offices)

        counted = period_counts([QUARTER], today)[QUARTER.code].counts
        histograms = day_counts(QUARTER, today)

        expected_service = {str(s.pk): Counter() for s in services}
        expected_office: dict[str, Counter] = {}
        expected_days = {name: Counter() for name in histograms}
        for spec in specs:
            figures, day_figures = _reference(spec, today)
            service = str(services[spec["service"]].pk)
            expected_service[service].update(figures)
            if figures["served"]:
                expected_office.setdefault(_office(spec, offices, today), Counter()).update(figures)
            for name, value in day_figures.items():
                expected_days[name][value] += 1

        got_service = {str(s.pk): Counter() for s in services}
        got_office: dict[str, Counter] = {}
        for (service, office, *_rest), row in counted.items():
            got_service[service].update(dict(zip(COUNTS, row, strict=True)))
            got_office.setdefault(office, Counter()).update(dict(zip(COUNTS, row, strict=True)))
        got_days = {name: Counter() for name in histograms}
        for name, by_cell in histograms.items():
            for histogram in by_cell.values():
                got_days[name].update(histogram)

        for service in expected_service:
            for name in COUNTS:
                assert got_service[service][name] == expected_service[service][name], (
                    name,
                    service,
                )
        assert {o: +c for o, c in got_office.items()} == {o: +c for o, c in expected_office.items()}
        assert got_days == expected_days
        transaction.set_rollback(True)

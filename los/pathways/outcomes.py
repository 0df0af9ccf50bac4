"""What counts as a result: the one module for every indicator per enrolment.

Each definition, with its source, is in docs/indicators.md; the functions here are the
reference. The caseload flags, the pathway page, the fidelity figures and the export call
them, and the aggregates computed in SQL must give what these give (a property test compares
them). Everything here takes plain dates and small dataclasses, never querysets, so the
same rule can be checked against any dated case by hand.

In short:
- A competitive job is open to anyone, pays the ordinary wage for the work, and is not a
  time-limited training or assessment placement.
- The clock starts at the enrolment's start (programme entry). Days are calendar days (the
  IPS headline); the passive days are their own number, and the active days are the
  difference. A face-to-face employer contact made before the start counts as day 0.
- A job or education that starts after the as-of day is planned, not held. A job that began
  before the start is held while enrolled but is not a job start.
"""

from __future__ import annotations

import calendar
import datetime
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from los.core.days import add_days
from los.pathways.models import PLACEMENT_FORMS, EducationStatus, EmploymentForm

FIRST_CONTACT_DEADLINE_DAYS = 30
# IPS Employment Center quarterly competitive employment benchmarks, in per cent.
BENCHMARKS = {"minimal": 31, "average": 41, "excellent": 50}
COHORT_MONTHS = (6, 12)


# --- Competitive jobs ----------------------------------------------------------------------


@dataclass(frozen=True)
class Competitiveness:
    competitive: bool
    reasons: tuple[str, ...]

    @property
    def text(self) -> str:
        if self.competitive:
            return _("Konkurranseutsatt jobb: åpen for alle, ordinær lønn, ikke et tiltak.")
        return _("Ikke konkurranseutsatt: %(reasons)s.") % {"reasons": ", ".join(self.reasons)}


def competitiveness(job) -> Competitiveness:
    """Whether a job is competitive, with the reasons when it is not."""
    reasons = []
    if job.employment_form in PLACEMENT_FORMS:
        reasons.append(
            _("%(form)s er en tidsavgrenset trenings- eller utprøvingsplass")
            % {"form": EmploymentForm(job.employment_form).label}
        )
    if not job.paid:
        reasons.append(_("jobben er ikke lønnet"))
    elif not job.ordinary_wage:
        reasons.append(_("lønnen er lavere enn ordinær lønn for arbeidet"))
    if not job.open_to_anyone:
        reasons.append(_("stillingen er satt av til personer med nedsatt funksjonsevne"))
    return Competitiveness(competitive=not reasons, reasons=tuple(reasons))


# --- The enrolment and its clock -----------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentDates:
    referral: datetime.date
    start: datetime.date | None  # None: referred, waiting for the start
    end: datetime.date | None = None  # the last day enrolled; None: still open

    def as_of(self, day: datetime.date) -> datetime.date:
        """The day an ended enrolment's figures are taken on: nothing after its end counts."""
        return min(day, self.end) if self.end is not None else day


@dataclass(frozen=True)
class Period:
    """A passive period: passive from `start` up to, not including, `end` (the day the
    enrolment was made active again). None: still passive."""

    start: datetime.date
    end: datetime.date | None


def passive_days(passive: Iterable[Period], start: datetime.date, until: datetime.date) -> int:
    """Days in [start, until) inside at least one passive period. A day in two periods
    counts once, so this is never more than the days from start to until."""
    spans = sorted(
        (max(p.start, start), min(p.end or until, until))
        for p in passive
        if min(p.end or until, until) > max(p.start, start)
    )
    days = 0
    covered_until = start  # the first day not yet counted
    for begin, end in spans:
        begin = max(begin, covered_until)
        if end > begin:
            days += (end - begin).days
            covered_until = end
    return days


def active_days(passive: Iterable[Period], start: datetime.date, until: datetime.date) -> int:
    """Days from `start` to `until`, not counting passive days."""
    return max((until - start).days, 0) - passive_days(passive, start, until)


@dataclass(frozen=True)
class Elapsed:
    """The time from the start to an event: calendar days (the headline), the passive days
    among them, and the active days (the difference)."""

    calendar: int
    passive: int
    before_start: bool = False  # an employer contact before the start: counted as day 0

    @property
    def active(self) -> int:
        return self.calendar - self.passive

    @property
    def text(self) -> str:
        """«40 dager etter oppstart: 15 av dem passive, 25 aktive dager», in plain words."""
        if self.before_start:
            return _("før oppstart, regnes som dag 0")
        days = ngettext(
            "%(days)d dag etter oppstart", "%(days)d dager etter oppstart", self.calendar
        ) % {"days": self.calendar}
        if not self.passive:
            return _("%(days)s, ingen passive dager") % {"days": days}
        return _("%(days)s: %(passive)s, %(active)s") % {
            "days": days,
            "passive": ngettext("%(count)d av dem passiv", "%(count)d av dem passive", self.passive)
            % {"count": self.passive},
            "active": ngettext("%(count)d aktiv dag", "%(count)d aktive dager", self.active)
            % {"count": self.active},
        }


def elapsed(start: datetime.date, passive: Iterable[Period], day: datetime.date) -> Elapsed:
    """From the start to `day`; a day before the start is day 0."""
    if day <= start:
        return Elapsed(0, 0, before_start=day < start)
    return Elapsed((day - start).days, passive_days(passive, start, day))


# --- The first face-to-face employer contact -----------------------------------------------


def first_contact_day(contacts: Iterable[datetime.date]) -> datetime.date | None:
    """The first face-to-face employer contact that counts: the earliest on the enrolment's
    behalf, also one between the referral and the start (it counts as day 0)."""
    return min(contacts, default=None)


def first_contact_deadline(
    start: datetime.date | None, passive: Iterable[Period], as_of: datetime.date
) -> datetime.date | None:
    """The day the first face-to-face employer contact is due (start + 30 days, moved on by
    the passive days so far), or None before the start."""
    if start is None:
        return None
    return add_days(start, FIRST_CONTACT_DEADLINE_DAYS + passive_days(passive, start, as_of))


def first_contact_due(
    *,
    start: datetime.date | None,
    passive: Iterable[Period],
    first_contact: datetime.date | None,
    as_of: datetime.date,
) -> datetime.date | None:
    """The deadline while the clock runs for the first contact, else None. The caseload and
    the pathway page both ask this."""
    if not awaits_first_contact(start, first_contact):
        return None
    return first_contact_deadline(start, passive, as_of)


def awaits_first_contact(start: datetime.date | None, first_contact: datetime.date | None):
    """The 30-day clock runs: started, and no face-to-face contact on the enrolment's behalf
    yet (one made before the start counts)."""
    return start is not None and first_contact is None


# --- Jobs and education --------------------------------------------------------------------


@dataclass(frozen=True)
class JobSpan:
    start: datetime.date
    end: datetime.date | None  # the last day worked; None: still held
    hours_per_week: Decimal
    competitive: bool


def has_begun(job: JobSpan, as_of: datetime.date) -> bool:
    """Not planned: a job that starts after the as-of day is not (yet) a job."""
    return job.start <= as_of


def held_on(job: JobSpan, day: datetime.date) -> bool:
    return job.start <= day and (job.end is None or job.end >= day)


def tenure_days(job: JobSpan, as_of: datetime.date) -> int | None:
    """Days held from its start to the earlier of its end and the as-of day, both ends
    included; None for a planned job."""
    if not has_begun(job, as_of):
        return None
    last = min(job.end or as_of, as_of)
    return (last - job.start).days + 1


def whole_weeks(days: int | None) -> int | None:
    return None if days is None else days // 7


def _days_in_jobs(jobs: Iterable[JobSpan], as_of: datetime.date) -> int:
    """Days up to `as_of` on which at least one of these jobs was held."""
    days = 0
    covered_until: datetime.date | None = None  # the last day already counted
    for job in sorted((j for j in jobs if has_begun(j, as_of)), key=lambda j: j.start):
        last = min(job.end or as_of, as_of)
        first = job.start if covered_until is None else max(job.start, add_days(covered_until, 1))
        if last >= first:
            days += (last - first).days + 1
            covered_until = last if covered_until is None else max(covered_until, last)
    return days


@dataclass(frozen=True)
class EducationSpan:
    start: datetime.date
    end: datetime.date | None
    status: str  # EducationStatus


def education_started(education: EducationSpan, start: datetime.date, as_of) -> bool:
    """An education start of the service's: begun (not planned) on or after the enrolment's
    start, by the as-of day."""
    return education.status != EducationStatus.PLANNED and start <= education.start <= as_of


def education_completed(education: EducationSpan, as_of: datetime.date) -> bool:
    return (
        education.status == EducationStatus.COMPLETED
        and education.end is not None
        and education.end <= as_of
    )


# --- The indicators of one enrolment -------------------------------------------------------


@dataclass(frozen=True)
class Indicators:
    first_employer_contact: Elapsed | None
    first_contact_in_time: bool | None  # None: not started, or still inside the 30 days
    first_job: Elapsed | None  # the first job start of any kind
    first_competitive_job: Elapsed | None
    jobs: int  # begun by the as-of day, also before the start
    competitive_jobs: int
    job_starts: int  # begun on or after the start
    competitive_job_starts: int
    job_tenure_days: int  # days in competitive jobs, a day in two jobs once
    hours_per_week: Decimal | None  # summed over the competitive jobs held on the as-of day
    education_starts: int
    education_completions: int
    days_referral_to_start: int | None
    end_date: datetime.date | None
    end_cause: str  # EndCause, "" while open

    @property
    def job_tenure_weeks(self) -> int:
        return self.job_tenure_days // 7

    @property
    def jobs_before_start(self) -> int:
        """Begun before the start: held, but not the service's job starts."""
        return self.jobs - self.job_starts


def indicators(
    *,
    dates: EnrolmentDates,
    passive: list[Period],
    face_to_face_contacts: list[datetime.date],
    jobs: list[JobSpan],
    educations: list[EducationSpan],
    as_of: datetime.date,
    end_cause: str = "",
) -> Indicators:
    """The enrolment's figures on the as-of day (for an ended enrolment: on its end)."""
    as_of = dates.as_of(as_of)
    begun = [j for j in jobs if has_begun(j, as_of)]
    competitive = [j for j in begun if j.competitive]
    start = dates.start
    first_contact = in_time = first_job = first_competitive = None
    starts: list[JobSpan] = []
    educations_started = 0
    if start is not None:
        contact = first_contact_day(d for d in face_to_face_contacts if d <= as_of)
        if contact is not None:
            first_contact = elapsed(start, passive, contact)
            in_time = first_contact.active <= FIRST_CONTACT_DEADLINE_DAYS
        elif active_days(passive, start, as_of) > FIRST_CONTACT_DEADLINE_DAYS:
            in_time = False
        starts = sorted((j for j in begun if j.start >= start), key=lambda j: j.start)
        if starts:
            first_job = elapsed(start, passive, starts[0].start)
        competitive_starts = [j for j in starts if j.competitive]
        if competitive_starts:
            first_competitive = elapsed(start, passive, competitive_starts[0].start)
        educations_started = sum(1 for e in educations if education_started(e, start, as_of))
    held_hours = [j.hours_per_week for j in competitive if held_on(j, as_of)]
    return Indicators(
        first_employer_contact=first_contact,
        first_contact_in_time=in_time,
        first_job=first_job,
        first_competitive_job=first_competitive,
        jobs=len(begun),
        competitive_jobs=len(competitive),
        job_starts=len(starts),
        competitive_job_starts=sum(1 for j in starts if j.competitive),
        job_tenure_days=_days_in_jobs(competitive, as_of),
        hours_per_week=sum(held_hours, Decimal(0)) if held_hours else None,
        education_starts=educations_started,
        education_completions=sum(1 for e in educations if education_completed(e, as_of)),
        days_referral_to_start=days_referral_to_start(dates),
        end_date=dates.end,
        end_cause=end_cause if dates.end is not None else "",
    )


def days_referral_to_start(dates: EnrolmentDates) -> int | None:
    """The waiting time: calendar days from the referral to the start."""
    if dates.start is None:
        return None
    return (dates.start - dates.referral).days


def waiting_on(dates: EnrolmentDates, day: datetime.date) -> bool:
    """Referred by `day`, not started by it, and not ended before it."""
    return (
        dates.referral <= day
        and (dates.start is None or dates.start > day)
        and (dates.end is None or dates.end >= day)
    )


# --- The quarter and the cohorts (reference for the SQL aggregates) ------------------------


def served_in(dates: EnrolmentDates, q_start: datetime.date, q_end: datetime.date) -> bool:
    """Started, and enrolled on at least one day of [q_start, q_end]. Passive days count: a
    paused person is still on the caseload."""
    return (
        dates.start is not None
        and dates.start <= q_end
        and (dates.end is None or dates.end >= q_start)
    )


def held_competitive_job_in(
    dates: EnrolmentDates,
    jobs: Iterable[JobSpan],
    q_start: datetime.date,
    q_end: datetime.date,
    as_of: datetime.date,
) -> bool:
    """A competitive job held on a day that is in the quarter, not after the as-of day, and
    inside the enrolment. A job begun before the start counts for the days after it."""
    if dates.start is None:
        return False
    first = max(q_start, dates.start)
    last = min(q_end, as_of, dates.end or datetime.date.max)
    return any(
        job.competitive and max(first, job.start) <= min(last, job.end or datetime.date.max)
        for job in jobs
    )


def months_after(day: datetime.date, months: int) -> datetime.date:
    """`day` moved on by calendar months, held at the month's last day (31 August + 6 months
    = 28 February, or 29 in a leap year)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def _within(dates: EnrolmentDates, starts: Iterable[datetime.date], months: int, as_of):
    if dates.start is None:
        return None
    deadline = months_after(dates.start, months)
    last = min(deadline, dates.as_of(as_of))
    if any(dates.start <= day <= last for day in starts):
        return True
    still_open = dates.end is None or dates.end > as_of
    if deadline > as_of and still_open:
        return None  # the window has not closed: no result yet
    return False  # the window closed, or the enrolment ended, without a start


def competitive_job_within(
    dates: EnrolmentDates, jobs: Iterable[JobSpan], months: int, as_of: datetime.date
) -> bool | None:
    """A competitive job start within `months` of the start; None while undecided."""
    return _within(dates, (j.start for j in jobs if j.competitive), months, as_of)


def work_or_education_within(
    dates: EnrolmentDates,
    jobs: Iterable[JobSpan],
    educations: Iterable[EducationSpan],
    months: int,
    as_of: datetime.date,
) -> bool | None:
    """For programmes that cover education (IPS-ung): a competitive job start or an
    education start within `months`; None while undecided."""
    starts = [j.start for j in jobs if j.competitive] + [
        e.start for e in educations if e.status != EducationStatus.PLANNED
    ]
    return _within(dates, starts, months, as_of)


def cohort_outcome(
    dates: EnrolmentDates,
    *,
    covers_education: bool,
    jobs: Iterable[JobSpan],
    educations: Iterable[EducationSpan],
    months: int,
    as_of: datetime.date,
) -> bool | None:
    if covers_education:
        return work_or_education_within(dates, jobs, educations, months, as_of)
    return competitive_job_within(dates, jobs, months, as_of)


# --- Cells: what a report counts, enrolment by enrolment ------------------------------------
# The unit is the enrolment (docs/indicators.md, «The counting unit»): the same rule as the
# reports' SQL (los/reporting/figures.py), so a cell's figures add up to its totals.


@dataclass(frozen=True)
class EnrolmentFacts:
    """One enrolment as the aggregates see it: whose it is and its dated rows."""

    participant: int
    dates: EnrolmentDates
    jobs: tuple[JobSpan, ...] = ()
    educations: tuple[EducationSpan, ...] = ()
    covers_education: bool = False  # the programme's, Programme.covers_education


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return 100 * self.numerator / self.denominator if self.denominator else None


def quarterly_employment(
    facts: Iterable[EnrolmentFacts], q_start: datetime.date, q_end: datetime.date, as_of
) -> Share:
    """Enrolments that held a competitive job in the quarter ÷ enrolments served in it. A
    person with two enrolments in the cell (one ended, a new one begun) counts twice."""
    served = held = 0
    for fact in facts:
        if served_in(fact.dates, q_start, q_end):
            served += 1
            if held_competitive_job_in(fact.dates, fact.jobs, q_start, q_end, as_of):
                held += 1
    return Share(held, served)


def cohort_share(
    facts: Iterable[EnrolmentFacts],
    p_start: datetime.date,
    p_end: datetime.date,
    months: int,
    as_of: datetime.date,
) -> Share | None:
    """Of the enrolments started in [p_start, p_end], those with a competitive job start (or,
    where the programme covers education, an education start) within `months`. None until
    every one of them has a result."""
    results: list[bool | None] = []
    for fact in facts:
        start = fact.dates.start
        if start is None or not p_start <= start <= p_end:
            continue
        result = cohort_outcome(
            fact.dates,
            covers_education=fact.covers_education,
            jobs=fact.jobs,
            educations=fact.educations,
            months=months,
            as_of=as_of,
        )
        results.append(result)
    if any(result is None for result in results):
        return None
    return Share(sum(1 for result in results if result), len(results))


def median_waiting_days(
    facts: Iterable[EnrolmentFacts], p_start: datetime.date, p_end: datetime.date
) -> float | None:
    """The median days from referral to start over the enrolments started in the period
    (each referral is its own wait, so this one counts enrolments, not people)."""
    days = [
        days_referral_to_start(f.dates)
        for f in facts
        if f.dates.start is not None and p_start <= f.dates.start <= p_end
    ]
    return float(statistics.median(days)) if days else None


# --- Measurement outcomes ------------------------------------------------------------------

# Instruments with a response (≥ 50 % reduction) and remission (< 5) rule, by code.
RESPONSE_INSTRUMENTS = frozenset({"phq-9", "gad-7"})
# Symptom scales: a lower score is better. On WHO-5 (well-being) a higher one is.
LOWER_IS_BETTER = frozenset({"phq-9", "gad-7"})
REMISSION_BELOW = Decimal(5)


@dataclass(frozen=True)
class MeasureChange:
    first: Decimal
    latest: Decimal
    answers: int

    @property
    def change(self) -> Decimal | None:
        """Latest − first; None with a single answer."""
        return self.latest - self.first if self.answers >= 2 else None


def _series(points: Sequence[tuple[datetime.date, Decimal]], as_of) -> list[Decimal]:
    """Totals in order of their day (ties keep the order given), up to the as-of day."""
    ordered = sorted(points, key=lambda point: point[0])
    return [total for day, total in ordered if as_of is None or day <= as_of]


def measure_change(
    points: Sequence[tuple[datetime.date, Decimal]], as_of: datetime.date | None = None
) -> MeasureChange | None:
    """First, latest and change for any instrument's completed answers (day, total)."""
    totals = _series(points, as_of)
    if not totals:
        return None
    return MeasureChange(first=totals[0], latest=totals[-1], answers=len(totals))


def measure_response(
    points: Sequence[tuple[datetime.date, Decimal]], as_of: datetime.date | None = None
) -> bool | None:
    """PHQ-9 / GAD-7 response: the latest total at least 50 % below the first. None with
    fewer than two answers or a first total of 0."""
    totals = _series(points, as_of)
    if len(totals) < 2 or totals[0] <= 0:
        return None
    return totals[-1] * 2 <= totals[0]


def measure_remission(
    points: Sequence[tuple[datetime.date, Decimal]], as_of: datetime.date | None = None
) -> bool | None:
    """PHQ-9 / GAD-7 remission: the latest total below 5, after at least two answers."""
    totals = _series(points, as_of)
    if len(totals) < 2:
        return None
    return totals[-1] < REMISSION_BELOW

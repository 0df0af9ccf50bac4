"""What counts as a result: a competitive job, and the indicators per enrolment.

Definitions (docs/indicators.md, from the IPS fidelity scale):
- A competitive job is open to anyone, pays the ordinary wage for the work, and is not a
  time-limited training or assessment placement. Any number of hours counts; a wage subsidy
  does not make a job less ordinary.
- The indicators' clocks start at the enrolment's start (the first conversation with the
  participant) and do not run while the enrolment is passive: a pause the participant chose
  is not the service being slow. «Day 30» is 30 days after the start; a first face-to-face
  employer contact on day 30 is in time, on day 31 it is late.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from los.core.days import add_days
from los.pathways.models import PLACEMENT_FORMS, EmploymentForm

FIRST_CONTACT_DEADLINE_DAYS = 30


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


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date | None  # None: still going


def _passive_days(passive: list[Period], start: datetime.date, until: datetime.date) -> int:
    """Days in [start, until) the enrolment was passive."""
    days = 0
    for period in passive:
        begin = max(period.start, start)
        end = min(period.end or until, until)
        if end > begin:
            days += (end - begin).days
    return days


def active_days(passive: list[Period], start: datetime.date, until: datetime.date) -> int:
    """Days from `start` to `until`, not counting passive days."""
    return (until - start).days - _passive_days(passive, start, until)


@dataclass(frozen=True)
class JobSpan:
    start: datetime.date
    end: datetime.date | None
    hours_per_week: Decimal
    competitive: bool


@dataclass(frozen=True)
class Indicators:
    days_to_first_employer_contact: int | None
    first_contact_in_time: bool | None  # None: not started, or still inside the 30 days
    days_to_first_job: int | None  # the first competitive job
    jobs: int
    competitive_jobs: int
    job_tenure_days: int  # days in competitive jobs, overlaps counted once
    hours_per_week: Decimal | None  # in the latest competitive job
    education_starts: int


def indicators(
    *,
    start: datetime.date | None,
    passive: list[Period],
    face_to_face_contacts: list[datetime.date],
    jobs: list[JobSpan],
    education_starts: int,
    as_of: datetime.date,
) -> Indicators:
    competitive = sorted((j for j in jobs if j.competitive), key=lambda j: j.start)
    first_contact = days_to_job = None
    in_time = None
    if start is not None:
        contacts = sorted(d for d in face_to_face_contacts if d >= start)
        if contacts:
            first_contact = active_days(passive, start, contacts[0])
            in_time = first_contact <= FIRST_CONTACT_DEADLINE_DAYS
        elif active_days(passive, start, as_of) > FIRST_CONTACT_DEADLINE_DAYS:
            in_time = False
        started = [j for j in competitive if j.start >= start]
        if started:
            days_to_job = active_days(passive, start, started[0].start)
    return Indicators(
        days_to_first_employer_contact=first_contact,
        first_contact_in_time=in_time,
        days_to_first_job=days_to_job,
        jobs=len(jobs),
        competitive_jobs=len(competitive),
        job_tenure_days=_tenure(competitive, as_of),
        hours_per_week=competitive[-1].hours_per_week if competitive else None,
        education_starts=education_starts,
    )


def _tenure(jobs: list[JobSpan], as_of: datetime.date) -> int:
    """Days worked in these jobs up to `as_of` (end day included), overlaps once."""
    days = 0
    covered_until: datetime.date | None = None  # last day already counted
    for job in sorted(jobs, key=lambda j: j.start):
        last = min(job.end or as_of, as_of)
        first = job.start if covered_until is None else max(job.start, add_days(covered_until, 1))
        if last >= first:
            days += (last - first).days + 1
            covered_until = last if covered_until is None else max(covered_until, last)
    return days


def first_contact_deadline(start: datetime.date | None, passive: list[Period], as_of):
    """The date the first face-to-face employer contact is due (moved on by passive days),
    or None before the start."""
    if start is None:
        return None
    return add_days(start, FIRST_CONTACT_DEADLINE_DAYS + _passive_days(passive, start, as_of))

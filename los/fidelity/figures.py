"""What the record says about a service for a review period, next to the items it informs.

All figures are aggregates over the enrolments the service (organisation) runs, with no
names: caseload per job specialist, face-to-face employer contacts per specialist per week,
the median days to the first face-to-face employer contact, the share of competitive jobs,
how varied the jobs and employers are, the share of follow-along support out in the field,
and how many people in work have had support for more than a year. Each rule is the one the
pathways use (outcomes.py); nothing is counted twice in two ways.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from los.core.days import add_days
from los.core.numbers import plain_number
from los.fidelity.models import DataKey
from los.pathways.models import EmployerContact, Enrolment, Job, PassivePeriod, SupportContact
from los.pathways.outcomes import (
    EnrolmentDates,
    Period,
    competitiveness,
    indicators,
)
from los.pathways.queries import CASELOAD_TARGET, FACE_TO_FACE_TARGET


@dataclass(frozen=True)
class Figure:
    text: str  # the figure in words, for the reviewer
    value: float | None = None  # the number behind it, for tests and the report


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole) if whole else None


def service_figures(organisation, start: datetime.date, end: datetime.date) -> dict[str, Figure]:
    """Every data-assisted figure for the service in [start, end], in a fixed number of
    queries."""
    enrolments = list(
        Enrolment.objects.filter(organisation=organisation, referral_date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)
        )
    )
    ids = [e.pk for e in enrolments]
    jobs = _job_starts(enrolments, ids, start, end)
    return {
        DataKey.CASELOAD: _caseload(enrolments, ids, end),
        DataKey.EMPLOYER_CONTACTS: _employer_contacts(organisation, start, end),
        DataKey.FIRST_CONTACT: _first_contact(enrolments, ids, start, end),
        DataKey.COMPETITIVE: _competitive(jobs),
        DataKey.JOB_TYPES: _diversity(jobs, lambda j: j.title.strip().lower(), "stillinger"),
        DataKey.EMPLOYERS: _diversity(jobs, lambda j: j.employer_id, "arbeidsgivere"),
        DataKey.COMMUNITY: _community(ids, start, end),
        DataKey.TIME_UNLIMITED: _time_unlimited(ids, start, end),
    }


def _job_starts(enrolments, ids, start, end) -> list[Job]:
    """Job starts in the period (docs/indicators.md): begun on or after the enrolment's start
    and by today (a later job is planned); a job the person had before is not one."""
    started = {e.pk: e.start_date for e in enrolments if e.start_date}
    last = min(end, timezone.localdate())
    jobs = Job.objects.filter(enrolment_id__in=started, start_date__range=(start, last))
    return [j for j in jobs.select_related("employer") if j.start_date >= started[j.enrolment_id]]


def _caseload(enrolments, ids, end) -> Figure:
    """Open, not passive enrolments per specialist on the last day of the period."""
    passive_on_end = set(
        PassivePeriod.objects.filter(enrolment_id__in=ids, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=end))
        .values_list("enrolment_id", flat=True)
    )
    counts: dict[int, int] = {}
    for e in enrolments:
        started = (e.start_date or e.referral_date) <= end
        open_then = e.end_date is None or e.end_date > end
        if started and open_then and e.pk not in passive_on_end:
            counts[e.job_specialist_id] = counts.get(e.job_specialist_id, 0) + 1
    if not counts:
        return Figure(_("Ingen aktive deltakere ved periodens slutt."))
    sizes = sorted(counts.values())
    over = sum(1 for size in sizes if size > CASELOAD_TARGET)
    return Figure(
        _("%(count)d jobbspesialister: %(sizes)s aktive deltakere. %(over)d over %(target)d.")
        % {
            "count": len(sizes),
            "sizes": ", ".join(str(s) for s in sizes),
            "over": over,
            "target": CASELOAD_TARGET,
        },
        float(max(sizes)),
    )


def _employer_contacts(organisation, start, end) -> Figure:
    contacts = EmployerContact.objects.filter(
        organisation=organisation, contact_date__range=(start, end), face_to_face=True
    ).values_list("specialist_id", flat=True)
    per_specialist: dict[int, int] = {}
    for specialist in contacts:
        per_specialist[specialist] = per_specialist.get(specialist, 0) + 1
    weeks = max(((end - start).days + 1) / 7, 1)
    if not per_specialist:
        return Figure(_("Ingen arbeidsgiverkontakter ansikt til ansikt i perioden."), 0.0)
    rate = sum(per_specialist.values()) / len(per_specialist) / weeks
    return Figure(
        _(
            "%(rate)s per jobbspesialist per uke (mål: minst %(target)d), "
            "%(count)d jobbspesialister."
        )
        % {"rate": plain_number(rate), "target": FACE_TO_FACE_TARGET,
           "count": len(per_specialist)},
        round(rate, 2),
    )  # fmt: skip


def _first_contact(enrolments, ids, start, end) -> Figure:
    """Enrolments started in the period: days from the start to the first face-to-face
    employer contact, by the indicators' own rule (docs/indicators.md): calendar days, the
    IPS measure, with the days outside passive periods beside them."""
    started = [e for e in enrolments if e.start_date and start <= e.start_date <= end]
    if not started:
        return Figure(_("Ingen oppstarter i perioden."))
    contacts: dict[int, list[datetime.date]] = {}
    for enrolment_id, day in EmployerContact.objects.filter(
        enrolment_id__in=ids, face_to_face=True
    ).values_list("enrolment_id", "contact_date"):
        contacts.setdefault(enrolment_id, []).append(day)
    passive: dict[int, list[Period]] = {}
    for enrolment_id, p_start, p_end in PassivePeriod.objects.filter(
        enrolment_id__in=ids
    ).values_list("enrolment_id", "start_date", "end_date"):
        passive.setdefault(enrolment_id, []).append(Period(p_start, p_end))
    figures = [
        indicators(
            dates=EnrolmentDates(e.referral_date, e.start_date, e.end_date),
            passive=passive.get(e.pk, []),
            face_to_face_contacts=contacts.get(e.pk, []),
            jobs=[],
            educations=[],
            as_of=end,
        )
        for e in started
    ]
    reached = [f.first_employer_contact for f in figures if f.first_employer_contact]
    waiting = len(started) - len(reached)
    if not reached:
        return Figure(
            _("%(count)d oppstarter, ingen har hatt arbeidsgiverkontakt ennå.")
            % {"count": len(started)}
        )
    median = statistics.median(e.calendar for e in reached)
    active = statistics.median(e.active for e in reached)
    in_time = sum(1 for f in figures if f.first_contact_in_time)
    return Figure(
        _("Median %(median)s dager fra oppstart (%(active)s uten passive dager). %(in_time)d av "
          "%(count)d innen fristen på 30 dager, %(waiting)d uten kontakt ennå.")
        % {"median": plain_number(median), "active": plain_number(active),
           "in_time": in_time, "count": len(started), "waiting": waiting},
        float(median),
    )  # fmt: skip


def _competitive(jobs) -> Figure:
    if not jobs:
        return Figure(_("Ingen jobbstarter i perioden."))
    competitive = sum(1 for job in jobs if competitiveness(job).competitive)
    share = _share(competitive, len(jobs))
    return Figure(
        _("%(share)d %% av %(count)d jobbstarter var konkurranseutsatte.")
        % {"share": share, "count": len(jobs)},
        float(share),
    )


def _diversity(jobs, key, what: str) -> Figure:
    if not jobs:
        return Figure(_("Ingen jobbstarter i perioden."))
    distinct = len({key(job) for job in jobs})
    share = _share(distinct, len(jobs))
    return Figure(
        ngettext(
            "%(distinct)d ulike %(what)s på %(count)d jobbstart (%(share)d %%).",
            "%(distinct)d ulike %(what)s på %(count)d jobbstarter (%(share)d %%).",
            len(jobs),
        )
        % {"distinct": distinct, "what": what, "count": len(jobs), "share": share},
        float(share),
    )


def _community(ids, start, end) -> Figure:
    minutes = SupportContact.objects.filter(
        enrolment_id__in=ids, contact_date__range=(start, end)
    ).values_list("minutes", "in_field")
    total = sum(m for m, _f in minutes)
    if not total:
        return Figure(_("Ingen oppfølging i jobb eller utdanning registrert i perioden."))
    share = _share(sum(m for m, in_field in minutes if in_field), total)
    return Figure(
        _("%(share)d %% av tiden i oppfølging var ute i felt.") % {"share": share}, float(share)
    )


def _time_unlimited(ids, start, end) -> Figure:
    """People with follow-along support in the period whose first job began more than a
    year before its end."""
    supported = set(
        SupportContact.objects.filter(
            enrolment_id__in=ids, contact_date__range=(start, end)
        ).values_list("enrolment_id", flat=True)
    )
    if not supported:
        return Figure(_("Ingen oppfølging i jobb i perioden."), 0.0)
    first_job: dict[int, datetime.date] = {}
    for enrolment_id, day in (
        Job.objects.filter(enrolment_id__in=supported)
        .order_by("start_date")
        .values_list("enrolment_id", "start_date")
    ):
        first_job.setdefault(enrolment_id, day)
    long = sum(1 for e in supported if e in first_job and first_job[e] < add_days(end, -365))
    return Figure(
        _("%(long)d av %(count)d som fikk oppfølging i jobb, har hatt den i mer enn 12 måneder.")
        % {"long": long, "count": len(supported)},
        float(long),
    )

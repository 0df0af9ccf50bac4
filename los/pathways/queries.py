"""Reading work pathways, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from los.access.policy import ParticipantAccess, load_accesses
from los.core.days import add_days, short_date
from los.core.vocabulary import Category
from los.pathways.models import (
    CareerProfile,
    DisclosurePlan,
    Employer,
    EmployerContact,
    Enrolment,
    Job,
    PassivePeriod,
    StageEntry,
    StagePhase,
    SupportContact,
)
from los.pathways.outcomes import (
    Competitiveness,
    EducationSpan,
    EnrolmentDates,
    Indicators,
    JobSpan,
    Period,
    awaits_first_contact,
    competitiveness,
    first_contact_day,
    first_contact_due,
    held_on,
    indicators,
    tenure_days,
    whole_weeks,
)


@dataclass
class JobView:
    job: Job
    competitiveness: Competitiveness
    tenure_days: int | None = None  # None: planned, not started by the as-of day

    @property
    def tenure_weeks(self) -> int | None:
        return whole_weeks(self.tenure_days)

    @property
    def span(self) -> JobSpan:
        return JobSpan(
            self.job.start_date,
            self.job.end_date,
            self.job.hours_per_week,
            self.competitiveness.competitive,
        )


@dataclass
class EnrolmentView:
    enrolment: Enrolment
    jobs: list[JobView]
    indicators: Indicators
    first_contact_due: datetime.date | None
    history: list = field(default_factory=list)
    reports: list = field(default_factory=list)  # to the counsellor, set by the page

    @property
    def days_in_stage(self) -> int:
        return (timezone.localdate() - self.enrolment.stage_since).days


def _periods(enrolment: Enrolment) -> list[Period]:
    return [Period(p.start_date, p.end_date) for p in enrolment.passive_periods.all()]


def enrolment_dates(enrolment: Enrolment) -> EnrolmentDates:
    return EnrolmentDates(enrolment.referral_date, enrolment.start_date, enrolment.end_date)


def enrolment_view(enrolment: Enrolment, as_of: datetime.date) -> EnrolmentView:
    """An enrolment with its indicators; its related rows must be prefetched."""
    dates = enrolment_dates(enrolment)
    jobs = [JobView(job, competitiveness(job)) for job in enrolment.jobs.all()]
    for view in jobs:
        view.tenure_days = tenure_days(view.span, dates.as_of(as_of))
    passive = _periods(enrolment)
    contacts = [c.contact_date for c in enrolment.employer_contacts.all() if c.face_to_face]
    figures = indicators(
        dates=dates,
        passive=passive,
        face_to_face_contacts=contacts,
        jobs=[v.span for v in jobs],
        educations=[
            EducationSpan(e.start_date, e.end_date, e.status) for e in enrolment.educations.all()
        ],
        as_of=as_of,
        end_cause=enrolment.end_cause,
    )
    due = None
    if enrolment.is_open:
        due = first_contact_due(
            start=enrolment.start_date,
            passive=passive,
            first_contact=first_contact_day(contacts),
            as_of=as_of,
        )
    return EnrolmentView(
        enrolment=enrolment,
        jobs=jobs,
        indicators=figures,
        first_contact_due=due,
        history=list(enrolment.history.all()),
    )


def with_pathway(queryset):
    return queryset.select_related(
        "programme", "stage", "job_specialist", "organisation"
    ).prefetch_related(
        Prefetch("history", queryset=StageEntry.objects.select_related("stage", "by")),
        Prefetch("passive_periods", queryset=PassivePeriod.objects.all()),
        Prefetch("jobs", queryset=Job.objects.select_related("employer")),
        "educations",
        Prefetch(
            "employer_contacts",
            queryset=EmployerContact.objects.select_related("employer", "specialist"),
        ),
        Prefetch(
            "support_contacts",
            queryset=SupportContact.objects.select_related("job", "education", "by"),
        ),
    )


def in_work(views: list[EnrolmentView], day: datetime.date | None = None) -> bool:
    """Holds a job today in any of the pathways (a planned job is not held yet)."""
    day = day or timezone.localdate()
    return any(held_on(job.span, day) for view in views for job in view.jobs)


def pathways_of(access: ParticipantAccess) -> list[EnrolmentView]:
    """The participant's enrolments, open ones first."""
    today = timezone.localdate()
    enrolments = with_pathway(Enrolment.objects.filter(participant=access.participant)).order_by(
        "-referral_date", "-pk"
    )
    views = [enrolment_view(e, today) for e in enrolments]
    return sorted(views, key=lambda v: not v.enrolment.is_open)  # stable: newest first


def enrolment_of(access: ParticipantAccess, enrolment_id: int) -> Enrolment | None:
    return (
        Enrolment.objects.filter(participant=access.participant, pk=enrolment_id)
        .select_related("programme", "stage")
        .first()
    )


def career_profile_of(participant) -> CareerProfile | None:
    return (
        CareerProfile.objects.filter(participant=participant).select_related("updated_by").first()
    )


def disclosure_plan_of(participant) -> DisclosurePlan | None:
    return (
        DisclosurePlan.objects.filter(participant=participant).select_related("updated_by").first()
    )


def jobs_at(participant, organisation_id) -> list[Job]:
    """The participant's jobs at an employer that is this Los organisation."""
    return list(
        Job.objects.filter(
            enrolment__participant=participant, employer__organisation_id=organisation_id
        ).select_related("employer")
    )


# --- The job specialist's week -------------------------------------------------------------

FACE_TO_FACE_TARGET = 6  # employer contacts per specialist per week (IPS fidelity anchor)
CASELOAD_TARGET = 20  # active participants per specialist


@dataclass
class Week:
    monday: datetime.date
    contacts: list[EmployerContact]
    face_to_face: int
    caseload: int
    minutes_total: int
    minutes_in_field: int
    accesses: dict = field(default_factory=dict)  # participant id → ParticipantAccess

    @property
    def sunday(self) -> datetime.date:
        return add_days(self.monday, 6)

    @property
    def field_share(self) -> int | None:
        if not self.minutes_total:
            return None
        return round(100 * self.minutes_in_field / self.minutes_total)

    @property
    def face_to_face_met(self) -> bool:
        return self.face_to_face >= FACE_TO_FACE_TARGET

    @property
    def caseload_met(self) -> bool:
        return self.caseload <= CASELOAD_TARGET

    @property
    def previous(self) -> datetime.date:
        return add_days(self.monday, -7)

    @property
    def next(self) -> datetime.date:
        return add_days(self.monday, 7)

    def may_name(self, contact: EmployerContact) -> bool:
        """Names a participant only while the user may still see their work pathway."""
        if contact.enrolment_id is None:
            return False
        access = self.accesses.get(contact.enrolment.participant_id)
        return access is not None and access.can_view(Category.EMPLOYMENT)

    @property
    def rows(self) -> list[tuple[EmployerContact, object]]:
        """Each contact with the participant it was for, when the user may name them."""
        return [(c, c.enrolment.participant if self.may_name(c) else None) for c in self.contacts]

    @property
    def named_accesses(self) -> list[ParticipantAccess]:
        """The participants the week names, once each: for the access log."""
        named = {}
        for _contact, participant in self.rows:
            if participant is not None:
                named[participant.pk] = self.accesses[participant.pk]
        return list(named.values())


def week_of(user, monday: datetime.date) -> Week:
    """The specialist's employer contacts in the week, against the fidelity anchors:
    face-to-face contacts, caseload (open, not passive enrolments they are responsible
    for) and the share of recorded time spent out in the field (employer contacts and
    follow-along support)."""
    sunday = add_days(monday, 6)
    contacts = list(
        EmployerContact.objects.filter(specialist=user, contact_date__range=(monday, sunday))
        .select_related("employer", "person", "enrolment__participant")
        .order_by("contact_date", "pk")
    )
    support_minutes = list(
        SupportContact.objects.filter(by=user, contact_date__range=(monday, sunday)).values_list(
            "minutes", "in_field"
        )
    )
    minutes_total = sum(c.minutes for c in contacts) + sum(m for m, _f in support_minutes)
    minutes_in_field = sum(c.minutes for c in contacts if c.in_field) + sum(
        m for m, in_field in support_minutes if in_field
    )
    caseload = Enrolment.objects.filter(
        job_specialist=user, end_date__isnull=True, passive_since__isnull=True
    ).count()
    participants = {c.enrolment.participant for c in contacts if c.enrolment_id}
    return Week(
        monday=monday,
        contacts=contacts,
        face_to_face=sum(1 for c in contacts if c.face_to_face),
        caseload=caseload,
        minutes_total=minutes_total,
        minutes_in_field=minutes_in_field,
        accesses=load_accesses(user, participants, timezone.localdate()),
    )


def employers_matching(query: str):
    employers = Employer.objects.annotate(contact_count=Count("contacts"))
    query = query.strip()
    if query:
        digits = "".join(query.split())
        employers = employers.filter(Q(name__icontains=query) | Q(orgnr=digits))
    return employers.order_by("name", "pk")


# --- The pathway at a glance, for the caseload ---------------------------------------------

# Job development is weekly work with employers (IPS): two weeks without a contact on the
# participant's behalf is worth a look.
NO_EMPLOYER_CONTACT_DAYS = 14
JOB_ENDING_SOON_DAYS = 14
FIRST_CONTACT_WARNING_DAYS = 7
# Phases in which the first employer contact is still ahead: once someone works, it is moot.
BEFORE_WORK = frozenset({StagePhase.REFERRED, StagePhase.ENGAGING, StagePhase.JOB_DEVELOPMENT})


@dataclass
class PathwayGlance:
    """One open enrolment as the caseload shows it: where the person is, and what is due."""

    programme: str
    stage: str
    days_in_stage: int
    passive_follow_up: datetime.date | None = None
    is_passive: bool = False
    first_contact_due: datetime.date | None = None  # while no face-to-face contact yet
    days_since_employer_contact: int | None = None  # in job development only
    job_ends: datetime.date | None = None  # a job ending within JOB_ENDING_SOON_DAYS
    flags: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        days = ngettext("%(days)d dag", "%(days)d dager", self.days_in_stage) % {
            "days": self.days_in_stage
        }
        return f"{self.programme}: {self.stage} ({days})"

    @property
    def detail(self) -> str:
        """The dates behind the flags, also while nothing is due yet."""
        parts = []
        if self.is_passive:
            if self.passive_follow_up:
                parts.append(
                    _("pause, følges opp %(date)s") % {"date": short_date(self.passive_follow_up)}
                )
            else:
                parts.append(_("pause"))
        if self.first_contact_due:
            parts.append(
                _("første arbeidsgiverkontakt innen %(date)s")
                % {"date": short_date(self.first_contact_due)}
            )
        if self.days_since_employer_contact is not None:
            parts.append(
                ngettext(
                    "%(days)d dag siden arbeidsgiverkontakt",
                    "%(days)d dager siden arbeidsgiverkontakt",
                    self.days_since_employer_contact,
                )
                % {"days": self.days_since_employer_contact}
            )
        if self.job_ends:
            parts.append(_("jobb slutter %(date)s") % {"date": short_date(self.job_ends)})
        return "; ".join(parts)


def pathway_glances(participant_ids, today: datetime.date) -> dict[int, list[PathwayGlance]]:
    """The open enrolments of these participants with their deadlines and flags, in two
    queries at most, read as values (a caseload has hundreds). The caller passes only
    participants whose work pathway the viewer may see (the EMPLOYMENT category)."""
    if not participant_ids:
        return {}
    on_behalf = EmployerContact.objects.filter(enrolment=OuterRef("pk"))
    enrolments = list(
        Enrolment.objects.filter(participant_id__in=participant_ids, end_date__isnull=True)
        .annotate(
            last_employer_contact=Subquery(
                on_behalf.order_by("-contact_date").values("contact_date")[:1]
            ),
            first_face_to_face=Subquery(
                on_behalf.filter(face_to_face=True)
                .order_by("contact_date")
                .values("contact_date")[:1]
            ),
            next_job_end=Subquery(
                Job.objects.filter(enrolment=OuterRef("pk"), end_date__gte=today)
                .order_by("end_date")
                .values("end_date")[:1]
            ),
        )
        .order_by("participant_id", "programme__order", "pk")
        .values(
            "pk",
            "participant_id",
            "programme__name",
            "stage__name",
            "stage__phase",
            "stage_since",
            "start_date",
            "passive_since",
            "passive_follow_up",
            "last_employer_contact",
            "first_face_to_face",
            "next_job_end",
        )
    )
    waiting = [e["pk"] for e in enrolments if _awaits_first_contact(e)]
    passive: dict[int, list[Period]] = {}
    if waiting:
        periods = PassivePeriod.objects.filter(enrolment_id__in=waiting).values_list(
            "enrolment_id", "start_date", "end_date"
        )
        for enrolment_id, start, end in periods:
            passive.setdefault(enrolment_id, []).append(Period(start, end))
    glances: dict[int, list[PathwayGlance]] = {}
    for enrolment in enrolments:
        glance = _glance(enrolment, passive.get(enrolment["pk"], []), today)
        glances.setdefault(enrolment["participant_id"], []).append(glance)
    return glances


def _awaits_first_contact(enrolment: dict) -> bool:
    """Before work, and the 30-day clock runs (the indicators' own rule, so the caseload and
    the pathway page agree)."""
    return enrolment["stage__phase"] in BEFORE_WORK and awaits_first_contact(
        enrolment["start_date"], enrolment["first_face_to_face"]
    )


def _glance(enrolment: dict, passive: list[Period], today) -> PathwayGlance:
    glance = PathwayGlance(
        programme=enrolment["programme__name"],
        stage=enrolment["stage__name"],
        days_in_stage=(today - enrolment["stage_since"]).days,
        is_passive=enrolment["passive_since"] is not None,
        passive_follow_up=enrolment["passive_follow_up"],
    )
    if glance.is_passive:
        # The clocks stand still while paused; what is due is the follow-up of the pause.
        if glance.passive_follow_up is not None and glance.passive_follow_up <= today:
            glance.flags.append(
                _("pausen skal følges opp (%(programme)s)") % {"programme": glance.programme}
            )
        return glance
    if _awaits_first_contact(enrolment):
        due = first_contact_due(
            start=enrolment["start_date"],
            passive=passive,
            first_contact=enrolment["first_face_to_face"],
            as_of=today,
        )
        glance.first_contact_due = due
        if due < today:
            glance.flags.append(
                _("første arbeidsgiverkontakt: fristen gikk ut %(date)s")
                % {"date": short_date(due)}
            )
        elif (due - today).days <= FIRST_CONTACT_WARNING_DAYS:
            glance.flags.append(
                _("første arbeidsgiverkontakt: frist %(date)s") % {"date": short_date(due)}
            )
    if enrolment["stage__phase"] == StagePhase.JOB_DEVELOPMENT:
        since = max(filter(None, [enrolment["last_employer_contact"], enrolment["stage_since"]]))
        glance.days_since_employer_contact = (today - since).days
        if glance.days_since_employer_contact >= NO_EMPLOYER_CONTACT_DAYS:
            glance.flags.append(
                ngettext(
                    "ingen arbeidsgiverkontakt på %(days)d dag",
                    "ingen arbeidsgiverkontakt på %(days)d dager",
                    glance.days_since_employer_contact,
                )
                % {"days": glance.days_since_employer_contact}
            )
    ends = enrolment["next_job_end"]
    if ends is not None and (ends - today).days <= JOB_ENDING_SOON_DAYS:
        glance.job_ends = ends
        glance.flags.append(_("en jobb slutter %(date)s") % {"date": short_date(ends)})
    return glance

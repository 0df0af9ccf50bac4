"""The caseload ("Mine deltakere"): a staff member's participants with what needs attention.

Every figure is computed from what this user may see: the access policy decides per
participant and per category, so an activity or note the user may not read never shows up,
not even in a count. A caseload is bounded by one person's participants, so it is loaded
whole in a fixed number of queries, then filtered, sorted and paged in memory.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from los.access.policy import (
    NATIONAL_ID_ROLES,
    ParticipantAccess,
    accesses_from_memberships,
    valid_memberships,
)
from los.core.crypto import lookup_digest
from los.core.days import local, start_of
from los.core.vocabulary import Category, Role
from los.directory.queries import may_know_of_referral, open_referrals_of
from los.followup.models import ContactNote, SavedFilter, Thread
from los.followup.queries import is_unread, with_read_at
from los.measures.queries import open_safety_tasks_among
from los.meetings.models import Invitation, Meeting
from los.participants.models import Participant
from los.pathways.queries import PathwayGlance, pathway_glances
from los.plans.models import (
    ACTIVITY_CATEGORY,
    Activity,
    ActivityKind,
    ActivityStatus,
    IndividualPlan,
    PlanStatus,
)
from los.sickleave.queries import caseload_flags

NO_CONTACT_DAYS = 30
NO_CONTACT_CHOICES = (14, 30, 60, 90)
NEW_TO_ME_DAYS = 14
ENDING_SOON_DAYS = 14
OPEN_STATUSES = (ActivityStatus.PROPOSED, ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)
# Measures and treatment: what people wait for, and fall out while waiting (the seeds).
MEASURE_KINDS = frozenset(
    {ActivityKind.TREATMENT, ActivityKind.WORK_TRIAL, ActivityKind.COURSE, ActivityKind.EDUCATION}
)

FILTERS = {
    "venter": _("venter på svar fra oss"),
    "forfalt": _("har forfalte aktiviteter"),
    "ingen-kontakt": _("ingen kontakt på N dager"),
    "mote-i-dag": _("møte i dag"),
    "kommende-moter": _("har møte de neste 14 dagene"),
    "venter-oppstart": _("venter på tiltak eller behandling"),
    "gjennomgang": _("planen skal gjennomgås"),
    "ny": _("nye for meg"),
    "arbeid": _("arbeidsløp som trenger oppfølging"),
    "sykefravaer": _("sykefravær: frist nærmer seg"),
}
UPCOMING_MEETING_DAYS = 14
SORTS = {
    "navn": _("navn"),
    "frist": _("neste frist"),
    "mote": _("neste møte"),
    "kontakt": _("lengst siden kontakt"),
}


@dataclass
class CaseloadRow:
    access: ParticipantAccess
    next_due: datetime.date | None = None
    overdue: int = 0
    unread: int = 0
    waiting_for_us: bool = False
    last_contact: datetime.date | None = None
    review_due: datetime.date | None = None
    new_to_me: bool = False
    next_meeting: datetime.datetime | None = None
    waiting_for_start: int = 0  # planned measures or treatment not yet started
    flags: list[str] = field(default_factory=list)
    pathways: list[PathwayGlance] = field(default_factory=list)  # open work pathways
    safety_task: bool = False  # an answer in a questionnaire needs someone today
    referral_overdue: bool = False  # a referral not answered in time
    open_due_dates: list = field(default_factory=list)  # of visible open activities
    sick_leave_flags: list[str] = field(default_factory=list)  # checkpoints due or overdue

    @property
    def participant(self):
        return self.access.participant

    @property
    def url(self) -> str:
        return reverse("participant_detail", args=[self.participant.public_id])

    @property
    def roles_text(self) -> str:
        """«NAV-veileder, NAV Bodø»: how this user sits on the participant's team."""
        # Role(...).label, not get_role_display(): the latter translates every choice.
        return "; ".join(
            f"{Role(m.role).label}, {m.organisation.name}" for m in self.access.memberships
        )

    @property
    def contact_text(self) -> str:
        days = self.days_since_contact
        if days is None:
            return str(_("aldri"))
        return ngettext("%(days)d dag siden", "%(days)d dager siden", days) % {"days": days}

    @property
    def days_since_contact(self) -> int | None:
        if self.last_contact is None:
            return None
        return (timezone.localdate() - self.last_contact).days


def _name_filter(query: str) -> Q:
    compact = "".join(query.split())
    if len(compact) == 11 and compact.isdigit():
        # Only through a membership whose role may see the national id: a match would tell
        # anyone else (an employer contact, an advisor) whose number it is.
        return Q(participant__national_id_digest=lookup_digest(compact), role__in=NATIONAL_ID_ROLES)
    condition = Q()
    for word in query.split():
        condition &= Q(participant__first_name__icontains=word) | Q(
            participant__last_name__icontains=word
        )
    return condition


def caseload(
    user,
    *,
    query: str = "",
    show: str = "",
    sort: str = "navn",
    no_contact_days: int = NO_CONTACT_DAYS,
) -> list[CaseloadRow]:
    today = timezone.localdate()
    rows = _rows_with_access(user, query, today)
    if rows:
        _add_plan_figures(rows, today)
        _add_contact_and_dialogue(rows, user)
        _add_meetings(rows, user, today)
        _add_pathways(rows, today)
        _add_safety_tasks(rows)
        _add_sick_leave(rows, today)
        _add_referrals(rows)
        for row in rows.values():
            _flag(row, today)
    result = [row for row in rows.values() if _matches(row, show, today, no_contact_days)]
    return _sorted(result, sort)


def participants_after(user, query: str, after: uuid.UUID | None, limit: int, today) -> list:
    """The participants whose team `user` is on, matching the search as on «Mine deltakere»,
    ordered by their public id, after the one `after` names (keyset paging for the API);
    at most `limit`. One query."""
    matching = valid_memberships(user, today).filter(_name_filter(query.strip()))
    found = Participant.objects.filter(pk__in=matching.values("participant_id"))
    if after is not None:
        found = found.filter(public_id__gt=after)
    return list(found.order_by("public_id")[:limit])


def _rows_with_access(user, query: str, today) -> dict[int, CaseloadRow]:
    memberships = (
        valid_memberships(user, today)
        .filter(_name_filter(query.strip()))
        .select_related("participant")
    )
    rows = {}
    for participant_id, access in accesses_from_memberships(user, memberships, today).items():
        rows[participant_id] = CaseloadRow(
            access=access,
            new_to_me=any(
                (today - m.start_date).days <= NEW_TO_ME_DAYS for m in access.memberships
            ),
        )
    return rows


def _add_plan_figures(rows: dict[int, CaseloadRow], today) -> None:
    plans = IndividualPlan.objects.filter(
        participant_id__in=rows, status=PlanStatus.ACTIVE
    ).values_list("participant_id", "next_review")
    for participant_id, next_review in plans:
        if rows[participant_id].access.can_view(Category.PLAN):
            rows[participant_id].review_due = next_review
    activities = Activity.objects.filter(
        plan__participant_id__in=rows, plan__status=PlanStatus.ACTIVE, status__in=OPEN_STATUSES
    ).values_list("plan__participant_id", "kind", "status", "due_date")
    for participant_id, kind, status, due_date in activities:
        row = rows[participant_id]
        if not row.access.can_view(ACTIVITY_CATEGORY[ActivityKind(kind)]):
            continue
        if kind in MEASURE_KINDS and status == ActivityStatus.PLANNED:
            row.waiting_for_start += 1
        if due_date is not None and due_date < today:
            row.overdue += 1
        else:
            row.open_due_dates.append(due_date)
    for row in rows.values():
        known = [d for d in row.open_due_dates if d is not None]
        row.next_due = min(known) if known else None


def _add_contact_and_dialogue(rows: dict[int, CaseloadRow], user) -> None:
    last_note = (
        ContactNote.objects.filter(participant_id__in=rows)
        .values("participant_id", "category", "author_organisation_id")
        .annotate(last=Max("contact_date"))
    )
    for item in last_note:
        row = rows[item["participant_id"]]
        if row.access.decide_note(item["category"], item["author_organisation_id"]).allowed:
            row.last_contact = max(filter(None, [row.last_contact, item["last"]]))
    threads = with_read_at(Thread.objects.filter(participant_id__in=rows), user).only(
        "participant_id",
        "last_message_at",
        "last_message_by_id",
        "last_message_from_participant",
    )
    for thread in threads:
        row = rows[thread.participant_id]
        if not row.access.can_view(Category.PLAN):
            continue
        contact_day = local(thread.last_message_at).date()
        row.last_contact = max(filter(None, [row.last_contact, contact_day]))
        if is_unread(thread, user.pk):
            row.unread += 1
        if thread.last_message_from_participant:
            row.waiting_for_us = True


def _add_meetings(rows: dict[int, CaseloadRow], user, today) -> None:
    """The next meeting each participant has that this user may see (the policy's
    can_see_meeting: read-only roles only the ones they are invited to)."""
    invited_me = Invitation.objects.filter(meeting=OuterRef("pk"), user=user)
    upcoming = (
        Meeting.objects.filter(
            participant_id__in=rows,
            cancelled_at__isnull=True,
            starts_at__gte=start_of(today),
        )
        .annotate(invited_me=Exists(invited_me))
        .order_by("starts_at")
        .values_list("participant_id", "starts_at", "invited_me")
    )
    for participant_id, starts_at, invited in upcoming:
        row = rows[participant_id]
        if row.next_meeting is None and row.access.can_see_meeting({user.pk} if invited else ()):
            row.next_meeting = starts_at


def _add_pathways(rows: dict[int, CaseloadRow], today) -> None:
    """Open work pathways, for the participants whose pathway this user may see."""
    visible = [pid for pid, row in rows.items() if row.access.can_view(Category.EMPLOYMENT)]
    for participant_id, glances in pathway_glances(visible, today).items():
        rows[participant_id].pathways = glances


def _add_safety_tasks(rows: dict[int, CaseloadRow]) -> None:
    """Open safety tasks, for those who may see the answers behind them."""
    for task in open_safety_tasks_among({pid: row.access for pid, row in rows.items()}):
        rows[task.participant_id].safety_task = True


def _add_sick_leave(rows: dict[int, CaseloadRow], today) -> None:
    """Sick-leave checkpoints due this week or overdue, for the cases this user may see
    (los/sickleave/queries.py, caseload_flags)."""
    accesses = {pid: row.access for pid, row in rows.items()}
    for participant_id, flags in caseload_flags(accesses, today).items():
        rows[participant_id].sick_leave_flags = flags


def _add_referrals(rows: dict[int, CaseloadRow]) -> None:
    """Referrals not yet taken in: the person waits for a measure or treatment
    (los/directory), counted only where the viewer may know of them."""
    now = timezone.now()
    for referral in open_referrals_of(rows):
        row = rows[referral.participant_id]
        if may_know_of_referral(row.access, referral):
            row.waiting_for_start += 1
            row.referral_overdue = row.referral_overdue or referral.is_overdue(now)


def _flag(row: CaseloadRow, today) -> None:
    """The critical transitions the seeds name: people fall out when contact stops and when
    one activity ends with nothing after it. A worrying answer comes first."""
    if row.safety_task:
        row.flags.append(str(_("svar i kartlegging må følges opp i dag")))
    days = row.days_since_contact
    if days is None or days >= NO_CONTACT_DAYS:
        row.flags.append(str(_("ingen kontakt på 30 dager")))
    dates = row.open_due_dates
    if len(dates) == 1 and dates[0] is not None and (dates[0] - today).days <= ENDING_SOON_DAYS:
        row.flags.append(str(_("aktiviteten slutter snart, ingenting planlagt etter")))
    if row.waiting_for_start:
        row.flags.append(str(_("venter på oppstart av tiltak eller behandling")))
    if row.referral_overdue:
        row.flags.append(str(_("henvisningen er ikke besvart i tide")))
    if row.review_due is not None and row.review_due <= today:
        row.flags.append(str(_("planen skal gjennomgås")))
    for glance in row.pathways:
        row.flags.extend(glance.flags)
    row.flags.extend(row.sick_leave_flags)


def _meeting_day(row: CaseloadRow) -> datetime.date | None:
    return local(row.next_meeting).date() if row.next_meeting else None


def _matches(row: CaseloadRow, show: str, today, no_contact_days: int) -> bool:
    if show == "venter":
        return row.waiting_for_us
    if show == "forfalt":
        return row.overdue > 0
    if show == "ingen-kontakt":
        return row.days_since_contact is None or row.days_since_contact >= no_contact_days
    if show == "mote-i-dag":
        return _meeting_day(row) == today
    if show == "kommende-moter":
        day = _meeting_day(row)
        return day is not None and (day - today).days <= UPCOMING_MEETING_DAYS
    if show == "venter-oppstart":
        return row.waiting_for_start > 0
    if show == "gjennomgang":
        return row.review_due is not None and row.review_due <= today
    if show == "ny":
        return row.new_to_me
    if show == "arbeid":
        return any(glance.flags for glance in row.pathways)
    if show == "sykefravaer":
        return bool(row.sick_leave_flags)
    return True


def _sorted(rows: list[CaseloadRow], sort: str) -> list[CaseloadRow]:
    by_name = sorted(
        rows, key=lambda r: (r.participant.last_name, r.participant.first_name, r.participant.pk)
    )
    if sort == "frist":
        return sorted(by_name, key=lambda r: (r.next_due is None, r.next_due or datetime.date.max))
    if sort == "mote":
        return sorted(
            by_name, key=lambda r: (r.next_meeting is None, r.next_meeting or datetime.datetime.max)
        )
    if sort == "kontakt":
        return sorted(
            by_name,
            key=lambda r: -(r.days_since_contact if r.days_since_contact is not None else 10**6),
        )
    return by_name


MAX_SAVED_FILTERS = 20


def clean_view(show: str, sort: str, days) -> tuple[str, str, int]:
    """The caseload view asked for, with anything unknown replaced by the default."""
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = NO_CONTACT_DAYS
    return (
        show if show in FILTERS else "",
        sort if sort in SORTS else "navn",
        days if days in NO_CONTACT_CHOICES else NO_CONTACT_DAYS,
    )


@transaction.atomic
def saved_filter_create(user, *, name: str, show: str, sort: str, no_contact_days) -> SavedFilter:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Gi utvalget et navn.")})
    if len(name) > 80:
        raise ValidationError({"name": _("Navnet kan være høyst 80 tegn.")})
    # Lock the user's row so two saves at once cannot pass the checks together.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = SavedFilter.objects.filter(user=user)
    if existing.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("Du har allerede et utvalg med dette navnet.")})
    if existing.count() >= MAX_SAVED_FILTERS:
        raise ValidationError(
            _("Du kan ha høyst 20 lagrede utvalg. Slett et før du lagrer et nytt.")
        )
    show, sort, days = clean_view(show, sort, no_contact_days)
    return SavedFilter.objects.create(
        user=user, name=name, show=show, sort=sort, no_contact_days=days
    )


def saved_filter_delete(user, filter_id: int) -> None:
    deleted, _count = SavedFilter.objects.filter(user=user, pk=filter_id).delete()
    if not deleted:
        raise ValidationError(_("Fant ikke utvalget."))

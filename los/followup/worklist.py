"""The work list («Oppgaver»): what waits for this staff member across all their
participants, one line per thing not yet done (as NAV's own worklist keeps one flag per
unhandled event). docs/work-list.md says what each kind is and when it leaves the list.

Every line is found through the same rules as the pages it links to: the policy decides per
participant and per category, and each kind asks the predicate its own page asks (an
activity's «avtal» button and the work list both call plans.services.may_agree_activity).
The list is bounded by one person's participants and the referrals to their services, and
is loaded in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.access import audit
from los.access.policy import (
    SICK_LEAVE_CATEGORY,
    Decision,
    ParticipantAccess,
    accesses_from_memberships,
    valid_memberships,
    works_with_participants,
)
from los.core.days import local, short_date
from los.core.vocabulary import Category
from los.directory import queries as directory_queries
from los.directory import services as directory_services
from los.directory.models import ReferralState
from los.followup.queries import threads_waiting_for_team
from los.measures.queries import open_safety_tasks_among
from los.meetings.models import Invitation, Reply
from los.pathways.reports import drafts_to_share
from los.plans.models import Activity, ActivityStatus, PlanStatus
from los.plans.services import may_agree_activity
from los.sickleave.queries import overview_of


class TaskKind(models.TextChoices):
    """In the order the list shows them: a person at risk first."""

    SAFETY = "safety", gettext_lazy("Svar som må følges opp i dag")
    MESSAGE = "message", gettext_lazy("Meldinger som venter på svar")
    PROPOSAL = "proposal", gettext_lazy("Forslag til aktiviteter som venter på avtale")
    MEETING = "meeting", gettext_lazy("Møteinvitasjoner å svare på")
    REFERRAL = "referral", gettext_lazy("Henvisninger å svare på")
    CHECKPOINT = "checkpoint", gettext_lazy("Frister i sykefraværsoppfølgingen")
    REPORT = "report", gettext_lazy("Rapporter til NAV-veileder som ikke er delt")


KIND_ORDER = {kind: position for position, kind in enumerate(TaskKind)}


@dataclass(frozen=True)
class Task:
    kind: TaskKind
    participant_name: str
    text: str
    url: str
    since: datetime.date  # when it came to wait
    due: datetime.date | None = None
    late: bool = False
    mine: bool = False  # assigned to this user by name (a safety task)
    # For the access log: what the line showed of the participant, on which basis.
    access: ParticipantAccess | None = None
    category: Category = Category.CORE
    decision: Decision | None = None
    referral_role: object = None  # the staff role a referral was read in
    participant_id: int | None = None

    @property
    def sort_key(self):
        return (KIND_ORDER[self.kind], not self.late, self.due or self.since, self.since)


@dataclass
class WorkList:
    tasks: list[Task]

    def __len__(self) -> int:
        return len(self.tasks)

    def groups(self) -> list[tuple[TaskKind, list[Task]]]:
        """(kind, its tasks) for the kinds that have any, in the list's order."""
        grouped: dict[TaskKind, list[Task]] = {}
        for task in self.tasks:
            grouped.setdefault(task.kind, []).append(task)
        return list(grouped.items())


def has_work_list(user) -> bool:
    """Staff with participants, or who answer referrals to their service."""
    return works_with_participants(user) or directory_services.receives_referrals(user)


def work_list(user, *, today: datetime.date | None = None) -> WorkList:
    today = today or timezone.localdate()
    memberships = valid_memberships(user, today).select_related("participant")
    accesses = accesses_from_memberships(user, memberships, today)
    tasks: list[Task] = []
    if accesses:
        tasks += _safety_tasks(user, accesses)
        tasks += _messages(user, accesses)
        tasks += _proposals(accesses)
        tasks += _meeting_replies(user, accesses)
        tasks += _checkpoints(accesses, today)
        tasks += _reports(user, accesses)
    tasks += _referrals(user)
    tasks.sort(key=lambda t: t.sort_key)
    return WorkList(tasks)


def _name(access: ParticipantAccess) -> str:
    return access.participant.full_name


def _safety_tasks(user, accesses) -> list[Task]:
    return [
        Task(
            kind=TaskKind.SAFETY,
            participant_name=_name(accesses[task.participant_id]),
            text=_("Svar på «%(instrument)s» må følges opp i dag")
            % {"instrument": task.response.instrument.title},
            url=reverse("measures", args=[accesses[task.participant_id].participant.public_id]),
            since=local(task.created_at).date(),
            late=True,
            mine=task.assigned_to_id == user.pk,
            access=accesses[task.participant_id],
            category=Category.MEASUREMENTS,
        )
        for task in open_safety_tasks_among(accesses)
    ]


def _messages(user, accesses) -> list[Task]:
    tasks = []
    for thread in threads_waiting_for_team(user, accesses):
        access = accesses[thread.participant_id]
        tasks.append(
            Task(
                kind=TaskKind.MESSAGE,
                participant_name=_name(access),
                text=(
                    _("Ulest melding i «%(subject)s»")
                    if thread.unread
                    else _("Svar i «%(subject)s»")
                )
                % {"subject": thread.subject},
                url=reverse("thread_detail", args=[access.participant.public_id, thread.pk]),
                since=local(thread.last_message_at).date(),
                access=access,
                category=Category.PLAN,
            )
        )
    return tasks


def _proposals(accesses) -> list[Task]:
    proposed = (
        Activity.objects.filter(
            plan__participant_id__in=[pid for pid, a in accesses.items() if not a.is_self],
            plan__status=PlanStatus.ACTIVE,
            status=ActivityStatus.PROPOSED,
            agreed=False,
        )
        .select_related("plan")
        .order_by("created_at", "pk")
    )
    tasks = []
    for activity in proposed:
        access = accesses[activity.plan.participant_id]
        if not (access.can_view(Category.PLAN) and may_agree_activity(access, activity)):
            continue
        tasks.append(
            Task(
                kind=TaskKind.PROPOSAL,
                participant_name=_name(access),
                text=_("«%(title)s»") % {"title": activity.title},
                url=reverse("activity_detail", args=[access.participant.public_id, activity.pk]),
                since=local(activity.created_at).date(),
                due=activity.due_date,
                access=access,
                category=activity.category,
            )
        )
    return tasks


def _meeting_replies(user, accesses) -> list[Task]:
    invitations = (
        Invitation.objects.filter(
            user=user,
            reply=Reply.PENDING,
            meeting__participant_id__in=accesses,
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__gte=timezone.now(),
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    tasks = []
    for invitation in invitations:
        meeting = invitation.meeting
        access = accesses[meeting.participant_id]
        starts = local(meeting.starts_at)
        tasks.append(
            Task(
                kind=TaskKind.MEETING,
                participant_name=_name(access),
                text=_("%(kind)s %(day)s kl. %(time)s")
                % {
                    "kind": meeting.get_kind_display().capitalize(),
                    "day": short_date(starts.date()),
                    "time": starts.strftime("%H:%M"),
                },
                url=reverse("meeting_detail", args=[access.participant.public_id, meeting.pk]),
                since=local(meeting.created_at).date(),
                due=starts.date(),
                access=access,
            )
        )
    return tasks


def _checkpoints(accesses, today) -> list[Task]:
    tasks = []
    for row in overview_of(accesses, today):
        url = reverse("sickleave_case", args=[row.participant.public_id, row.view.case.pk])
        common = {
            "kind": TaskKind.CHECKPOINT,
            "participant_name": _name(row.access),
            "url": url,
            "since": local(row.view.case.created_at).date(),
            "access": row.access,
            "category": SICK_LEAVE_CATEGORY,
            "decision": row.decision,
        }
        for checkpoint in row.due:
            tasks.append(
                Task(
                    text=_("%(what)s senest %(day)s")
                    % {"what": checkpoint.label, "day": short_date(checkpoint.date)},
                    due=checkpoint.date,
                    **common,
                )
            )
        for late in row.late:
            tasks.append(Task(text=str(late).capitalize(), late=True, **common))
    return tasks


def _reports(user, accesses) -> list[Task]:
    tasks = []
    for report in drafts_to_share(user, accesses):
        access = accesses[report.enrolment.participant_id]
        tasks.append(
            Task(
                kind=TaskKind.REPORT,
                participant_name=_name(access),
                text=_("%(kind)s for %(start)s–%(end)s")
                % {
                    "kind": report.get_kind_display().capitalize(),
                    "start": short_date(report.period_start),
                    "end": short_date(report.period_end),
                },
                url=reverse("report_detail", args=[access.participant.public_id, report.pk]),
                since=local(report.created_at).date(),
                due=report.period_end,
                access=access,
                category=Category.EMPLOYMENT,
            )
        )
    return tasks


def _referrals(user) -> list[Task]:
    """Referrals to the user's services not answered yet. The participant may not be on the
    user's team: the referral itself is the basis, as in the inbox."""
    roles = directory_services.answering_roles(user)
    if not roles:
        return []
    now = timezone.now()
    answer_days = datetime.timedelta(days=directory_services.answer_days())
    referrals = directory_queries.inbox_for(roles).filter(state=ReferralState.SENT)
    return [
        Task(
            kind=TaskKind.REFERRAL,
            participant_name=referral.participant.full_name,
            text=_("Til «%(offer)s» fra %(sender)s")
            % {"offer": referral.offer.name, "sender": referral.sent_by_organisation.name},
            url=reverse("referral_answer", args=[referral.pk]),
            since=local(referral.sent_at).date(),
            due=local(referral.sent_at + answer_days).date(),
            late=referral.is_overdue(now),
            referral_role=roles[referral.offer.organisation_id],
            participant_id=referral.participant_id,
        )
        for referral in referrals
    ]


def log_shown(work: WorkList) -> None:
    """The reads a shown work list makes: each line shows a participant's name and what
    waits, logged as a read of the core and of the category the line came from; a referral
    line as a read in the role the referral was read in. For the page and the API alike."""
    audit.record_item_reads(
        [(t.access, t.category, t.decision) for t in work.tasks if t.access is not None],
        audit.WHAT_WORK_LIST,
    )
    referral_reads: dict = {}
    for task in work.tasks:
        if task.referral_role is not None:
            referral_reads.setdefault(task.referral_role, []).append(task.participant_id)
    for role, participant_ids in referral_reads.items():
        audit.record_referral_reads(role, participant_ids)


def _count_key(user) -> str:
    return f"los:work-count:{user.pk}"


def count_for(user) -> int:
    """The number in the header: kept for LOS_WORK_COUNT_SECONDS, so a page costs the list's
    queries at most once in that time; the work list page itself refreshes it."""
    count = cache.get(_count_key(user))
    if count is None:
        count = len(work_list(user))
        remember_count(user, count)
    return count


def remember_count(user, count: int) -> None:
    cache.set(_count_key(user), count, settings.LOS_WORK_COUNT_SECONDS)

"""The events that call for a notice, each called by the service that makes the change,
inside its transaction (services.notify queues the sending for after the commit).

Who is told (docs/notifications.md):
- a new message in the dialogue: from the participant, the team members in a care role who
  may read the plan (the dialogue's category); from staff, the participant. Throttled per
  thread: one notice per recipient per LOS_NOTICE_THREAD_MINUTES;
- a meeting: the invited users with an account when invited, when the time or place
  changes, and when it is cancelled; never the one who made the change;
- a questionnaire due: the participant (`manage.py notify_due_questionnaires`, daily);
- an activity the participant proposed: the care roles who may agree to it;
- a report to the NAV counsellor drafted: the participant, who may comment on it first;
- a referral sent to a service: the staff in a care role at the receiving organisation.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from los.access.policy import ParticipantAccess, team_readers
from los.accounts.models import StaffRole
from los.core.vocabulary import CARE_ROLES, Category
from los.notifications.models import Kind
from los.notifications.services import notify


def _care_readers(participant, category: Category) -> set[int]:
    return {
        membership.user_id
        for membership, _access in team_readers(participant, category, timezone.localdate())
        if membership.role in CARE_ROLES
    }


def message_sent(access: ParticipantAccess, thread) -> None:
    participant = access.participant
    if access.is_self:
        recipients = _care_readers(participant, Category.PLAN)
    else:
        recipients = {participant.user_id} if participant.user_id else set()
    recipients.discard(access.user.pk)
    link = reverse(
        "thread_detail", kwargs={"public_id": participant.public_id, "thread_id": thread.pk}
    )
    notify(Kind.MESSAGE, recipients, link=link, about=f"thread:{thread.pk}", throttle=True)


def _meeting(kind: Kind, meeting, user_ids: Iterable[int], actor) -> None:
    recipients = {i for i in user_ids if i and i != actor.pk}
    link = reverse(
        "meeting_detail",
        kwargs={"public_id": meeting.participant.public_id, "meeting_id": meeting.pk},
    )
    notify(kind, recipients, link=link, about=f"meeting:{meeting.pk}")


def meeting_invited(meeting, user_ids: Iterable[int], actor) -> None:
    _meeting(Kind.MEETING_INVITED, meeting, user_ids, actor)


def meeting_moved(meeting, user_ids: Iterable[int], actor) -> None:
    _meeting(Kind.MEETING_MOVED, meeting, user_ids, actor)


def meeting_cancelled(meeting, user_ids: Iterable[int], actor) -> None:
    _meeting(Kind.MEETING_CANCELLED, meeting, user_ids, actor)


def activity_proposed(access: ParticipantAccess, activity) -> None:
    recipients = _care_readers(access.participant, activity.category)
    recipients.discard(access.user.pk)
    link = reverse(
        "activity_detail",
        kwargs={"public_id": access.participant.public_id, "activity_id": activity.pk},
    )
    notify(Kind.ACTIVITY_PROPOSED, recipients, link=link, about=f"activity:{activity.pk}")


def questionnaire_due(schedule, due) -> list:
    """Tell the participant a questionnaire is due, once per schedule and due date."""
    participant = schedule.participant
    if not participant.user_id:
        return []
    link = reverse("measures", kwargs={"public_id": participant.public_id})
    return notify(
        Kind.QUESTIONNAIRE_DUE,
        [participant.user_id],
        link=link,
        about=f"schedule:{schedule.pk}:{due.isoformat()}",
    )


def report_drafted(access: ParticipantAccess, report) -> None:
    participant = access.participant
    recipients = {participant.user_id} - {None, access.user.pk}
    link = reverse(
        "report_detail", kwargs={"public_id": participant.public_id, "report_id": report.pk}
    )
    notify(Kind.REPORT_TO_COMMENT, recipients, link=link, about=f"report:{report.pk}")


def referral_received(referral) -> None:
    recipients = set(
        StaffRole.objects.filter(
            organisation_id=referral.offer.organisation_id, role__in=CARE_ROLES, active=True
        ).values_list("user_id", flat=True)
    )
    recipients.discard(referral.sent_by_id)
    link = reverse("referral_answer", kwargs={"referral_id": referral.pk})
    notify(Kind.REFERRAL_RECEIVED, recipients, link=link, about=f"referral:{referral.pk}")

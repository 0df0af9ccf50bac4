"""Questionnaires due: the participant is told once for each due date of each schedule.

Due means what the participant's own pages show: `Schedule.next_due` (the first date, then
every N days after the last answer) on or before the day. A one-off already answered, or a
stopped schedule, is never due.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction

from los.measures.models import Response, ResponseStatus, Schedule
from los.notifications import events
from los.notifications.models import Notice


def due_schedules(day: datetime.date) -> list[tuple[Schedule, datetime.date]]:
    schedules = list(
        Schedule.objects.filter(stopped_at__isnull=True, participant__user__isnull=False)
        .select_related("participant")
        .order_by("pk")
    )
    completed = defaultdict(list)
    for participant_id, instrument_id, completed_on in Response.objects.filter(
        participant_id__in={s.participant_id for s in schedules},
        status=ResponseStatus.COMPLETED,
    ).values_list("participant_id", "instrument_id", "completed_on"):
        completed[(participant_id, instrument_id)].append(completed_on)
    due = []
    for schedule in schedules:
        next_due = schedule.next_due(completed[(schedule.participant_id, schedule.instrument_id)])
        if next_due is not None and next_due <= day:
            due.append((schedule, next_due))
    return due


@transaction.atomic
def notify_due(day: datetime.date) -> int:
    due = due_schedules(day)
    told = set(
        Notice.objects.filter(
            about__in=[f"schedule:{s.pk}:{d.isoformat()}" for s, d in due]
        ).values_list("about", flat=True)
    )
    count = 0
    for schedule, next_due in due:
        if f"schedule:{schedule.pk}:{next_due.isoformat()}" in told:
            continue
        if events.questionnaire_due(schedule, next_due):
            count += 1
    return count

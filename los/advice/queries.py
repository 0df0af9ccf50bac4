"""Reading questions for advice: the asker's own, the advisory organisation's queue with the
days each has waited, and the queue's figures (median days to answer, questions per month)
with disclosure control for anyone beyond the unit (docs/advice.md)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from los.advice.models import AdviceQuestion
from los.reporting.disclosure import is_small


def asked_by(user):
    """The user's own questions, newest first."""
    return AdviceQuestion.objects.filter(asked_by=user).select_related("organisation")


def queue_for(organisation_ids):
    """Questions to these organisations: unanswered first (oldest first), then answered
    (newest first)."""
    return (
        AdviceQuestion.objects.filter(organisation_id__in=organisation_ids)
        .select_related("organisation", "asked_by_organisation")
        .order_by("answered_at", "asked_at", "pk")
    )


def question_for(user, question_id: int, advisor_organisation_ids) -> AdviceQuestion | None:
    """The question if the user asked it or advises the organisation it went to; else None
    (the page answers 404, the same for a question that does not exist)."""
    asked = (
        AdviceQuestion.objects.select_related(
            "organisation", "asked_by", "asked_by_organisation", "answered_by", "participant"
        )
        .filter(pk=question_id)
        .first()
    )
    if asked is None:
        return None
    if asked.asked_by_id == user.pk or asked.organisation_id in advisor_organisation_ids:
        return asked
    return None


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def days_waiting(asked: AdviceQuestion, today: datetime.date) -> int:
    """Whole days since it was asked (0 the same day), while it is unanswered."""
    return (today - _local_day(asked.asked_at)).days


def answer_days(asked: AdviceQuestion) -> int | None:
    """Whole days from asked to answered (0 the same day); None while unanswered."""
    if asked.answered_at is None:
        return None
    return (_local_day(asked.answered_at) - _local_day(asked.asked_at)).days


def median(values: list[int]) -> float | None:
    """The median, the mean of the middle two for an even count; None for none."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class Month:
    month: datetime.date  # the first day of the month
    asked: int | None  # None: hidden (disclosure control)
    answered: int | None


@dataclass(frozen=True)
class QueueFigures:
    waiting: int
    median_answer_days: float | None
    months: list[Month]
    suppressed: bool


def queue_figures(questions, *, beyond_unit: bool) -> QueueFigures:
    """The queue's figures from its questions: how many wait, the median days to answer,
    and per month (of asking) how many were asked and how many of those are answered.
    `beyond_unit`: shown to anyone outside the advisory unit, so a count from 1 to the
    threshold − 1 is hidden (los.reporting.disclosure.is_small), and so is the median when
    fewer answers than the threshold lie behind it."""
    questions = list(questions)
    days = [d for d in (answer_days(q) for q in questions) if d is not None]
    by_month: dict[datetime.date, list[int]] = {}
    for asked in questions:
        month = _local_day(asked.asked_at).replace(day=1)
        counts = by_month.setdefault(month, [0, 0])
        counts[0] += 1
        counts[1] += asked.answered_at is not None
    suppressed = False

    def shown(count: int) -> int | None:
        nonlocal suppressed
        if beyond_unit and is_small(count):
            suppressed = True
            return None
        return count

    months = [
        Month(month=month, asked=shown(a), answered=shown(b))
        for month, (a, b) in sorted(by_month.items())
    ]
    waiting = sum(1 for q in questions if q.answered_at is None)
    median_days = median(days)
    if beyond_unit and is_small(len(days)):
        median_days, suppressed = None, True
    return QueueFigures(
        waiting=shown(waiting) if beyond_unit else waiting,
        median_answer_days=median_days,
        months=months,
        suppressed=suppressed,
    )

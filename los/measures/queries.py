"""Reading measurements: per instrument, the plan, the answers over time with the change
since the first (the baseline) and a chart of them, and the open safety tasks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from los.access.policy import ParticipantAccess
from los.core.charts import TrendChart, trend_chart
from los.core.numbers import plain_number
from los.core.vocabulary import Category
from los.measures.models import Instrument, Response, ResponseStatus, SafetyTask, Schedule
from los.pathways.outcomes import (
    LOWER_IS_BETTER,
    RESPONSE_INSTRUMENTS,
    measure_change,
    measure_remission,
    measure_response,
)


@dataclass
class Point:
    day: datetime.date
    total: Decimal
    band: str
    raw_total: Decimal | None = None  # before the scale's multiplier (WHO-5: 0–25)


def _signed(change: Decimal | None) -> str:
    if change is None:
        return "–"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    return sign + plain_number(abs(change))


@dataclass
class InstrumentTrend:
    """One instrument's answers over time, with the change figures of the indicators module
    (los/pathways/outcomes.py, docs/indicators.md)."""

    instrument: Instrument
    # Read by the participant themself: bands in the participant's wording (scoring.Band).
    for_self: bool = False
    schedules: list[Schedule] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)  # completed answers, oldest first
    draft: Response | None = None
    next_due: datetime.date | None = None

    @property
    def baseline(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    def _series(self, raw: bool = False) -> list[tuple[datetime.date, Decimal]]:
        if raw:
            return [(p.day, p.raw_total) for p in self.points if p.raw_total is not None]
        return [(p.day, p.total) for p in self.points]

    @property
    def change(self) -> Decimal | None:
        """Since the baseline; None with fewer than two answers."""
        figures = measure_change(self._series())
        return figures.change if figures else None

    @property
    def change_text(self) -> str:
        return _signed(self.change)

    @property
    def has_raw(self) -> bool:
        """The scale has a multiplier (WHO-5), so its raw score is shown beside the score."""
        return self.instrument.scale.has_raw_score

    @property
    def max_raw(self) -> Decimal:
        return self.instrument.scale.max_raw_total

    @property
    def raw_change_text(self) -> str:
        figures = measure_change(self._series(raw=True))
        return _signed(figures.change if figures else None)

    @property
    def has_response_rule(self) -> bool:
        return self.instrument.code in RESPONSE_INSTRUMENTS

    @property
    def response(self) -> bool | None:
        """PHQ-9, GAD-7: at least halved since the first answer."""
        return measure_response(self._series()) if self.has_response_rule else None

    @property
    def remission(self) -> bool | None:
        """PHQ-9, GAD-7: the latest total below 5."""
        return measure_remission(self._series()) if self.has_response_rule else None

    @property
    def lower_is_better(self) -> bool:
        """A symptom scale (PHQ-9, GAD-7): lower is better. WHO-5 is the other way round."""
        return self.instrument.code in LOWER_IS_BETTER

    @property
    def chart(self) -> TrendChart:
        """The scale from 0 to its highest possible score, the answers by date, and the
        lower limit of each of the instrument's bands as a line with the band's name."""
        scale = self.instrument.scale
        high = float(scale.max_total)
        steps = next((n for n in (3, 4, 5) if high % n == 0), 4)
        return trend_chart(
            [f"{p.day.day}.{p.day.month}." for p in self.points],
            [p.total for p in self.points],
            low=0,
            high=high,
            unit="",
            ticks=steps,
            references=[
                (float(b.low), b.label_for(self.for_self)) for b in scale.bands if b.low > 0
            ],
            sublabels=[p.day.year for p in self.points],
            height=240,
        )

    @property
    def overdue(self) -> bool:
        return self.next_due is not None and self.next_due < timezone.localdate()


def may_read(access: ParticipantAccess) -> bool:
    return access.can_view(Category.MEASUREMENTS)


def trends_for(access: ParticipantAccess) -> list[InstrumentTrend]:
    """Every instrument planned or answered for the participant, in three queries. The
    caller has checked may_read."""
    participant = access.participant
    trends: dict[int, InstrumentTrend] = {}

    def trend_of(instrument: Instrument) -> InstrumentTrend:
        return trends.setdefault(instrument.pk, InstrumentTrend(instrument, access.is_self))

    schedules = Schedule.objects.filter(participant=participant).select_related("instrument")
    for schedule in schedules:
        trend = trend_of(schedule.instrument)
        trend.schedules.append(schedule)
    responses = (
        Response.objects.filter(participant=participant)
        .select_related("instrument")
        .order_by("completed_on", "pk")
    )
    for response in responses:
        trend = trend_of(response.instrument)
        if response.status == ResponseStatus.COMPLETED:
            band = response.band
            if access.is_self:
                band = trend.instrument.scale.band_label_for(band, is_self=True)
            trend.points.append(
                Point(response.completed_on, response.total, band, response.raw_total)
            )
        elif response.answered_by_id == access.user.pk:
            trend.draft = response  # a draft is its writer's to finish
    for trend in trends.values():
        done = [p.day for p in trend.points]
        dues = [s.next_due(done) for s in trend.schedules]
        trend.next_due = min((d for d in dues if d is not None), default=None)
    return sorted(trends.values(), key=lambda t: t.instrument.title)


def open_safety_tasks(access: ParticipantAccess) -> list[SafetyTask]:
    if access.is_self or not may_read(access):
        return []
    return list(
        SafetyTask.objects.filter(participant=access.participant, handled_at__isnull=True)
        .select_related("response__instrument", "assigned_to")
        .order_by("created_at")
    )


def open_safety_tasks_among(accesses: dict[int, ParticipantAccess]) -> list[SafetyTask]:
    """The open safety tasks of these participants (accesses by participant id) that the
    viewer may see the answers behind: the caseload's flag and the work list. One query."""
    visible = [pid for pid, access in accesses.items() if not access.is_self and may_read(access)]
    if not visible:
        return []
    return list(
        SafetyTask.objects.filter(participant_id__in=visible, handled_at__isnull=True)
        .select_related("response__instrument")
        .order_by("created_at", "pk")
    )


def instruments_in_use():
    return Instrument.objects.filter(active=True).order_by("title", "version")


def due_for(access: ParticipantAccess) -> list[Instrument]:
    """Instruments the participant is due to answer today (for their own front page), in
    two queries."""
    schedules = list(
        Schedule.objects.filter(participant=access.participant, stopped_at__isnull=True)
        .select_related("instrument")
        .order_by("instrument__title")
    )
    if not schedules:
        return []
    done: dict[int, list] = {}
    for instrument_id, day in Response.objects.filter(
        participant=access.participant, status=ResponseStatus.COMPLETED
    ).values_list("instrument_id", "completed_on"):
        done.setdefault(instrument_id, []).append(day)
    today = timezone.localdate()
    due = {}
    for schedule in schedules:
        next_due = schedule.next_due(done.get(schedule.instrument_id, []))
        if next_due is not None and next_due <= today:
            due[schedule.instrument_id] = schedule.instrument
    return list(due.values())


def draft_of(access: ParticipantAccess, instrument: Instrument) -> Response | None:
    """This user's unfinished answers to the instrument for the participant, if any."""
    return (
        Response.objects.filter(
            participant=access.participant,
            instrument=instrument,
            status=ResponseStatus.IN_PROGRESS,
            answered_by=access.user,
        )
        .order_by("-pk")
        .first()
    )


def safety_task_of(response: Response) -> SafetyTask | None:
    return SafetyTask.objects.filter(response=response).select_related("assigned_to").first()

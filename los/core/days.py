"""Dates and moments in Norwegian local time."""

import datetime

from django.utils import timezone


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day`, local time: where a dated event sits among moments."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

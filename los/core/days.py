"""Dates and moments in Norwegian local time."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day`, local time: where a dated event sits among moments."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def short_date(day: datetime.date | None) -> str:
    """«3.11.2026», as Norwegian text writes a date in a sentence; empty for no date."""
    return date_format(day, "j.n.Y") if day else ""

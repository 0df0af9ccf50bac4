"""Dates and moments in Norwegian local time."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day`, local time: where a dated event sits among moments."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def short_date(day: datetime.date | None) -> str:
    """«3.11.2026», as Norwegian text writes a date in a sentence; empty for no date."""
    return date_format(day, "j.n.Y") if day else ""


# The last moment a page can show: a day before datetime.max, so that turning it into Oslo
# time or adding a meeting's length stays inside what Python can represent. Forms keep new
# dates far from it (los/core/forms.py); this keeps a row stored before them from breaking
# a page for good.
LAST_MOMENT = datetime.datetime.max.replace(tzinfo=datetime.UTC) - datetime.timedelta(days=1)


def local(moment: datetime.datetime | None = None) -> datetime.datetime:
    """`moment` (or now) in Norwegian local time, held at LAST_MOMENT."""
    return timezone.localtime(None if moment is None else min(moment, LAST_MOMENT))


def later(moment: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
    """`moment` + `delta`, held at LAST_MOMENT."""
    try:
        return min(moment + delta, LAST_MOMENT)
    except OverflowError:
        return LAST_MOMENT


def add_days(day: datetime.date, days: int) -> datetime.date:
    """`day` moved by `days` (negative for earlier), held at the first and last date Python
    knows: a stored 9999-12-31 plus a week is still 9999-12-31."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


@dataclass(frozen=True)
class FromToday:
    """A date relative to the day a form is checked or shown (never the day Los started)."""

    years: int = 0
    days: int = 0

    def on(self, today: datetime.date) -> datetime.date:
        year = today.year + self.years
        try:
            moved = today.replace(year=year)
        except ValueError:  # 29 February in a year without one
            moved = today.replace(year=year, day=28)
        return add_days(moved, self.days)


TODAY = FromToday()


def years_ago(years: int) -> FromToday:
    return FromToday(years=-years)


def years_ahead(years: int) -> FromToday:
    return FromToday(years=years)

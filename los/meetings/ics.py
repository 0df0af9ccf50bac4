"""The calendar file (.ics) for a meeting.

A calendar entry leaves Los: it lands on phones and in mail servers outside the record's
protection. So it says only that there is a meeting, when and where, and links back to Los
for the rest. No name, no agenda, no invited people, no kind of meeting that would tell a
calendar's reader why the person meets whom.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from los.meetings.models import Meeting


def meeting_calendar(meeting: Meeting, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Los//Møter//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{settings.LOS_CALENDAR_DOMAIN}")
    event.add("sequence", meeting.version)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", _("Møte (Los)"))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", _("Se møtet i Los: %(url)s") % {"url": url})
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()

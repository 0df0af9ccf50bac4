"""The participant's timeline: everything in the record this viewer may see, newest first.

Each source is read once: filtered by the viewer's access in the query, then the newest LIMIT
rows, so a long run of rows the viewer may not see never hides older ones they may. The
sources are merged and cut to LIMIT, so the query count is fixed however long the record is.
Consents and team memberships are a few rows per participant and are read whole, then
filtered by the policy's own predicates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.access.policy import ParticipantAccess
from los.core.days import start_of
from los.core.vocabulary import Category
from los.followup.models import Message
from los.followup.queries import readable_note_categories, visible_notes
from los.meetings.queries import meetings_for
from los.participants.queries import consents_seen_by, team_seen_by
from los.plans.models import ACTIVITY_CATEGORY, ActivityKind, ActivityVersion, Goal
from los.plans.queries import visible_activity_kinds

LIMIT = 100

KINDS = {
    "aktivitet": gettext_lazy("aktiviteter"),
    "mal": gettext_lazy("mål"),
    "referat": gettext_lazy("samtalereferater"),
    "melding": gettext_lazy("meldinger"),
    "mote": gettext_lazy("møter"),
    "samtykke": gettext_lazy("samtykker"),
    "team": gettext_lazy("teamet"),
}


@dataclass(frozen=True)
class Event:
    when: datetime.datetime
    kind: str
    category: Category
    text: str
    url: str = ""


def timeline(access: ParticipantAccess, *, kind: str = "") -> list[Event]:
    participant = access.participant
    public_id = participant.public_id
    wanted = {kind} if kind in KINDS else set(KINDS)
    events: list[Event] = []

    if "aktivitet" in wanted and access.can_view(Category.PLAN):
        versions = (
            ActivityVersion.objects.filter(
                activity__plan__participant=participant,
                activity__kind__in=visible_activity_kinds(access),
            )
            .select_related("activity", "changed_by")
            .order_by("-changed_at", "-pk")[:LIMIT]
        )
        for version in versions:
            activity = version.activity
            category = ACTIVITY_CATEGORY[ActivityKind(activity.kind)]
            verb = {
                "created": _("la inn aktiviteten"),
                "agreed": _("avtalte aktiviteten"),
            }.get(version.action, _("endret aktiviteten"))
            events.append(
                Event(
                    version.changed_at,
                    "aktivitet",
                    category,
                    f"{access.staff_name(version.changed_by)} {verb} «{activity.title}»",
                    reverse("activity_detail", args=[public_id, activity.pk]),
                )
            )

    if "mal" in wanted and access.can_view(Category.PLAN):
        goals = (
            Goal.objects.filter(plan__participant=participant)
            .select_related("created_by")
            .order_by("-created_at", "-pk")[:LIMIT]
        )
        for goal in goals:
            events.append(
                Event(
                    goal.created_at,
                    "mal",
                    Category.PLAN,
                    _("Nytt mål: «%(text)s»") % {"text": goal.text},
                    reverse("plan", args=[public_id]),
                )
            )

    note_categories = readable_note_categories(access)
    if "referat" in wanted and note_categories:
        notes = visible_notes(access)
        for note in notes.select_related("author", "author_organisation").order_by(
            "-contact_date", "-pk"
        )[:LIMIT]:
            events.append(
                Event(
                    start_of(note.contact_date),
                    "referat",
                    Category(note.category),
                    _("Samtalereferat (%(kind)s) fra %(who)s")
                    % {
                        "kind": note.get_category_display(),
                        "who": access.staff_name(note.author, note.author_organisation),
                    },
                    reverse("note_detail", args=[public_id, note.pk]),
                )
            )

    if "melding" in wanted and access.can_view(Category.PLAN):
        messages = (
            Message.objects.filter(thread__participant=participant)
            .select_related("thread", "author")
            .order_by("-sent_at", "-pk")[:LIMIT]
        )
        for message in messages:
            events.append(
                Event(
                    message.sent_at,
                    "melding",
                    Category.PLAN,
                    _("Melding fra %(who)s i «%(subject)s»")
                    % {
                        "who": access.staff_name(message.author),
                        "subject": message.thread.subject,
                    },
                    reverse("thread_detail", args=[public_id, message.thread_id]),
                )
            )

    if "mote" in wanted:
        for meeting in meetings_for(access).order_by("-starts_at", "-pk")[:LIMIT]:
            url = reverse("meeting_detail", args=[public_id, meeting.pk])
            label = meeting.get_kind_display().capitalize()
            if meeting.is_cancelled:
                label = _("%(meeting)s (avlyst)") % {"meeting": label}
            events.append(Event(meeting.starts_at, "mote", Category.PLAN, label, url))
            if meeting.minutes_published:
                events.append(
                    Event(
                        meeting.minutes_published_at,
                        "mote",
                        Category.PLAN,
                        _("Referat publisert fra %(meeting)s")
                        % {"meeting": meeting.get_kind_display()},
                        url,
                    )
                )

    if "samtykke" in wanted:
        for consent in consents_seen_by(access):
            what = {"what": consent.get_category_display(), "org": consent.organisation.name}
            events.append(
                Event(
                    consent.recorded_at,
                    "samtykke",
                    Category.CORE,
                    _("Samtykke: %(org)s kan se %(what)s") % what,
                )
            )
            if consent.withdrawn_at:
                events.append(
                    Event(
                        consent.withdrawn_at,
                        "samtykke",
                        Category.CORE,
                        _("Samtykke trukket tilbake: %(org)s kan ikke lenger se %(what)s") % what,
                    )
                )

    if "team" in wanted:
        for membership in team_seen_by(access):
            events.append(
                Event(
                    start_of(membership.start_date),
                    "team",
                    Category.CORE,
                    _("%(who)s (%(role)s, %(org)s) ble med i teamet")
                    % {
                        "who": membership.user.display_name,
                        "role": membership.get_role_display(),
                        "org": membership.organisation.name,
                    },
                )
            )

    events.sort(key=lambda event: event.when, reverse=True)
    return events[:LIMIT]

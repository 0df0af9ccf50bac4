"""Reads of participants, scoped by the access policy. Nothing here returns a participant the
user may not see; callers log what they show (los.access.audit)."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils import timezone

from los.access.models import AccessLogEntry
from los.access.policy import ParticipantAccess, valid_memberships
from los.core.crypto import lookup_digest
from los.participants.models import CareTeamMembership, Consent, Participant

SEARCH_LIMIT = 50
_DIGITS = re.compile(r"^\d+$")


def _search_filter(query: str) -> Q:
    compact = "".join(query.split())
    if len(compact) == 11 and _DIGITS.match(compact):
        return Q(participant__national_id_digest=lookup_digest(compact))
    condition = Q()
    for word in query.split():
        condition &= Q(participant__first_name__icontains=word) | Q(
            participant__last_name__icontains=word
        )
    return condition


def search_participants(user, query: str = "", *, limit: int = SEARCH_LIMIT):
    """The user's own participants (active team memberships), optionally filtered by name
    words or an exact national identity number. Returns (accesses, more_exist).

    Only team members find anyone: a participant with a protected address, like every other,
    is invisible to staff outside the team. One query whatever the number of hits."""
    today = timezone.localdate()
    memberships = (
        valid_memberships(user, today)
        .filter(_search_filter(query.strip()))
        .select_related("participant__municipality")
        .order_by("participant__last_name", "participant__first_name", "participant_id", "pk")
    )
    grouped: dict[int, ParticipantAccess] = {}
    more_exist = False
    for membership in memberships[: limit * 2]:
        access = grouped.get(membership.participant_id)
        if access is None:
            if len(grouped) == limit:
                more_exist = True
                break
            access = grouped[membership.participant_id] = ParticipantAccess(
                user=user,
                participant=membership.participant,
                memberships=[],
                consents=[],
                day=today,
            )
        access.memberships.append(membership)
    return list(grouped.values()), more_exist


def team_of(participant: Participant) -> list[CareTeamMembership]:
    """Everyone who is or was on the team, current members first."""
    today = timezone.localdate()
    memberships = list(
        CareTeamMembership.objects.filter(participant=participant)
        .select_related("user", "organisation")
        .order_by("-start_date", "pk")
    )
    for membership in memberships:
        membership.is_current = membership.start_date <= today and (
            membership.end_date is None or membership.end_date >= today
        )
    return sorted(memberships, key=lambda m: not m.is_current)


def consents_of(participant: Participant) -> list[Consent]:
    today = timezone.localdate()
    consents = list(
        Consent.objects.filter(participant=participant)
        .select_related("organisation", "recorded_by", "withdrawn_by")
        .order_by("-recorded_at", "pk")
    )
    for consent in consents:
        consent.currently_active = consent.is_active(today)
    return consents


def access_log_of(participant: Participant, *, exclude_user=None):
    """The participant's access log, newest first, as a queryset to paginate."""
    entries = AccessLogEntry.objects.filter(participant=participant).order_by("-accessed_at", "-pk")
    if exclude_user is not None:
        entries = entries.exclude(user=exclude_user)
    return entries

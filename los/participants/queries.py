"""Reads of participants, scoped by the access policy. Nothing here returns a participant the
user may not see; callers log what they show (los.access.audit)."""

from __future__ import annotations

import re

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone

from los.access.models import AccessLogEntry
from los.access.policy import ParticipantAccess, valid_memberships
from los.core.crypto import lookup_digest
from los.participants.models import CareTeamMembership, Consent, Participant

SEARCH_PAGE_SIZE = 50
_DIGITS = re.compile(r"^\d+$")


def _search_filter(query: str) -> Q:
    compact = "".join(query.split())
    if len(compact) == 11 and _DIGITS.match(compact):
        return Q(national_id_digest=lookup_digest(compact))
    condition = Q()
    for word in query.split():
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return condition


def search_participants(user, query: str = "", *, page_number=1, per_page: int = SEARCH_PAGE_SIZE):
    """One page of the user's own participants (those whose team they are actively on),
    optionally filtered by name words or an exact national identity number. Each item is a
    ParticipantAccess holding the user's memberships for that participant.

    Only team members find anyone: a participant with a protected address, like every other,
    is invisible to staff outside the team. Three queries whatever the page size: count,
    page, and the memberships of the page."""
    today = timezone.localdate()
    in_scope = valid_memberships(user, today).values("participant_id")
    participants = (
        Participant.objects.filter(pk__in=in_scope)
        .filter(_search_filter(query.strip()))
        .select_related("municipality")
        .order_by("last_name", "first_name", "pk")
    )
    page = Paginator(participants, per_page).get_page(page_number)
    accesses = {
        participant.pk: ParticipantAccess(
            user=user, participant=participant, memberships=[], consents=[], day=today
        )
        for participant in page.object_list
    }
    for membership in valid_memberships(user, today).filter(participant_id__in=list(accesses)):
        accesses[membership.participant_id].memberships.append(membership)
    page.object_list = list(accesses.values())
    return page


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

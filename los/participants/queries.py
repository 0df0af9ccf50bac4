"""Reads of a participant's team, consents and access log. Callers have checked access with
los.access.policy and log what they show (los.access.audit). The caseload is in
los.followup.caseload."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from los.access.models import AccessLogEntry, RefusalLogEntry
from los.access.policy import participants_with_team_managed_by
from los.participants.models import (
    AccessRequest,
    AccessRequestState,
    CareTeamMembership,
    Consent,
    Participant,
)


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


def team_seen_by(access) -> list[CareTeamMembership]:
    """The team as this viewer may see it (a health member can be hidden: see the policy)."""
    return [m for m in team_of(access.participant) if access.can_see_team_member(m)]


def consents_seen_by(access) -> list[Consent]:
    return [c for c in consents_of(access.participant) if access.can_see_consent(c)]


def access_log_of(participant: Participant, *, exclude_user=None):
    """The participant's access log, newest first, as a queryset to paginate."""
    entries = AccessLogEntry.objects.filter(participant=participant).order_by("-accessed_at", "-pk")
    if exclude_user is not None:
        entries = entries.exclude(user=exclude_user)
    return entries


@dataclass
class ReadsOfADay:
    """What one person read of the participant on one day: one line on the participant's
    own page instead of one per page they opened."""

    user_id: int
    user_name: str
    role: str
    organisation_name: str
    day: datetime.date
    count: int
    first: datetime.datetime
    last: datetime.datetime
    entries: list[AccessLogEntry] = field(default_factory=list)  # one per kind of read


def reads_by_person_and_day(participant: Participant, *, exclude_user, user_id=None, category=None):
    """The access log grouped by person and (local) day, newest first, as a queryset of
    dicts to paginate; `with_what_was_read` fills in what each group read."""
    entries = access_log_of(participant, exclude_user=exclude_user).order_by()
    if user_id is not None:
        entries = entries.filter(user_id=user_id)
    if category:
        entries = entries.filter(category=category)
    return (
        entries.annotate(day=TruncDate("accessed_at", tzinfo=timezone.get_current_timezone()))
        .values("user_id", "user_name", "role", "organisation_name", "day")
        .annotate(count=Count("pk"), first=Min("accessed_at"), last=Max("accessed_at"))
        .order_by("-day", "-last", "user_id")
    )


def with_what_was_read(participant: Participant, groups, *, category=None) -> list[ReadsOfADay]:
    """The page's groups, each with one log row per kind of read (what and category), in
    the order first read that day. One query for the whole page."""
    days = [ReadsOfADay(**group) for group in groups]
    if not days:
        return []
    kinds = (
        AccessLogEntry.objects.filter(
            participant=participant, user_id__in={d.user_id for d in days}
        )
        .filter(
            accessed_at__gte=min(d.first for d in days), accessed_at__lte=max(d.last for d in days)
        )
        .annotate(day=TruncDate("accessed_at", tzinfo=timezone.get_current_timezone()))
        .values("user_id", "day", "what", "category")
        .annotate(first=Min("accessed_at"))
        .order_by("first")
    )
    if category:
        kinds = kinds.filter(category=category)
    by_key = {(d.user_id, d.day): d for d in days}
    for kind in kinds:
        group = by_key.get((kind["user_id"], kind["day"]))
        if group is not None:
            group.entries.append(AccessLogEntry(what=kind["what"], category=kind["category"]))
    return days


def people_who_read(participant: Participant, *, exclude_user) -> list[dict]:
    """Everyone who has read the participant's record, for the filter on their own page."""
    people = (
        access_log_of(participant, exclude_user=exclude_user)
        .order_by()
        .values("user_id", "user_name", "role", "organisation_name")
        .distinct()
        .order_by("user_name", "user_id")
    )
    return list({person["user_id"]: person for person in reversed(people)}.values())[::-1]


# The refused attempts shown beside the access log: the newest, enough to see a pattern.
REFUSALS_SHOWN = 50


def refusals_of(participant: Participant, *, exclude_user=None) -> list[RefusalLogEntry]:
    """The newest refused attempts on the participant's record (the participant's own are
    left out of their own page, like their own reads)."""
    entries = RefusalLogEntry.objects.filter(participant=participant).order_by("-refused_at", "-pk")
    if exclude_user is not None:
        entries = entries.exclude(user=exclude_user)
    return list(entries[:REFUSALS_SHOWN])


def waiting_access_requests(access) -> list[AccessRequest]:
    """Requests to join the team that wait for an answer, for those who answer them."""
    if not access.can_answer_access_requests:
        return []
    return list(
        AccessRequest.objects.filter(
            participant=access.participant, state=AccessRequestState.WAITING
        )
        .select_related("requester", "organisation")
        .order_by("requested_at", "pk")
    )


# How many waiting requests the caseload lists; the rest are on the participant pages.
CASELOAD_REQUESTS_SHOWN = 20


def waiting_access_requests_for(user) -> list[AccessRequest]:
    """The oldest requests to join a team the user manages, for the caseload: one query."""
    managed = participants_with_team_managed_by(user, timezone.localdate())
    return list(
        AccessRequest.objects.filter(state=AccessRequestState.WAITING, participant_id__in=managed)
        .select_related("participant", "requester", "organisation")
        .order_by("requested_at", "pk")[:CASELOAD_REQUESTS_SHOWN]
    )


def access_requests_seen_by(access) -> list[AccessRequest]:
    """Everyone who has asked to join the team, newest first (the participant's own page)."""
    if not access.can_see_access_requests:
        return []
    return list(
        AccessRequest.objects.filter(participant=access.participant)
        .select_related("requester", "organisation")
        .order_by("-requested_at", "-pk")
    )

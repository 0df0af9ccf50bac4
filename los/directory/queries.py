"""Reading the directory: the public search by municipality and need, an offer's own page,
and the offers a keeper keeps. Fixed numbers of queries, whatever the number of offers."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from los.directory.kinds import Need, kinds_for_need
from los.directory.models import OPEN_STATES, Offer, Referral, ReferralState
from los.organisations.models import Municipality, Organisation
from los.reporting.disclosure import min_cell_size

MUNICIPALITY_NUMBER = re.compile(r"\d{4}")


@dataclass
class Search:
    """What was asked on /tilbud/ and what it found; `errors` says in plain Norwegian what
    could not be used (the search then shows no offers rather than all of them)."""

    municipality: Municipality | None = None
    need: Need | None = None
    errors: list[str] = field(default_factory=list)
    kommune: str = ""
    behov: str = ""


def parse_search(params) -> Search:
    """Read `?kommune=` (SSB's four-digit municipality number) and `?behov=` (a Need)."""
    search = Search(
        kommune=(params.get("kommune") or "").strip()[:20],
        behov=(params.get("behov") or "").strip()[:20],
    )
    if search.kommune:
        if not MUNICIPALITY_NUMBER.fullmatch(search.kommune):
            search.errors.append(
                _("Kommunenummeret må være fire sifre, for eksempel 1804 for Bodø.")
            )
        else:
            search.municipality = (
                Municipality.objects.select_related("county").filter(number=search.kommune).first()
            )
            if search.municipality is None:
                search.errors.append(
                    _("Vi finner ingen kommune med nummeret %(number)s. Velg kommunen fra listen.")
                    % {"number": search.kommune}
                )
    if search.behov:
        if search.behov in Need.values:
            search.need = Need(search.behov)
        else:
            search.errors.append(_("Velg et behov fra listen."))
    return search


def offers_for(search: Search):
    """The offers that answer the search, open ones first. One query."""
    offers = Offer.objects.select_related("organisation").order_by("-is_open", "name", "pk")
    if search.municipality is not None:
        offers = offers.filter(municipalities=search.municipality)
    if search.need is not None:
        offers = offers.filter(kind__in=kinds_for_need(search.need))
    return offers


def municipality_choices():
    """Every municipality, by county and name, for the search form. One query."""
    return Municipality.objects.select_related("county").order_by("county__number", "name")


def organisations_offering_to(participant):
    """The organisations with an offer in the directory for the participant's municipality
    (every one in the directory when it is not known), by name: the services a participant
    may choose to give consent to. One query."""
    offers = Offer.objects.all()
    if participant.municipality_id:
        offers = offers.filter(municipalities=participant.municipality_id)
    return Organisation.objects.filter(pk__in=offers.values("organisation")).order_by("name")


def offer_page(offer_id: int) -> Offer | None:
    """One offer with its organisation and municipalities: two queries."""
    return (
        Offer.objects.select_related("organisation__county")
        .prefetch_related(Prefetch("municipalities", Municipality.objects.order_by("name")))
        .filter(pk=offer_id)
        .first()
    )


def offers_kept_by(user):
    """The offers at the organisations `user` keeps (los.directory.services)."""
    from los.directory.services import organisations_kept_by

    return (
        Offer.objects.filter(organisation__in=organisations_kept_by(user))
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )


# --- Referrals ----------------------------------------------------------------------------

WAITING_WINDOW_DAYS = 365


def offers_to_refer(access):
    """The offers a participant may be referred to: those serving their municipality, or,
    when it is not known, those in the counties of the sender's organisations."""
    offers = Offer.objects.select_related("organisation").order_by("-is_open", "name", "pk")
    if access.participant.municipality_id:
        return offers.filter(municipalities=access.participant.municipality_id)
    counties = {m.organisation.county_id for m in access.memberships}
    return offers.filter(organisation__county_id__in=counties)


def may_know_of_referral(access, referral: Referral) -> bool:
    """A referral to a service says that the service may follow the person up (to a DPS:
    health information), so it follows the team rule (ParticipantAccess.can_see_colleague)
    for the receiving organisation and for the sender. The one rule for the referrals page
    and the caseload."""
    return access.can_see_colleague(None, referral.offer.organisation) and access.can_see_colleague(
        referral.sent_by_id, referral.sent_by_organisation
    )


def referrals_seen_by(access):
    """The participant's referrals that this viewer may know of. One query."""
    referrals = (
        Referral.objects.filter(participant=access.participant)
        .select_related("offer__organisation", "sent_by", "sent_by_organisation")
        .order_by("-sent_at", "-pk")
    )
    return [r for r in referrals if may_know_of_referral(access, r)]


def open_referrals_of(participant_ids):
    """Referrals sent and not yet taken in (sent, or on the waiting list) for these
    participants, with what may_know_of_referral needs. One query."""
    return Referral.objects.filter(
        participant_id__in=participant_ids, state__in=OPEN_STATES
    ).select_related("offer__organisation", "sent_by_organisation")


def inbox_for(organisation_ids):
    """Referrals to the offers of these organisations that wait for an answer or are under
    way, oldest first."""
    return (
        Referral.objects.filter(
            offer__organisation_id__in=organisation_ids,
            state__in=[*OPEN_STATES, ReferralState.ACCEPTED],
        )
        .select_related(
            "participant__municipality", "offer__organisation", "sent_by", "sent_by_organisation"
        )
        .order_by("sent_at", "pk")
    )


def referral_for_receiver(referral_id: int, organisation_ids):
    return (
        Referral.objects.filter(pk=referral_id, offer__organisation_id__in=organisation_ids)
        .select_related(
            "participant__municipality", "offer__organisation", "sent_by", "sent_by_organisation"
        )
        .prefetch_related("consents")
        .first()
    )


@dataclass(frozen=True)
class WaitingTime:
    """The median number of days from a referral's sending to the start on the team, over
    the accepted referrals whose start fell in the last WAITING_WINDOW_DAYS days; `days` is
    None when fewer than min_cell_size() referrals are behind it (docs/service-directory.md)."""

    days: int | None
    shown: bool


def median_days(values: list[int]) -> int:
    """The median, halves rounded up (so 4.5 days is said as 5): values must not be empty."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return math.ceil((ordered[middle - 1] + ordered[middle]) / 2)


def waiting_times(offer_ids, today: datetime.date) -> dict[int, WaitingTime]:
    """The waiting time of each offer, from its accepted referrals. One query."""
    since = today - datetime.timedelta(days=WAITING_WINDOW_DAYS)
    days: dict[int, list[int]] = {}
    rows = Referral.objects.filter(
        offer_id__in=list(offer_ids),
        start_date__gte=since,
        start_date__lte=today,
        state__in=[ReferralState.ACCEPTED, ReferralState.DONE],
    ).values_list("offer_id", "sent_at", "start_date")
    for offer_id, sent_at, start_date in rows:
        waited = (start_date - timezone.localtime(sent_at).date()).days
        days.setdefault(offer_id, []).append(max(waited, 0))
    result = {}
    for offer_id in offer_ids:
        values = days.get(offer_id, [])
        if len(values) < min_cell_size():
            result[offer_id] = WaitingTime(days=None, shown=False)
        else:
            result[offer_id] = WaitingTime(days=median_days(values), shown=True)
    return result

"""Keeping collaboration agreements: who may read and write them, the checks before a save,
and the changes themselves, each with its change-log row in the same transaction
(docs/agreements.md). The predicates are the one rule: the views ask them to show a page,
a form or a link, and the domain functions ask them again before they change anything."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change
from los.access.policy import staff_roles_of
from los.agreements.models import Agreement, FollowUpMeeting
from los.core.editing import locked_row
from los.core.pace import check_writing_pace
from los.core.text import clean_text
from los.core.vocabulary import OrganisationKind, Role
from los.directory.models import Offer
from los.organisations.models import Organisation

# The parties the 2013–2016 plan names (measure 4): NAV, the health trusts and the
# municipalities.
PARTY_KINDS = frozenset(
    {
        OrganisationKind.NAV_OFFICE,
        OrganisationKind.HEALTH_TRUST,
        OrganisationKind.MUNICIPAL_MENTAL_HEALTH,
    }
)
TEXTS = ("title", "purpose", "challenges", "goals", "routines", "contacts", "user_representatives")
MULTILINE = frozenset(TEXTS) - {"title"}


def coordinated_counties(user) -> set[int]:
    return {
        r.organisation.county_id for r in staff_roles_of(user) if r.role == Role.COUNTY_COORDINATOR
    }


def reads_every_agreement(user) -> bool:
    """The programme manager follows the agreements of the whole country."""
    return any(r.role == Role.PROGRAMME_MANAGER for r in staff_roles_of(user))


def may_keep_agreements(user, county_id: int) -> bool:
    """The county coordinator makes and changes the agreements of their own county."""
    return county_id in coordinated_counties(user)


def _works_at_a_party(user, agreement: Agreement) -> bool:
    parties = {o.pk for o in agreement.parties.all()}
    return any(r.organisation_id in parties for r in staff_roles_of(user))


def may_read_agreement(user, agreement: Agreement) -> bool:
    """The county's coordinator, the staff of each party, and the programme manager."""
    return (
        may_keep_agreements(user, agreement.county_id)
        or reads_every_agreement(user)
        or _works_at_a_party(user, agreement)
    )


def may_write_minutes(user, agreement: Agreement) -> bool:
    """The minutes of a follow-up meeting: the coordinator and the staff of the parties."""
    return may_keep_agreements(user, agreement.county_id) or _works_at_a_party(user, agreement)


def has_agreement_work(user) -> bool:
    """Sees «Samarbeidsavtaler» in the menu: a coordinator, the programme manager, or staff
    of an organisation that may be a party (no query beyond the roles)."""
    return any(
        r.role in {Role.COUNTY_COORDINATOR, Role.PROGRAMME_MANAGER}
        or r.organisation.kind in PARTY_KINDS
        for r in staff_roles_of(user)
    )


def _log(user, action: str, obj, data: dict) -> None:
    """The change-log row of a change to an agreement: about no participant."""
    record_change(actor=user, participant=None, action=action, obj=obj, data=data)


def check_agreement(county_id, *, parties, offers, starts_on, review_on, title, purpose) -> None:
    """Everything that must hold before an agreement is saved; every error at once."""
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Skriv hva avtalen heter.")
    if not purpose:
        errors["purpose"] = _("Skriv hva avtalen skal oppnå.")
    if len(parties) < 2:
        errors["parties"] = _("En samarbeidsavtale har minst to parter.")
    elif any(p.county_id != county_id for p in parties):
        outside = ", ".join(sorted(p.name for p in parties if p.county_id != county_id))
        errors["parties"] = _("Alle partene må høre til fylket. Utenfor fylket: %(names)s.") % {
            "names": outside
        }
    elif any(p.kind not in PARTY_KINDS for p in parties):
        errors["parties"] = _("Partene er NAV-kontor, DPS / helseforetak og kommuner.")
    party_ids = {p.pk for p in parties}
    if any(o.organisation_id not in party_ids for o in offers):
        errors["offers"] = _("Velg bare tilbud som partene gir.")
    if starts_on and review_on and review_on <= starts_on:
        errors["review_on"] = _("Revisjonsdatoen må være etter datoen avtalen gjelder fra.")
    if errors:
        raise ValidationError(errors)


def _cleaned(texts: dict) -> dict:
    return {
        key: clean_text(texts.get(key) or "", multiline=key in MULTILINE).strip() for key in TEXTS
    }


def agreement_create(
    *, user, county_id: int, parties, offers, starts_on, review_on, **texts
) -> Agreement:
    if not may_keep_agreements(user, county_id):
        raise PermissionDenied
    check_writing_pace(user=user)
    fields = _cleaned(texts)
    parties, offers = list(parties), list(offers)
    check_agreement(
        county_id,
        parties=parties,
        offers=offers,
        starts_on=starts_on,
        review_on=review_on,
        title=fields["title"],
        purpose=fields["purpose"],
    )
    with transaction.atomic():
        agreement = Agreement.objects.create(
            county_id=county_id,
            starts_on=starts_on,
            review_on=review_on,
            created_by=user,
            **fields,
        )
        agreement.parties.set(parties)
        agreement.offers.set(offers)
        _log(
            user,
            "agreement.create",
            agreement,
            {"parties": sorted(p.pk for p in parties), "review_on": review_on.isoformat()},
        )
    return agreement


def agreement_update(
    *, user, agreement_id: int, version: int, parties, offers, starts_on, review_on, **texts
) -> Agreement:
    check_writing_pace(user=user)
    fields = _cleaned(texts)
    parties, offers = list(parties), list(offers)
    with transaction.atomic():
        agreement = locked_row(Agreement.objects.all(), agreement_id, version=version)
        if not may_keep_agreements(user, agreement.county_id):
            raise PermissionDenied
        check_agreement(
            agreement.county_id,
            parties=parties,
            offers=offers,
            starts_on=starts_on,
            review_on=review_on,
            title=fields["title"],
            purpose=fields["purpose"],
        )
        for key, value in fields.items():
            setattr(agreement, key, value)
        agreement.starts_on, agreement.review_on = starts_on, review_on
        agreement.version += 1
        agreement.save()
        agreement.parties.set(parties)
        agreement.offers.set(offers)
        _log(
            user,
            "agreement.change",
            agreement,
            {"version": agreement.version, "review_on": review_on.isoformat()},
        )
    return agreement


def meeting_add(
    *, user, agreement: Agreement, held_on: datetime.date, minutes: str
) -> FollowUpMeeting:
    """The minutes of a follow-up meeting that has been held."""
    if not may_write_minutes(user, agreement):
        raise PermissionDenied
    check_writing_pace(user=user)
    minutes = clean_text(minutes or "", multiline=True).strip()
    errors = {}
    if not minutes:
        errors["minutes"] = _("Skriv referatet fra møtet.")
    if held_on > timezone.localdate():
        errors["held_on"] = _("Skriv referatet etter at møtet er holdt.")
    elif held_on < agreement.starts_on:
        errors["held_on"] = _("Møtet kan ikke være før avtalen gjaldt fra.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = FollowUpMeeting.objects.create(
            agreement=agreement, held_on=held_on, minutes=minutes, written_by=user
        )
        _log(
            user,
            "agreement.meeting",
            meeting,
            {"agreement": agreement.pk, "held_on": held_on.isoformat()},
        )
    return meeting


def party_choices(county_id: int):
    return Organisation.objects.filter(county_id=county_id, kind__in=PARTY_KINDS).order_by("name")


def offer_choices(county_id: int):
    return (
        Offer.objects.filter(organisation__county_id=county_id, organisation__kind__in=PARTY_KINDS)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )

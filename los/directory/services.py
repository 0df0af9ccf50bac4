"""Keeping the directory: who may create and change an offer, and the changes themselves,
each with its change-log row in the same transaction.

Who keeps an offer (docs/service-directory.md):
- the county coordinator (Role.COUNTY_COORDINATOR), for offers at organisations in the
  county of the organisation they hold the role in, and only there;
- the staff of the offering organisation (any active staff role there).
`may_edit_offer` is the one rule: the views ask it to show a form or a link, and the
domain functions below ask it again before they change anything."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change, record_change_by
from los.access.policy import (
    ParticipantAccess,
    reads_without_consent,
    require,
    staff_roles_of,
)
from los.accounts.models import StaffRole
from los.core.editing import stale_edit_error
from los.core.pace import check_writing_pace
from los.core.text import cleans_text
from los.core.vocabulary import (
    CARE_ROLES,
    CONSENTABLE_CATEGORIES,
    TEAM_ROLES,
    Category,
    OrganisationKind,
    Role,
)
from los.directory.kinds import OfferKind, Route
from los.directory.models import (
    ACTIVE_STATES,
    MAX_CAPACITY,
    OPEN_STATES,
    Offer,
    Referral,
    ReferralState,
)
from los.notifications import events as notices
from los.organisations.models import Organisation
from los.participants.models import CareTeamMembership, Consent

# Kinds of organisation that offer services to people or employers. An employer's staff
# and the directorate keep no offers.
OFFERING_KINDS = frozenset(OrganisationKind) - {
    OrganisationKind.EMPLOYER,
    OrganisationKind.DIRECTORATE,
}
FIELDS = (
    "kind",
    "name",
    "target_group",
    "how_to_refer",
    "routes",
    "phone",
    "email",
    "web",
    "capacity",
    "is_open",
    "reads",
)


def coordinated_county_ids(user) -> set[int]:
    """The counties in which `user` is the county coordinator."""
    return {
        r.organisation.county_id for r in staff_roles_of(user) if r.role == Role.COUNTY_COORDINATOR
    }


def may_edit_offer(user, organisation: Organisation) -> bool:
    """May `user` create or change offers at `organisation`? The county coordinator of its
    county, or someone who works there; never for an employer or the directorate."""
    if not user.is_authenticated or organisation.kind not in OFFERING_KINDS:
        return False
    roles = staff_roles_of(user)
    if any(r.organisation_id == organisation.pk for r in roles):
        return True
    return organisation.county_id in coordinated_county_ids(user)


def may_keep_offers(user) -> bool:
    """Keeps some offers: the header shows «Tilbud vi har» (no query beyond the roles)."""
    return any(
        r.role == Role.COUNTY_COORDINATOR or r.organisation.kind in OFFERING_KINDS
        for r in staff_roles_of(user)
    )


def organisations_kept_by(user):
    """The organisations whose offers `user` keeps, as a queryset (the form's choices)."""
    own = [r.organisation_id for r in staff_roles_of(user)]
    counties = coordinated_county_ids(user)
    return Organisation.objects.filter(
        Q(pk__in=own) | Q(county_id__in=counties), kind__in=OFFERING_KINDS
    ).select_related("county")


def _check(organisation: Organisation, values: dict, municipalities) -> None:
    """Everything that must hold before an offer is saved; every error at once."""
    errors: dict[str, list[str]] = {}

    def error(field, message):
        errors.setdefault(field, []).append(message)

    if values.get("kind") not in OfferKind.values:
        error("kind", _("Velg hva slags tilbud dette er."))
    if not values.get("name", "").strip():
        error("name", _("Skriv navnet på tilbudet."))
    if not values.get("target_group", "").strip():
        error("target_group", _("Skriv hvem tilbudet er for."))
    if not values.get("how_to_refer", "").strip():
        error("how_to_refer", _("Skriv hvordan man kommer i kontakt med tilbudet."))
    routes = values.get("routes") or []
    if not routes:
        error(
            "routes",
            _("Velg minst én vei inn: hvem kan henvise, eller om man kan ta kontakt selv."),
        )
    elif any(route not in Route.values for route in routes):
        error("routes", _("Ukjent vei inn til tilbudet."))
    if not municipalities:
        error("municipalities", _("Velg minst én kommune som tilbudet gjelder for."))
    elif any(m.county_id != organisation.county_id for m in municipalities):
        error(
            "municipalities",
            _("Kommunene må ligge i %(county)s, fylket der %(organisation)s er.")
            % {"county": organisation.county.name, "organisation": organisation.name},
        )
    if not (values.get("phone") or values.get("email") or values.get("web")):
        error(
            "phone",
            _("Skriv minst én måte å kontakte tilbudet på: telefon, e-post eller nettside."),
        )
    if any(c not in CONSENTABLE_CATEGORIES for c in values.get("reads") or []):
        error("reads", _("Ukjent kategori."))
    capacity = values.get("capacity")
    if capacity is not None and not 0 <= capacity <= MAX_CAPACITY:
        error("capacity", _("Antall plasser må være fra 0 til %(max)d.") % {"max": MAX_CAPACITY})
    if errors:
        raise ValidationError(errors)


def _values(fields: dict) -> dict:
    values = {name: fields.get(name) for name in FIELDS}
    for name in ("name", "target_group", "how_to_refer", "phone", "email", "web"):
        values[name] = (values[name] or "").strip()
    values["routes"] = list(dict.fromkeys(values["routes"] or []))
    values["is_open"] = bool(values["is_open"])
    values["reads"] = list(dict.fromkeys(values["reads"] or []))
    return values


@transaction.atomic
@cleans_text("name", "phone", "email", "web", multiline=("target_group", "how_to_refer"))
def offer_create(*, user, organisation: Organisation, municipalities, **fields) -> Offer:
    """Create an offer at `organisation`. Refused (403) unless may_edit_offer; bad input is
    a ValidationError and nothing is saved."""
    if not may_edit_offer(user, organisation):
        raise PermissionDenied
    municipalities = list(municipalities)
    values = _values(fields)
    _check(organisation, values, municipalities)
    offer = Offer.objects.create(organisation=organisation, **values)
    offer.municipalities.set(municipalities)
    record_change(
        actor=user,
        participant=None,
        action="offer.created",
        obj=offer,
        data={"organisation": organisation.pk, "kind": offer.kind, "is_open": offer.is_open},
    )
    return offer


@transaction.atomic
@cleans_text("name", "phone", "email", "web", multiline=("target_group", "how_to_refer"))
def offer_update(*, user, offer_id: int, version: int, municipalities, **fields) -> Offer:
    """Change an offer. The organisation stays; who keeps it is asked again under a row
    lock, and an edit made on an older version than the stored one is refused, so that two
    keepers do not overwrite each other unseen."""
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("organisation__county")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None or not may_edit_offer(user, offer.organisation):
        raise PermissionDenied
    if offer.version != version:
        raise stale_edit_error()
    municipalities = list(municipalities)
    values = _values(fields)
    _check(offer.organisation, values, municipalities)
    changed = [name for name in FIELDS if getattr(offer, name) != values[name]]
    before = set(offer.municipalities.values_list("pk", flat=True))
    after = {m.pk for m in municipalities}
    if before != after:
        changed.append("municipalities")
    if not changed:
        return offer
    for name, value in values.items():
        setattr(offer, name, value)
    offer.version += 1
    offer.save()
    if before != after:
        offer.municipalities.set(municipalities)
    record_change(
        actor=user,
        participant=None,
        action="offer.changed",
        obj=offer,
        data={"fields": changed, "is_open": offer.is_open},
    )
    return offer


# --- Referrals (henvisning) ----------------------------------------------------------------
#
# A care-role member of the participant's team refers the participant to an offer. The
# referral shows which categories the receiving organisation would read and needs the
# participant's active consent to it for each of those it would not read from its own sector
# (categories_needing_consent), or a recorded legal basis. The receiving organisation's
# care staff answer it (may_answer_referral); accepting puts named staff on the team.


def categories_needing_consent(offer: Offer) -> list[Category]:
    """The categories the offer reads that its organisation would not read on the team
    without the participant's consent (los.access.policy.reads_without_consent)."""
    return [Category(c) for c in offer.reads if not reads_without_consent(offer.organisation, c)]


def consent_cover(participant, offer: Offer, day: datetime.date):
    """The participant's active consents to the offer's organisation for the categories
    that need one, and the categories that have none. One query."""
    return consents_covering(
        participant, offer.organisation, categories_needing_consent(offer), day
    )


def consents_covering(participant, organisation, needed, day: datetime.date):
    """The participant's active consents to `organisation` for each of the `needed`
    categories (one per category), and the categories that have none. One query. The one
    check of consent before another service reads: a referral (consent_cover) and a named
    question to the regional unit (los.advice.services)."""
    consents = {}
    for consent in (
        Consent.objects.active(day)
        .filter(participant=participant, organisation=organisation, category__in=needed)
        .order_by("pk")
    ):
        consents.setdefault(consent.category, consent)
    return list(consents.values()), [c for c in needed if c not in consents]


def may_refer(access: ParticipantAccess) -> bool:
    """Staff on the team in a care role refer; the participant and read-only roles do not."""
    return not access.is_self and access.has_care_role


def may_withdraw_referral(access: ParticipantAccess, referral: Referral) -> bool:
    return may_refer(access) and referral.state in OPEN_STATES


def receiving_roles(user, organisation_id: int) -> list:
    """The user's care roles at the receiving organisation: those who answer referrals."""
    return [
        r
        for r in staff_roles_of(user)
        if r.organisation_id == organisation_id and r.role in CARE_ROLES
    ]


def receives_referrals(user) -> bool:
    """Works in a care role somewhere: the header shows «Henvisninger til oss»."""
    return any(r.role in CARE_ROLES for r in staff_roles_of(user))


def answering_roles(user) -> dict:
    """The user's care roles, one per organisation (by organisation id): where they answer
    referrals (the inbox, the answer form, the work list)."""
    roles = {}
    for role in staff_roles_of(user):
        if role.role in CARE_ROLES:
            roles.setdefault(role.organisation_id, role)
    return roles


def may_answer_referral(user, referral: Referral) -> bool:
    return bool(receiving_roles(user, referral.offer.organisation_id))


def _referral_errors(access, offer, reason, legal_basis, missing) -> dict:
    errors: dict[str, list[str]] = {}
    if offer is None:
        errors["offer"] = [_("Velg et tilbud.")]
        return errors
    if not offer.is_open:
        errors["offer"] = [
            _("«%(offer)s» tar ikke imot nye nå. Velg et annet tilbud.") % {"offer": offer.name}
        ]
    if not reason.strip():
        errors["reason"] = [_("Skriv hvorfor du henviser, slik at tjenesten kan svare.")]
    if missing and not legal_basis.strip():
        errors["legal_basis"] = [
            _(
                "Deltakeren har ikke samtykket til at %(organisation)s kan lese %(categories)s. "
                "Registrer samtykket først, eller skriv det rettslige grunnlaget for "
                "henvisningen."
            )
            % {
                "organisation": offer.organisation.name,
                "categories": ", ".join(str(Category(c).label) for c in missing),
            }
        ]
    if Referral.objects.filter(
        participant=access.participant, offer=offer, state__in=ACTIVE_STATES
    ).exists():
        errors.setdefault("offer", []).append(
            _("Deltakeren er allerede henvist til dette tilbudet.")
        )
    return errors


@transaction.atomic
@cleans_text(multiline=("reason", "legal_basis"))
def referral_create(
    *, access: ParticipantAccess, offer_id: int, reason: str, legal_basis: str = ""
) -> Referral:
    """Send a referral. Refused (403) unless may_refer; a closed offer, a consent that does
    not cover the categories (and no legal basis), no reason or a referral already under
    way is a ValidationError and nothing is saved."""
    require(may_refer(access))
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(pk=offer_id)
        .first()
    )
    reason, legal_basis = (reason or "").strip(), (legal_basis or "").strip()
    consents, missing = (
        ([], []) if offer is None else consent_cover(access.participant, offer, access.day)
    )
    errors = _referral_errors(access, offer, reason, legal_basis, missing)
    if errors:
        raise ValidationError(errors)
    # A referral is free text sent to another service, like a message (docs/abuse.md).
    check_writing_pace(user=access.user)
    membership = access.acting_membership
    referral = Referral.objects.create(
        participant=access.participant,
        offer=offer,
        sent_by=access.user,
        sent_by_role=membership.role,
        sent_by_organisation=membership.organisation,
        reason=reason,
        categories=list(offer.reads),
        legal_basis=legal_basis if missing else "",
    )
    referral.consents.set(consents)
    record_change_by(
        access,
        "referral.sent",
        referral,
        {
            "offer": offer.pk,
            "organisation": offer.organisation_id,
            "categories": list(offer.reads),
            "consents": [c.pk for c in consents],
            "legal_basis": bool(missing),
        },
    )
    notices.referral_received(referral)
    return referral


@transaction.atomic
def referral_withdraw(*, access: ParticipantAccess, referral_id: int) -> Referral:
    """The sending side withdraws a referral that is not yet accepted or declined."""
    require(may_refer(access))
    referral = (
        Referral.objects.select_for_update()
        .filter(pk=referral_id, participant=access.participant)
        .first()
    )
    if referral is None:
        raise PermissionDenied
    if referral.state not in OPEN_STATES:
        raise ValidationError(_("Henvisningen er allerede besvart og kan ikke trekkes tilbake."))
    referral.state = ReferralState.WITHDRAWN
    referral.closed_at = timezone.now()
    referral.save(update_fields=["state", "closed_at"])
    record_change_by(access, "referral.withdrawn", referral)
    return referral


ACCEPT, WAITING_LIST, DECLINE, DONE = "accept", "waiting_list", "decline", "done"


def _team_role_at(member, organisation_id: int):
    """The member's first active team role at the organisation, or None."""
    return (
        StaffRole.objects.filter(
            user=member, organisation_id=organisation_id, role__in=TEAM_ROLES, active=True
        )
        .order_by("pk")
        .values_list("role", flat=True)
        .first()
    )


@transaction.atomic
@cleans_text(multiline=("decline_reason",))
def referral_answer(
    *,
    user,
    referral_id: int,
    answer: str,
    staff=(),
    start_date: datetime.date | None = None,
    decline_reason: str = "",
) -> Referral:
    """The receiving service answers: accept (the named staff join the team from
    `start_date`), put on the waiting list, decline with a reason, or (once accepted) mark
    the referral done. Refused (403) unless may_answer_referral."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("offer", "participant")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or not may_answer_referral(user, referral):
        raise PermissionDenied
    now = timezone.now()
    organisation_id = referral.offer.organisation_id
    allowed = {
        ACCEPT: OPEN_STATES,
        WAITING_LIST: {ReferralState.SENT},
        DECLINE: OPEN_STATES,
        DONE: {ReferralState.ACCEPTED},
    }
    if answer not in allowed:
        raise ValidationError(_("Velg et svar."))
    if referral.state not in allowed[answer]:
        raise ValidationError(
            _("Henvisningen er «%(state)s» og kan ikke få dette svaret.")
            % {"state": referral.get_state_display()}
        )
    data: dict = {"answer": answer}
    if answer == ACCEPT:
        staff = list(staff)
        errors: dict[str, list[str]] = {}
        roles = {member.pk: _team_role_at(member, organisation_id) for member in staff}
        if not staff:
            errors["staff"] = [_("Velg hvem hos dere som blir med i teamet.")]
        elif not all(roles.values()):
            errors["staff"] = [_("Alle som blir med i teamet, må jobbe hos dere i en teamrolle.")]
        today = timezone.localdate()
        if start_date is None:
            errors["start_date"] = [_("Skriv datoen dere begynner.")]
        elif start_date < timezone.localtime(referral.sent_at).date():
            errors["start_date"] = [_("Dere kan ikke begynne før henvisningen ble sendt.")]
        elif start_date > today + datetime.timedelta(days=365):
            errors["start_date"] = [_("Startdatoen kan være høyst ett år fram i tid.")]
        if errors:
            raise ValidationError(errors)
        memberships = []
        for member in staff:
            existing = (
                CareTeamMembership.objects.active(start_date)
                .filter(
                    participant=referral.participant,
                    user=member,
                    organisation_id=organisation_id,
                    role=roles[member.pk],
                )
                .first()
            )
            if existing is not None:  # already on the team in this role: nothing to add
                memberships.append(existing)
                continue
            membership = CareTeamMembership.objects.create(
                participant=referral.participant,
                user=member,
                organisation_id=organisation_id,
                role=roles[member.pk],
                start_date=start_date,
                added_by=user,
            )
            record_change(
                actor=user,
                participant=referral.participant,
                action="team.member_added",
                obj=membership,
                data={"user": member.pk, "organisation": organisation_id, "role": roles[member.pk],
                      "referral": referral.pk},
            )  # fmt: skip
            memberships.append(membership)
        referral.memberships.add(*memberships)
        referral.state, referral.start_date = ReferralState.ACCEPTED, start_date
        data.update(start_date=start_date.isoformat(), staff=[m.pk for m in staff])
    elif answer == WAITING_LIST:
        referral.state = ReferralState.WAITING_LIST
    elif answer == DECLINE:
        decline_reason = (decline_reason or "").strip()
        if not decline_reason:
            raise ValidationError(
                {
                    "decline_reason": [
                        _(
                            "Skriv hvorfor dere avslår, slik at den som henviste kan finne "
                            "noe annet."
                        )
                    ]
                }
            )
        referral.state, referral.decline_reason = ReferralState.DECLINED, decline_reason
        referral.closed_at = now
    else:
        referral.state, referral.closed_at = ReferralState.DONE, now
    if referral.answered_at is None:
        referral.answered_at, referral.answered_by = now, user
    referral.save()
    record_change(
        actor=user,
        participant=referral.participant,
        action=f"referral.{referral.state}",
        obj=referral,
        data=data,
    )
    return referral


def answer_days() -> int:
    """The days a referral may wait for an answer before it is flagged
    (settings.REFERRAL_ANSWER_DAYS, LOS_REFERRAL_ANSWER_DAYS)."""
    from django.conf import settings

    return settings.REFERRAL_ANSWER_DAYS

"""Changes to participants, their care teams and their consents.

Every function here is keyword-only, runs in one transaction, checks the access policy
itself (so no caller can forget) and writes a change-log entry in the same transaction.
Errors are ValidationErrors with messages a case worker can act on; on error nothing changes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.access.audit import record_change
from los.access.policy import ParticipantAccess, load_access, require
from los.accounts.models import StaffRole, User
from los.core.crypto import lookup_digest
from los.core.identifiers import birth_date_from_national_id, clean_national_id, national_id_kind
from los.core.pace import check_writing_pace
from los.core.text import cleans_text
from los.core.vocabulary import CARE_ROLES, TEAM_ROLES, Category, ConsentMethod, Role
from los.organisations.models import Municipality, Organisation
from los.participants.models import (
    AccessRequest,
    AccessRequestState,
    CareTeamMembership,
    Consent,
    Participant,
)

ALREADY_ON_TEAM_MESSAGE = gettext_lazy("Du er allerede med i teamet rundt denne personen.")


@cleans_text("first_name", "last_name", "phone", multiline=("reason",))
@transaction.atomic
def participant_register(
    *,
    actor: User,
    acting_role: StaffRole,
    first_name: str,
    last_name: str,
    national_id: str,
    phone: str = "",
    email: str = "",
    municipality: Municipality | None = None,
    protected_address: str = "",
    reason: str = "",
    allow_synthetic_national_id: bool = False,
) -> Participant | AccessRequest:
    """Register a person in Los. The registering staff member becomes the first member of
    the person's team, in the role and organisation they registered in.

    If the person is already in Los, the registration becomes a request to the person's team
    to let the staff member join (access_request_make), and the caller shows the same
    receipt whoever the person is. Some disclosure is unavoidable when registering by
    national id (a new person gets a record, an existing one does not), so the receipt says
    as little as it can: it names no team, no name and no protected address. What deters is
    that the request is logged and seen by the team and by the participant.

    Each registration counts against the writing pace (los/core/pace.py), checked before
    the number is looked up, so trying numbers one after another is stopped at the same
    count whether they are in Los or not."""
    require(
        acting_role.user_id == actor.pk and acting_role.active and acting_role.role in CARE_ROLES
    )
    check_writing_pace(user=actor)
    number = clean_national_id(national_id, allow_synthetic=allow_synthetic_national_id)
    existing = Participant.objects.filter(national_id_digest=lookup_digest(number)).first()
    if existing is not None:
        return access_request_make(
            actor=actor, acting_role=acting_role, participant=existing, reason=reason
        )
    participant = Participant(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date_from_national_id(number),
        phone=phone.strip(),
        email=email.strip(),
        municipality=municipality,
        protected_address=protected_address,
    )
    participant.set_national_id(number, national_id_kind(number))
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:  # registered by someone else a moment ago
        existing = Participant.objects.get(national_id_digest=participant.national_id_digest)
        return access_request_make(
            actor=actor, acting_role=acting_role, participant=existing, reason=reason
        )
    membership = CareTeamMembership.objects.create(
        participant=participant,
        user=actor,
        organisation=acting_role.organisation,
        role=acting_role.role,
        start_date=timezone.localdate(),
        added_by=actor,
    )
    record_change(
        actor=actor,
        participant=participant,
        action="participant.registered",
        obj=participant,
        data={"team_membership": membership.pk, "role": membership.role},
    )
    return participant


def access_request_make(
    *, actor: User, acting_role: StaffRole, participant: Participant, reason: str
) -> AccessRequest:
    """Ask the participant's team to let `actor` join in `acting_role`. Runs inside the
    registration's transaction. Asking again while a request waits keeps the one request
    (the attempt is still in the change log)."""
    if load_access(actor, participant).is_team_member:
        raise ValidationError({"national_id": ALREADY_ON_TEAM_MESSAGE})
    request, created = AccessRequest.objects.get_or_create(
        participant=participant,
        requester=actor,
        organisation=acting_role.organisation,
        role=acting_role.role,
        state=AccessRequestState.WAITING,
        defaults={"reason": reason.strip()},
    )
    record_change(
        actor=actor,
        participant=participant,
        action="access_request.made" if created else "access_request.repeated",
        obj=request,
        data={"role": request.role, "organisation": request.organisation_id},
    )
    return request


def _waiting_request(access: ParticipantAccess, request_id: int) -> AccessRequest:
    try:
        return AccessRequest.objects.select_for_update().get(
            pk=request_id, participant=access.participant, state=AccessRequestState.WAITING
        )
    except AccessRequest.DoesNotExist as error:
        raise ValidationError(_("Forespørselen er allerede besvart.")) from error


@transaction.atomic
def access_request_accept(*, access: ParticipantAccess, request_id: int) -> AccessRequest:
    """Let the requester join the team from today in the role and organisation they asked
    for, through team_add_member so that its rules apply (they must still hold the role)."""
    require(access.can_answer_access_requests)
    request = _waiting_request(access, request_id)
    request.membership = team_add_member(
        access=access,
        member=request.requester,
        organisation=request.organisation,
        role=request.role,
        start_date=timezone.localdate(),
    )
    return _decide(access, request, AccessRequestState.ACCEPTED)


@transaction.atomic
def access_request_decline(*, access: ParticipantAccess, request_id: int) -> AccessRequest:
    require(access.can_answer_access_requests)
    return _decide(access, _waiting_request(access, request_id), AccessRequestState.DECLINED)


def _decide(access: ParticipantAccess, request: AccessRequest, state: str) -> AccessRequest:
    request.state = state
    request.decided_by = access.user
    request.decided_at = timezone.now()
    request.save(update_fields=["state", "decided_by", "decided_at", "membership"])
    record_change(
        actor=access.user,
        participant=access.participant,
        action=f"access_request.{state}",
        obj=request,
        data={"requester": request.requester_id},
    )
    return request


@cleans_text("phone")
@transaction.atomic
def participant_update_details(
    *,
    access: ParticipantAccess,
    expected_version: int,
    phone: str,
    email: str,
    municipality: Municipality | None,
    protected_address: str,
) -> Participant:
    """Update contact details. Refuses a stale edit (someone saved since the form was opened)
    so that nobody overwrites another person's change without seeing it."""
    require(access.can_change_details)
    participant = Participant.objects.select_for_update().get(pk=access.participant.pk)
    if participant.version != expected_version:
        raise ValidationError(
            _(
                "Noen andre har endret opplysningene siden du åpnet skjemaet. Se over de nye "
                "verdiene; det du skrev står fortsatt i skjemaet."
            ),
            code="stale",
        )
    before = {
        "phone": participant.phone,
        "email": participant.email,
        "municipality": participant.municipality_id,
        "protected_address": participant.protected_address,
    }
    participant.phone = phone.strip()
    participant.email = email.strip()
    participant.municipality = municipality
    participant.protected_address = protected_address
    participant.version += 1
    participant.save()
    after = {
        "phone": participant.phone,
        "email": participant.email,
        "municipality": participant.municipality_id,
        "protected_address": participant.protected_address,
    }
    changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    record_change(
        actor=access.user,
        participant=participant,
        action="participant.details_changed",
        obj=participant,
        data={"changed": sorted(changed)},  # names of fields only: values stay out of the log
    )
    access.participant = participant
    return participant


@transaction.atomic
def team_add_member(
    *,
    access: ParticipantAccess,
    member: User,
    organisation: Organisation,
    role: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> CareTeamMembership:
    require(access.can_manage_team)
    if role not in TEAM_ROLES:
        raise ValidationError({"role": _("Denne rollen kan ikke være med i et team.")})
    if not StaffRole.objects.filter(
        user=member, organisation=organisation, role=role, active=True
    ).exists():
        raise ValidationError(
            {
                "role": _("%(name)s har ikke rollen %(role)s i %(organisation)s.")
                % {
                    "name": member.display_name,
                    "role": Role(role).label,
                    "organisation": organisation,
                }
            }
        )
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("Sluttdatoen kan ikke være før startdatoen.")})
    if (
        CareTeamMembership.objects.active(start_date)
        .filter(participant=access.participant, user=member, organisation=organisation, role=role)
        .exists()
    ):
        raise ValidationError(_("Personen er allerede med i teamet i denne rollen."))
    membership = CareTeamMembership.objects.create(
        participant=access.participant,
        user=member,
        organisation=organisation,
        role=role,
        start_date=start_date,
        end_date=end_date,
        added_by=access.user,
    )
    record_change(
        actor=access.user,
        participant=access.participant,
        action="team.member_added",
        obj=membership,
        data={"user": member.pk, "organisation": organisation.pk, "role": role},
    )
    return membership


@transaction.atomic
def team_end_membership(
    *, access: ParticipantAccess, membership_id: int, end_date: datetime.date
) -> CareTeamMembership:
    require(access.can_manage_team)
    try:
        membership = CareTeamMembership.objects.select_for_update().get(
            pk=membership_id, participant=access.participant
        )
    except CareTeamMembership.DoesNotExist as error:
        raise ValidationError(_("Fant ikke dette teammedlemmet.")) from error
    if membership.end_date is not None and membership.end_date <= end_date:
        raise ValidationError(_("Medlemskapet er allerede avsluttet."))
    if end_date < membership.start_date:
        raise ValidationError(_("Sluttdatoen kan ikke være før startdatoen."))
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    record_change(
        actor=access.user,
        participant=access.participant,
        action="team.member_ended",
        obj=membership,
        data={"end_date": end_date.isoformat()},
    )
    return membership


@cleans_text(multiline=("purpose",))
@transaction.atomic
def consent_record(
    *,
    access: ParticipantAccess,
    organisation: Organisation,
    categories: list[str],
    purpose: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    method: str,
) -> list[Consent]:
    """Record the participant's consent to share the given categories with an organisation.
    A participant gives consent digitally; staff record consent given to them."""
    require(access.can_record_consent)
    if access.is_self:
        method = ConsentMethod.DIGITAL
    elif method == ConsentMethod.DIGITAL:
        raise ValidationError({"method": _("Bare deltakeren selv kan samtykke digitalt.")})
    if not categories:
        raise ValidationError({"categories": _("Velg minst én kategori.")})
    unknown = set(categories) - {c.value for c in Category if c != Category.CORE}
    if unknown:
        raise ValidationError({"categories": _("Ukjent kategori.")})
    if not purpose.strip():
        raise ValidationError({"purpose": _("Skriv hva samtykket skal brukes til.")})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("Sluttdatoen kan ikke være før startdatoen.")})
    consents = []
    for category in categories:
        consent = Consent.objects.create(
            participant=access.participant,
            organisation=organisation,
            category=category,
            purpose=purpose.strip(),
            valid_from=valid_from,
            valid_to=valid_to,
            method=method,
            recorded_by=access.user,
        )
        record_change(
            actor=access.user,
            participant=access.participant,
            action="consent.recorded",
            obj=consent,
            data={"organisation": organisation.pk, "category": category, "method": method},
        )
        consents.append(consent)
    return consents


@transaction.atomic
def consent_withdraw(*, access: ParticipantAccess, consent_id: int) -> Consent:
    """Withdraw a consent. Takes effect at once: the policy checks consent on every read."""
    require(access.can_withdraw_consent)
    try:
        consent = Consent.objects.select_for_update().get(
            pk=consent_id, participant=access.participant
        )
    except Consent.DoesNotExist as error:
        raise ValidationError(_("Fant ikke dette samtykket.")) from error
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Samtykket er allerede trukket tilbake."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = access.user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    record_change(
        actor=access.user,
        participant=access.participant,
        action="consent.withdrawn",
        obj=consent,
        data={"category": consent.category, "organisation": consent.organisation_id},
    )
    return consent

"""Writing the access log (every read of personal data) and the change log (every change).

Views and API endpoints call `record_read` for what they show; domain functions call
`record_change` inside their own transaction, so a change and its log entry commit together
or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.access.models import AccessLogEntry, Basis, ChangeLogEntry, Refusal, RefusalLogEntry
from los.access.policy import Decision, ParticipantAccess, staff_roles_of
from los.core.vocabulary import CATEGORY_SEEN_PHRASE, Category, Role
from los.participants.models import Participant

# What was shown, as stored in the log (`what`) and as said to the participant.
WHAT_RECORD_PAGE = "deltakerside"
WHAT_SEARCH_HIT = "søketreff"
WHAT_ACCESS_LOG = "tilgangslogg"
WHAT_DETAILS_FORM = "endre opplysninger"
WHAT_TEAM_FORM = "teamskjema"
WHAT_CONSENT_FORM = "samtykkeskjema"
WHAT_TIMELINE = "tidslinje"
WHAT_STATISTICS_EXPORT = "uttrekk til statistikk"
WHAT_ACCESS_REQUEST = "forespørsel om å bli med i teamet"
WHAT_REFERRAL = "henvisning"
WHAT_ADVICE = "spørsmål om råd"
WHAT_WORK_LIST = "oppgaveliste"
WHAT_MY_DATA = "nedlasting av egne opplysninger"
_WHAT_SAID_TO_PARTICIPANT = {
    WHAT_SEARCH_HIT: gettext_lazy("fant deg i et søk"),
    WHAT_ACCESS_LOG: gettext_lazy("så hvem som har sett opplysningene dine"),
    WHAT_ACCESS_REQUEST: gettext_lazy("så at noen har bedt om å bli med i teamet ditt"),
    WHAT_REFERRAL: gettext_lazy("så henvisningen din til tjenesten sin"),
    WHAT_STATISTICS_EXPORT: gettext_lazy(
        "tok med tall om arbeidsløpet ditt, uten navn og fødselsnummer, i et uttrekk til statistikk"
    ),
}


def who_as_logged(user_name: str, role: str, organisation_name: str) -> str:
    """«Kari Nordmann, jobbspesialist, NAV Bodø»: the name, role and organisation a log row
    copied when it was written."""
    who = [user_name]
    if role:
        who.append(str(Role(role).label))
    if organisation_name:
        who.append(organisation_name)
    return ", ".join(who)


def said_to_participant(entry: AccessLogEntry) -> str:
    """«så planen din», «fant deg i et søk»: what happened, in the participant's words."""
    if entry.what in _WHAT_SAID_TO_PARTICIPANT:
        return str(_WHAT_SAID_TO_PARTICIPANT[entry.what])
    return _("så %(what)s") % {"what": CATEGORY_SEEN_PHRASE[Category(entry.category)]}


def _entry(access: ParticipantAccess, category: Category, what: str, decision: Decision):
    membership = decision.membership
    return AccessLogEntry(
        user=access.user,
        user_name=access.user.display_name,
        role=membership.role if membership else "",
        organisation=membership.organisation if membership else None,
        organisation_name=membership.organisation.name if membership else "",
        participant=access.participant,
        category=category,
        what=what,
        basis=decision.basis,
        consent=decision.consent,
    )


def record_read(
    access: ParticipantAccess, category: Category, what: str, *, decision: Decision | None = None
) -> None:
    """Log that the user was shown `what` of category `category`, on the basis the policy
    gives for the category (or for the one item, when `decision` is given). Refuses to log a
    read the policy does not allow: a view that gets here without permission has a bug."""
    decision = decision or access.decide(category)
    if not decision.allowed:
        raise PermissionError(f"read of {category} without permission")
    _entry(access, category, what, decision).save()


def record_page_reads(access: ParticipantAccess, categories: Iterable[Category], what: str) -> None:
    """Log one read per category a page showed, each category once, in one query. Refuses,
    as record_read does, a category the policy does not allow."""
    entries = []
    for category in dict.fromkeys(categories):
        decision = access.decide(category)
        if not decision.allowed:
            raise PermissionError(f"read of {category} without permission")
        entries.append(_entry(access, category, what, decision))
    AccessLogEntry.objects.bulk_create(entries)


def record_reads(accesses: Iterable[ParticipantAccess], category: Category, what: str) -> None:
    """Log one read per participant in a list (search results), in one query."""
    record_decided_reads(((a, a.decide(category)) for a in accesses), category, what)


def record_decided_reads(pairs: Iterable[tuple[ParticipantAccess, Decision]], category, what):
    """Log one read per (access, decision) in one query: a list whose rows the policy
    allows item by item (each sickness case by its employer), not by category alone."""
    entries = []
    for access, decision in pairs:
        if not decision.allowed:
            raise PermissionError(f"read of {category} without permission")
        entries.append(_entry(access, category, what, decision))
    AccessLogEntry.objects.bulk_create(entries)


def record_item_reads(
    items: Iterable[tuple[ParticipantAccess, Category, Decision | None]], what: str
) -> None:
    """Log a list whose lines each show something of a participant (the work list): for
    each participant the core (their name) and each category a line showed, once each, on
    the line's decision or the category's; in one query. Refuses what the policy does not
    allow."""
    entries = {}
    for access, category, decision in items:
        for shown, decided in ((Category.CORE, None), (category, decision)):
            key = (access.participant.pk, shown)
            if key in entries:
                continue
            decided = decided or access.decide(shown)
            if not decided.allowed:
                raise PermissionError(f"read of {shown} without permission")
            entries[key] = _entry(access, shown, what, decided)
    AccessLogEntry.objects.bulk_create(entries.values())


def _record_role_reads(staff_role, participant_ids, category, what: str, basis: Basis) -> None:
    """One access-log row per participant for a read made in a staff role rather than as a
    team member (an export, a referral): in one query."""
    user = staff_role.user
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=user,
            user_name=user.display_name,
            role=staff_role.role,
            organisation=staff_role.organisation,
            organisation_name=staff_role.organisation.name,
            participant_id=participant_id,
            category=category,
            what=what,
            basis=basis,
        )
        for participant_id in dict.fromkeys(participant_ids)
    )


def record_statistics_export(staff_role, participant_ids: Iterable[int]) -> None:
    """Log, for each participant, that their work pathway was in a pseudonymised export
    made by this staff member. In one query; inside the export's transaction."""
    _record_role_reads(
        staff_role, participant_ids, Category.EMPLOYMENT, WHAT_STATISTICS_EXPORT, Basis.STATISTICS
    )


def record_referral_reads(staff_role, participant_ids: Iterable[int]) -> None:
    """Log, for each participant, that staff of a service they were referred to saw the
    referral (who the person is and why they were referred), in the role they answer
    referrals in: before they join the team, the referral is their only basis. One query."""
    _record_role_reads(staff_role, participant_ids, Category.CORE, WHAT_REFERRAL, Basis.REFERRAL)


def record_advice_reads(access: ParticipantAccess, categories) -> None:
    """Log what a regional advisor read of a named question's participant
    (policy.advice_access): one row per category, on the basis of the participant's consent
    (the name too: the question is named only because the participant consented). One
    query; refuses a category the policy does not allow."""
    entries = []
    for category in dict.fromkeys(Category(c) for c in categories):
        decision = access.decide(category)
        if not decision.allowed:
            raise PermissionError(f"read of {category} without permission")
        entry = _entry(access, category, WHAT_ADVICE, decision)
        entry.basis = Basis.CONSENT
        entries.append(entry)
    AccessLogEntry.objects.bulk_create(entries)


def _is_participant_account(user) -> bool:
    return Participant.objects.filter(user=user).exists()


def record_refusal(
    *,
    user,
    view: str,
    refusal: Refusal,
    participant=None,
    access: ParticipantAccess | None = None,
    category: Category | str = "",
) -> None:
    """Log a refused attempt on a participant (one INSERT). A team member is logged in the
    role they act in on the team; anyone else in their first staff role, if they have one."""
    if access is not None:
        membership = access.acting_membership
        role = membership.role if membership else ""
        organisation = membership.organisation if membership else None
    else:
        staff_role = next(iter(staff_roles_of(user)), None)
        role = staff_role.role if staff_role else ""
        organisation = staff_role.organisation if staff_role else None
    RefusalLogEntry.objects.create(
        user=user,
        # A participant's name is never stored here: the refusal log is read in the admin,
        # and the system administrator must not learn who is a participant in Los.
        user_name="" if _is_participant_account(user) else user.display_name,
        role=role,
        organisation=organisation,
        organisation_name=organisation.name if organisation else "",
        participant=participant,
        view=view[:100],
        category=category,
        refusal=refusal,
    )


def record_change(
    *, actor, participant, action: str, obj, data: dict | None = None
) -> ChangeLogEntry:
    """Log a change. Must run inside the transaction that makes the change. `obj` is None
    for what changes no stored object (an export)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_change must run inside the change's transaction")
    return ChangeLogEntry.objects.create(
        actor=actor,
        participant=participant,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
    )


def record_change_by(access, action: str, obj, data: dict | None = None) -> ChangeLogEntry:
    """A change made by the user of this access context to their participant's record."""
    return record_change(
        actor=access.user, participant=access.participant, action=action, obj=obj, data=data
    )


__all__ = [
    "Basis",
    "record_advice_reads",
    "record_change",
    "record_change_by",
    "record_page_reads",
    "record_read",
    "record_reads",
    "record_referral_reads",
    "record_refusal",
    "record_statistics_export",
]

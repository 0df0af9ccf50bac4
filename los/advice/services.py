"""Asking the regional unit for advice, answering, and the asker's own decision, each with
its change-log row in the same transaction (docs/advice.md).

- Who asks: NAV local staff, in a care role at a NAV office (`asking_roles`). Anonymous by
  default: nothing links the question to a participant, and text that would identify one
  is refused before anything is saved (`identifying_text`).
- A named question is asked from the participant's record, by a care role from NAV on the
  team, for the categories the asker chooses; each needs the participant's active consent
  to the advisory organisation (directory.services.consents_covering, the check referrals
  use).
- Who answers: the regional advisors (Role.REGIONAL_ADVISOR) of the organisation asked.
- The answer is advice, not a decision: the asker records NAV's own decision beside it.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change, record_change_by
from los.access.policy import (
    ParticipantAccess,
    reads_without_consent,
    require,
    staff_roles_of,
    valid_memberships,
)
from los.advice.models import MAX_TEXT, AdviceQuestion
from los.core.pace import check_writing_pace
from los.core.text import cleans_text
from los.core.vocabulary import CARE_ROLES, CONSENTABLE_CATEGORIES, Category, OrganisationKind, Role
from los.directory.services import consents_covering
from los.organisations.models import Organisation
from los.participants.models import Participant

# Who gives advice, and where: the regional unit's advisors (Arbeid og helse: ARK, ROL, the
# IPS resource centre).
ADVISOR_ROLE = Role.REGIONAL_ADVISOR
ADVISORY_KINDS = frozenset({OrganisationKind.REGIONAL_UNIT})
# Who asks: NAV local staff, in a care role at a NAV office.
ASKING_KINDS = frozenset({OrganisationKind.NAV_OFFICE})

# An 11-digit number, alone or with a space (or a dot or dash) after the sixth digit: a
# fødselsnummer or D-number. Digits on either side make it part of a longer number (an
# account, an organisation number with more digits), which is let through.
NATIONAL_ID = re.compile(r"(?<!\d)\d{6}[ .\-]?\d{5}(?!\d)")
# A birth date: 12.03.1990, 12.3.90, 12/3-1990, 1990-03-12, or «født 12. mars 1990».
MONTHS = (
    "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des"
)
DATE = re.compile(
    r"(?<!\d)(0?[1-9]|[12]\d|3[01])[./\-](0?[1-9]|1[0-2])[./\-]((19|20)?\d{2})(?!\d)"
    r"|(?<!\d)(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)"
    rf"|(?<!\d)(0?[1-9]|[12]\d|3[01])\.?\s+({MONTHS})\.?\s+(19|20)\d{{2}}(?!\d)",
    re.IGNORECASE,
)
BORN = re.compile(r"\bfødt\b\s*(i\s*)?(19|20)\d{2}\b", re.IGNORECASE)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", text)}


def _names_in(text: str, participants) -> list[Participant]:
    """The participants whose name is in the text: their last name together with one part of
    their first name, as whole words, in any case and in any order («Hansen, Kari»)."""
    words = _words(text)
    found = []
    for participant in participants:
        last = _words(participant.last_name)
        first = _words(participant.first_name)
        if last and last <= words and first & words:
            found.append(participant)
    return found


def identifying_text(text: str, *, caseload=()) -> str | None:
    """Why the text would identify a person, in Norwegian, or None: an 11-digit number (a
    national identity number), a birth date, or the name of a participant on the asker's
    caseload."""
    if NATIONAL_ID.search(text):
        return _(
            "Teksten inneholder et tall på 11 siffer, som et fødselsnummer. Spørsmål om råd "
            "skal ikke ha fødselsnummer. Ta det bort og send igjen."
        )
    if DATE.search(text) or BORN.search(text):
        return _(
            "Teksten inneholder en dato som kan være en fødselsdato. Skriv alder i stedet "
            "(for eksempel «i 30-årene»), og send igjen."
        )
    if _names_in(text, caseload):
        return _(
            "Teksten inneholder navnet på en av deltakerne du følger opp. Et anonymt spørsmål "
            "skal ikke ha navn. Skriv «deltakeren» i stedet, eller spør fra deltakerens side "
            "med samtykke."
        )
    return None


def caseload_of(user, day, *, except_participant=None) -> list[Participant]:
    """The participants the user follows up today (their names, for the check). One query."""
    ids = valid_memberships(user, day).values("participant_id")
    participants = Participant.objects.filter(pk__in=ids).only("first_name", "last_name")
    if except_participant is not None:
        participants = participants.exclude(pk=except_participant.pk)
    return list(participants)


def asking_roles(user) -> list:
    """The user's active care roles at NAV offices: the roles they ask for advice in."""
    return [
        r
        for r in staff_roles_of(user)
        if r.role in CARE_ROLES and r.organisation.kind in ASKING_KINDS
    ]


def may_ask(user) -> bool:
    return bool(asking_roles(user))


def may_ask_named(access: ParticipantAccess) -> bool:
    """From the participant's record: a care role from a NAV office on the team."""
    return not access.is_self and _named_membership(access) is not None


def _named_membership(access: ParticipantAccess):
    for membership in access.memberships:
        if membership.role in CARE_ROLES and membership.organisation.kind in ASKING_KINDS:
            return membership
    return None


def advisor_roles(user) -> dict[int, object]:
    """The user's active regional-advisor roles, one per organisation: whose queue they see
    and answer."""
    roles = {}
    for role in staff_roles_of(user):
        if role.role == ADVISOR_ROLE and role.organisation.kind in ADVISORY_KINDS:
            roles.setdefault(role.organisation_id, role)
    return roles


def advisory_organisations():
    return Organisation.objects.filter(kind__in=ADVISORY_KINDS).order_by("name", "pk")


def _text_errors(field: str, text: str, caseload) -> dict:
    if not text.strip():
        return {field: [_("Skriv spørsmålet.") if field == "question" else _("Skriv rådet.")]}
    if len(text) > MAX_TEXT:
        return {field: [_("Teksten kan være høyst %(max)d tegn.") % {"max": MAX_TEXT}]}
    reason = identifying_text(text, caseload=caseload)
    return {field: [reason]} if reason else {}


def _organisation(organisation_id) -> Organisation | None:
    return advisory_organisations().filter(pk=organisation_id).first() if organisation_id else None


@transaction.atomic
@cleans_text(multiline=("question",))
def ask_anonymous(*, user, organisation_id, question: str, now=None) -> AdviceQuestion:
    """An anonymous question from NAV local staff. Refused (403) unless may_ask; text that
    would identify a person, an unknown organisation or an empty question is a
    ValidationError and nothing is saved."""
    roles = asking_roles(user)
    if not roles:
        raise PermissionDenied
    now = now or timezone.now()
    question = (question or "").strip()
    organisation = _organisation(organisation_id)
    errors = _text_errors("question", question, caseload_of(user, timezone.localdate(now)))
    if organisation is None:
        errors["organisation"] = [_("Velg hvem du vil spørre.")]
    if errors:
        raise ValidationError(errors)
    check_writing_pace(user=user)
    role = roles[0]
    asked = AdviceQuestion.objects.create(
        asked_by=user,
        asked_by_role=role.role,
        asked_by_organisation=role.organisation,
        organisation=organisation,
        asked_at=now,
        question=question,
    )
    record_change(
        actor=user,
        participant=None,
        action="advice.asked",
        obj=asked,
        data={"organisation": organisation.pk, "named": False},
    )
    return asked


def categories_choosable() -> list[Category]:
    return list(CONSENTABLE_CATEGORIES)


@transaction.atomic
@cleans_text(multiline=("question",))
def ask_named(
    *, access: ParticipantAccess, organisation_id, categories, question: str, now=None
) -> AdviceQuestion:
    """A named question about the participant, with their consent. Refused (403) unless
    may_ask_named. Every chosen category must be covered by the participant's active
    consent to the advisory organisation; the advisor then reads those and no others."""
    require(may_ask_named(access))
    now = now or timezone.now()
    question = (question or "").strip()
    organisation = _organisation(organisation_id)
    chosen = list(dict.fromkeys(categories or []))
    errors = _text_errors(
        "question",
        question,
        caseload_of(access.user, access.day, except_participant=access.participant),
    )
    if organisation is None:
        errors["organisation"] = [_("Velg hvem du vil spørre.")]
    if not chosen:
        errors["categories"] = [_("Velg hva rådgiveren kan lese.")]
    elif any(c not in CONSENTABLE_CATEGORIES for c in chosen):
        errors["categories"] = [_("Ukjent kategori.")]
    consents = []
    if organisation is not None and "categories" not in errors:
        needed = [Category(c) for c in chosen if not reads_without_consent(organisation, c)]
        consents, missing = consents_covering(access.participant, organisation, needed, access.day)
        if missing:
            errors["categories"] = [
                _(
                    "Deltakeren har ikke samtykket til at %(organisation)s kan lese "
                    "%(categories)s. Registrer samtykket først, eller spør anonymt."
                )
                % {
                    "organisation": organisation.name,
                    "categories": ", ".join(str(Category(c).label) for c in missing),
                }
            ]
    if errors:
        raise ValidationError(errors)
    check_writing_pace(user=access.user)
    membership = _named_membership(access)
    asked = AdviceQuestion.objects.create(
        asked_by=access.user,
        asked_by_role=membership.role,
        asked_by_organisation=membership.organisation,
        organisation=organisation,
        asked_at=now,
        question=question,
        participant=access.participant,
        categories=[str(Category(c)) for c in chosen],
    )
    asked.consents.set(consents)
    record_change_by(
        access,
        "advice.asked",
        asked,
        {
            "organisation": organisation.pk,
            "named": True,
            "categories": asked.categories,
            "consents": [c.pk for c in consents],
        },
    )
    return asked


@transaction.atomic
@cleans_text(multiline=("answer",))
def answer(*, user, question_id: int, answer: str, now=None) -> AdviceQuestion:
    """A regional advisor of the organisation asked answers, once. The answer is checked
    as the question is: no national identity number or birth date."""
    asked = AdviceQuestion.objects.select_for_update().filter(pk=question_id).first()
    if asked is None or asked.organisation_id not in advisor_roles(user):
        raise PermissionDenied
    if asked.answered_at is not None:
        raise ValidationError(_("Spørsmålet er allerede besvart."))
    answer = (answer or "").strip()
    errors = _text_errors("answer", answer, ())
    if errors:
        raise ValidationError(errors)
    check_writing_pace(user=user)
    asked.answer, asked.answered_at, asked.answered_by = answer, now or timezone.now(), user
    asked.save(update_fields=["answer", "answered_at", "answered_by"])
    record_change(actor=user, participant=asked.participant, action="advice.answered", obj=asked)
    return asked


@transaction.atomic
@cleans_text(multiline=("decision",))
def record_decision(*, user, question_id: int, decision: str, now=None) -> AdviceQuestion:
    """The asker records NAV local's own assessment beside the advice, once it is
    answered. Only the asker; the advisor never decides."""
    asked = AdviceQuestion.objects.select_for_update().filter(pk=question_id).first()
    if asked is None or asked.asked_by_id != user.pk:
        raise PermissionDenied
    if asked.answered_at is None:
        raise ValidationError(_("Vurderingen skrives når rådet har kommet."))
    if asked.decided_at is not None:
        raise ValidationError(_("Vurderingen er allerede skrevet."))
    decision = (decision or "").strip()
    errors = _text_errors("decision", decision, ())
    if not decision:
        errors = {"decision": [_("Skriv NAV-kontorets vurdering.")]}
    if errors:
        raise ValidationError(errors)
    check_writing_pace(user=user)
    asked.decision, asked.decided_at, asked.decided_by = decision, now or timezone.now(), user
    asked.save(update_fields=["decision", "decided_at", "decided_by"])
    record_change(actor=user, participant=asked.participant, action="advice.decided", obj=asked)
    return asked

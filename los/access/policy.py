"""The one place that decides who may see and do what with a participant's record.

A user reaches a participant's information only as
- the participant themself, or
- an active member of the participant's care team (with a still-active staff role in the
  organisation they sit on the team for), and then per category:
  * CORE (who the person is, the team, consents, the access log): any team member;
  * any other category: team members whose organisation belongs to the category's home
    sector (information stays in the sector that recorded it), or a team member whose
    organisation holds the participant's active consent for that category.

Everyone else (other staff in the same organisation, county coordinators, programme
managers, system admins) gets nothing: the participant does not exist for them, which
also hides people with a protected address (kode 6/7) from search.

Writing needs the same as reading plus a care role; read-only team roles (regional advisor,
employer contact, method supervisor) may look but never change, and see of the core only
what their role needs (see ParticipantAccess.can_see_personal_details and
can_see_team_member, and docs/access.md):
  * employer contact: the name, and the team members from their own workplace. Never the
    birth date, municipality or protected address, and never anyone from NAV, a health
    service or a provider: that a job specialist or a therapist follows the person up tells
    the employer what the disclosure plan may have kept back. The one exception is a
    meeting they are invited to, where they see the organiser and the others invited, a
    health-service member only with consent (can_see_colleague).
  * regional advisor (advice, not decisions): the name and the team they advise (health
    members only with consent, as for every read-only role); no identifying details.
  * method supervisor: supervises the job specialist's work with the person, in NAV: the
    name, birth date (age matters for IPS-ung) and municipality, and the team.

Views, templates and services ask the ParticipantAccess they were given (can_view,
can_change, decide); there is no second registry of the same rules.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from los.access.models import Basis
from los.core.vocabulary import (
    CARE_ROLES,
    CATEGORY_HOME_SECTORS,
    SYSTEM_ROLES,
    TEAM_ROLES,
    Category,
    OrganisationKind,
    Role,
    Sector,
)
from los.participants.models import CareTeamMembership, Consent, Participant

# What a participant may change in their own record (goals and activities in their plan;
# their consents are handled by dedicated actions).
SELF_CHANGEABLE_CATEGORIES = frozenset({Category.PLAN})
# Roles that may see the national identity number of a team's participant.
NATIONAL_ID_ROLES = CARE_ROLES
# Categories kept in a health record (journal) belong to the organisation that wrote them,
# not to the whole sector: a GP does not read the DPS's clinical notes without the
# participant's consent (helsepersonelloven § 45), though both may write their own.
ORGANISATION_SCOPED = frozenset({Category.CLINICAL_NOTES})
# Read-only roles that see the person's details (birth date, municipality, protected
# address) beside the name: the method supervisor, who supervises the job specialist's work
# with the person. Care roles always do; the participant sees their own.
DETAILS_READ_ONLY_ROLES = frozenset({Role.IPS_SUPERVISOR})
# Read-only roles that see only the team members from their own organisation.
OWN_ORGANISATION_TEAM_ROLES = frozenset({Role.EMPLOYER_CONTACT})
# An employer contact never reads work and education whole, not even with consent: what an
# employer may know is the participant's decision in the disclosure plan, and the consent
# to the employer's organisation only opens that (decide_disclosed).
DISCLOSURE_ROLES = frozenset({Role.EMPLOYER_CONTACT})
DISCLOSED_CATEGORY = Category.EMPLOYMENT
# Sick-leave follow-up (docs/sick-leave.md § 5): the care roles from NAV and the health
# services on the team follow the sickness case; an employer contact sees the case with
# their own workplace only, and never its health information. Reads are logged as work.
SICK_LEAVE_SECTORS = frozenset({Sector.NAV, Sector.HEALTH})
SICK_LEAVE_CATEGORY = Category.EMPLOYMENT


@dataclass(frozen=True)
class Decision:
    allowed: bool
    basis: Basis | None = None
    membership: CareTeamMembership | None = None
    consent: Consent | None = None


DENIED = Decision(allowed=False)


def backed_memberships(day: datetime.date) -> QuerySet[CareTeamMembership]:
    """Active team memberships that are backed by an active staff role in the same
    organisation and role. Ending a staff role thus ends its team access at once. Only team
    roles count: a system role (county coordinator, programme manager, fidelity reviewer)
    works with aggregates and reaches no participant, whatever membership row exists."""
    return (
        CareTeamMembership.objects.active(day)
        .filter(
            role__in=TEAM_ROLES,
            user__is_active=True,
            user__staff_roles__organisation=F("organisation"),
            user__staff_roles__role=F("role"),
            user__staff_roles__active=True,
        )
        .select_related("organisation")
    )


def valid_memberships(user, day: datetime.date) -> QuerySet[CareTeamMembership]:
    """The team memberships through which `user` reaches participants today."""
    return backed_memberships(day).filter(user=user)


def team_readers(participant: Participant, category: Category, day: datetime.date):
    """The team members who may read `category` of the participant's record today, as
    (membership, access) pairs: who can be invited to a meeting about the plan, say.
    Two queries, whatever the size of the team."""
    memberships = list(
        backed_memberships(day).filter(participant=participant).select_related("user")
    )
    consents = list(Consent.objects.active(day).filter(participant=participant))
    readers = []
    for membership in memberships:
        access = ParticipantAccess(
            user=membership.user,
            participant=participant,
            memberships=[membership],
            consents=consents,
            day=day,
        )
        if access.can_view(category):
            readers.append((membership, access))
    return readers


@dataclass
class ParticipantAccess:
    """What one user may do with one participant's record, loaded once per request."""

    user: object
    participant: Participant
    memberships: list[CareTeamMembership]
    consents: list[Consent]
    day: datetime.date
    _decisions: dict[Category, Decision] = field(default_factory=dict)
    _team_organisations_by_user: dict | None = None

    @property
    def is_self(self) -> bool:
        return self.participant.user_id is not None and self.participant.user_id == self.user.pk

    @property
    def is_team_member(self) -> bool:
        return bool(self.memberships)

    @property
    def has_care_role(self) -> bool:
        return any(m.role in CARE_ROLES for m in self.memberships)

    def decide(self, category: Category) -> Decision:
        category = Category(category)
        if category not in self._decisions:
            self._decisions[category] = self._decide(category)
        return self._decisions[category]

    def _decide(self, category: Category) -> Decision:
        if self.is_self:
            return Decision(allowed=True, basis=Basis.SELF)
        home = CATEGORY_HOME_SECTORS[category]
        for membership in self.memberships:
            if not _reads_whole(membership, category):
                continue
            if OrganisationKind(membership.organisation.kind).sector in home:
                return Decision(allowed=True, basis=Basis.TEAM, membership=membership)
        return self._consent_decision(category) or DENIED

    def can_view(self, category: Category) -> bool:
        return self.decide(category).allowed

    def decide_note(self, category: Category, author_organisation_id) -> Decision:
        """May the viewer read one note of `category` written by that organisation? For
        organisation-scoped categories: members of the writing organisation, or anyone on
        the team whose organisation holds the participant's consent for the category."""
        category = Category(category)
        if self.is_self or category not in ORGANISATION_SCOPED:
            return self.decide(category)
        for membership in self.memberships:
            if membership.organisation_id == author_organisation_id:
                return Decision(allowed=True, basis=Basis.TEAM, membership=membership)
        consent_decision = self._consent_decision(category)
        return consent_decision or DENIED

    def note_writers_readable(self, category: Category):
        """Whose notes of `category` the viewer may read: None for all of them, else the set
        of writing organisations (empty: none)."""
        category = Category(category)
        if not self.can_view(category):
            return frozenset()
        if self.is_self or category not in ORGANISATION_SCOPED:
            return None
        if self._consent_decision(category):
            return None
        return frozenset(m.organisation_id for m in self.memberships)

    def _consent_decision(self, category: Category, *, disclosed=False) -> Decision | None:
        for membership in self.memberships:
            # A consent to an employer contact's organisation opens only the disclosed part.
            only_disclosed = not _reads_whole(membership, category)
            if only_disclosed != disclosed:
                continue
            for consent in self.consents:
                if (
                    consent.category == category
                    and consent.organisation_id == membership.organisation_id
                    and consent.is_active(self.day)
                ):
                    return Decision(
                        allowed=True, basis=Basis.CONSENT, membership=membership, consent=consent
                    )
        return None

    def decide_disclosed(self) -> Decision:
        """May the viewer see what the participant's disclosure plan lets employers know?
        An employer contact whose organisation holds the participant's consent for work and
        education, for as long as it is in force."""
        return self._consent_decision(DISCLOSED_CATEGORY, disclosed=True) or DENIED

    def can_change(self, category: Category) -> bool:
        if self.is_self:
            return category in SELF_CHANGEABLE_CATEGORIES
        decision = self.decide(category)
        return decision.allowed and decision.membership.role in CARE_ROLES

    def _sick_leave_memberships(self):
        return [
            m
            for m in self.memberships
            if m.role in CARE_ROLES
            and OrganisationKind(m.organisation.kind).sector in SICK_LEAVE_SECTORS
        ]

    def decide_sickness_case(self, employer_id) -> Decision:
        """May the viewer see the sickness case with this employer (its dates, grades and
        checkpoints)? The participant; a care role from NAV or a health service on the
        team; an employer contact for their own workplace only."""
        if self.is_self:
            return Decision(allowed=True, basis=Basis.SELF)
        for membership in self._sick_leave_memberships():
            return Decision(allowed=True, basis=Basis.TEAM, membership=membership)
        for membership in self.memberships:
            if membership.role in DISCLOSURE_ROLES and membership.organisation_id == employer_id:
                return Decision(allowed=True, basis=Basis.TEAM, membership=membership)
        return DENIED

    @property
    def follows_up_sick_leave(self) -> bool:
        """Sees every sickness case of the participant and the notes' details (who wrote
        them, why graded leave was not used) and the activity requirement: the
        participant, and care roles from NAV and the health services. Not an employer."""
        return self.is_self or bool(self._sick_leave_memberships())

    @property
    def sees_sick_leave_page(self) -> bool:
        """The page of sickness cases: those who follow up sick leave, and an employer
        contact (who finds there the case with their own workplace, if there is one)."""
        return self.follows_up_sick_leave or any(
            m.role in DISCLOSURE_ROLES for m in self.memberships
        )

    def can_write_follow_up_plan(self, employer_id) -> bool:
        """The employer's follow-up plan is made by the employer and the employee together,
        with NAV's help: the participant, the employer contact for their own workplace, and
        care roles from NAV. The one thing an employer contact writes in Los: the plan is
        theirs by law (arbeidsmiljøloven § 4-6 (3); docs/sick-leave.md § 6)."""
        if self.is_self:
            return True
        if any(
            m.role in DISCLOSURE_ROLES and m.organisation_id == employer_id
            for m in self.memberships
        ):
            return True
        return any(
            OrganisationKind(m.organisation.kind).sector == Sector.NAV
            for m in self._sick_leave_memberships()
        )

    def decide_sick_leave_diagnosis(self) -> Decision:
        """May the viewer see a sick note's diagnosis chapter? It is health information: only
        where the policy allows the health summary, and never for an employer contact, not
        even with a consent to their organisation (the sick note an employer receives has no
        diagnosis)."""
        decision = self.decide(Category.HEALTH_SUMMARY)
        if not decision.allowed or self.is_self:
            return decision
        if decision.membership.role in DISCLOSURE_ROLES:
            return DENIED
        return decision

    @property
    def can_write_sick_notes(self) -> bool:
        """Open a sickness case and record sick notes: care roles from NAV (who receive the
        notes) and the health services (who write them)."""
        return not self.is_self and bool(self._sick_leave_memberships())

    @property
    def can_assess_activity_requirement(self) -> bool:
        """NAV assesses the activity requirement: a care role in a NAV organisation."""
        return not self.is_self and any(
            OrganisationKind(m.organisation.kind).sector == Sector.NAV
            for m in self._sick_leave_memberships()
        )

    @property
    def can_manage_team(self) -> bool:
        return self.has_care_role

    @property
    def can_answer_access_requests(self) -> bool:
        """Who lets someone who asked join the team: those who manage it."""
        return self.can_manage_team

    @property
    def can_see_access_requests(self) -> bool:
        """Who asked to join the team: the participant, and the care roles who answer. A
        read-only role learns nothing of who else wants to follow the person up."""
        return self.is_self or self.can_answer_access_requests

    @property
    def can_record_consent(self) -> bool:
        # Staff record consent given on paper or orally; the participant gives it digitally.
        return self.is_self or self.has_care_role

    @property
    def can_withdraw_consent(self) -> bool:
        return self.is_self or self.has_care_role

    @property
    def can_see_access_log(self) -> bool:
        # The log says who looked, therapists included: for read-only roles (an employer
        # contact) that alone would reveal treatment.
        return self.is_self or self.has_care_role

    @property
    def can_see_personal_details(self) -> bool:
        """Birth date, municipality and protected address: the participant, care roles and
        the method supervisor. An employer contact knows the person by name and needs no
        more; a regional advisor gives advice without knowing who beyond the name."""
        return (
            self.is_self
            or self.has_care_role
            or any(m.role in DETAILS_READ_ONLY_ROLES for m in self.memberships)
        )

    @property
    def can_see_contact_details(self) -> bool:
        """Phone and e-mail: those who contact the person, the care roles."""
        return self.is_self or self.has_care_role

    @property
    def _sees_own_organisation_only(self) -> bool:
        return not (self.is_self or self.has_care_role) and all(
            m.role in OWN_ORGANISATION_TEAM_ROLES for m in self.memberships
        )

    def can_see_team_member(self, membership: CareTeamMembership) -> bool:
        return self.can_see_colleague(membership.user_id, membership.organisation)

    def can_see_colleague(self, user_id, organisation, *, in_meeting_with_viewer=False) -> bool:
        """May this viewer learn that `user_id` from `organisation` works with the
        participant (on the team, invited to a meeting, organising one)? The one rule for
        the team list and for meetings.

        That someone from a health service is on the team is itself health information:
        care roles see the whole team they coordinate with; read-only roles see health
        members only if they may see the health summary. An employer contact sees only the
        people from their own workplace: a job specialist, a NAV counsellor or a provider
        would tell the employer about a programme or benefits the participant may not have
        disclosed. In a meeting the employer contact is invited to (`in_meeting_with_viewer`)
        they also see who organised it and who else is invited, since they meet them
        there; the health rule still holds (docs/access.md)."""
        if self.is_self or self.has_care_role or user_id == self.user.pk:
            return True
        sector = OrganisationKind(organisation.kind).sector
        if sector == Sector.HEALTH and not self.can_view(Category.HEALTH_SUMMARY):
            return False
        if self._sees_own_organisation_only and not in_meeting_with_viewer:
            return organisation.pk in {m.organisation_id for m in self.memberships}
        return True

    def can_name_staff(self, user_id, organisation=None, *, in_meeting_with_viewer=False) -> bool:
        """May this viewer see who wrote, changed or did something in the record (a note's
        author, a message's, who changed an activity, who published minutes, who recorded a
        consent)? Only as far as they may see that person on the team (can_see_colleague):
        an employer contact must not learn from an author's name that a therapist or a job
        specialist follows the person up. The one rule for every staff name in the record.

        `organisation` is the one the person acted for where the row keeps it (a note, a
        meeting); otherwise the organisations they sit or sat on this participant's team
        for, read once per request and only for viewers who do not see the whole team.
        Someone who never sat on the team is named to those viewers only if they are the
        viewer or the participant."""
        if user_id is None or self.is_self or self.has_care_role or user_id == self.user.pk:
            return True
        if user_id == self.participant.user_id:
            return True
        organisations = (
            [organisation] if organisation is not None else self._team_organisations(user_id)
        )
        return any(
            self.can_see_colleague(user_id, org, in_meeting_with_viewer=in_meeting_with_viewer)
            for org in organisations
        )

    def staff_name(self, user, organisation=None, *, in_meeting_with_viewer=False) -> str:
        """The person's name where can_name_staff allows it, else «en i teamet»."""
        if user is not None and self.can_name_staff(
            user.pk, organisation, in_meeting_with_viewer=in_meeting_with_viewer
        ):
            return user.display_name
        return gettext("en i teamet")

    def _team_organisations(self, user_id) -> list:
        if self._team_organisations_by_user is None:
            by_user: dict[int, list] = {}
            for membership in CareTeamMembership.objects.filter(
                participant=self.participant
            ).select_related("organisation"):
                by_user.setdefault(membership.user_id, []).append(membership.organisation)
            self._team_organisations_by_user = by_user
        return self._team_organisations_by_user.get(user_id, [])

    def can_see_meeting(self, invited_user_ids) -> bool:
        """Meetings are part of the plan. Care staff who may read the plan see every meeting;
        read-only roles (an employer contact) only the meetings they are invited to."""
        if self.is_self:
            return True
        if not self.can_view(Category.PLAN):
            return False
        return self.has_care_role or self.user.pk in invited_user_ids

    def can_see_consent(self, consent: Consent) -> bool:
        """Read-only roles see only the consents given to their own organisation."""
        if self.is_self or self.has_care_role:
            return True
        return consent.organisation_id in {m.organisation_id for m in self.memberships}

    @property
    def can_change_details(self) -> bool:
        return self.has_care_role

    @property
    def can_see_national_id(self) -> bool:
        return self.is_self or any(m.role in NATIONAL_ID_ROLES for m in self.memberships)

    @property
    def visible_categories(self) -> list[Category]:
        return [c for c in Category if self.can_view(c)]

    @property
    def acting_membership(self) -> CareTeamMembership | None:
        """The membership the user acts through when it matters for whole-record actions:
        a care-role one if there is one."""
        for membership in self.memberships:
            if membership.role in CARE_ROLES:
                return membership
        return self.memberships[0] if self.memberships else None


def reads_without_consent(organisation, category: Category) -> bool:
    """Would a team member from `organisation` read all of `category` without a consent?
    Only in the category's home sector, and never an organisation-scoped category (another
    organisation's clinical notes). A referral needs consent to every other category the
    receiving service reads (los.directory.services.categories_needing_consent)."""
    category = Category(category)
    sector = OrganisationKind(organisation.kind).sector
    return sector in CATEGORY_HOME_SECTORS[category] and category not in ORGANISATION_SCOPED


def _reads_whole(membership: CareTeamMembership, category: Category) -> bool:
    return not (category == DISCLOSED_CATEGORY and membership.role in DISCLOSURE_ROLES)


class ParticipantHidden(Http404):
    """The participant does not exist for this user (or does not exist at all): the same 404
    either way. Carries what the refusal log needs; the response says nothing of it."""

    def __init__(self, *, participant: Participant | None = None):
        super().__init__()
        self.participant = participant


class CategoryRefused(PermissionDenied):
    """A team member may not see this category of the participant's record (403)."""

    def __init__(self, category: Category):
        super().__init__()
        self.category = Category(category)


def require(condition: bool) -> None:
    """Domain functions check the policy themselves: refuse with PermissionDenied (403)."""
    if not condition:
        raise PermissionDenied


def require_category(access: ParticipantAccess, category: Category) -> None:
    """Refuse (403) a page about `category` to a team member who may not see it."""
    if not access.can_view(category):
        raise CategoryRefused(category)


def load_access(user, participant: Participant, *, day: datetime.date | None = None):
    """Build the access context for `user` on `participant`: at most two queries."""
    day = day or datetime.date.today()
    memberships: list[CareTeamMembership] = []
    consents: list[Consent] = []
    if user.is_authenticated and participant.user_id != user.pk:
        memberships = list(valid_memberships(user, day).filter(participant=participant))
        if memberships:
            consents = list(
                Consent.objects.active(day).filter(
                    participant=participant,
                    organisation_id__in={m.organisation_id for m in memberships},
                )
            )
    return ParticipantAccess(
        user=user, participant=participant, memberships=memberships, consents=consents, day=day
    )


def load_accesses(user, participants, day: datetime.date) -> dict[int, ParticipantAccess]:
    """Access contexts for many participants at once (two queries), keyed by participant
    id; participants the user is not on the team of are left out."""
    participants = {p.pk: p for p in participants}
    if not participants:
        return {}
    memberships = valid_memberships(user, day).filter(participant_id__in=participants)
    for membership in memberships:
        membership.participant = participants[membership.participant_id]
    return accesses_from_memberships(user, memberships, day)


def accesses_from_memberships(user, memberships, day: datetime.date):
    """Group the user's memberships (their participants loaded) into one access context per
    participant, with the consents that matter to them: one query besides the memberships."""
    accesses: dict[int, ParticipantAccess] = {}
    for membership in memberships:
        access = accesses.get(membership.participant_id)
        if access is None:
            access = accesses[membership.participant_id] = ParticipantAccess(
                user=user,
                participant=membership.participant,
                memberships=[],
                consents=[],
                day=day,
            )
        access.memberships.append(membership)
    attach_consents(accesses, day)
    return accesses


def attach_consents(accesses: dict[int, ParticipantAccess], day: datetime.date) -> None:
    """Load the consents that matter to these access contexts in one query: those given to
    the organisations the user is on the teams for."""
    if not accesses:
        return
    organisations = {m.organisation_id for a in accesses.values() for m in a.memberships}
    for consent in Consent.objects.active(day).filter(
        participant_id__in=accesses, organisation_id__in=organisations
    ):
        accesses[consent.participant_id].consents.append(consent)


def get_participant_access(user, public_id) -> ParticipantAccess:
    """The only way views reach a participant: 404 unless the user is the participant or on
    the team, so outsiders cannot even learn that the person is in Los.

    The access is remembered on the user (who lives for one request) so that a refusal later
    in the request is logged against this participant (los.access.middleware)."""
    if not user.is_authenticated:
        raise Http404
    try:
        participant = Participant.objects.select_related("municipality").get(public_id=public_id)
    except (Participant.DoesNotExist, ValueError) as error:
        raise ParticipantHidden() from error
    access = load_access(user, participant)
    if not (access.is_self or access.is_team_member):
        raise ParticipantHidden(participant=participant)
    user._los_access = access
    return access


def participants_with_team_managed_by(user, day: datetime.date) -> QuerySet:
    """The ids of the participants whose team `user` manages today (holds a care role on
    it): whose requests to join the team they answer (can_answer_access_requests)."""
    return valid_memberships(user, day).filter(role__in=CARE_ROLES).values("participant_id")


def staff_roles_of(user) -> list:
    """The user's active staff roles with their organisations, loaded once per request
    (the user object lives for one request)."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_los_staff_roles"):
        user._los_staff_roles = list(
            user.staff_roles.filter(active=True).select_related("organisation").order_by("pk")
        )
    return user._los_staff_roles


def is_care_staff(user) -> bool:
    """May register participants and search among their own: holds an active care role."""
    return any(role.role in CARE_ROLES for role in staff_roles_of(user))


def works_with_participants(user) -> bool:
    """Holds a role that can sit on a care team (and so has a list of participants)."""
    return any(role.role in TEAM_ROLES for role in staff_roles_of(user))


def is_staff_user(user) -> bool:
    """Works for an organisation (and so must use MFA), or administers the system."""
    return user.is_authenticated and (user.is_staff or bool(staff_roles_of(user)))


def system_roles_of(user) -> list[Role]:
    return [Role(r.role) for r in staff_roles_of(user)]


# Who may take out the pseudonymised indicators for evaluation: the programme owners, who
# work with aggregates and never see a participant in Los.
STATISTICS_EXPORT_ROLES = frozenset({Role.PROGRAMME_MANAGER})


def statistics_export_role(user):
    """The active staff role in which `user` may export indicators for statistics, or None."""
    if not user.is_active:
        return None
    return next((r for r in staff_roles_of(user) if r.role in STATISTICS_EXPORT_ROLES), None)


# Roles that work with figures across services: at the service they are registered at they
# still see its figures through disclosure control, as everyone outside it does.
FIGURE_READER_ROLES = SYSTEM_ROLES | {Role.REGIONAL_ADVISOR}


def sees_exact_figures(user, organisation_id: int) -> bool:
    """A service's own staff see its figures exactly (their quality work, about people they
    follow); everyone else sees them through disclosure control
    (docs/disclosure-control.md)."""
    return any(
        r.organisation_id == organisation_id and r.role not in FIGURE_READER_ROLES
        for r in staff_roles_of(user)
    )


def advice_access(staff_role, participant: Participant, categories, day: datetime.date):
    """What a regional advisor may read of the participant a named question is about
    (los/advice, docs/advice.md): exactly the question's categories for which the
    participant's consent to the advisor's organisation is still in force today, and the
    name. The advisor is not on the team: they read through a stand-in membership in the
    role they answer in, never saved, so that every reader and the access log apply this
    policy as for anyone else; a consent withdrawn after the question was asked closes the
    category at once. One query."""
    wanted = [Category(c) for c in categories if c != Category.CORE]
    membership = CareTeamMembership(
        participant=participant,
        user=staff_role.user,
        organisation=staff_role.organisation,
        role=staff_role.role,
        start_date=day,
    )
    consents = list(
        Consent.objects.active(day).filter(
            participant=participant, organisation=staff_role.organisation, category__in=wanted
        )
    )
    return ParticipantAccess(
        user=staff_role.user,
        participant=participant,
        memberships=[membership],
        consents=consents,
        day=day,
    )

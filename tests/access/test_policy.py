import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from los.access.models import Basis
from los.access.policy import get_participant_access, load_access
from los.accounts.models import StaffRole
from los.core.vocabulary import Category, ProtectedAddress, Role
from los.participants.models import CareTeamMembership
from tests.factories import add_to_team, give_consent

pytestmark = pytest.mark.django_db


def test_team_member_sees_category_of_own_sector_without_consent(world):
    access = load_access(world.counsellor, world.participant)

    decision = access.decide(Category.NAV_CASE_NOTES)

    assert (decision.allowed, decision.basis, decision.membership.role) == (
        True,
        Basis.TEAM,
        Role.COUNSELLOR,
    )


def test_counsellor_sees_health_summary_only_through_consent(world):
    access = load_access(world.counsellor, world.participant)

    decision = access.decide(Category.HEALTH_SUMMARY)

    assert (decision.allowed, decision.basis) == (True, Basis.CONSENT)
    assert decision.consent.organisation == world.nav_office


def test_counsellor_cannot_read_clinical_notes_without_consent(world):
    access = load_access(world.counsellor, world.participant)

    assert access.can_view(Category.CLINICAL_NOTES) is False


def test_gp_cannot_read_nav_case_notes_without_consent(world):
    access = load_access(world.gp, world.participant)

    assert access.can_view(Category.NAV_CASE_NOTES) is False
    assert access.can_view(Category.CLINICAL_NOTES) is True


def test_withdrawn_consent_hides_the_category_at_once(world):
    consent = world.participant.consents.get(category=Category.HEALTH_SUMMARY)
    consent.withdrawn_at = timezone.now()
    consent.save()

    access = load_access(world.counsellor, world.participant)

    assert access.can_view(Category.HEALTH_SUMMARY) is False


def test_consent_outside_its_period_gives_nothing(world):
    today = timezone.localdate()
    give_consent(
        world.participant,
        world.gp_practice,
        Category.NAV_CASE_NOTES,
        world.counsellor,
        valid_from=today - datetime.timedelta(days=20),
        valid_to=today - datetime.timedelta(days=1),
    )
    give_consent(
        world.participant,
        world.gp_practice,
        Category.EMPLOYMENT,
        world.counsellor,
        valid_from=today + datetime.timedelta(days=1),
    )

    access = load_access(world.gp, world.participant)

    assert (access.can_view(Category.NAV_CASE_NOTES), access.can_view(Category.EMPLOYMENT)) == (
        False,
        False,
    )


def test_consent_to_another_organisation_does_not_help(world):
    give_consent(world.participant, world.other_nav, Category.CLINICAL_NOTES, world.counsellor)

    access = load_access(world.counsellor, world.participant)

    assert access.can_view(Category.CLINICAL_NOTES) is False


def test_ended_team_membership_gives_no_access(world):
    CareTeamMembership.objects.filter(user=world.therapist).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )

    with pytest.raises(Http404):
        get_participant_access(world.therapist, world.participant.public_id)


def test_ending_the_staff_role_ends_team_access(world):
    StaffRole.objects.filter(user=world.therapist).update(active=False)

    with pytest.raises(Http404):
        get_participant_access(world.therapist, world.participant.public_id)


def test_deactivated_user_has_no_access(world):
    world.therapist.is_active = False
    world.therapist.save()

    assert load_access(world.therapist, world.participant).is_team_member is False


@pytest.mark.parametrize(
    "who", ["colleague", "outsider", "county_coordinator", "admin", "other_participant_user"]
)
def test_people_off_the_team_get_not_found(world, who):
    with pytest.raises(Http404):
        get_participant_access(getattr(world, who), world.participant.public_id)


def test_protected_participant_is_hidden_from_staff_off_the_team(world):
    world.participant.protected_address = ProtectedAddress.STRICTLY_CONFIDENTIAL
    world.participant.save()

    with pytest.raises(Http404):
        get_participant_access(world.colleague, world.participant.public_id)
    assert get_participant_access(world.counsellor, world.participant.public_id).is_team_member


def test_participant_sees_every_category_of_own_record(world):
    access = get_participant_access(world.participant_user, world.participant.public_id)

    assert access.visible_categories == list(Category)
    assert {access.decide(c).basis for c in Category} == {Basis.SELF}


def test_participant_may_change_own_plan_but_not_notes(world):
    access = load_access(world.participant_user, world.participant)

    assert (access.can_change(Category.PLAN), access.can_change(Category.NAV_CASE_NOTES)) == (
        True,
        False,
    )


def test_employer_contact_sees_core_only_and_can_change_nothing(world):
    access = load_access(world.employer_contact, world.participant)

    assert access.visible_categories == [Category.CORE]
    assert access.can_change(Category.CORE) is False
    assert (access.can_manage_team, access.can_record_consent, access.can_see_national_id) == (
        False,
        False,
        False,
    )


def test_employer_contact_with_consent_sees_only_the_disclosed_part_and_never_writes(world):
    before = load_access(world.employer_contact, world.participant)
    give_consent(world.participant, world.employer, Category.EMPLOYMENT, world.counsellor)

    access = load_access(world.employer_contact, world.participant)

    assert before.decide_disclosed().allowed is False
    assert access.decide_disclosed().basis == Basis.CONSENT
    assert (access.can_view(Category.EMPLOYMENT), access.can_change(Category.EMPLOYMENT)) == (
        False,
        False,
    )


def test_care_staff_never_read_through_the_disclosure_rule(world):
    give_consent(world.participant, world.employer, Category.EMPLOYMENT, world.counsellor)

    access = load_access(world.counsellor, world.participant)

    assert access.can_view(Category.EMPLOYMENT) is True
    assert access.decide_disclosed().allowed is False


def test_regional_advisor_on_team_has_advice_not_decisions(world):
    advisor_org = world.regional
    from tests.factories import staff_user

    advisor = staff_user(advisor_org, Role.REGIONAL_ADVISOR)
    add_to_team(world.participant, advisor, advisor_org, Role.REGIONAL_ADVISOR)

    access = load_access(advisor, world.participant)

    assert access.visible_categories == [Category.CORE]
    assert access.can_manage_team is False


def test_membership_needs_the_same_role_in_the_same_organisation(world):
    # On the team as therapist for the DPS, but the user's staff role is in another place.
    stray = world.colleague
    add_to_team(world.participant, stray, world.dps, Role.THERAPIST)

    assert load_access(stray, world.participant).is_team_member is False


@pytest.mark.parametrize(
    "role", [Role.COUNTY_COORDINATOR, Role.PROGRAMME_MANAGER, Role.FIDELITY_REVIEWER]
)
def test_a_system_role_reaches_no_participant_even_with_a_membership_row(world, role):
    """No form puts a system role on a team; should a row say so all the same (an import,
    the admin), the policy still gives nothing: they work with aggregates only."""
    from tests.factories import staff_user

    user = staff_user(world.regional, role)
    add_to_team(world.participant, user, world.regional, role)

    assert not load_access(user, world.participant).is_team_member
    with pytest.raises(Http404):
        get_participant_access(user, world.participant.public_id)

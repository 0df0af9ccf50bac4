"""Read-only team roles see what their role needs, no more (los.access.policy,
docs/access.md): the employer contact the name and the people at their own workplace; the
regional advisor the name and the team they advise, never identifying details."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from los.access.policy import load_access
from los.core.vocabulary import Category, ProtectedAddress, Role
from tests.factories import MunicipalityFactory, add_to_team, give_consent, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    """The world's team with a job specialist and a regional advisor on it, and a
    municipality on the participant."""
    add_to_team(world.participant, world.job_specialist, world.nav_office, Role.JOB_SPECIALIST)
    advisor = staff_user(
        world.regional, Role.REGIONAL_ADVISOR, first_name="Mona", last_name="Rådgiver"
    )
    add_to_team(world.participant, advisor, world.regional, Role.REGIONAL_ADVISOR)
    world.participant.municipality = MunicipalityFactory(number="1833", name="Rana")
    world.participant.save()
    world.advisor = advisor
    return world


def _page(client, user, world, name="participant_detail"):
    client.force_login(user)
    response = client.get(reverse(name, args=[world.participant.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def _birth_date(world) -> str:
    return format_date(world.participant.birth_date, "j. F Y")


def test_the_employer_contact_sees_the_name_and_their_own_workplace_only(client, team):
    page = _page(client, team.employer_contact, team)

    assert team.participant.full_name in page
    assert "Tor Sjef" in page
    assert _birth_date(team) not in page
    assert "Rana" not in page
    for hidden in [team.job_specialist, team.counsellor, team.therapist, team.gp, team.advisor]:
        assert hidden.display_name not in page, hidden.display_name
    assert "jobbspesialist" not in page


def test_the_employer_contact_sees_a_colleague_from_the_same_employer(client, team):
    colleague = staff_user(team.employer, Role.EMPLOYER_CONTACT, first_name="Hanne", last_name="HR")
    add_to_team(team.participant, colleague, team.employer, Role.EMPLOYER_CONTACT)

    page = _page(client, team.employer_contact, team)

    assert "Hanne HR" in page


def test_the_employer_contact_with_consent_still_sees_no_job_specialist(client, team):
    give_consent(team.participant, team.employer, Category.EMPLOYMENT, team.counsellor)
    give_consent(team.participant, team.employer, Category.HEALTH_SUMMARY, team.counsellor)

    page = _page(client, team.employer_contact, team)
    shared = _page(client, team.employer_contact, team, name="pathway")

    assert team.job_specialist.display_name not in page + shared
    assert _birth_date(team) not in page + shared


def test_the_regional_advisor_sees_the_name_and_the_team_but_no_identifying_details(client, team):
    page = _page(client, team.advisor, team)

    assert team.participant.full_name in page
    assert team.counsellor.display_name in page
    assert team.job_specialist.display_name in page
    assert _birth_date(team) not in page
    assert "Rana" not in page
    assert team.participant.national_id not in page


def test_a_protected_address_is_not_shown_to_read_only_roles(client, team):
    team.participant.protected_address = ProtectedAddress.CONFIDENTIAL
    team.participant.save()

    for user in [team.employer_contact, team.advisor]:
        assert "kode 7" not in _page(client, user, team)
    assert "kode 7" in _page(client, team.counsellor, team)


def test_care_roles_still_see_the_details(client, team):
    page = _page(client, team.counsellor, team)

    assert _birth_date(team) in page
    assert "Rana" in page
    assert team.job_specialist.display_name in page


@pytest.mark.parametrize(
    ("who", "details", "whole_team"),
    [
        ("counsellor", True, True),
        ("employer_contact", False, False),
        ("advisor", False, True),
    ],
)
def test_the_policy_says_what_each_role_sees(team, who, details, whole_team):
    access = load_access(getattr(team, who), team.participant)
    specialist = next(m for m in team.participant.team.all() if m.user == team.job_specialist)

    assert access.can_see_personal_details is details
    assert access.can_see_team_member(specialist) is whole_team


def test_the_method_supervisor_sees_the_details_for_supervision(team):
    supervisor = staff_user(team.nav_office, Role.IPS_SUPERVISOR)
    add_to_team(team.participant, supervisor, team.nav_office, Role.IPS_SUPERVISOR)

    assert load_access(supervisor, team.participant).can_see_personal_details


def test_the_plan_pdf_gives_the_employer_contact_no_birth_date(client, team):
    import io

    from pypdf import PdfReader

    give_consent(team.participant, team.employer, Category.PLAN, team.counsellor)
    client.force_login(team.employer_contact)

    response = client.get(reverse("plan_pdf", args=[team.participant.public_id]))

    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert team.participant.full_name in text
    assert str(team.participant.birth_date.year) not in text
    assert team.job_specialist.display_name not in text


@pytest.mark.parametrize("who", ["employer_contact", "advisor"])
def test_the_caseload_of_a_read_only_role_shows_the_name_only(client, team, who):
    client.force_login(getattr(team, who))

    page = client.get(reverse("participant_list")).content.decode()

    assert str(team.participant.public_id) in page
    assert _birth_date(team) not in page
    assert team.participant.national_id not in page
    assert "IPS" not in page
    assert team.job_specialist.display_name not in page


def test_one_rule_says_which_colleagues_the_employer_contact_sees(team):
    """The team list and the meetings ask the same predicate: outside a meeting they are
    invited to, an employer contact learns of nobody from NAV or a provider."""
    access = load_access(team.employer_contact, team.participant)

    for user, organisation in [
        (team.job_specialist, team.nav_office),
        (team.counsellor, team.nav_office),
        (team.advisor, team.regional),
        (team.therapist, team.dps),
    ]:
        assert not access.can_see_colleague(user.pk, organisation), user.display_name
    assert access.can_see_colleague(team.employer_contact.pk, team.employer)


def test_the_invited_employer_contact_sees_who_organised_and_who_else_is_invited(client, team):
    """They meet these people in the meeting; a therapist's presence stays health information."""
    from los.meetings import services
    from los.meetings.models import MeetingChannel, MeetingKind

    give_consent(team.participant, team.employer, Category.PLAN, team.counsellor)
    meeting = services.meeting_plan(
        access=load_access(team.counsellor, team.participant),
        kind=MeetingKind.EMPLOYER,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=45,
        channel=MeetingChannel.IN_PERSON,
        place="Bygg AS, kontoret",
        agenda="Tilrettelegging",
        members=[team.employer_contact.pk, team.job_specialist.pk, team.therapist.pk],
        invite_participant=True,
        externals=[],
    )
    client.force_login(team.employer_contact)

    page = client.get(
        reverse("meeting_detail", args=[team.participant.public_id, meeting.pk])
    ).content.decode()
    team_page = _page(client, team.employer_contact, team)

    assert team.counsellor.display_name in page  # the organiser
    assert team.job_specialist.display_name in page
    assert team.therapist.display_name not in page
    assert team.job_specialist.display_name not in team_page

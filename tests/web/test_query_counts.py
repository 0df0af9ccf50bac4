"""Lists and overviews use a fixed number of queries, whatever the number of rows.

The counts are exact so that an added query shows up here even when it is constant. Some
are the same on every page: the session (read and save), the user, the staff roles, the
header's participant check and the reports the user may open (the header's «Resultater»).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from los.access.models import AccessLogEntry
from los.core.vocabulary import Category, OrganisationKind, Role
from los.pathways.models import Enrolment, MainGoal, Programme, ReferralSource
from tests.factories import (
    OrganisationFactory,
    ParticipantFactory,
    add_to_team,
    give_consent,
    header_count_known,
    staff_user,
)

pytestmark = pytest.mark.django_db


CASELOAD_QUERIES = 23  # the sickness cases; the referrals not yet taken in
PARTICIPANT_PAGE_QUERIES = 24  # the waiting requests to join the team
ACCESS_LOG_PAGE_QUERIES = 16  # the refused attempts beside the reads


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def _caseload(size):
    """Each participant is on an IPS pathway before the first employer contact, so both of
    the pathway's queries run (the enrolments, and the passive periods behind the 30-day
    deadline)."""
    office = OrganisationFactory(kind=OrganisationKind.NAV_OFFICE)
    counsellor = staff_user(office, Role.COUNSELLOR)
    ips = Programme.objects.get(code="ips")
    stage = ips.stages.get(code="job_development")
    today = timezone.localdate()
    for _ in range(size):
        participant = ParticipantFactory()
        add_to_team(participant, counsellor, office, Role.COUNSELLOR)
        Enrolment.objects.create(
            participant=participant,
            programme=ips,
            organisation=office,
            job_specialist=counsellor,
            referral_date=today,
            referral_source=ReferralSource.NAV,
            start_date=today,
            main_goal=MainGoal.WORK,
            stage=stage,
            stage_since=today,
            created_by=counsellor,
        )
    return counsellor


def _busy_record(size):
    office = OrganisationFactory(kind=OrganisationKind.NAV_OFFICE)
    counsellor = staff_user(office, Role.COUNSELLOR)
    participant = ParticipantFactory()
    add_to_team(participant, counsellor, office, Role.COUNSELLOR)
    for _ in range(size - 1):
        dps = OrganisationFactory(kind=OrganisationKind.HEALTH_TRUST)
        therapist = staff_user(dps, Role.THERAPIST, mfa=False)
        add_to_team(participant, therapist, dps, Role.THERAPIST)
    for number in range(size):
        give_consent(participant, office, Category.HEALTH_SUMMARY, counsellor, purpose=f"F{number}")
        AccessLogEntry.objects.create(
            user=counsellor,
            user_name="x",
            participant=participant,
            category=Category.CORE,
            what="deltakerside",
            basis="team",
        )
    return counsellor, participant


@pytest.mark.parametrize("size", [1, 50])
def test_caseload_uses_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    user = _caseload(size)
    client.force_login(user)
    header_count_known(user)

    with django_assert_num_queries(CASELOAD_QUERIES):
        response = _get(client, reverse("participant_list"))

    assert len(response.context["rows"]) == size
    assert response.context["page"].paginator.count == size
    assert all(row.pathways[0].first_contact_due for row in response.context["rows"])


@pytest.mark.parametrize("size", [1, 50])
def test_participant_page_uses_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    user, participant = _busy_record(size)
    client.force_login(user)
    header_count_known(user)

    with django_assert_num_queries(PARTICIPANT_PAGE_QUERIES):
        response = _get(client, reverse("participant_detail", args=[participant.public_id]))

    assert (len(response.context["team"]), len(response.context["consents"])) == (size, size)


@pytest.mark.parametrize("size", [1, 50])
def test_access_log_page_uses_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    user, participant = _busy_record(size)
    client.force_login(user)
    header_count_known(user)

    with django_assert_num_queries(ACCESS_LOG_PAGE_QUERIES):
        response = _get(client, reverse("access_log", args=[participant.public_id]))

    assert response.context["page"].paginator.count == size


def _sick_leave(world, cases, notes):
    """`cases` sickness cases for Sara, each with `notes` sick notes a month apart."""
    import datetime

    from los.meetings.models import Meeting, MeetingChannel, MeetingKind
    from los.sickleave.models import (
        ActivityRequirement,
        DialogueMeeting,
        DialogueTask,
        SicknessCase,
        SickNote,
    )

    made = []
    for number in range(cases):
        employer = (
            world.employer if number == 0 else OrganisationFactory(kind=OrganisationKind.EMPLOYER)
        )
        case = SicknessCase.objects.create(
            participant=world.participant, employer=employer, created_by=world.gp
        )
        start = datetime.date(2026, 1, 5)
        for n in range(notes):
            SickNote.objects.create(
                case=case,
                start=start + datetime.timedelta(days=30 * n),
                end=start + datetime.timedelta(days=30 * n + 29),
                grade=50,
                written_by="gp",
                diagnosis_chapter="P",
                created_by=world.gp,
            )
        ActivityRequirement.objects.create(
            case=case, period_start=start, status="waiting", updated_by=world.counsellor
        )
        # A dialogue meeting with a task for each case: the case page reads their tasks and
        # invitations whatever their number.
        dialogue = DialogueMeeting.objects.create(
            case=case,
            meeting=Meeting.objects.create(
                participant=world.participant,
                kind=MeetingKind.DIALOGUE,
                starts_at=timezone.make_aware(datetime.datetime(2026, 2, number % 28 + 1, 10)),
                channel=MeetingChannel.IN_PERSON,
                organiser=world.counsellor,
                organiser_role=Role.COUNSELLOR,
                organiser_organisation=world.nav_office,
            ),
            checkpoint="dialogue_meeting_1",
            linked_by=world.counsellor,
        )
        DialogueTask.objects.create(
            dialogue=dialogue, party="employer", text="Skjerme for telefon", created_by=world.gp
        )
        made.append(case)
    return made


# the cases with notes, requirements and dialogue meetings, the employers
SICK_LEAVE_CASES_QUERIES = 20
# the case, its notes, requirement, dialogue meetings with their tasks and invitations; the
# meetings still to link (whether any, then the choices); the offers to refer to and the
# referrals sent; three log rows
SICK_LEAVE_CASE_QUERIES = 24


@pytest.mark.parametrize("size", [1, 20])
def test_sick_leave_pages_use_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, size
):
    cases = _sick_leave(world, size, size)
    client.force_login(world.counsellor)
    header_count_known(world.counsellor)
    public_id = world.participant.public_id

    with django_assert_num_queries(SICK_LEAVE_CASES_QUERIES):
        listing = _get(client, reverse("sickleave_cases", args=[public_id]))
    with django_assert_num_queries(SICK_LEAVE_CASE_QUERIES):
        case = _get(client, reverse("sickleave_case", args=[public_id, cases[0].pk]))

    assert len(listing.context["views"]) == size
    assert len(case.context["view"].notes) == size


# the notes, the requirements, the dialogue meetings, the rules; the referrals
CASELOAD_WITH_SICK_LEAVE_QUERIES = 27


@pytest.mark.parametrize("size", [1, 20])
def test_caseload_with_sick_leave_uses_a_fixed_number_of_queries(
    client, django_assert_num_queries, size
):
    import datetime

    from los.sickleave.models import SicknessCase, SickNote

    counsellor = _caseload(size)
    employer = OrganisationFactory(kind=OrganisationKind.EMPLOYER)
    start = timezone.localdate() - datetime.timedelta(days=50)
    for membership in counsellor.team_memberships.all():
        case = SicknessCase.objects.create(
            participant=membership.participant, employer=employer, created_by=counsellor
        )
        SickNote.objects.create(
            case=case,
            start=start,
            end=start + datetime.timedelta(days=90),
            grade=50,
            written_by="gp",
            created_by=counsellor,
        )
    client.force_login(counsellor)
    header_count_known(counsellor)

    with django_assert_num_queries(CASELOAD_WITH_SICK_LEAVE_QUERIES):
        response = _get(client, reverse("participant_list") + "?vis=sykefravaer")

    assert len(response.context["rows"]) == size
    assert all(row.sick_leave_flags for row in response.context["rows"])

    with django_assert_num_queries(SICK_LEAVE_OVERVIEW_QUERIES):
        overview = _get(client, reverse("sickleave_overview"))

    assert len(overview.context["rows"]) == size


# the memberships, the cases with notes, requirements and dialogue meetings, two log inserts
SICK_LEAVE_OVERVIEW_QUERIES = 17
# Anonymous: the municipality asked for, the count, the page of offers, their waiting times
# and the municipalities.
OFFER_LIST_QUERIES = 5
OFFER_MANAGE_QUERIES = 9  # the offers, besides what every page asks


def _offers(size):
    from los.directory.models import Offer
    from tests.factories import MunicipalityFactory

    bodo = MunicipalityFactory()
    office = OrganisationFactory(kind=OrganisationKind.NAV_OFFICE)
    for number in range(size):
        offer = Offer.objects.create(
            organisation=office,
            kind="ips",
            name=f"Tilbud {number}",
            target_group="Alle som vil jobbe.",
            how_to_refer="Ring oss.",
            routes=["self"],
            phone="12345678",
        )
        offer.municipalities.set([bodo])
    return office


@pytest.mark.parametrize("size", [1, 50])
def test_the_public_directory_uses_a_fixed_number_of_queries(
    client, django_assert_num_queries, size
):
    _offers(size)

    with django_assert_num_queries(OFFER_LIST_QUERIES):
        response = _get(client, reverse("offer_list") + "?kommune=1804")

    assert len(response.context["page"].object_list) == size


@pytest.mark.parametrize("size", [1, 50])
def test_the_offers_a_keeper_keeps_use_a_fixed_number_of_queries(
    client, django_assert_num_queries, size
):
    office = _offers(size)
    client.force_login(staff_user(office, Role.COUNSELLOR))
    _get(client, reverse("offer_manage"))

    with django_assert_num_queries(OFFER_MANAGE_QUERIES):
        response = _get(client, reverse("offer_manage"))

    assert len(response.context["offers"]) == size


REFERRAL_INBOX_QUERIES = 11  # the count, the page, and one access-log insert
REFERRALS_PAGE_QUERIES = 13  # the participant's referrals, with the access-log insert


def _referrals(size):
    """`size` participants (one of them with `size` referrals) referred to a DPS's offers."""
    from los.directory.models import Offer, Referral

    office = OrganisationFactory(kind=OrganisationKind.NAV_OFFICE)
    counsellor = staff_user(office, Role.COUNSELLOR)
    dps = OrganisationFactory(kind=OrganisationKind.HEALTH_TRUST)
    therapist = staff_user(dps, Role.THERAPIST)
    busy = ParticipantFactory()
    add_to_team(busy, counsellor, office, Role.COUNSELLOR)
    for number in range(size):
        offer = Offer.objects.create(
            organisation=dps,
            kind="sfj",
            name=f"Tilbud {number}",
            target_group="x",
            how_to_refer="x",
            routes=["nav"],
            phone="1",
        )
        for participant in [busy, ParticipantFactory()]:
            Referral.objects.create(
                participant=participant,
                offer=offer,
                sent_by=counsellor,
                sent_by_role=Role.COUNSELLOR,
                sent_by_organisation=office,
                reason="x",
            )
    return counsellor, therapist, busy


@pytest.mark.parametrize("size", [1, 25])
def test_the_referral_inbox_uses_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    _counsellor, therapist, _busy = _referrals(size)
    client.force_login(therapist)
    _get(client, reverse("referral_inbox"))

    with django_assert_num_queries(REFERRAL_INBOX_QUERIES):
        response = _get(client, reverse("referral_inbox"))

    assert len(response.context["rows"]) == 2 * size


@pytest.mark.parametrize("size", [1, 50])
def test_the_referrals_page_uses_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    counsellor, _therapist, busy = _referrals(size)
    client.force_login(counsellor)
    _get(client, reverse("referrals", args=[busy.public_id]))

    with django_assert_num_queries(REFERRALS_PAGE_QUERIES):
        response = _get(client, reverse("referrals", args=[busy.public_id]))

    assert len(response.context["referrals"]) == size

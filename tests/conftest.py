import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from los.accounts.models import User
from los.core.vocabulary import Category, OrganisationKind, Role
from los.followup.models import Channel, ContactNote, Message, SavedFilter, Thread
from los.measures.models import Instrument
from los.measures.shipped import install_shipped_instruments
from los.meetings.models import Invitation, Meeting, MeetingChannel, MeetingKind, Reply
from los.organisations.models import Organisation
from los.participants.models import Participant
from los.pathways.models import (
    CareerProfile,
    CounsellorReport,
    DisclosurePlan,
    DisclosureTopic,
    Education,
    EducationLevel,
    EducationStatus,
    Employer,
    EmploymentForm,
    Enrolment,
    Funding,
    Job,
    MainGoal,
    Programme,
    ReferralSource,
    ReportKind,
    ReportVersion,
    Stage,
    StudyForm,
)
from los.pathways.programmes import install_default_programmes
from los.plans.models import Activity, ActivityKind, Goal, GoalKind, IndividualPlan
from tests.factories import (
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    add_to_team,
    give_consent,
    staff_user,
)


@dataclass
class World:
    """A participant with a team across NAV and health, and everyone who must not see them.

    - nav_office: counsellor (on the team), colleague (same office, not on the team), job
      specialist (not on the team: sees the employer register, never the participant)
    - dps: therapist (on the team); gp (on the team, no consent for anything)
    - employer: employer contact (on the team, read-only)
    - other_nav: outsider counsellor in another office
    - county coordinator and admin with no team
    - participant (with login) and another participant (with login)
    Consents: NAV office may see the health summary; the GP practice has none.
    Work pathway: the participant is in IPS with the counsellor responsible, has a career
    profile and a disclosure plan (employers may be contacted, one topic shared), a job at
    Bygg AS (an employer that is also the employer contact's organisation) and an education.
    The employer has no consent for work and education, so the employer contact sees none of
    it.
    """

    nav_office: Organisation
    other_nav: Organisation
    dps: Organisation
    gp_practice: Organisation
    employer: Organisation
    regional: Organisation
    counsellor: User
    colleague: User
    therapist: User
    gp: User
    employer_contact: User
    outsider: User
    county_coordinator: User
    admin: User
    participant_user: User
    other_participant_user: User
    participant: Participant
    other_participant: Participant
    plan: IndividualPlan
    goal: Goal
    activity: Activity
    treatment: Activity
    nav_note: ContactNote
    clinical_note: ContactNote
    thread: Thread
    meeting: Meeting
    saved_filter: SavedFilter
    job_specialist: User
    enrolment: Enrolment
    pathway_employer: Employer
    job: Job
    education: Education
    report: CounsellorReport


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The World, built in the database now (the caller holds the database open)."""
    nav_office = OrganisationFactory(name="NAV Bodø", kind=OrganisationKind.NAV_OFFICE)
    other_nav = OrganisationFactory(name="NAV Tromsø", kind=OrganisationKind.NAV_OFFICE)
    dps = OrganisationFactory(name="Salten DPS", kind=OrganisationKind.HEALTH_TRUST)
    gp_practice = OrganisationFactory(name="Sentrum legekontor", kind=OrganisationKind.GP_PRACTICE)
    employer = OrganisationFactory(name="Bygg AS", kind=OrganisationKind.EMPLOYER)
    regional = OrganisationFactory(name="Arbeid og helse Nord", kind=OrganisationKind.REGIONAL_UNIT)

    counsellor = staff_user(nav_office, Role.COUNSELLOR, first_name="Kari", last_name="Veileder")
    colleague = staff_user(nav_office, Role.COUNSELLOR, first_name="Jon", last_name="Kollega")
    therapist = staff_user(dps, Role.THERAPIST, first_name="Lise", last_name="Behandler")
    gp = staff_user(gp_practice, Role.GP, first_name="Nils", last_name="Lege")
    employer_contact = staff_user(
        employer, Role.EMPLOYER_CONTACT, first_name="Tor", last_name="Sjef"
    )
    outsider = staff_user(other_nav, Role.COUNSELLOR, first_name="Ute", last_name="Utenfor")
    county_coordinator = staff_user(
        regional, Role.COUNTY_COORDINATOR, first_name="Geir", last_name="Fylke"
    )
    admin = UserFactory(first_name="Ada", last_name="Admin", is_staff=True, is_superuser=True)
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import TOTP_SECRET

    TOTP.activate(admin, TOTP_SECRET)

    participant_user = UserFactory(first_name="Sara", last_name="Deltaker")
    other_participant_user = UserFactory(first_name="Omar", last_name="Annen")
    participant = ParticipantFactory(first_name="Sara", last_name="Deltaker", user=participant_user)
    other_participant = ParticipantFactory(
        first_name="Omar", last_name="Annen", user=other_participant_user
    )

    add_to_team(participant, counsellor, nav_office, Role.COUNSELLOR)
    add_to_team(participant, therapist, dps, Role.THERAPIST)
    add_to_team(participant, gp, gp_practice, Role.GP)
    add_to_team(participant, employer_contact, employer, Role.EMPLOYER_CONTACT)
    add_to_team(other_participant, outsider, other_nav, Role.COUNSELLOR)
    give_consent(participant, nav_office, Category.HEALTH_SUMMARY, counsellor)

    # The plan is made directly, not through the services, so the change log starts empty.
    plan = IndividualPlan.objects.create(
        participant=participant, coordinator=counsellor, created_by=counsellor
    )
    goal = Goal.objects.create(
        plan=plan, kind=GoalKind.WORK, text="Jobbe i butikk 50 %", created_by=participant_user
    )
    activity = Activity.objects.create(
        plan=plan,
        goal=goal,
        kind=ActivityKind.JOB_SEARCH,
        title="Søke på tre butikkjobber",
        created_by=counsellor,
    )
    treatment = Activity.objects.create(
        plan=plan,
        kind=ActivityKind.TREATMENT,
        title="Samtaleterapi ved Salten DPS",
        place="Salten DPS",
        created_by=therapist,
    )

    nav_note = ContactNote.objects.create(
        participant=participant,
        category=Category.NAV_CASE_NOTES,
        channel=Channel.IN_PERSON,
        contact_date=datetime.date(2026, 10, 1),
        text="Snakket om arbeidsevne og AAP.",
        shared_with_participant=True,
        author=counsellor,
        author_role=Role.COUNSELLOR,
        author_organisation=nav_office,
    )
    clinical_note = ContactNote.objects.create(
        participant=participant,
        category=Category.CLINICAL_NOTES,
        channel=Channel.IN_PERSON,
        contact_date=datetime.date(2026, 10, 2),
        text="Økt angst siste uker. Justert behandlingsplan.",
        shared_with_participant=False,
        author=therapist,
        author_role=Role.THERAPIST,
        author_organisation=dps,
    )

    now = timezone.now()
    thread = Thread.objects.create(
        participant=participant,
        subject="Spørsmål om arbeidstrening",
        last_message_at=now,
        last_message_by=participant_user,
        last_message_from_participant=True,
    )
    Message.objects.create(
        thread=thread, author=participant_user, from_participant=True, text="Når starter jeg?"
    )

    # A responsibility-group meeting next week: the counsellor called it, the therapist and
    # the participant are invited; the employer contact is not.
    meeting = Meeting.objects.create(
        participant=participant,
        kind=MeetingKind.RESPONSIBILITY_GROUP,
        starts_at=(now + datetime.timedelta(days=7)).replace(second=0, microsecond=0),
        channel=MeetingChannel.IN_PERSON,
        place="NAV Bodø, møterom 2",
        agenda="Status i behandlingen og arbeidstreningen.",
        organiser=counsellor,
        organiser_role=Role.COUNSELLOR,
        organiser_organisation=nav_office,
    )
    Invitation.objects.bulk_create(
        [
            Invitation(
                meeting=meeting,
                user=counsellor,
                role=Role.COUNSELLOR,
                organisation=nav_office,
                reply=Reply.COMING,
            ),
            Invitation(meeting=meeting, user=therapist, role=Role.THERAPIST, organisation=dps),
            Invitation(meeting=meeting, user=participant_user, is_participant=True),
            Invitation(meeting=meeting, external_name="Per Hansen", external_role="pårørende"),
        ]
    )
    saved_filter = SavedFilter.objects.create(
        user=counsellor, name="Forfalt", show="forfalt", sort="navn"
    )

    job_specialist = staff_user(
        nav_office, Role.JOB_SPECIALIST, first_name="Janne", last_name="Jobbspesialist"
    )
    # Transactional (browser) tests empty the database, data migrations included.
    install_default_programmes(Programme, Stage)
    install_shipped_instruments(Instrument)
    ips = Programme.objects.get(code="ips")
    today = timezone.localdate()
    enrolment = Enrolment.objects.create(
        participant=participant,
        programme=ips,
        organisation=nav_office,
        job_specialist=counsellor,
        referral_date=today - datetime.timedelta(days=60),
        referral_source=ReferralSource.DPS,
        start_date=today - datetime.timedelta(days=50),
        main_goal=MainGoal.WORK,
        stage=ips.stages.get(code="working"),
        stage_since=today - datetime.timedelta(days=10),
        created_by=counsellor,
    )
    CareerProfile.objects.create(
        participant=participant,
        desired_work="Butikk",
        health_and_coping="Trenger pauser når angsten kommer.",
        updated_by=counsellor,
    )
    DisclosurePlan.objects.create(
        participant=participant,
        may_contact_employers=True,
        topics=[DisclosureTopic.FOLLOW_UP],
        to_employer="Jeg får oppfølging fra NAV.",
        not_to_share="Diagnosen min.",
        agreed_on=today - datetime.timedelta(days=40),
        updated_by=counsellor,
    )
    pathway_employer = Employer.objects.create(
        name="Bygg AS", organisation=employer, created_by=counsellor
    )
    job = Job.objects.create(
        enrolment=enrolment,
        employer=pathway_employer,
        title="Lagermedarbeider",
        start_date=today - datetime.timedelta(days=10),
        hours_per_week=20,
        employment_form=EmploymentForm.PERMANENT,
        paid=True,
        ordinary_wage=True,
        open_to_anyone=True,
        support_plan="Ukentlig samtale med jobbspesialisten.",
        created_by=counsellor,
    )
    education = Education.objects.create(
        enrolment=enrolment,
        institution="Bodø voksenopplæring",
        course="Norsk",
        level=EducationLevel.ADULT,
        study_form=StudyForm.PART_TIME,
        funding=Funding.NAV,
        start_date=today - datetime.timedelta(days=20),
        status=EducationStatus.ONGOING,
        created_by=counsellor,
    )
    report = CounsellorReport.objects.create(
        enrolment=enrolment,
        kind=ReportKind.INTERVAL,
        period_start=today - datetime.timedelta(days=50),
        period_end=today - datetime.timedelta(days=1),
        activities="Kartlegging og jobbsøk.",
        results="Fast jobb som lagermedarbeider.",
        participant_informed_on=today - datetime.timedelta(days=1),
        created_by=counsellor,
        updated_by=counsellor,
    )
    ReportVersion.objects.create(
        report=report,
        number=1,
        kind=report.kind,
        period_start=report.period_start,
        period_end=report.period_end,
        activities=report.activities,
        results=report.results,
        participant_informed_on=report.participant_informed_on,
        shared_by=counsellor,
        shared_by_name=counsellor.display_name,
        shared_by_organisation=nav_office.name,
        shared_at=timezone.now(),
    )

    return World(
        nav_office=nav_office,
        other_nav=other_nav,
        dps=dps,
        gp_practice=gp_practice,
        employer=employer,
        regional=regional,
        counsellor=counsellor,
        colleague=colleague,
        therapist=therapist,
        gp=gp,
        employer_contact=employer_contact,
        outsider=outsider,
        county_coordinator=county_coordinator,
        admin=admin,
        participant_user=participant_user,
        other_participant_user=other_participant_user,
        participant=participant,
        other_participant=other_participant,
        plan=plan,
        goal=goal,
        activity=activity,
        treatment=treatment,
        nav_note=nav_note,
        clinical_note=clinical_note,
        thread=thread,
        meeting=meeting,
        saved_filter=saved_filter,
        job_specialist=job_specialist,
        enrolment=enrolment,
        pathway_employer=pathway_employer,
        job=job,
        education=education,
        report=report,
    )


@pytest.fixture
def report_world(db):
    """Every demo role, services in two counties and participants with known names, for
    the report pages (tests/reporting/report_world.py)."""
    from tests.reporting.report_world import build_report_world

    return build_report_world()

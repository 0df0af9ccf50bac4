"""A small, hand-made demo world around Bodø: one login per role, two participants with a
team each, consents, and some history in the access log; beside it, the synthetic county of
los/demo/county.py (seven services, three years of pathways, no logins) for the reports.
Every name, number and organisation number is synthetic (fødselsnummer with month + 80)."""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from los.access.models import AccessLogEntry, Basis
from los.access.policy import load_access
from los.accounts.models import StaffRole, User
from los.actionplans.demo import add_demo_measure_reports
from los.agreements.demo import load_demo_agreements
from los.core.identifiers import synthetic_national_id, synthetic_orgnr
from los.core.vocabulary import Category, ConsentMethod, OrganisationKind, ProtectedAddress, Role
from los.demo.county import load_synthetic_county
from los.directory.demo import load_demo_directory
from los.fidelity import services as fidelity_services
from los.fidelity.models import FidelityScale, Review
from los.fidelity.services import ItemRating
from los.followup.models import Channel, ContactNote, Message, Thread
from los.measures import services as measure_services
from los.measures.models import Instrument, Schedule
from los.meetings.models import Invitation, Meeting, MeetingChannel, MeetingKind, Reply
from los.notifications.models import Choice, Preference
from los.organisations.klass import import_municipalities
from los.organisations.management.commands.import_municipalities import SAMPLE
from los.organisations.models import County, Municipality, Organisation
from los.participants.models import CareTeamMembership, Consent, Participant
from los.pathways import reports
from los.pathways.models import (
    CareerProfile,
    ContactPurpose,
    DisclosurePlan,
    Employer,
    EmployerContact,
    EmployerPerson,
    EmploymentForm,
    Enrolment,
    Job,
    MainGoal,
    Programme,
    ReferralSource,
    ReportKind,
    Stage,
    StageEntry,
    SupportContact,
)
from los.pathways.programmes import install_default_programmes
from los.plans.models import (
    Activity,
    ActivityKind,
    ActivityVersion,
    Goal,
    GoalKind,
    IndividualPlan,
)
from los.sickleave.demo import load_sick_leave_demo

DEMO_PASSWORD = "demo-los"
DEMO_DOMAIN = "demo.los.no"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    role: Role | None
    organisation: str | None
    note: str = ""


ORGANISATIONS = [
    ("NAV Bodø", OrganisationKind.NAV_OFFICE),
    ("Salten DPS", OrganisationKind.HEALTH_TRUST),
    ("Bodø kommune, psykisk helse og rus", OrganisationKind.MUNICIPAL_MENTAL_HEALTH),
    ("Sentrum legekontor Bodø", OrganisationKind.GP_PRACTICE),
    ("Nord universitet", OrganisationKind.SCHOOL),
    ("Bodø Bygg og Anlegg AS", OrganisationKind.EMPLOYER),
    ("Salten Arbeid AS", OrganisationKind.PROVIDER),
    ("NAV Arbeid og helse Nord", OrganisationKind.REGIONAL_UNIT),
    ("Arbeids- og velferdsdirektoratet", OrganisationKind.DIRECTORATE),
]

LOGINS = [
    DemoLogin("veileder", "Kari Nordmann", Role.COUNSELLOR, "NAV Bodø"),
    DemoLogin("los", "Per Johansen", Role.PILOT, "Bodø kommune, psykisk helse og rus"),
    DemoLogin("jobbspesialist", "Ola Hansen", Role.JOB_SPECIALIST, "NAV Bodø"),
    DemoLogin("metodeveileder", "Eva Strand", Role.IPS_SUPERVISOR, "NAV Bodø"),
    DemoLogin("behandler", "Lise Berg", Role.THERAPIST, "Salten DPS"),
    DemoLogin("fastlege", "Nils Moe", Role.GP, "Sentrum legekontor Bodø"),
    DemoLogin("koordinator", "Anne Lie", Role.COORDINATOR, "Bodø kommune, psykisk helse og rus"),
    DemoLogin("arbeidsgiver", "Tor Eide", Role.EMPLOYER_CONTACT, "Bodø Bygg og Anlegg AS"),
    DemoLogin("radgiver", "Mona Dahl", Role.REGIONAL_ADVISOR, "NAV Arbeid og helse Nord"),
    DemoLogin("fylke", "Geir Lund", Role.COUNTY_COORDINATOR, "NAV Arbeid og helse Nord"),
    DemoLogin("direktorat", "Hege Vik", Role.PROGRAMME_MANAGER, "Arbeids- og velferdsdirektoratet"),
    DemoLogin("kvalitet", "Siv Holm", Role.FIDELITY_REVIEWER, "NAV Arbeid og helse Nord"),
    DemoLogin(
        "kvalitet2",
        "Arne Berg",
        Role.FIDELITY_REVIEWER,
        "NAV Arbeid og helse Nord",
        "andre vurderer i gjennomgangen",
    ),
    DemoLogin("veileder2", "Jon Bakke", Role.COUNSELLOR, "NAV Bodø", "samme kontor, ikke i teamet"),
    DemoLogin("admin", "Systemansvarlig", None, None, "referansedata, ingen personopplysninger"),
    DemoLogin("sara", "Sara Nilsen", None, None, "deltaker"),
    DemoLogin("jonas", "Jonas Berg", None, None, "deltaker med fortrolig adresse"),
]


def login_email(login: DemoLogin) -> str:
    return f"{login.email}@{DEMO_DOMAIN}"


def demo_already_loaded() -> bool:
    return User.objects.filter(email=f"veileder@{DEMO_DOMAIN}").exists()


@transaction.atomic
def load_demo_data() -> None:
    if not Municipality.objects.exists():
        import_municipalities(SAMPLE.read_text(encoding="utf-8"))
    rng = random.Random(2026)
    bodo = Municipality.objects.get(number="1804")
    nordland = County.objects.get(number="18")
    organisations = {}
    for name, kind in ORGANISATIONS:
        # The first one of that name: `seed` may have added namesakes ("NAV Bodø") since.
        organisations[name] = Organisation.objects.filter(name=name, kind=kind).order_by(
            "pk"
        ).first() or Organisation.objects.create(
            name=name, kind=kind, orgnr=synthetic_orgnr(rng), municipality=bodo, county=nordland
        )
    password = make_password(DEMO_PASSWORD)
    users = {}
    for login in LOGINS:
        first, _space, last = login.name.partition(" ")
        user, _created = User.objects.get_or_create(
            email=login_email(login),
            defaults={"first_name": first, "last_name": last, "password": password},
        )
        if login.email == "admin":
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        if login.role:
            StaffRole.objects.get_or_create(
                user=user, organisation=organisations[login.organisation], role=login.role
            )
        users[login.email] = user
    # The therapist gets notices by e-mail and SMS (a made-up number): in the demo both land
    # in the admin's «Utboks (demo)» once the worker has run (docs/notifications.md).
    Preference.objects.get_or_create(
        user=users["behandler"], defaults={"choice": Choice.BOTH, "phone": "+4790000001"}
    )

    today = timezone.localdate()
    start = today - datetime.timedelta(days=120)
    sara = _participant(
        rng,
        first_name="Sara",
        last_name="Nilsen",
        birth_date=datetime.date(1996, 4, 17),
        municipality=bodo,
        user=users["sara"],
    )
    team = [
        ("veileder", Role.COUNSELLOR, "NAV Bodø"),
        ("jobbspesialist", Role.JOB_SPECIALIST, "NAV Bodø"),
        ("metodeveileder", Role.IPS_SUPERVISOR, "NAV Bodø"),
        ("behandler", Role.THERAPIST, "Salten DPS"),
        ("fastlege", Role.GP, "Sentrum legekontor Bodø"),
        ("los", Role.PILOT, "Bodø kommune, psykisk helse og rus"),
        ("koordinator", Role.COORDINATOR, "Bodø kommune, psykisk helse og rus"),
        ("arbeidsgiver", Role.EMPLOYER_CONTACT, "Bodø Bygg og Anlegg AS"),
        ("radgiver", Role.REGIONAL_ADVISOR, "NAV Arbeid og helse Nord"),
    ]
    for key, role, org in team:
        CareTeamMembership.objects.get_or_create(
            participant=sara,
            user=users[key],
            organisation=organisations[org],
            role=role,
            defaults={"start_date": start, "added_by": users["veileder"]},
        )
    consents = [
        (
            "NAV Bodø",
            Category.HEALTH_SUMMARY,
            "Samarbeid mellom NAV og DPS om arbeidsrettet oppfølging (IPS)",
        ),
        ("Salten DPS", Category.EMPLOYMENT, "Behandleren skal kjenne til jobbplanene"),
        ("Salten DPS", Category.NAV_CASE_NOTES, "Samordning av oppfølgingen"),
    ]
    for org, category, purpose in consents:
        Consent.objects.get_or_create(
            participant=sara,
            organisation=organisations[org],
            category=category,
            defaults={
                "purpose": purpose,
                "valid_from": start,
                "valid_to": today + datetime.timedelta(days=365),
                "method": ConsentMethod.WRITTEN,
                "recorded_by": users["veileder"],
            },
        )

    jonas = _participant(
        rng,
        first_name="Jonas",
        last_name="Berg",
        birth_date=datetime.date(2001, 9, 3),
        municipality=bodo,
        user=users["jonas"],
        protected_address=ProtectedAddress.CONFIDENTIAL,
    )
    for key, role, org in [
        ("veileder", Role.COUNSELLOR, "NAV Bodø"),
        ("behandler", Role.THERAPIST, "Salten DPS"),
    ]:
        CareTeamMembership.objects.get_or_create(
            participant=jonas,
            user=users[key],
            organisation=organisations[org],
            role=role,
            defaults={"start_date": start, "added_by": users["veileder"]},
        )

    _demo_plan(sara, users, organisations, today)
    _demo_notes(sara, users, organisations, today)
    _demo_meetings(sara, users, organisations)
    _demo_pathway(sara, users, organisations, today)
    _demo_measures(sara, users, today)
    load_sick_leave_demo(users=users, organisations=organisations, municipality=bodo, today=today)
    _demo_fidelity(users, organisations, today)
    load_synthetic_county(today=today)
    load_demo_directory(
        users=users, organisations=organisations, sara=sara, jonas=jonas, today=today
    )
    load_demo_agreements(users=users, organisations=organisations, today=today)

    if not AccessLogEntry.objects.filter(participant=sara).exists():
        history = [
            ("jobbspesialist", Role.JOB_SPECIALIST, "NAV Bodø", 9),
            ("behandler", Role.THERAPIST, "Salten DPS", 5),
            ("veileder", Role.COUNSELLOR, "NAV Bodø", 2),
        ]
        for key, role, org, days_ago in history:
            entry = AccessLogEntry.objects.create(
                user=users[key],
                user_name=users[key].display_name,
                role=role,
                organisation=organisations[org],
                organisation_name=org,
                participant=sara,
                category=Category.CORE,
                what="deltakerside",
                basis=Basis.TEAM,
            )
            # auto_now_add sets the time of loading; the demo shows a little history.
            AccessLogEntry.objects.filter(pk=entry.pk).update(
                accessed_at=timezone.now() - datetime.timedelta(days=days_ago, hours=3)
            )

    add_demo_measure_reports(
        programme_manager=users["direktorat"], county_coordinator=users["fylke"], today=today
    )


def _demo_plan(sara, users, organisations, today) -> None:
    """Sara's Individual Plan: two goals in her words, activities from her and the team."""
    if IndividualPlan.objects.filter(participant=sara).exists():
        return
    plan = IndividualPlan.objects.create(
        participant=sara,
        coordinator=users["koordinator"],
        next_review=today + datetime.timedelta(days=45),
        created_by=users["veileder"],
    )
    work = Goal.objects.create(
        plan=plan,
        kind=GoalKind.WORK,
        text="Jobbe i butikk, først 50 %, så mer når det går bra",
        target_date=today + datetime.timedelta(days=180),
        created_by=users["sara"],
    )
    health = Goal.objects.create(
        plan=plan,
        kind=GoalKind.HEALTH,
        text="Sove bedre og takle uro på jobb",
        created_by=users["sara"],
    )
    activities = [
        (work, ActivityKind.JOB_APPLICATION, "Søke jobb på Coop Extra Sentrum", "jobbspesialist",
         {"employer_name": "Coop Extra Sentrum", "job_title": "Butikkmedarbeider",
          "application_stage": "sent", "agreed": True}),
        (work, ActivityKind.BENEFITS_COUNSELLING, "Gå gjennom hva lønn betyr for AAP",
         "veileder", {"agreed": True, "due_date": today + datetime.timedelta(days=14)}),
        (health, ActivityKind.TREATMENT, "Samtaler om søvn og uro", "behandler",
         {"place": "Salten DPS", "agreed": True}),
        (work, ActivityKind.OWN, "Hospitere en dag i butikken til onkel", "sara",
         {"status": "proposed"}),
    ]  # fmt: skip
    for goal, kind, title, author, extra in activities:
        activity = Activity.objects.create(
            plan=plan,
            goal=goal,
            kind=kind,
            title=title,
            created_by=users[author],
            created_by_participant=author == "sara",
            **extra,
        )
        ActivityVersion.objects.create(
            activity=activity,
            version=1,
            changed_by=users[author],
            action="created",
            snapshot={"title": title},
        )


def _demo_notes(sara, users, organisations, today) -> None:
    if ContactNote.objects.filter(participant=sara).exists():
        return
    sent = timezone.now() - datetime.timedelta(days=1, hours=2)
    thread = Thread.objects.create(
        participant=sara,
        subject="Hva tar jeg på meg til intervjuet?",
        last_message_at=sent,
        last_message_by=users["sara"],
        last_message_from_participant=True,
    )
    Message.objects.create(
        thread=thread,
        author=users["sara"],
        from_participant=True,
        text="Jeg er nervøs for intervjuet hos Coop. Kan vi snakke om det før torsdag?",
    )
    notes = [
        ("veileder", Role.COUNSELLOR, "NAV Bodø", Category.NAV_CASE_NOTES, Channel.IN_PERSON, 20,
         "Sara vil prøve butikk. Avtalt at jobbspesialist tar kontakt med Coop denne uka.", True),
        ("behandler", Role.THERAPIST, "Salten DPS", Category.CLINICAL_NOTES, Channel.VIDEO, 12,
         "Søvnen er bedre. Øver på å kjenne igjen tidlige tegn på uro i travle situasjoner.",
         False),
    ]  # fmt: skip
    for author, role, org, category, channel, days_ago, text, shared in notes:
        ContactNote.objects.create(
            participant=sara,
            category=category,
            channel=channel,
            contact_date=today - datetime.timedelta(days=days_ago),
            text=text,
            shared_with_participant=shared,
            author=users[author],
            author_role=role,
            author_organisation=organisations[org],
        )


def _demo_meetings(sara, users, organisations) -> None:
    """A responsibility-group meeting next week that Sara has not answered yet, and last
    month's start-up meeting with published minutes."""
    if Meeting.objects.filter(participant=sara).exists():
        return
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    meetings = [
        (MeetingKind.RESPONSIBILITY_GROUP, now.replace(hour=13) + datetime.timedelta(days=6),
         "Status i behandlingen\nIntervjuet hos Coop\nNeste gjennomgang av planen", "", None),
        (MeetingKind.STARTUP, now.replace(hour=10) - datetime.timedelta(days=30),
         "Hva Sara ønsker å jobbe med\nHvem gjør hva i teamet",
         "Sara vil jobbe i butikk. Jobbspesialisten tar kontakt med Coop. Behandleren følger "
         "opp søvn og uro. Ny gjennomgang om seks uker.", Reply.COMING),
    ]  # fmt: skip
    invited = [
        ("veileder", Role.COUNSELLOR, "NAV Bodø"),
        ("jobbspesialist", Role.JOB_SPECIALIST, "NAV Bodø"),
        ("behandler", Role.THERAPIST, "Salten DPS"),
    ]
    for kind, starts_at, agenda, minutes, reply in meetings:
        meeting = Meeting.objects.create(
            participant=sara,
            kind=kind,
            starts_at=starts_at,
            duration_minutes=60,
            channel=MeetingChannel.IN_PERSON,
            place="NAV Bodø, Sjøgata 21, møterom Saltstraumen",
            agenda=agenda,
            organiser=users["veileder"],
            organiser_role=Role.COUNSELLOR,
            organiser_organisation=organisations["NAV Bodø"],
            minutes=minutes,
            minutes_published_at=starts_at + datetime.timedelta(days=1) if minutes else None,
            minutes_published_by=users["veileder"] if minutes else None,
        )
        Invitation.objects.bulk_create(
            [
                Invitation(
                    meeting=meeting,
                    user=users[key],
                    role=role,
                    organisation=organisations[org],
                    reply=Reply.COMING if key == "veileder" else reply or Reply.PENDING,
                )
                for key, role, org in invited
            ]
            + [Invitation(meeting=meeting, user=users["sara"], is_participant=True,
                          reply=reply or Reply.PENDING)]
        )  # fmt: skip


def _demo_pathway(sara, users, organisations, today) -> None:
    """Sara in IPS: career profile, a disclosure plan, two employer contacts (the first
    face to face on day 12), a work trial that ended and a competitive job since."""
    if Enrolment.objects.filter(participant=sara).exists():
        return
    specialist = users["jobbspesialist"]
    install_default_programmes(Programme, Stage)
    ips = Programme.objects.get(code="ips")
    start = today - datetime.timedelta(days=100)
    enrolment = Enrolment.objects.create(
        participant=sara,
        programme=ips,
        organisation=organisations["NAV Bodø"],
        job_specialist=specialist,
        referral_date=start - datetime.timedelta(days=7),
        referral_source=ReferralSource.DPS,
        start_date=start,
        main_goal=MainGoal.WORK,
        stage=ips.stages.get(code="working"),
        stage_since=today - datetime.timedelta(days=21),
        created_by=specialist,
    )
    for code, days in [
        ("referred", -7),
        ("first_contact", 0),
        ("career_mapping", 5),
        ("job_development", 12),
        ("working", 79),
    ]:
        StageEntry.objects.create(
            enrolment=enrolment,
            stage=ips.stages.get(code=code),
            from_date=start + datetime.timedelta(days=days),
            by=specialist,
        )
    CareerProfile.objects.create(
        participant=sara,
        updated_by=specialist,
        desired_work="Butikk, gjerne dagligvare. Liker å holde orden på varer.",
        desired_hours="50 %, helst formiddag",
        work_history="Sommerjobb på Rema 1000 i to år.",
        health_and_coping="Blir urolig i store folkemengder. Korte pauser hjelper.",
        early_signs="Sover dårlig og trekker meg unna. Da vil jeg at noen ringer meg.",
        benefits_counselling_date=start + datetime.timedelta(days=9),
    )
    DisclosurePlan.objects.create(
        participant=sara,
        updated_by=specialist,
        may_contact_employers=True,
        topics=["follow_up", "adaptations"],
        to_employer="Jeg får oppfølging fra en jobbspesialist og trenger korte pauser.",
        not_to_share="Diagnosen og behandlingen.",
        pros="Kan få pauser uten å forklare meg hver gang.",
        cons="Redd for å bli sett på som svak.",
        agreed_on=start + datetime.timedelta(days=6),
    )
    coop = Employer.objects.create(
        name="Coop Extra Sentrum", orgnr="974760673", industry="Dagligvare", created_by=specialist
    )
    person = EmployerPerson.objects.create(
        employer=coop, name="Eva Butikksjef", title="Butikksjef", decision_maker=True
    )
    for days, face_to_face, purpose in [
        (12, True, ContactPurpose.JOB_DEVELOPMENT),
        (40, False, ContactPurpose.FOLLOW_UP),
    ]:
        EmployerContact.objects.create(
            specialist=specialist,
            organisation=organisations["NAV Bodø"],
            employer=coop,
            person=person,
            contact_date=start + datetime.timedelta(days=days),
            face_to_face=face_to_face,
            in_field=face_to_face,
            minutes=45,
            purpose=purpose,
            enrolment=enrolment,
            met_decision_maker=face_to_face,
            outcome="Butikksjefen vil møte Sara." if face_to_face else "",
        )
    common = {
        "enrolment": enrolment,
        "employer": coop,
        "created_by": specialist,
        "paid": True,
        "open_to_anyone": True,
    }
    Job.objects.create(
        **common,
        title="Arbeidstrening på lager",
        ordinary_wage=False,
        employment_form=EmploymentForm.WORK_TRIAL,
        hours_per_week=15,
        start_date=start + datetime.timedelta(days=30),
        end_date=start + datetime.timedelta(days=75),
        end_reason="contract_ended",
        what_worked="Faste oppgaver.",
    )
    job = Job.objects.create(
        **common,
        title="Butikkmedarbeider",
        ordinary_wage=True,
        employment_form=EmploymentForm.PERMANENT,
        hours_per_week=18,
        start_date=start + datetime.timedelta(days=79),
        support_plan="Samtale med Sara og butikksjefen hver fjortende dag.",
    )
    SupportContact.objects.create(
        enrolment=enrolment, job=job, contact_date=today - datetime.timedelta(days=7),
        with_whom="both", face_to_face=True, in_field=True, minutes=40, by=specialist,
        by_role=Role.JOB_SPECIALIST, note="Første uke gikk bra. Pausene fungerer.",
    )  # fmt: skip
    _demo_reports(sara, specialist, enrolment, start, today)


def _demo_measures(sara, users, today) -> None:
    """Sara's therapist follows PHQ-9 and WHO-5 every four weeks: three answers each, entered
    from paper, improving. The programme manager has imported the made-up example instrument
    (the import a service does for a scale Los may not ship)."""
    if Schedule.objects.filter(participant=sara).exists():
        return
    therapist = load_access(users["behandler"], sara)
    example = json.loads((Path(__file__).parent / "eksempel-jobbhap.json").read_text("utf-8"))
    if not Instrument.objects.filter(url=example["url"]).exists():
        measure_services.instrument_import(user=users["direktorat"], resource=example)
    history = {
        "urn:los:questionnaire:phq-9": [(-84, "2"), (-56, "1"), (-28, "1")],
        "urn:los:questionnaire:who-5": [(-84, "1"), (-56, "2"), (-28, "3")],
    }
    for url, answers in history.items():
        instrument = Instrument.objects.get(url=url, version="1.0")
        measure_services.schedule_create(
            access=therapist, instrument=instrument, first_due=today, every_days=28
        )
        for days, code in answers:
            measure_services.response_save(
                access=therapist,
                instrument=instrument,
                answers={item.link_id: code for item in instrument.scale.items},
                submit=True,
                completed_on=today + datetime.timedelta(days=days),
            )


def _demo_fidelity(users, organisations, today) -> None:
    """NAV Bodø's IPS service: a finished IPS-25 review half a year ago (fair, 91) with an
    action plan, and this month's review where Siv has delivered her ratings and Arne has
    not: log in as kvalitet2 to rate and reach consensus."""
    if Review.objects.exists():
        return
    first, second = users["kvalitet"], users["kvalitet2"]
    scale = FidelityScale.objects.get(code="ips-25")
    items = list(scale.items.all())
    days = datetime.timedelta

    def review(date, start, end):
        return fidelity_services.review_create(
            user=first, organisation=organisations["NAV Bodø"], scale=scale,
            review_date=date, period_start=start, period_end=end, co_reviewers=[second],
        )  # fmt: skip

    earlier = review(today - days(180), today - days(365), today - days(181))
    scores = [4, 3, 4, 3, 3, 4, 4, 4, 5, 4, 3, 4, 4, 3, 3, 4, 2, 3, 4, 4, 5, 4, 4, 3, 3]
    pairs = list(zip(items, scores, strict=True))
    for reviewer in (first, second):
        fidelity_services.ratings_save(
            user=reviewer,
            review_id=earlier.pk,
            ratings={i.pk: ItemRating(s, ("records", "interviews")) for i, s in pairs},
        )
        fidelity_services.ratings_done(user=reviewer, review_id=earlier.pk)
    fidelity_services.consensus_save(
        user=first, review_id=earlier.pk,
        ratings={i.pk: ItemRating(s) for i, s in pairs},
    )  # fmt: skip
    fidelity_services.review_finalise(
        user=first, review_id=earlier.pk,
        recommendations="Flere arbeidsgiverkontakter ansikt til ansikt; jobbspesialisten med "
        "på DPS-teamets møter hver uke.",
    )  # fmt: skip
    fidelity_services.action_add(
        user=first, review_id=earlier.pk, text="Seks arbeidsgiverkontakter i uka per spesialist",
        owner="Metodeveileder, NAV Bodø", due_date=today - days(90),
    )  # fmt: skip
    now = review(today, today - days(180), today)
    fidelity_services.ratings_save(
        user=first,
        review_id=now.pk,
        ratings={i.pk: ItemRating(min(s + 1, 5), ("records",)) for i, s in pairs},
    )
    fidelity_services.ratings_done(user=first, review_id=now.pk)


def _demo_reports(sara, specialist, enrolment, start, today) -> None:
    """An interval report shared with Sara's comment, and a draft for the period since,
    both written by the domain functions from the record above."""
    access = load_access(specialist, sara)
    first = reports.report_create(
        access=access,
        enrolment_id=enrolment.pk,
        kind=ReportKind.INTERVAL,
        period_start=start,
        period_end=start + datetime.timedelta(days=60),
    )
    reports.report_update(
        access=access,
        report_id=first.pk,
        expected_version=first.version,
        next_period="Fullføre arbeidstreningen og søke fast jobb i dagligvare.",
        participant_comment="Arbeidstreningen går bedre enn jeg trodde.",
        participant_informed_on=start + datetime.timedelta(days=61),
    )
    reports.report_share(access=access, report_id=first.pk, expected_version=first.version + 1)
    reports.report_create(
        access=access,
        enrolment_id=enrolment.pk,
        kind=ReportKind.INTERVAL,
        period_start=start + datetime.timedelta(days=61),
        period_end=today,
    )


def _participant(rng, *, first_name, last_name, birth_date, municipality, user, **extra):
    existing = Participant.objects.filter(user=user).first()
    if existing:
        return existing
    participant = Participant(
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        municipality=municipality,
        phone=f"4{rng.randint(1000000, 9999999)}",
        email=user.email,
        user=user,
        **extra,
    )
    number = synthetic_national_id(birth_date, rng)
    participant.set_national_id(number, "fnr")
    participant.save()
    return participant


def logins_table() -> str:
    lines = [f"Demo-innlogginger (passord for alle: {DEMO_PASSWORD})", ""]
    for login in LOGINS:
        what = f"{login.role.label}, {login.organisation}" if login.role else login.note
        if login.note and login.role:
            what += f" ({login.note})"
        lines.append(f"  {login_email(login):32} {login.name:18} {what}")
    return "\n".join(lines)

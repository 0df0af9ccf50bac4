"""The demo's county: seven services with three years of work pathways, so that a county
report on `make demo` has figures to show, some large enough to publish and some so small
that disclosure control must hold them back.

Nordland has five services: NAV Bodø (where the demo logins work), Salten DPS and the
provider Salten Arbeid AS in Bodø, NAV Rana (the strongest) and NAV Narvik (small and weak:
under the IPS minimum of 31 %). Troms and Trøndelag have one NAV office each, for the
counties side by side. Their participants are synthetic people without logins, followed by
synthetic staff without logins (a job specialist, a NAV counsellor and, for most, a
therapist at the county's DPS), so the demo logins' own pages show what they showed
before: Sara and Jonas. The pathways are the stories of los/demo/pathway_story.py, the same
that PostgreSQL tells for `make bench`; `story_rows` turns a story into rows, and the test
of the SQL seeder compares its rows with these.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from los.accounts.models import StaffRole, User
from los.core.days import start_of
from los.core.identifiers import synthetic_national_id, synthetic_orgnr
from los.core.vocabulary import Category, ConsentMethod, OrganisationKind, Role
from los.demo import pathway_story as story
from los.measures.models import Instrument, Response, ResponseStatus, Schedule
from los.measures.scoring import Scale
from los.organisations.models import Municipality, Organisation
from los.participants.models import CareTeamMembership, Consent, Participant
from los.pathways.models import (
    ContactPurpose,
    Education,
    Employer,
    EmployerContact,
    Enrolment,
    Job,
    PassivePeriod,
    Programme,
    Stage,
    StageEntry,
    SupportContact,
)

STAFF_DOMAIN = "syntetisk.demo.los.invalid"  # not a login: unusable passwords


@dataclass(frozen=True)
class DemoService:
    name: str
    kind: OrganisationKind
    municipality: str  # SSB number
    quality: float  # 0–1 (pathway_story.tilt)
    participants: int
    specialists: int


SERVICES = [
    DemoService("NAV Bodø", OrganisationKind.NAV_OFFICE, "1804", 0.75, 60, 3),
    DemoService("Salten DPS", OrganisationKind.HEALTH_TRUST, "1804", 0.5, 40, 2),
    DemoService("Salten Arbeid AS", OrganisationKind.PROVIDER, "1804", 0.3, 40, 2),
    DemoService("NAV Rana", OrganisationKind.NAV_OFFICE, "1833", 0.95, 40, 2),
    DemoService("NAV Narvik", OrganisationKind.NAV_OFFICE, "1806", 0.05, 24, 1),
    DemoService("NAV Tromsø", OrganisationKind.NAV_OFFICE, "5501", 0.6, 36, 2),
    DemoService("NAV Trondheim", OrganisationKind.NAV_OFFICE, "5001", 0.45, 36, 2),
]
# The DPS whose therapists follow the participants of each county's services.
COUNTY_DPS = {"18": "Salten DPS", "55": "UNN Tromsø DPS", "50": "Nidaros DPS"}
THERAPIST_SHARE = 0.65
YOUNG_SHARE = 0.35  # under 30 at the referral, roughly: the seeds' concern is the young
KEY_BASE = 1_000_000  # demo story keys: 2 × (KEY_BASE + n), far from any seeded key

EMPLOYERS = [
    ("Saltstraumen Bakeri AS", "Dagligvare"),
    ("Nordlys Renhold AS", "Renhold"),
    ("Fjordkanten barnehage", "Oppvekst"),
    ("Kystlaget Transport AS", "Transport"),
    ("Bodøsjøen Hotell AS", "Reiseliv"),
    ("Helgeland Verksted AS", "Industri"),
    ("Ofoten Omsorg AS", "Helse og omsorg"),
    ("Lofotkroken Sjømat AS", "Sjømat"),
    ("Midnattsol Regnskap AS", "Kontor"),
    ("Polarsirkel Bygg AS", "Bygg og anlegg"),
    ("Torget Kafé", "Servering"),
    ("Tindeløs Data AS", "IT"),
    ("Nordkyst Lager AS", "Lager og logistikk"),
    ("Elvebredden Gartneri", "Grøntarbeid"),
    ("Havnelageret Butikk AS", "Varehandel"),
    ("Måkeskjær Maling AS", "Bygg og anlegg"),
    ("Nidelva Bibliotek", "Kultur"),
    ("Ishavsbyen Buss AS", "Transport"),
    ("Brygga Frisør", "Tjenester"),
    ("Fjellveien sykehjem", "Helse og omsorg"),
]  # fmt: skip
FIRST_NAMES = (
    "Emma", "Nora", "Ingrid", "Sofie", "Maja", "Thea", "Ida", "Hanne", "Kristin", "Marit",
    "Silje", "Tone", "Lene", "Camilla", "Astrid", "Jakob", "Emil", "Noah", "Oliver", "Lukas",
    "Henrik", "Sander", "Magnus", "Tobias", "Kristian", "Morten", "Espen", "Rune", "Geir",
    "Stian", "Anders", "Vegard",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
    "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
)  # fmt: skip


# --- A story as rows -----------------------------------------------------------------------


@dataclass
class Context:
    """The reference data a story is written with."""

    programmes: dict[str, Programme]
    stages: dict[str, list[Stage]]  # by programme code, in order
    employers: list[Employer]
    instruments: dict[str, tuple[Instrument, Scale, story.Fillable]]

    @property
    def layouts(self) -> dict[str, story.Layout]:
        return {
            code: story.layout_of([s.phase for s in stages]) for code, stages in self.stages.items()
        }


def context(employers: list[Employer]) -> Context:
    programmes = {p.code: p for p in Programme.objects.all()}
    stages: dict[str, list[Stage]] = {code: [] for code in programmes}
    for stage in Stage.objects.select_related("programme").order_by("programme", "order"):
        stages[stage.programme.code].append(stage)
    instruments = {}
    for instrument in Instrument.objects.filter(shipped=True, active=True):
        if instrument.code in story.MEASURES:
            scale = instrument.scale
            instruments[instrument.code] = (instrument, scale, story.fillable(scale))
    return Context(programmes, stages, employers, instruments)


@dataclass
class StoryRows:
    """One story's rows, unsaved; children point at their unsaved parents."""

    enrolment: Enrolment
    entries: list[StageEntry] = field(default_factory=list)
    pauses: list[PassivePeriod] = field(default_factory=list)
    contacts: list[EmployerContact] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    educations: list[Education] = field(default_factory=list)
    support: list[SupportContact] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)


def story_rows(told: story.Story, *, participant, organisation, specialist, therapist, ctx):
    stages = ctx.stages[told.programme]
    last_index, last_day = told.stages[-1]
    now = told.pause_now
    enrolment = Enrolment(
        participant=participant,
        programme=ctx.programmes[told.programme],
        organisation=organisation,
        job_specialist=specialist,
        referral_date=told.referral_date,
        referral_source=told.referral_source,
        start_date=told.start_date,
        main_goal=told.main_goal,
        stage=stages[last_index],
        stage_since=last_day,
        passive_since=now.start if now else None,
        passive_reason=now.reason if now else "",
        passive_follow_up=now.follow_up if now else None,
        end_date=told.end_date,
        end_cause=told.end_cause,
        created_by=specialist,
    )
    rows = StoryRows(enrolment)
    rows.entries = [
        StageEntry(enrolment=enrolment, stage=stages[index], from_date=day, by=specialist)
        for index, day in told.stages
    ]
    rows.pauses = [
        PassivePeriod(enrolment=enrolment, start_date=p.start, end_date=p.end, reason=p.reason)
        for p in told.pauses
    ]
    rows.contacts = [
        EmployerContact(
            specialist=specialist,
            organisation=organisation,
            employer=ctx.employers[c.employer],
            contact_date=c.day,
            face_to_face=c.face_to_face,
            in_field=c.face_to_face,
            minutes=c.minutes,
            purpose=ContactPurpose.JOB_DEVELOPMENT,
            enrolment=enrolment,
            met_decision_maker=c.met_decision_maker,
        )
        for c in told.contacts
    ]
    jobs = {}
    for j in told.jobs:
        jobs[j.slot] = Job(
            enrolment=enrolment,
            employer=ctx.employers[j.employer],
            title=story.TITLES[j.title],
            start_date=j.start,
            end_date=j.end,
            hours_per_week=Decimal(j.hours),
            employment_form=j.form,
            paid=j.paid,
            ordinary_wage=j.ordinary_wage,
            open_to_anyone=j.open_to_anyone,
            end_reason=j.end_reason,
            created_by=specialist,
        )
    rows.jobs = list(jobs.values())
    educations = [
        Education(
            enrolment=enrolment,
            institution=story.PLACES_OF_STUDY[e.place % len(story.PLACES_OF_STUDY)],
            course=story.COURSE_BY_LEVEL[e.level],
            level=e.level,
            study_form="full_time" if e.full_time else "part_time",
            funding=e.funding,
            start_date=e.start,
            end_date=e.end,
            status=e.status,
            created_by=specialist,
        )
        for e in told.educations
    ]
    rows.educations = educations
    rows.support = [
        SupportContact(
            enrolment=enrolment,
            job=jobs.get(s.slot),
            education=educations[0] if s.slot == story.EDUCATION_SLOT else None,
            contact_date=s.day,
            with_whom=s.with_whom,
            face_to_face=s.face_to_face,
            in_field=s.in_field,
            minutes=s.minutes,
            by=specialist,
            by_role=Role.JOB_SPECIALIST,
        )
        for s in told.support
    ]
    schedules = {}
    for answer in told.answers:
        instrument, scale, fill = ctx.instruments[answer.instrument]
        if answer.instrument not in schedules:
            schedules[answer.instrument] = Schedule(
                participant=participant,
                instrument=instrument,
                first_due=answer.day,
                every_days=answer.every_days,
                created_by=therapist,
                stopped_at=start_of(told.end_date) if told.end_date else None,
                stopped_by=therapist if told.end_date else None,
            )
        raw = story.raw_score(fill, answer.instrument, answer.distress)
        total = Decimal(raw) * scale.multiplier
        completed_at = start_of(answer.day) + datetime.timedelta(hours=12)
        rows.responses.append(
            Response(
                participant=participant,
                instrument=instrument,
                schedule=schedules[answer.instrument],
                status=ResponseStatus.COMPLETED,
                answers=story.answers_for(fill, raw, answer.index),
                total=total,
                band=scale.band_of(total),
                subscales={},
                answered_by=therapist,
                on_paper=True,
                completed_on=answer.day,
                completed_at=completed_at,
            )
        )
    rows.schedules = list(schedules.values())
    return rows


def save_rows(all_rows: list[StoryRows]) -> int:
    """Write stories' rows, parents first: bulk_create takes each parent's new pk into the
    children that point at it. Returns how many rows."""
    groups = [
        (Enrolment, [r.enrolment for r in all_rows]),
        *(
            (model, [obj for r in all_rows for obj in getattr(r, name)])
            for model, name in [
                (StageEntry, "entries"),
                (PassivePeriod, "pauses"),
                (EmployerContact, "contacts"),
                (Job, "jobs"),
                (Education, "educations"),
                (SupportContact, "support"),
                (Schedule, "schedules"),
                (Response, "responses"),
            ]
        ),
    ]
    for model, objects in groups:
        model.objects.bulk_create(objects)
    return sum(len(objects) for _model, objects in groups)


# --- The demo's synthetic services ---------------------------------------------------------


def synthetic_county_loaded() -> bool:
    return User.objects.filter(email__endswith="@" + STAFF_DOMAIN).exists()


def load_synthetic_county(*, today: datetime.date | None = None) -> int:
    """Add the synthetic services, staff and participants with their pathways, once.
    Returns how many pathway rows were written (0 when they are there already)."""
    if synthetic_county_loaded():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(2027)
    municipalities = {m.number: m for m in Municipality.objects.select_related("county")}
    organisations = {}

    def organisation(name, kind, municipality):
        if name not in organisations:
            organisations[name] = Organisation.objects.filter(name=name, kind=kind).order_by(
                "pk"
            ).first() or Organisation.objects.create(
                name=name,
                kind=kind,
                orgnr=_free_orgnr(rng),
                municipality=municipality,
                county=municipality.county,
            )
        return organisations[name]

    password = make_password(None)
    staff: list[tuple[User, Organisation, Role]] = []

    def person(role, place):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        user = User(
            email=f"{role.value}.{len(staff) + 1}@{STAFF_DOMAIN}",
            first_name=first,
            last_name=last,
            password=password,
        )
        staff.append((user, place, role))
        return user

    plan = []
    for service in SERVICES:
        municipality = municipalities[service.municipality]
        county = municipality.county.number
        place = organisation(service.name, service.kind, municipality)
        nav = organisation(f"NAV {municipality.name}", OrganisationKind.NAV_OFFICE, municipality)
        dps = organisation(COUNTY_DPS[county], OrganisationKind.HEALTH_TRUST, municipality)
        specialists = [person(Role.JOB_SPECIALIST, place) for _n in range(service.specialists)]
        counsellors = [person(Role.COUNSELLOR, nav) for _n in range(2)]
        therapists = [person(Role.THERAPIST, dps) for _n in range(2)]
        plan.append((service, municipality, place, nav, dps, specialists, counsellors, therapists))
    User.objects.bulk_create([user for user, _o, _r in staff])
    StaffRole.objects.bulk_create(
        [StaffRole(user=user, organisation=org, role=role) for user, org, role in staff]
    )

    employers = _employers(staff[0][0])
    ctx = context(employers)
    layouts = ctx.layouts
    participants, memberships, consents, all_rows = [], [], [], []
    number = 0
    for service, municipality, place, nav, dps, specialists, counsellors, therapists in plan:
        for n in range(service.participants):
            number += 1
            young = rng.random() < YOUNG_SHARE
            age_days = rng.randint(19 * 365, 29 * 365) if young else rng.randint(31 * 365, 64 * 365)
            birth = today - datetime.timedelta(days=age_days)
            participant = Participant(
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                birth_date=birth,
                municipality=municipality,
                phone=f"4{rng.randint(1000000, 9999999)}",
            )
            participant.set_national_id(synthetic_national_id(birth, rng), "fnr")
            participants.append(participant)
            specialist = specialists[n % len(specialists)]
            therapist = therapists[n % 2] if rng.random() < THERAPIST_SHARE else None
            case = story.Case(
                key=2 * (KEY_BASE + number),
                kind=service.kind,
                quality=service.quality,
                birth_date=birth,
                referral_from=story.referral_window_start(today),
                today=today,
                has_therapist=therapist is not None,
                employers=len(employers),
                titles=len(story.TITLES),
            )
            told = [story.story(case, layouts)]
            second = story.next_case(case, told[0])
            if second is not None:
                told.append(story.story(second, layouts))
            for t in told:
                all_rows.append(
                    story_rows(
                        t,
                        participant=participant,
                        organisation=place,
                        specialist=specialist,
                        therapist=therapist,
                        ctx=ctx,
                    )
                )
            first, latest = told[0], told[-1]
            team = [
                (specialist, place, Role.JOB_SPECIALIST, first.referral_date, latest.end_date),
                (counsellors[n % 2], nav, Role.COUNSELLOR, first.referral_date, None),
            ]
            if therapist is not None:
                team.append((therapist, dps, Role.THERAPIST, first.referral_date, None))
            for user, org, role, begins, ends in team:
                memberships.append(
                    CareTeamMembership(
                        participant=participant,
                        user=user,
                        organisation=org,
                        role=role,
                        start_date=begins,
                        end_date=ends,
                        added_by=user,
                    )
                )
            if service.kind == OrganisationKind.HEALTH_TRUST:
                # A job specialist at a DPS runs the pathway with the participant's consent.
                consents.append(
                    Consent(
                        participant=participant,
                        organisation=place,
                        category=Category.EMPLOYMENT,
                        purpose="Jobbspesialisten ved DPS følger opp arbeid og utdanning",
                        valid_from=first.referral_date,
                        method=ConsentMethod.WRITTEN,
                        recorded_by=specialist,
                    )
                )
    Participant.objects.bulk_create(participants)
    CareTeamMembership.objects.bulk_create(memberships)
    Consent.objects.bulk_create(consents)
    return save_rows(all_rows)


def _employers(created_by) -> list[Employer]:
    existing = {e.name: e for e in Employer.objects.filter(name__in=[n for n, _i in EMPLOYERS])}
    new = [
        Employer(name=name, industry=industry, created_by=created_by)
        for name, industry in EMPLOYERS
        if name not in existing
    ]
    Employer.objects.bulk_create(new)
    for employer in new:
        existing[employer.name] = employer
    return [existing[name] for name, _industry in EMPLOYERS]


def _free_orgnr(rng) -> str:
    while True:
        number = synthetic_orgnr(rng)
        if not Organisation.objects.filter(orgnr=number).exists():
            return number

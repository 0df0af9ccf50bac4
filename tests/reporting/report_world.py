"""A world for the report pages: every role of the demo, services in two counties, and
participants whose names and national ids are known, so a test can show that none of them
reaches a report, a download or a PDF.

- NAV Bodø (NAV office, Bodø, Nordland) runs 7 IPS enrolments; its counsellor, job
  specialist and method supervisor are its staff.
- Salten Arbeid (provider, Bodø, Nordland) runs 2 IPS-ung enrolments: a service with
  small figures.
- NAV Tromsø (NAV office, Tromsø, Troms) runs 6 IPS enrolments: another county in the
  same region.
- Bodø kommune, Salten DPS and the GP practice run none: their staff have no report.

The figures are in the quarter before today's (`world.period`), complete.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from los.accounts.models import User
from los.core.identifiers import synthetic_national_id
from los.core.vocabulary import OrganisationKind, Role
from los.organisations.counties import COUNTIES_2024, REGIONS_2024
from los.organisations.models import County, Municipality, Organisation, Region
from los.participants.models import Participant
from los.pathways.models import (
    ContactPurpose,
    Employer,
    EmployerContact,
    EmploymentForm,
    EndCause,
    Enrolment,
    Job,
    MainGoal,
    Programme,
    ReferralSource,
    Stage,
)
from los.pathways.programmes import install_default_programmes
from los.reporting.periods import Period, previous_quarters, quarter_containing
from tests.factories import (
    TOTP_SECRET,
    MunicipalityFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    add_to_team,
    staff_user,
)

# Last names no page of Los prints unless it shows a person.
LAST_NAMES = [
    "Fjellheimsen",
    "Årdalsbakken",
    "Kvitnesodden",
    "Bjørnstadlia",
    "Myrvangsletta",
    "Sandtorvholm",
    "Leirfjordvik",
    "Hestmannsøy",
    "Tverrelvdal",
    "Saltstraumen",
    "Kjerringøyan",
    "Fauskevågen",
    "Misværfjell",
    "Beiarnesset",
    "Rognanholmen",
]

# Demo login → (role, organisation key).
STAFF = {
    "veileder": (Role.COUNSELLOR, "nav_bodo"),
    "jobbspesialist": (Role.JOB_SPECIALIST, "nav_bodo"),
    "metodeveileder": (Role.IPS_SUPERVISOR, "nav_bodo"),
    "los": (Role.PILOT, "bodo_kommune"),
    "koordinator": (Role.COORDINATOR, "bodo_kommune"),
    "behandler": (Role.THERAPIST, "dps"),
    "fastlege": (Role.GP, "gp_practice"),
    "arbeidsgiver": (Role.EMPLOYER_CONTACT, "employer"),
    "radgiver": (Role.REGIONAL_ADVISOR, "regional"),
    "fylke": (Role.COUNTY_COORDINATOR, "regional"),
    "direktorat": (Role.PROGRAMME_MANAGER, "directorate"),
    "kvalitet": (Role.FIDELITY_REVIEWER, "regional"),
    "troms_veileder": (Role.COUNSELLOR, "nav_tromso"),
}


@dataclass
class ReportWorld:
    organisations: dict[str, Organisation]
    users: dict[str, User | None]
    participants: list[Participant] = field(default_factory=list)
    national_ids: list[str] = field(default_factory=list)
    period: Period | None = None

    def service_code(self, key: str) -> str:
        return str(self.organisations[key].pk)


def _reference_data() -> None:
    """The counties, regions and programmes the migrations install: transactional (browser)
    tests empty the database, data migrations included."""
    for number, name in COUNTIES_2024:
        County.objects.get_or_create(number=number, defaults={"name": name})
    for code, name, counties in REGIONS_2024:
        region = Region.objects.get_or_create(code=code, defaults={"name": name})[0]
        County.objects.filter(number__in=counties, region__isnull=True).update(region=region)
    install_default_programmes(Programme, Stage)


def _organisations() -> dict[str, Organisation]:
    bodo = MunicipalityFactory()
    troms = County.objects.get(number="55")
    tromso = Municipality.objects.get_or_create(
        number="5501", defaults={"name": "Tromsø", "county": troms}
    )[0]
    oslo = County.objects.get(number="03")
    nav = OrganisationKind.NAV_OFFICE

    def make(name, kind, **kwargs):
        kwargs.setdefault("municipality", bodo)
        return OrganisationFactory(name=name, kind=kind, **kwargs)

    return {
        "nav_bodo": make("NAV Bodø", nav),
        "salten_arbeid": make("Salten Arbeid AS", OrganisationKind.PROVIDER),
        "nav_tromso": make("NAV Tromsø", nav, county=troms, municipality=tromso),
        "bodo_kommune": make(
            "Bodø kommune, psykisk helse", OrganisationKind.MUNICIPAL_MENTAL_HEALTH
        ),
        "dps": make("Salten DPS", OrganisationKind.HEALTH_TRUST),
        "gp_practice": make("Sentrum legekontor", OrganisationKind.GP_PRACTICE),
        "employer": make("Bodø Bygg AS", OrganisationKind.EMPLOYER),
        "regional": make("NAV Arbeid og helse Nord", OrganisationKind.REGIONAL_UNIT),
        "directorate": make(
            "Arbeids- og velferdsdirektoratet",
            OrganisationKind.DIRECTORATE,
            county=oslo,
            municipality=None,
        ),
    }


def add_enrolments(
    world: ReportWorld, key: str, programme: str, count: int, *, period: Period | None = None
):
    """`count` enrolments at a service, started in `period` (the world's by default), every
    third with a face-to-face employer contact on day 10 and a competitive job from day 20,
    every fourth ended on day 40."""
    rng = random.Random(len(world.participants))
    organisation = world.organisations[key]
    specialist = world.users["jobbspesialist"] if key == "nav_bodo" else None
    specialist = specialist or staff_user(organisation, Role.JOB_SPECIALIST, mfa=False)
    # The NAV offices' counsellors follow their own participants: the office dimension.
    counsellor = {"nav_bodo": "veileder", "nav_tromso": "troms_veileder"}.get(key)
    chosen = Programme.objects.get(code=programme)
    stage = chosen.stages.get(code="job_development")
    employer = Employer.objects.get_or_create(
        name="Bodø Bygg AS", defaults={"created_by": specialist}
    )[0]
    start_of_period = (period or world.period).start
    for number in range(count):
        index = len(world.participants)
        birth = datetime.date(1990 if index % 2 else 2001, 1 + index % 12, 1 + index % 27)
        national_id = synthetic_national_id(birth, rng)
        participant = ParticipantFactory(
            first_name=f"Person{index}",
            last_name=LAST_NAMES[index % len(LAST_NAMES)],
            birth_date=birth,
            national_id=national_id,
        )
        if counsellor:
            add_to_team(
                participant,
                world.users[counsellor],
                organisation,
                Role.COUNSELLOR,
                start=start_of_period,
            )
        start = start_of_period + datetime.timedelta(days=3 + number)
        ended = number % 4 == 3
        enrolment = Enrolment.objects.create(
            participant=participant,
            programme=chosen,
            organisation=organisation,
            job_specialist=specialist,
            referral_date=start - datetime.timedelta(days=14 + number),
            referral_source=ReferralSource.NAV,
            start_date=start,
            main_goal=MainGoal.WORK,
            stage=stage,
            stage_since=start,
            end_date=start + datetime.timedelta(days=40) if ended else None,
            end_cause=EndCause.ILLNESS if ended else "",
            created_by=specialist,
        )
        if number % 3 == 0:
            EmployerContact.objects.create(
                specialist=specialist,
                organisation=organisation,
                employer=employer,
                contact_date=start + datetime.timedelta(days=10),
                face_to_face=True,
                in_field=True,
                purpose=ContactPurpose.JOB_DEVELOPMENT,
                enrolment=enrolment,
            )
            Job.objects.create(
                enrolment=enrolment,
                employer=employer,
                title="Lagermedarbeider",
                start_date=start + datetime.timedelta(days=20),
                hours_per_week=20,
                employment_form=EmploymentForm.PERMANENT,
                paid=True,
                ordinary_wage=True,
                open_to_anyone=True,
                created_by=specialist,
            )
        world.participants.append(participant)
        world.national_ids.append(national_id)


def build_report_world() -> ReportWorld:
    _reference_data()
    organisations = _organisations()
    users: dict[str, User | None] = {"anonymous": None}
    for login, (role, key) in STAFF.items():
        users[login] = staff_user(
            organisations[key], role, first_name=login.capitalize(), last_name="Ansatt"
        )
    users["admin"] = UserFactory(
        first_name="Ada", last_name="Admin", is_staff=True, is_superuser=True
    )
    TOTP.activate(users["admin"], TOTP_SECRET)  # an administrator must use MFA too
    today = timezone.localdate()
    world = ReportWorld(
        organisations=organisations,
        users=users,
        period=previous_quarters(quarter_containing(today), 2)[0],
    )
    add_enrolments(world, "nav_bodo", "ips", 7)
    add_enrolments(world, "salten_arbeid", "ips-ung", 2)
    add_enrolments(world, "nav_tromso", "ips", 6)
    # The participant who logs in, with her own page: she is no reader of reports.
    sara_user = UserFactory(first_name="Sara", last_name=LAST_NAMES[0])
    Participant.objects.filter(pk=world.participants[0].pk).update(user=sara_user)
    users["sara"] = sara_user
    return world

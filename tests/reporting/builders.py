"""Small, explicit builders for the report tests: services in named places, enrolments
with the dates a test gives, and the jobs, education, contacts and answers on them. Each
builder writes exactly the rows it says, so a test's hand count is the truth."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from los.accounts.models import User
from los.core.identifiers import synthetic_national_id
from los.core.vocabulary import Gender, OrganisationKind, Role
from los.measures.models import Instrument, Response, ResponseStatus
from los.organisations.models import County, Municipality, Organisation
from los.participants.models import CareTeamMembership, Participant
from los.pathways.models import (
    ContactPurpose,
    Education,
    EducationLevel,
    EducationStatus,
    Employer,
    EmployerContact,
    EmploymentForm,
    Enrolment,
    Funding,
    Job,
    MainGoal,
    Programme,
    ReferralSource,
    StudyForm,
)
from tests.factories import OrganisationFactory, UserFactory, staff_user

_rng = random.Random(20260331)


def national_id(birth_date: datetime.date, gender: str) -> str:
    """A synthetic national id for the birth date whose ninth digit gives the gender."""
    while True:
        number = synthetic_national_id(birth_date, _rng)
        if (int(number[8]) % 2 == 1) == (gender == Gender.MALE):
            return number


def municipality(number: str, name: str, county: str) -> Municipality:
    return Municipality.objects.get_or_create(
        number=number, defaults={"name": name, "county": County.objects.get(number=county)}
    )[0]


@dataclass
class Place:
    bodo: Organisation  # a service (NAV Bodø) in Bodø, Nordland (Helse Nord)
    fauske: Organisation  # another service in Fauske, Nordland
    tromso: Organisation  # a service in Tromsø, Troms (Helse Nord)
    oslo: Organisation  # a service in Oslo (Helse Sør-Øst)
    specialist: User
    recorder: User
    employer: Employer


def place() -> Place:
    bodo_m = municipality("1804", "Bodø", "18")
    fauske_m = municipality("1841", "Fauske", "18")
    tromso_m = municipality("5501", "Tromsø", "55")
    oslo_m = municipality("0301", "Oslo", "03")

    def service(name, where):
        return OrganisationFactory(
            name=name, kind=OrganisationKind.NAV_OFFICE, municipality=where, county=where.county
        )

    bodo = service("NAV Bodø", bodo_m)
    specialist = staff_user(bodo, Role.JOB_SPECIALIST, mfa=False)
    return Place(
        bodo=bodo,
        fauske=service("NAV Fauske", fauske_m),
        tromso=service("NAV Tromsø", tromso_m),
        oslo=service("NAV Grünerløkka", oslo_m),
        specialist=specialist,
        recorder=specialist,
        employer=Employer.objects.create(name="Bygg AS", created_by=specialist),
    )


_used: set[str] = set()


def participant(
    *, birth_date: datetime.date = datetime.date(1990, 5, 17), gender: str = Gender.FEMALE
) -> Participant:
    """A participant born on `birth_date` (over 30 in 2026 by default) with a national id
    that gives `gender`; never the same number twice in a test run."""
    while True:
        number = national_id(birth_date, gender)
        if number not in _used:
            _used.add(number)
            break
    person = Participant(first_name="Test", last_name="Testesen", birth_date=birth_date)
    person.set_national_id(number, "fnr")
    person.save()
    return person


def enrol(
    where: Place,
    service: Organisation,
    *,
    start: datetime.date | None,
    referral: datetime.date | None = None,
    end: datetime.date | None = None,
    end_cause: str = "",
    programme: str = "ips",
    person: Participant | None = None,
    birth_date: datetime.date = datetime.date(1990, 5, 17),
    gender: str = Gender.FEMALE,
) -> Enrolment:
    programme_row = Programme.objects.get(code=programme)
    referral = referral or start or datetime.date(2026, 1, 1)
    return Enrolment.objects.create(
        participant=person or participant(birth_date=birth_date, gender=gender),
        programme=programme_row,
        organisation=service,
        job_specialist=where.specialist,
        referral_date=referral,
        referral_source=ReferralSource.NAV,
        start_date=start,
        main_goal=MainGoal.WORK,
        stage=programme_row.stages.order_by("order").first(),
        stage_since=start or referral,
        end_date=end,
        end_cause=end_cause,
        created_by=where.recorder,
    )


def job(
    enrolment: Enrolment,
    start: datetime.date,
    end: datetime.date | None = None,
    *,
    competitive: bool = True,
    form: str = EmploymentForm.PERMANENT,
    hours: str = "20",
) -> Job:
    return Job.objects.create(
        enrolment=enrolment,
        employer=Employer.objects.first(),
        title="Lagermedarbeider",
        start_date=start,
        end_date=end,
        hours_per_week=Decimal(hours),
        employment_form=form,
        paid=True,
        ordinary_wage=competitive,
        open_to_anyone=True,
        created_by=enrolment.created_by,
    )


def education(
    enrolment: Enrolment,
    start: datetime.date,
    end: datetime.date | None = None,
    *,
    status: str = EducationStatus.ONGOING,
) -> Education:
    return Education.objects.create(
        enrolment=enrolment,
        institution="Nord universitet",
        course="Bachelor i sosialt arbeid",
        level=EducationLevel.BACHELOR,
        study_form=StudyForm.FULL_TIME,
        funding=Funding.SELF,
        start_date=start,
        end_date=end,
        status=status,
        created_by=enrolment.created_by,
    )


def contact(enrolment: Enrolment, day: datetime.date, *, face_to_face: bool = True):
    return EmployerContact.objects.create(
        specialist=enrolment.job_specialist,
        organisation=enrolment.organisation,
        employer=Employer.objects.first(),
        contact_date=day,
        face_to_face=face_to_face,
        in_field=face_to_face,
        purpose=ContactPurpose.JOB_DEVELOPMENT,
        enrolment=enrolment,
    )


def answer(person: Participant, code: str, day: datetime.date, total: int) -> Response:
    return Response.objects.create(
        participant=person,
        instrument=Instrument.objects.filter(code=code).first(),
        status=ResponseStatus.COMPLETED,
        total=Decimal(total),
        answered_by=person.user or UserFactory(),
        completed_on=day,
    )


def counsellor_at(office: Organisation, person: Participant, start, end=None) -> User:
    """A NAV counsellor from `office` on the person's team from `start`."""
    user = staff_user(office, Role.COUNSELLOR, mfa=False)
    CareTeamMembership.objects.create(
        participant=person,
        user=user,
        organisation=office,
        role=Role.COUNSELLOR,
        start_date=start,
        end_date=end,
    )
    return user


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)

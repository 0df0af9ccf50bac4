"""Factories with no surprises: every object they make is valid and says what it is."""

import datetime
import random

import factory
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from los.accounts.models import StaffRole, User
from los.core.identifiers import synthetic_national_id, synthetic_orgnr
from los.core.vocabulary import ConsentMethod, OrganisationKind
from los.organisations.models import County, Municipality, Organisation
from los.participants.models import CareTeamMembership, Consent, Participant

_rng = random.Random(4711)
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["number"]

    number = "1804"
    name = "Bodø"
    county = factory.LazyFunction(lambda: nordland())


def nordland() -> County:
    # get_or_create: transactional tests (the browser tests) flush the migrated counties.
    return County.objects.get_or_create(number="18", defaults={"name": "Nordland"})[0]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisasjon {n}")
    kind = OrganisationKind.NAV_OFFICE
    orgnr = factory.LazyFunction(lambda: synthetic_orgnr(_rng))
    county = factory.LazyFunction(lambda: nordland())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"bruker{n}@test.los.no")
    first_name = factory.Sequence(lambda n: f"Fornavn{n}")
    last_name = "Testesen"
    password = factory.PostGenerationMethodCall("set_password", "passord")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def staff_user(organisation, role, *, mfa=True, **kwargs) -> User:
    """A staff user with one role in one organisation and (by default) TOTP set up."""
    user = UserFactory(**kwargs)
    StaffRole.objects.create(user=user, organisation=organisation, role=role)
    if mfa:
        TOTP.activate(user, TOTP_SECRET)
    return user


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Deltaker{n}")
    last_name = "Hemmeligsen"
    # A different birth date for each participant keeps synthetic numbers unique. Stepping
    # 37 days through a cycle of 16 000 (coprime, so 16 000 distinct dates, 1960–2003) keeps
    # every date in the past however many participants a test run makes.
    birth_date = factory.Sequence(
        lambda n: datetime.date(1960, 1, 1) + datetime.timedelta(days=(37 * n) % 16_000)
    )

    @factory.post_generation
    def national_id(obj, create, extracted, **kwargs):
        number = extracted or synthetic_national_id(obj.birth_date, _rng)
        obj.set_national_id(number, "fnr")
        if create:
            obj.save()


def add_to_team(participant, user, organisation, role, *, start=None, end=None):
    return CareTeamMembership.objects.create(
        participant=participant,
        user=user,
        organisation=organisation,
        role=role,
        start_date=start or timezone.localdate() - datetime.timedelta(days=30),
        end_date=end,
    )


def give_consent(participant, organisation, category, recorded_by, **kwargs):
    defaults = {
        "purpose": "Samarbeid om oppfølging",
        "valid_from": timezone.localdate() - datetime.timedelta(days=10),
        "method": ConsentMethod.WRITTEN,
    }
    defaults.update(kwargs)
    return Consent.objects.create(
        participant=participant,
        organisation=organisation,
        category=category,
        recorded_by=recorded_by,
        **defaults,
    )


def employer_contact_for(world, day: datetime.date, *, face_to_face: bool = True):
    """A job development contact on behalf of the world's enrolment (out in the field when
    face to face)."""
    from los.pathways.models import ContactPurpose, EmployerContact

    return EmployerContact.objects.create(
        specialist=world.counsellor,
        organisation=world.nav_office,
        employer=world.pathway_employer,
        contact_date=day,
        face_to_face=face_to_face,
        in_field=face_to_face,
        purpose=ContactPurpose.JOB_DEVELOPMENT,
        enrolment=world.enrolment,
    )


def count_queries(client, url) -> int:
    """The queries of one steady-state GET (the first request after login also saves the
    session, so it is made once before counting)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def header_count_known(user) -> None:
    """Put the header's work-list count in the cache, as a page viewed a moment ago has.

    The count is kept for LOS_WORK_COUNT_SECONDS, so a page pays for it at most once a
    minute. The query-count tests count the page's own queries; the work list's are counted
    in tests/followup/test_worklist.py."""
    from los.followup.worklist import remember_count

    remember_count(user, 0)

"""Who sees which figures: the one rule (los/reporting/scopes.py) behind the report pages
and the report command, role by role, and at the edges of each unit."""

import datetime

import pytest

from los.accounts.models import StaffRole
from los.core.vocabulary import OrganisationKind, Role
from los.organisations.models import County, Municipality, Region
from los.pathways.models import Enrolment, MainGoal, Programme, ReferralSource
from los.reporting.scopes import (
    NATION,
    BadScope,
    Level,
    Scope,
    may_read_report,
    parse_scope,
    scopes_for,
)
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


def _troms():
    return County.objects.get(number="55")


def _runs_enrolment(organisation):
    """One IPS enrolment at the organisation: from then on it is a service."""
    specialist = staff_user(organisation, Role.JOB_SPECIALIST, mfa=False)
    ips = Programme.objects.get(code="ips")
    day = datetime.date(2026, 1, 5)
    Enrolment.objects.create(
        participant=ParticipantFactory(),
        programme=ips,
        organisation=organisation,
        job_specialist=specialist,
        referral_date=day,
        referral_source=ReferralSource.NAV,
        start_date=day,
        main_goal=MainGoal.WORK,
        stage=ips.stages.order_by("order").first(),
        stage_since=day,
        created_by=specialist,
    )
    return organisation


def _service(**kwargs):
    return _runs_enrolment(OrganisationFactory(kind=OrganisationKind.NAV_OFFICE, **kwargs))


def _scopes(user):
    return [(grant.scope, grant.exact) for grant in scopes_for(user)]


def _service_scope(organisation):
    return Scope(Level.SERVICE, str(organisation.pk))


@pytest.mark.parametrize(
    "role",
    [
        Role.COUNSELLOR,
        Role.PILOT,
        Role.JOB_SPECIALIST,
        Role.IPS_SUPERVISOR,
        Role.THERAPIST,
        Role.GP,
        Role.COORDINATOR,
    ],
)
def test_a_services_own_staff_see_their_service_exactly(role):
    service = _service()
    user = staff_user(service, role)

    assert _scopes(user) == [(_service_scope(service), True)]


def test_staff_of_an_organisation_that_runs_no_enrolments_see_no_report():
    dps = OrganisationFactory(kind=OrganisationKind.HEALTH_TRUST)
    therapist = staff_user(dps, Role.THERAPIST)

    assert _scopes(therapist) == []


@pytest.mark.parametrize("role", [Role.EMPLOYER_CONTACT, Role.FIDELITY_REVIEWER])
def test_roles_that_are_not_a_services_staff_see_no_report_even_there(role):
    service = _service()

    assert _scopes(staff_user(service, role)) == []


def test_a_county_coordinator_sees_their_organisations_county():
    regional = OrganisationFactory(kind=OrganisationKind.REGIONAL_UNIT)  # in Nordland

    user = staff_user(regional, Role.COUNTY_COORDINATOR)

    assert _scopes(user) == [(Scope(Level.COUNTY, "18"), False)]


def test_a_regional_advisor_sees_the_region_of_their_county():
    regional = OrganisationFactory(kind=OrganisationKind.REGIONAL_UNIT, county=_troms())

    user = staff_user(regional, Role.REGIONAL_ADVISOR)

    assert _scopes(user) == [(Scope(Level.REGION, "nord"), False)]


def test_a_regional_advisor_in_a_county_with_no_region_sees_no_report():
    County.objects.filter(number="18").update(region=None)
    regional = OrganisationFactory(kind=OrganisationKind.REGIONAL_UNIT)

    assert _scopes(staff_user(regional, Role.REGIONAL_ADVISOR)) == []


def test_a_programme_manager_sees_the_nation():
    directorate = OrganisationFactory(kind=OrganisationKind.DIRECTORATE)

    assert _scopes(staff_user(directorate, Role.PROGRAMME_MANAGER)) == [(NATION, False)]


def test_participants_and_administrators_without_a_role_see_no_report():
    participant_user = UserFactory()
    ParticipantFactory(user=participant_user)
    admin = UserFactory(is_staff=True, is_superuser=True)

    assert _scopes(participant_user) == []
    assert _scopes(admin) == []


def test_an_ended_staff_role_or_a_deactivated_user_sees_no_report():
    service = _service()
    ended = staff_user(service, Role.JOB_SPECIALIST)
    StaffRole.objects.filter(user=ended).update(active=False)
    deactivated = staff_user(service, Role.JOB_SPECIALIST, is_active=False)

    assert _scopes(ended) == []
    assert _scopes(deactivated) == []


def test_a_person_with_several_roles_has_every_scope_narrowest_first():
    service = _service()
    directorate = OrganisationFactory(kind=OrganisationKind.DIRECTORATE, county=_troms())
    user = staff_user(directorate, Role.PROGRAMME_MANAGER)
    StaffRole.objects.create(user=user, organisation=directorate, role=Role.COUNTY_COORDINATOR)
    StaffRole.objects.create(user=user, organisation=service, role=Role.IPS_SUPERVISOR)
    StaffRole.objects.create(user=user, organisation=service, role=Role.JOB_SPECIALIST)

    assert _scopes(user) == [
        (_service_scope(service), True),
        (Scope(Level.COUNTY, "55"), False),
        (NATION, False),
    ]


def test_the_scopes_cost_one_query_beyond_the_staff_roles_and_are_remembered(
    django_assert_num_queries,
):
    user = staff_user(_service(), Role.JOB_SPECIALIST)

    with django_assert_num_queries(2):
        scopes_for(user)
        scopes_for(user)


# may_read_report: which units each grant opens.


@pytest.fixture
def units():
    """Two services in Nordland (one in Bodø), one in Troms, one NAV office that runs no
    enrolments, and an organisation that is no service."""
    bodo = MunicipalityFactory()
    tromso = Municipality.objects.create(number="5501", name="Tromsø", county=_troms())
    return {
        "bodo": _service(municipality=bodo),
        "nordland_other": _service(),
        "troms": _service(county=_troms(), municipality=tromso),
        "quiet_office": OrganisationFactory(kind=OrganisationKind.NAV_OFFICE),
        "gp": OrganisationFactory(kind=OrganisationKind.GP_PRACTICE),
    }


def _read(user, level, code=""):
    return may_read_report(user, Scope(level, code))


def test_the_programme_manager_opens_every_unit_suppressed(units):
    user = staff_user(
        OrganisationFactory(kind=OrganisationKind.DIRECTORATE), Role.PROGRAMME_MANAGER
    )

    assert _read(user, Level.NATION) == (True, False)
    assert _read(user, Level.REGION, "vest") == (True, False)
    assert _read(user, Level.COUNTY, "03") == (True, False)
    assert _read(user, Level.MUNICIPALITY, "5501") == (True, False)
    assert _read(user, Level.SERVICE, str(units["troms"].pk)) == (True, False)
    assert _read(user, Level.OFFICE, str(units["quiet_office"].pk)) == (True, False)


def test_units_that_do_not_exist_are_not_opened_even_by_the_programme_manager(units):
    user = staff_user(
        OrganisationFactory(kind=OrganisationKind.DIRECTORATE), Role.PROGRAMME_MANAGER
    )

    assert _read(user, Level.COUNTY, "99") == (False, False)
    assert _read(user, Level.REGION, "atlantis") == (False, False)
    assert _read(user, Level.MUNICIPALITY, "0000") == (False, False)
    # An organisation that runs no enrolments is no service; a GP practice is no NAV office.
    assert _read(user, Level.SERVICE, str(units["quiet_office"].pk)) == (False, False)
    assert _read(user, Level.OFFICE, str(units["gp"].pk)) == (False, False)
    assert _read(user, Level.NATION, "norge") == (False, False)


def test_a_county_coordinator_opens_their_county_and_what_is_in_it_only(units):
    user = staff_user(
        OrganisationFactory(kind=OrganisationKind.REGIONAL_UNIT), Role.COUNTY_COORDINATOR
    )

    assert _read(user, Level.COUNTY, "18") == (True, False)
    assert _read(user, Level.MUNICIPALITY, "1804") == (True, False)
    assert _read(user, Level.SERVICE, str(units["bodo"].pk)) == (True, False)
    assert _read(user, Level.OFFICE, str(units["quiet_office"].pk)) == (True, False)
    assert _read(user, Level.COUNTY, "55") == (False, False)
    assert _read(user, Level.MUNICIPALITY, "5501") == (False, False)
    assert _read(user, Level.SERVICE, str(units["troms"].pk)) == (False, False)
    assert _read(user, Level.REGION, "nord") == (False, False)
    assert _read(user, Level.NATION) == (False, False)


def test_a_regional_advisor_opens_the_counties_of_their_region_only(units):
    user = staff_user(
        OrganisationFactory(kind=OrganisationKind.REGIONAL_UNIT), Role.REGIONAL_ADVISOR
    )

    assert _read(user, Level.REGION, "nord") == (True, False)
    assert _read(user, Level.COUNTY, "55") == (True, False)
    assert _read(user, Level.SERVICE, str(units["troms"].pk)) == (True, False)
    assert _read(user, Level.COUNTY, "03") == (False, False)
    assert _read(user, Level.REGION, "vest") == (False, False)
    assert _read(user, Level.NATION) == (False, False)


def test_a_regions_counties_follow_the_data_when_an_administrator_moves_one(units):
    user = staff_user(
        OrganisationFactory(kind=OrganisationKind.REGIONAL_UNIT), Role.REGIONAL_ADVISOR
    )
    County.objects.filter(number="55").update(region=Region.objects.get(code="midt"))

    assert _read(user, Level.COUNTY, "55") == (False, False)
    assert _read(user, Level.COUNTY, "18") == (True, False)


def test_a_services_staff_open_their_own_service_exactly_and_nothing_else(units):
    user = staff_user(units["bodo"], Role.COUNSELLOR)

    assert _read(user, Level.SERVICE, str(units["bodo"].pk)) == (True, True)
    assert _read(user, Level.SERVICE, str(units["nordland_other"].pk)) == (False, False)
    assert _read(user, Level.MUNICIPALITY, "1804") == (False, False)
    assert _read(user, Level.COUNTY, "18") == (False, False)
    assert _read(user, Level.NATION) == (False, False)


def test_own_service_stays_exact_for_a_reader_who_also_sees_the_county(units):
    user = staff_user(units["bodo"], Role.JOB_SPECIALIST)
    StaffRole.objects.create(
        user=user,
        organisation=OrganisationFactory(kind=OrganisationKind.REGIONAL_UNIT),
        role=Role.COUNTY_COORDINATOR,
    )

    assert _read(user, Level.SERVICE, str(units["bodo"].pk)) == (True, True)
    assert _read(user, Level.SERVICE, str(units["nordland_other"].pk)) == (True, False)


def test_someone_without_a_scope_is_told_nothing(units):
    assert _read(UserFactory(), Level.NATION) == (False, False)
    assert _read(UserFactory(), Level.COUNTY, "18") == (False, False)


# parse_scope: the address, before anything is looked up.


@pytest.mark.parametrize(
    ("level", "code", "expected"),
    [
        ("service", "12", Scope(Level.SERVICE, "12")),
        ("office", "7", Scope(Level.OFFICE, "7")),
        ("municipality", "1804", Scope(Level.MUNICIPALITY, "1804")),
        ("county", "03", Scope(Level.COUNTY, "03")),
        ("region", "sor-ost", Scope(Level.REGION, "sor-ost")),
        ("national", "", NATION),
    ],
)
def test_an_address_names_a_scope(level, code, expected):
    assert parse_scope(level, code) == expected


@pytest.mark.parametrize(
    ("level", "code", "message"),
    [
        ("fylke", "18", "«fylke» er ikke et nivå."),
        ("county", "1", "«1» er ikke en gyldig kode for fylke."),
        ("county", "180", "«180» er ikke en gyldig kode for fylke."),
        ("municipality", "18O4", "«18O4» er ikke en gyldig kode for kommune."),
        ("service", "0", "«0» er ikke en gyldig kode for tjeneste."),
        ("service", "tjeneste", "«tjeneste» er ikke en gyldig kode for tjeneste."),
        ("region", "Nord", "«Nord» er ikke en gyldig kode for region."),
        ("national", "norge", "«norge» er ikke en gyldig kode for hele landet."),
    ],
)
def test_a_bad_address_is_refused_in_norwegian(level, code, message):
    with pytest.raises(BadScope) as refused:
        parse_scope(level, code)

    assert str(refused.value).startswith(message)

from dataclasses import dataclass

import pytest

from los.accounts.models import User
from los.actionplans.models import ActionPlan, PlanMeasure
from los.actionplans.shipped import install_action_plans
from los.core.vocabulary import OrganisationKind, Role
from los.organisations.models import County
from los.pathways.models import Programme, Stage
from los.pathways.programmes import install_default_programmes
from tests.factories import OrganisationFactory, nordland, staff_user


@dataclass
class People:
    """Who works with the plans' measures, and someone who does not.

    - programme manager at the directorate; a regional advisor at Arbeid og helse Nord
    - county coordinators in Nordland and in Troms
    - a NAV counsellor (works with participants, not with the plans)"""

    programme_manager: User
    nordland_coordinator: User
    troms_coordinator: User
    regional_advisor: User
    counsellor: User
    nordland: County
    troms: County


@pytest.fixture
def people(db) -> People:
    # Transactional (browser) tests start from an emptied database: load what they need.
    install_action_plans(ActionPlan, PlanMeasure)
    install_default_programmes(Programme, Stage)
    north = nordland()
    troms = County.objects.get_or_create(number="55", defaults={"name": "Troms"})[0]
    directorate = OrganisationFactory(
        name="Arbeids- og velferdsdirektoratet", kind=OrganisationKind.DIRECTORATE
    )
    regional = OrganisationFactory(
        name="NAV Arbeid og helse Nord", kind=OrganisationKind.REGIONAL_UNIT, county=north
    )
    troms_unit = OrganisationFactory(
        name="NAV Troms", kind=OrganisationKind.REGIONAL_UNIT, county=troms
    )
    office = OrganisationFactory(name="NAV Bodø", kind=OrganisationKind.NAV_OFFICE)
    return People(
        programme_manager=staff_user(
            directorate, Role.PROGRAMME_MANAGER, first_name="Hege", last_name="Vik"
        ),
        nordland_coordinator=staff_user(
            regional, Role.COUNTY_COORDINATOR, first_name="Geir", last_name="Lund"
        ),
        troms_coordinator=staff_user(
            troms_unit, Role.COUNTY_COORDINATOR, first_name="Tone", last_name="Berg"
        ),
        regional_advisor=staff_user(
            regional, Role.REGIONAL_ADVISOR, first_name="Mona", last_name="Dahl"
        ),
        counsellor=staff_user(office, Role.COUNSELLOR, first_name="Kari", last_name="Nordmann"),
        nordland=north,
        troms=troms,
    )


@pytest.fixture
def ips(people) -> PlanMeasure:
    """Measure 10 of 2013–2016, Individuell jobbstøtte."""
    return PlanMeasure.objects.select_related("plan").get(plan__code="2013-2016", number="10")

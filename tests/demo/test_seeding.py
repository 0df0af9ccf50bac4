import pytest

from los.core.identifiers import clean_national_id
from los.core.vocabulary import CARE_ROLES
from los.demo.seeding import seed
from los.participants.models import CareTeamMembership, Consent, Participant

pytestmark = pytest.mark.django_db


def test_seed_makes_participants_with_valid_synthetic_numbers_and_teams():
    result = seed(participants=300, rng_seed=7)

    participants = list(Participant.objects.all())
    assert (result.participants, len(participants)) == (300, 300)
    assert all(
        clean_national_id(p.national_id, allow_synthetic=True) == p.national_id
        for p in participants
    )
    assert len({p.national_id_digest for p in participants}) == 300
    assert CareTeamMembership.objects.count() == result.memberships
    assert Consent.objects.count() == result.consents
    assert set(CareTeamMembership.objects.values_list("role", flat=True)) <= set(CARE_ROLES)
    assert not Participant.objects.filter(team__isnull=True).exists()


def test_seeding_twice_adds_to_what_is_there():
    seed(participants=50, rng_seed=1)
    seed(participants=50, rng_seed=1)

    assert Participant.objects.count() == 100


def test_demo_data_loads_beside_seeded_namesakes_and_twice():
    from los.demo.demo_data import load_demo_data
    from los.plans.models import Activity

    seed(participants=30, rng_seed=3)  # makes its own "NAV Bodø"
    load_demo_data()
    load_demo_data()

    assert Activity.objects.filter(plan__participant__first_name="Sara").count() == 4


def test_seeded_and_demo_first_names_fit_the_legal_gender_in_the_number():
    from faker.providers.person.no_NO import Provider

    from los.demo.county import FEMALE_NAMES, MALE_NAMES
    from los.demo.demo_data import load_demo_data

    seed(participants=200, rng_seed=9)
    load_demo_data()

    female = set(Provider.first_names_female) | set(FEMALE_NAMES)
    male = set(Provider.first_names_male) | set(MALE_NAMES)
    synthetic = Participant.objects.filter(user=None)
    assert synthetic.count() > 400
    for participant in synthetic:
        ninth = int(participant.national_id[8])
        assert participant.first_name in (male if ninth % 2 else female), participant.national_id

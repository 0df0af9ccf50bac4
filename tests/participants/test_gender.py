"""Legal gender from the national id: the ninth digit, odd for a man and even for a woman,
for fødselsnummer, D-nummer and synthetic numbers; unknown for an H-nummer. Set when the
number is registered, and filled by a migration for those registered before."""

import datetime
import importlib
import random

import pytest
from django.apps import apps
from django.urls import reverse

from los.accounts.models import StaffRole
from los.core.identifiers import gender_from_national_id, synthetic_national_id
from los.core.vocabulary import Gender
from los.participants.models import Participant
from tests.factories import ParticipantFactory

migration = importlib.import_module(
    "los.participants.migrations.0004_participant_gender_from_national_id"
)


@pytest.mark.parametrize(
    ("number", "gender"),
    [
        ("15108695088", Gender.FEMALE),  # individual digits 950: 0 is even
        ("15108695169", Gender.MALE),  # 951: odd
        ("01129047050", Gender.FEMALE),  # 470
        ("41019012393", Gender.MALE),  # a D-nummer (day + 40): 123, odd
        ("55108695088", Gender.FEMALE),  # the same individual digits as a D-nummer
        ("15508695088", Gender.UNKNOWN),  # an H-nummer (month + 40) says nothing
        ("15528695088", Gender.UNKNOWN),  # December as an H-nummer (52), the last one
        ("1510869508", Gender.UNKNOWN),  # not 11 digits
        ("1510869508X", Gender.UNKNOWN),
    ],
)
def test_the_ninth_digit_gives_the_legal_gender(number, gender):
    assert gender_from_national_id(number) == gender


@pytest.mark.parametrize("seed", range(20))
def test_synthetic_numbers_follow_the_same_rule(seed):
    number = synthetic_national_id(datetime.date(1990, 3, 1), random.Random(seed))
    expected = Gender.MALE if int(number[8]) % 2 else Gender.FEMALE

    assert int(number[2:4]) > 80  # month + 80, not an H-nummer
    assert gender_from_national_id(number) == expected


@pytest.mark.django_db
def test_registering_a_participant_stores_the_gender_of_the_number(client, world):
    client.force_login(world.counsellor)
    for first_name, number in (("Nora", "15108695088"), ("Nils", "15108695169")):
        client.post(
            reverse("participant_register"),
            {
                "acting_role": StaffRole.objects.get(user=world.counsellor).pk,
                "first_name": first_name,
                "last_name": "Ny",
                "national_id": number,
                "phone": "",
                "email": "",
                "municipality": "",
                "protected_address": "",
            },
        )

    genders = dict(Participant.objects.values_list("first_name", "gender"))
    assert (genders["Nora"], genders["Nils"]) == (Gender.FEMALE, Gender.MALE)


@pytest.mark.django_db
def test_the_migration_fills_the_gender_of_participants_registered_before():
    female = ParticipantFactory(national_id="15108695088")
    male = ParticipantFactory(national_id="15108695169")
    h_number = ParticipantFactory(national_id="15508695088")
    Participant.objects.update(gender=Gender.UNKNOWN)  # as they were before the field

    migration.fill_gender(apps, None)

    assert dict(Participant.objects.values_list("pk", "gender")) == {
        female.pk: Gender.FEMALE,
        male.pk: Gender.MALE,
        h_number.pk: Gender.UNKNOWN,
    }


@pytest.mark.django_db
def test_the_migration_walks_more_participants_than_one_batch(monkeypatch):
    monkeypatch.setattr(migration, "BATCH", 2)
    people = [ParticipantFactory() for _ in range(5)]
    expected = {p.pk: gender_from_national_id(p.national_id) for p in people}
    Participant.objects.update(gender=Gender.UNKNOWN)

    migration.fill_gender(apps, None)

    assert dict(Participant.objects.values_list("pk", "gender")) == expected
    assert set(expected.values()) - {Gender.UNKNOWN}

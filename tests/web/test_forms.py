"""Real input through the forms: good input changes what it should and logs it; bad input
gives a clear Norwegian error, keeps what the user typed, and changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from los.access.models import ChangeLogEntry
from los.accounts.models import StaffRole
from los.core.identifiers import synthetic_national_id
from los.core.vocabulary import Category, Role
from los.participants.models import CareTeamMembership, Consent, Participant
from tests.factories import _rng, staff_user

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        Participant.objects.count(),
        CareTeamMembership.objects.count(),
        Consent.objects.count(),
        Consent.objects.filter(withdrawn_at__isnull=False).count(),
        ChangeLogEntry.objects.count(),
    )


def _register_data(world, **overrides):
    data = {
        "acting_role": StaffRole.objects.get(user=world.counsellor).pk,
        "first_name": "Nora",
        "last_name": "Ny",
        "national_id": synthetic_national_id(datetime.date(1999, 2, 3), _rng),
        "phone": "41234567",
        "email": "",
        "municipality": "",
        "protected_address": "",
    }
    data.update(overrides)
    return data


def test_counsellor_registers_a_participant_and_joins_the_team(client, world):
    client.force_login(world.counsellor)

    response = client.post(reverse("participant_register"), _register_data(world))

    participant = Participant.objects.get(first_name="Nora")
    assert response.status_code == 302
    assert response["Location"] == reverse("participant_detail", args=[participant.public_id])
    assert list(participant.team.values_list("user", "role")) == [
        (world.counsellor.pk, Role.COUNSELLOR)
    ]
    assert participant.birth_date == datetime.date(1999, 2, 3)
    assert list(ChangeLogEntry.objects.filter(participant=participant).values_list("action")) == [
        ("participant.registered",)
    ]


def test_the_national_id_is_not_stored_in_clear(client, world):
    client.force_login(world.counsellor)
    data = _register_data(world)

    client.post(reverse("participant_register"), data)

    stored = Participant.objects.filter(first_name="Nora").values().get()
    assert data["national_id"] not in " ".join(str(v) for v in stored.values())


@pytest.mark.parametrize(
    ("national_id", "message"),
    [
        ("1234", "Fødselsnummeret må være 11 siffer."),
        ("abcdefghijk", "Fødselsnummeret må være 11 siffer."),
        ("12839006818", "Kontrollsifrene stemmer ikke. Sjekk fødselsnummeret."),
        ("", "Feltet er påkrevet."),
    ],
)
def test_malformed_national_id_is_refused_in_norwegian(client, world, national_id, message):
    client.force_login(world.counsellor)
    before = _snapshot()

    response = client.post(
        reverse("participant_register"), _register_data(world, national_id=national_id)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["national_id"] == [message]
    assert 'value="Nora"' in response.content.decode()  # what was typed is kept
    assert _snapshot() == before


def test_registering_someone_already_on_ones_team_is_refused(client, world):
    client.force_login(world.counsellor)
    before = _snapshot()

    response = client.post(
        reverse("participant_register"),
        _register_data(world, national_id=world.participant.national_id),
    )

    assert response.status_code == 200
    assert "allerede med i teamet" in response.context["form"].errors["national_id"][0]
    assert _snapshot() == before


def test_oversized_text_is_refused(client, world):
    client.force_login(world.counsellor)
    before = _snapshot()

    response = client.post(
        reverse("participant_register"), _register_data(world, first_name="N" * 101)
    )

    assert response.context["form"].errors["first_name"] == [
        "Sørg for at denne verdien har 100 eller færre tegn (den har nå 101)."
    ]
    assert _snapshot() == before


def test_register_as_a_role_the_user_does_not_have_is_refused(client, world):
    client.force_login(world.counsellor)
    before = _snapshot()
    someone_elses_role = StaffRole.objects.get(user=world.colleague).pk

    response = client.post(
        reverse("participant_register"), _register_data(world, acting_role=someone_elses_role)
    )

    assert response.status_code == 200
    assert "acting_role" in response.context["form"].errors
    assert _snapshot() == before


def _consent_data(world, **overrides):
    data = {
        "organisation": world.dps.pk,
        "orgnr": "",
        "categories": [Category.NAV_CASE_NOTES, Category.EMPLOYMENT],
        "purpose": "Samordning av behandling og arbeid",
        "valid_from": timezone.localdate().isoformat(),
        "valid_to": "",
        "method": "written",
    }
    data.update(overrides)
    return data


def test_consent_for_two_categories_gives_two_withdrawable_consents(client, world):
    client.force_login(world.counsellor)

    response = client.post(
        reverse("consent_new", args=[world.participant.public_id]), _consent_data(world)
    )

    assert response.status_code == 302
    assert sorted(
        Consent.objects.filter(organisation=world.dps).values_list("category", flat=True)
    ) == [Category.EMPLOYMENT, Category.NAV_CASE_NOTES]
    assert ChangeLogEntry.objects.filter(action="consent.recorded").count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"organisation": "999999"},
            "organisation",
            "Velg et gyldig valg. Valget er ikke av de tilgjengelige valgene.",
        ),
        (
            {"organisation": "", "orgnr": "923456783"},
            "orgnr",
            "Fant ingen organisasjon med organisasjonsnummer 923456783 i Los.",
        ),
        (
            {"organisation": "", "orgnr": "123456789"},
            "orgnr",
            "Kontrollsifferet i organisasjonsnummeret stemmer ikke.",
        ),
        (
            {"organisation": "", "orgnr": "12345"},
            "orgnr",
            "Organisasjonsnummeret må være 9 siffer.",
        ),
        (
            {"organisation": ""},
            "organisation",
            "Velg en mottaker eller skriv et organisasjonsnummer.",
        ),
        (
            {"valid_from": "31.02.2026"},
            "valid_from",
            "Skriv en gyldig dato, for eksempel 31.12.2026.",
        ),
        (
            {"valid_from": "2026-05-10", "valid_to": "2026-05-01"},
            "valid_to",
            "Sluttdatoen kan ikke være før startdatoen.",
        ),
        (
            {"categories": ["core"]},
            "categories",
            "Velg et gyldig valg. core er ikke et av de tilgjengelige valgene.",
        ),
        (
            {"purpose": "x" * 501},
            "purpose",
            "Sørg for at denne verdien har 500 eller færre tegn (den har nå 501).",
        ),
        (
            {"method": "digital"},
            "method",
            "Velg et gyldig valg. digital er ikke et av de tilgjengelige valgene.",
        ),
    ],
)
def test_bad_consent_input_is_refused_and_changes_nothing(client, world, overrides, field, message):
    client.force_login(world.counsellor)
    before = _snapshot()

    response = client.post(
        reverse("consent_new", args=[world.participant.public_id]),
        _consent_data(world, **overrides),
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert _snapshot() == before


def test_participant_gives_consent_digitally(client, world):
    client.force_login(world.participant_user)
    data = _consent_data(
        world, categories=[Category.HEALTH_SUMMARY], organisation=world.gp_practice.pk
    )
    del data["method"]

    response = client.post(reverse("consent_new", args=[world.participant.public_id]), data)

    assert response.status_code == 302
    consent = Consent.objects.get(organisation=world.gp_practice)
    assert (consent.method, consent.recorded_by) == ("digital", world.participant_user)


def _directory_offer(world, organisation):
    from los.directory.models import Offer

    offer = Offer.objects.create(
        organisation=organisation,
        kind="sfj",
        name="Senter for jobbmestring",
        target_group="x",
        how_to_refer="x",
        routes=["self"],
        phone="1",
    )
    if world.participant.municipality_id:
        offer.municipalities.add(world.participant.municipality_id)
    return offer


def test_the_participant_chooses_from_the_team_and_the_directory_never_a_number(client, world):
    from tests.factories import OrganisationFactory

    listed = OrganisationFactory(name="Jobbmestring Bodø")
    _directory_offer(world, listed)
    OrganisationFactory(name="Ukjent AS")  # in Los, not in the directory: not offered
    client.force_login(world.participant_user)
    url = reverse("consent_new", args=[world.participant.public_id])

    form = client.get(url).context["form"]
    groups = dict(form.fields["organisation"].choices[1:])

    assert "orgnr" not in form.fields
    assert "Salten DPS" in [name for _pk, name in groups["I teamet ditt"]]
    assert [name for _pk, name in groups["Tjenester der du bor"]] == ["Jobbmestring Bodø"]

    data = _consent_data(world, categories=[Category.EMPLOYMENT], organisation=listed.pk)
    del data["method"], data["orgnr"]
    assert client.post(url, data).status_code == 302
    assert Consent.objects.filter(organisation=listed, category=Category.EMPLOYMENT).exists()


def test_the_participant_cannot_post_an_organisation_they_were_not_offered(client, world):
    from tests.factories import OrganisationFactory

    stranger = OrganisationFactory(name="Ukjent AS")
    client.force_login(world.participant_user)
    data = _consent_data(world, organisation=stranger.pk, orgnr=stranger.orgnr)
    del data["method"]

    page = client.post(reverse("consent_new", args=[world.participant.public_id]), data)

    assert page.status_code == 200
    assert not Consent.objects.filter(organisation=stranger).exists()


def test_participant_withdraws_consent_and_the_counsellor_loses_it_at_once(client, world):
    consent = Consent.objects.get(category=Category.HEALTH_SUMMARY)
    client.force_login(world.participant_user)

    response = client.post(
        reverse("consent_withdraw", args=[world.participant.public_id, consent.pk])
    )

    consent.refresh_from_db()
    assert response.status_code == 302
    assert consent.withdrawn_by == world.participant_user
    from los.access.policy import load_access

    assert (
        load_access(world.counsellor, world.participant).can_view(Category.HEALTH_SUMMARY) is False
    )


def test_withdrawing_twice_is_refused_with_a_message(client, world):
    consent = Consent.objects.get(category=Category.HEALTH_SUMMARY)
    client.force_login(world.participant_user)
    url = reverse("consent_withdraw", args=[world.participant.public_id, consent.pk])
    client.post(url)
    before = _snapshot()

    response = client.post(url)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Samtykket er allerede trukket tilbake."]
    assert _snapshot() == before


def test_counsellor_adds_a_colleague_to_the_team(client, world):
    client.force_login(world.counsellor)

    response = client.post(
        reverse("team_add", args=[world.participant.public_id]),
        {"email": world.colleague.email, "start_date": timezone.localdate().isoformat()},
    )

    assert response.status_code == 302
    assert CareTeamMembership.objects.filter(
        participant=world.participant, user=world.colleague, role=Role.COUNSELLOR
    ).exists()


def test_staff_with_two_roles_must_choose_one(client, world):
    StaffRole.objects.create(user=world.colleague, organisation=world.other_nav, role=Role.PILOT)
    client.force_login(world.counsellor)
    before = _snapshot()

    response = client.post(
        reverse("team_add", args=[world.participant.public_id]),
        {"email": world.colleague.email, "start_date": timezone.localdate().isoformat()},
    )

    assert response.context["form"].errors["staff_role"] == [
        "Personen har flere roller. Velg hvilken rolle det gjelder."
    ]
    assert len(response.context["form"].fields["staff_role"].queryset) == 2
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"email": "finnes.ikke@test.los.no"},
            "email",
            "Fant ingen ansatt med denne e-postadressen som kan være med i et team.",
        ),
        ({"email": "ikke-en-adresse"}, "email", "Oppgi en gyldig e-postadresse"),
        (
            {
                "start_date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
                "end_date": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
            },
            "end_date",
            "Sluttdatoen kan ikke være før startdatoen.",
        ),
    ],
)
def test_bad_team_input_is_refused(client, world, data, field, message):
    client.force_login(world.counsellor)
    before = _snapshot()
    post = {"email": world.colleague.email, "start_date": timezone.localdate().isoformat()}
    post.update(data)

    response = client.post(reverse("team_add", args=[world.participant.public_id]), post)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert _snapshot() == before


def test_adding_someone_already_on_the_team_is_refused(client, world):
    client.force_login(world.counsellor)
    before = _snapshot()

    response = client.post(
        reverse("team_add", args=[world.participant.public_id]),
        {"email": world.gp.email, "start_date": timezone.localdate().isoformat()},
    )

    assert response.context["form"].non_field_errors() == [
        "Personen er allerede med i teamet i denne rollen."
    ]
    assert _snapshot() == before


def test_ending_a_membership_removes_access_after_the_last_day(client, world):
    membership = CareTeamMembership.objects.get(user=world.therapist)
    client.force_login(world.counsellor)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client.post(
        reverse("team_end", args=[world.participant.public_id, membership.pk]),
        {"end_date": yesterday.isoformat()},
    )

    assert response.status_code == 302
    client.force_login(world.therapist)
    assert (
        client.get(reverse("participant_detail", args=[world.participant.public_id])).status_code
        == 404
    )


def test_stale_edit_of_details_is_refused_and_the_text_is_kept(client, world):
    client.force_login(world.counsellor)
    url = reverse("participant_edit_details", args=[world.participant.public_id])
    opened_version = world.participant.version
    # Someone else saves first.
    client.post(
        url,
        {
            "version": opened_version,
            "phone": "90000000",
            "email": "",
            "municipality": "",
            "protected_address": "",
        },
    )

    response = client.post(
        url,
        {
            "version": opened_version,
            "phone": "41111111",
            "email": "",
            "municipality": "",
            "protected_address": "",
        },
    )

    world.participant.refresh_from_db()
    assert response.status_code == 200
    assert "Noen andre har endret opplysningene" in response.context["form"].non_field_errors()[0]
    assert 'value="41111111"' in response.content.decode()
    assert world.participant.phone == "90000000"
    assert world.participant.version == opened_version + 1


def test_saving_again_after_a_conflict_goes_through(client, world):
    client.force_login(world.counsellor)
    url = reverse("participant_edit_details", args=[world.participant.public_id])
    base = {"email": "", "municipality": "", "protected_address": ""}
    client.post(url, {"version": 1, "phone": "90000000", **base})
    conflict = client.post(url, {"version": 1, "phone": "41111111", **base})

    response = client.post(
        url, {"version": conflict.context["form"].data["version"], "phone": "41111111", **base}
    )

    world.participant.refresh_from_db()
    assert response.status_code == 302
    assert world.participant.phone == "41111111"


def test_new_staff_without_a_role_cannot_be_added(client, world):
    lonely = staff_user(world.regional, Role.COUNTY_COORDINATOR)
    client.force_login(world.counsellor)

    response = client.post(
        reverse("team_add", args=[world.participant.public_id]),
        {"email": lonely.email, "start_date": timezone.localdate().isoformat()},
    )

    assert response.context["form"].errors["email"] == [
        "Fant ingen ansatt med denne e-postadressen som kan være med i et team."
    ]

"""The service directory: who keeps an offer, what a keeper may save, and the public page's
search by municipality and need."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from los.access.models import ChangeLogEntry
from los.core.vocabulary import OrganisationKind, Role
from los.directory import services
from los.directory.models import Offer
from los.organisations.models import County
from tests.factories import MunicipalityFactory, OrganisationFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(db):
    bodo = MunicipalityFactory()  # 1804 Bodø, Nordland
    rana = MunicipalityFactory(number="1833", name="Rana")
    troms = County.objects.get_or_create(number="55", defaults={"name": "Troms"})[0]
    tromso = MunicipalityFactory(number="5501", name="Tromsø", county=troms)
    return {"bodo": bodo, "rana": rana, "tromso": tromso, "troms": troms}


def _fields(**overrides):
    fields = {
        "kind": "ips",
        "name": "IPS Salten",
        "target_group": "Alle som vil jobbe, uansett diagnose.",
        "how_to_refer": "Snakk med behandleren din eller NAV-veilederen.",
        "routes": ["nav", "health"],
        "phone": "75 55 00 00",
        "email": "",
        "web": "",
        "capacity": 40,
        "is_open": True,
    }
    fields.update(overrides)
    return fields


def _offer(organisation, municipalities, **overrides):
    offer = Offer.objects.create(organisation=organisation, **_fields(**overrides))
    offer.municipalities.set(municipalities)
    return offer


def test_who_may_edit_an_offer(world, places):
    troms_nav = OrganisationFactory(
        name="NAV Tromsø sentrum", kind=OrganisationKind.NAV_OFFICE, county=places["troms"]
    )
    troms_coordinator = staff_user(
        OrganisationFactory(kind=OrganisationKind.REGIONAL_UNIT, county=places["troms"]),
        Role.COUNTY_COORDINATOR,
    )

    asked = {
        "counsellor at the office": services.may_edit_offer(world.counsellor, world.nav_office),
        "counsellor at another office": services.may_edit_offer(world.outsider, world.nav_office),
        "therapist at the office": services.may_edit_offer(world.therapist, world.nav_office),
        "Nordland's coordinator, Nordland": services.may_edit_offer(
            world.county_coordinator, world.nav_office
        ),
        "Nordland's coordinator, Troms": services.may_edit_offer(
            world.county_coordinator, troms_nav
        ),
        "Troms's coordinator, Troms": services.may_edit_offer(troms_coordinator, troms_nav),
        "Troms's coordinator, Nordland": services.may_edit_offer(
            troms_coordinator, world.nav_office
        ),
        "employer contact at the employer": services.may_edit_offer(
            world.employer_contact, world.employer
        ),
        "participant": services.may_edit_offer(world.participant_user, world.nav_office),
        "admin without a role": services.may_edit_offer(world.admin, world.nav_office),
    }

    assert [who for who, allowed in asked.items() if allowed] == [
        "counsellor at the office",
        "Nordland's coordinator, Nordland",
        "Troms's coordinator, Troms",
    ]


def test_a_keeper_creates_an_offer_with_a_change_log_row(world, places):
    offer = services.offer_create(
        user=world.county_coordinator,
        organisation=world.dps,
        municipalities=[places["bodo"], places["rana"]],
        **_fields(name="  IPS\u200b Salten  "),
    )

    assert offer.name == "IPS Salten"
    assert {m.number for m in offer.municipalities.all()} == {"1804", "1833"}
    entry = ChangeLogEntry.objects.get(object_id=str(offer.pk))
    assert (entry.action, entry.actor, entry.participant) == (
        "offer.created",
        world.county_coordinator,
        None,
    )


def test_someone_outside_the_county_and_the_organisation_is_refused(world, places):
    with pytest.raises(PermissionDenied):
        services.offer_create(
            user=world.outsider,
            organisation=world.nav_office,
            municipalities=[places["bodo"]],
            **_fields(),
        )
    assert (Offer.objects.count(), ChangeLogEntry.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("overrides", "municipalities", "field", "message"),
    [
        ({"routes": []}, ["bodo"], "routes", "Velg minst én vei inn"),
        ({}, [], "municipalities", "Velg minst én kommune"),
        ({}, ["bodo", "tromso"], "municipalities", "Kommunene må ligge i Nordland"),
        ({"phone": ""}, ["bodo"], "phone", "Skriv minst én måte å kontakte tilbudet på"),
        ({"name": " \u200b "}, ["bodo"], "name", "Skriv navnet på tilbudet."),
        ({"kind": "noe"}, ["bodo"], "kind", "Velg hva slags tilbud"),
        ({"capacity": 10_001}, ["bodo"], "capacity", "Antall plasser må være fra 0"),
    ],
)
def test_bad_input_is_refused_in_plain_norwegian_and_nothing_is_saved(
    world, places, overrides, municipalities, field, message
):
    with pytest.raises(ValidationError) as refused:
        services.offer_create(
            user=world.counsellor,
            organisation=world.nav_office,
            municipalities=[places[m] for m in municipalities],
            **_fields(**overrides),
        )

    assert message in " ".join(refused.value.message_dict[field])
    assert (Offer.objects.count(), ChangeLogEntry.objects.count()) == (0, 0)


def test_an_update_logs_what_changed_and_a_stale_one_is_refused(world, places):
    offer = _offer(world.nav_office, [places["bodo"]])

    services.offer_update(
        user=world.colleague,
        offer_id=offer.pk,
        version=1,
        municipalities=[places["bodo"], places["rana"]],
        **_fields(is_open=False),
    )
    with pytest.raises(ValidationError):
        services.offer_update(
            user=world.counsellor,
            offer_id=offer.pk,
            version=1,
            municipalities=[places["bodo"]],
            **_fields(name="Gammelt navn"),
        )

    offer.refresh_from_db()
    assert (offer.is_open, offer.version, offer.name) == (False, 2, "IPS Salten")
    entry = ChangeLogEntry.objects.get(action="offer.changed")
    assert entry.data == {"fields": ["is_open", "municipalities"], "is_open": False}


def test_an_update_by_a_coordinator_of_another_county_is_refused(world, places):
    offer = _offer(world.nav_office, [places["bodo"]])
    troms_coordinator = staff_user(
        OrganisationFactory(kind=OrganisationKind.REGIONAL_UNIT, county=places["troms"]),
        Role.COUNTY_COORDINATOR,
    )

    with pytest.raises(PermissionDenied):
        services.offer_update(
            user=troms_coordinator,
            offer_id=offer.pk,
            version=1,
            municipalities=[places["bodo"]],
            **_fields(is_open=False),
        )
    offer.refresh_from_db()
    assert offer.is_open is True


# --- The public page ----------------------------------------------------------------------


@pytest.fixture
def directory(world, places):
    tromso_nav = OrganisationFactory(
        name="NAV Tromsø", kind=OrganisationKind.NAV_OFFICE, county=places["troms"]
    )
    return {
        "bodo_ips": _offer(world.nav_office, [places["bodo"]], name="IPS Bodø"),
        "rana_sfj": _offer(world.dps, [places["rana"]], kind="sfj", name="Jobbmestring Rana"),
        "tromso_ips": _offer(tromso_nav, [places["tromso"]], name="IPS Tromsø"),
        "employers": _offer(
            world.nav_office,
            [places["bodo"], places["rana"]],
            kind="sees_i_morgen",
            name="Sees i morgen! Nordland",
            routes=["employer", "self"],
            is_open=False,
        ),
    }


def _names(response):
    return [offer.name for offer in response.context["page"].object_list]


def test_anyone_finds_the_offers_in_their_municipality(client, directory):
    response = client.get(reverse("offer_list"), {"kommune": "1804"})

    assert response.status_code == 200
    # Open offers first.
    assert _names(response) == ["IPS Bodø", "Sees i morgen! Nordland"]
    page = response.content.decode()
    assert "2 tilbud i Bodø" in page
    assert "Tar ikke imot nye nå" in page


def test_the_search_by_need(client, directory):
    employers = client.get(reverse("offer_list"), {"behov": "arbeidsgiver"})
    health_in_rana = client.get(reverse("offer_list"), {"kommune": "1833", "behov": "helse"})

    assert _names(employers) == ["Sees i morgen! Nordland"]
    assert _names(health_in_rana) == ["Jobbmestring Rana"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kommune": "18"}, "Kommunenummeret må være fire sifre"),
        ({"kommune": "18o4"}, "Kommunenummeret må være fire sifre"),
        ({"kommune": "9999"}, "Vi finner ingen kommune med nummeret 9999"),
        ({"kommune": "1804", "behov": "alt"}, "Velg et behov fra listen."),
        ({"kommune": "'; DROP TABLE x;--" * 10}, "Kommunenummeret må være fire sifre"),
    ],
)
def test_a_search_that_cannot_be_used_is_said_plainly(client, directory, params, message):
    response = client.get(reverse("offer_list"), params)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["page"] is None


def test_an_offer_page_shows_the_offer_and_no_edit_link_to_the_public(client, world, directory):
    offer = directory["rana_sfj"]

    public = client.get(reverse("offer_detail", args=[offer.pk])).content.decode()
    client.force_login(world.county_coordinator)
    coordinator = client.get(reverse("offer_detail", args=[offer.pk])).content.decode()

    assert "Jobbmestring Rana" in public and "lett eller moderat angst" in public
    assert "Rana" in public and "Behandler i helsetjenesten" in public
    edit = reverse("offer_edit", args=[offer.pk])
    assert (edit in public, edit in coordinator) == (False, True)


def test_an_unknown_offer_is_a_404(client, directory):
    assert client.get(reverse("offer_detail", args=[999_999])).status_code == 404


def test_the_participant_finds_the_directory_from_their_page(client, world, places):
    world.participant.municipality = places["bodo"]
    world.participant.save()
    client.force_login(world.participant_user)

    page = client.get(reverse("my_page")).content.decode()

    assert reverse("offer_list") + "?kommune=1804" in page
    assert "Tilbud i Bodø" in page


# --- The keepers' forms -------------------------------------------------------------------


def _posted(places, **overrides):
    data = {
        "kind": "ams",
        "name": "Arbeid med støtte Bodø",
        "target_group": "Deg som vil ha en vanlig jobb med støtte.",
        "how_to_refer": "Snakk med NAV-veilederen.",
        "routes": ["nav"],
        "municipalities": [places["bodo"].pk],
        "phone": "",
        "email": "ams@bodo.example.no",
        "web": "",
        "capacity": "12",
        "is_open": "on",
    }
    data.update(overrides)
    return data


def test_a_keeper_saves_a_new_offer_from_the_form(client, world, places):
    client.force_login(world.counsellor)

    response = client.post(reverse("offer_new"), _posted(places, organisation=world.nav_office.pk))

    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("offer_detail", args=[offer.pk])
    assert (offer.organisation, offer.capacity, offer.routes) == (world.nav_office, 12, ["nav"])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"municipalities": []}, "Velg minst én kommune."),
        ({"capacity": "mange"}, "Skriv antall plasser som et helt tall."),
        ({"email": "ikke en adresse"}, "Skriv en gyldig e-postadresse"),
        ({"routes": []}, "Velg minst én vei inn til tilbudet."),
    ],
)
def test_the_form_answers_bad_input_in_norwegian_and_saves_nothing(
    client, world, places, overrides, message
):
    client.force_login(world.counsellor)

    response = client.post(
        reverse("offer_new"), _posted(places, organisation=world.nav_office.pk, **overrides)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Offer.objects.count() == 0


def test_a_keeper_cannot_choose_an_organisation_they_do_not_keep(client, world, places):
    client.force_login(world.counsellor)

    response = client.post(reverse("offer_new"), _posted(places, organisation=world.dps.pk))

    assert "Velg en tjeneste du holder tilbudene for." in response.content.decode()
    assert Offer.objects.count() == 0


def test_the_edit_form_closes_an_offer(client, world, places):
    offer = _offer(world.nav_office, [places["bodo"]])
    client.force_login(world.job_specialist)
    data = _posted(places, version=1, kind="ips", name="IPS Salten")
    del data["is_open"]

    response = client.post(reverse("offer_edit", args=[offer.pk]), data)

    offer.refresh_from_db()
    assert response.status_code == 302
    assert (offer.is_open, offer.version) == (False, 2)
    entry = ChangeLogEntry.objects.get(action="offer.changed")
    assert entry.actor == world.job_specialist


def test_a_keeper_without_participants_finds_the_offers_on_the_front_page(client, world):
    reviewer = staff_user(world.regional, Role.FIDELITY_REVIEWER)
    client.force_login(reviewer)

    page = client.get(reverse("home")).content.decode()

    assert f'<a href="{reverse("offer_manage")}">Tilbud vi holder</a>:' in page

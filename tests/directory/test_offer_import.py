"""Offers from a CSV file, all or nothing (los/directory/offer_import.py, docs/imports.md)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from los.access.models import ChangeLogEntry
from los.directory.models import Offer
from los.directory.offer_import import import_offers
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "organisasjonsnummer;type;navn;hvem_tilbudet_er_for;slik_kommer_du_i_kontakt;"
    "hvem_kan_henvise;kommunenummer;telefon;e_post;nettside;plasser;tar_imot_nye"
)


@pytest.fixture
def bodo(db):
    return MunicipalityFactory()  # 1804 Bodø, in NAV Bodø's county


def row(world, **changes):
    cells = {
        "organisasjonsnummer": world.nav_office.orgnr,
        "type": "ips",
        "navn": "IPS Salten",
        "hvem_tilbudet_er_for": "Alle som vil jobbe.",
        "slik_kommer_du_i_kontakt": "Snakk med NAV-veilederen.",
        "hvem_kan_henvise": "nav | Behandler i helsetjenesten",
        "kommunenummer": "1804",
        "telefon": "75 55 00 00",
        "e_post": "",
        "nettside": "",
        "plasser": "40",
        "tar_imot_nye": "ja",
    } | changes
    return ";".join(cells.values())


def test_every_row_becomes_an_offer_with_its_change_log(world, bodo):
    text = "\n".join([HEADER, row(world), row(world, navn="AMS Salten", type="ams")])

    result = import_offers(text, user=world.counsellor)

    assert (result.created, result.errors) == (2, [])
    ips = Offer.objects.get(name="IPS Salten")
    assert (ips.routes, ips.capacity, ips.is_open) == (["nav", "health"], 40, True)
    assert [m.number for m in ips.municipalities.all()] == ["1804"]
    assert (
        ChangeLogEntry.objects.filter(action="offer.created", actor=world.counsellor).count() == 2
    )


def test_one_bad_row_saves_nothing_and_every_error_is_said_by_row(world, bodo):
    text = "\n".join(
        [
            HEADER,
            row(world),
            row(world, navn="", type="kafe"),
            row(world, kommunenummer="9999", plasser="mange"),
        ]
    )

    result = import_offers(text, user=world.counsellor)

    assert result.created == 0 and not Offer.objects.exists()
    assert not ChangeLogEntry.objects.filter(action="offer.created").exists()
    assert "Rad 3: type: ukjent type tilbud «kafe»." in result.errors
    assert "Rad 4: kommunenummer: ukjent 9999." in result.errors
    assert "Rad 4: plasser: skriv et helt tall." in result.errors
    assert not any(error.startswith("Rad 2") for error in result.errors)


def test_an_organisation_the_user_does_not_keep_is_refused_by_row(world, bodo):
    text = "\n".join([HEADER, row(world, organisasjonsnummer=world.other_nav.orgnr)])

    result = import_offers(text, user=world.counsellor)

    assert result.errors == [
        f"Rad 2: organisasjonsnummer: ingen organisasjon du holder tilbud for har nummeret "
        f"{world.other_nav.orgnr}."
    ]


def test_a_file_without_the_needed_columns_is_refused_whole(world, bodo):
    result = import_offers("navn;telefon\nIPS;1", user=world.counsellor)

    assert result.errors == ["Filen mangler kolonnene: organisasjonsnummer, type, kommunenummer."]


def test_the_page_takes_a_file_and_says_what_to_correct(client, world, bodo):
    client.force_login(world.counsellor)
    bad = SimpleUploadedFile("tilbud.csv", "\n".join([HEADER, row(world, type="kafe")]).encode())

    refused = client.post(reverse("offer_import"), {"file": bad})
    good = SimpleUploadedFile("tilbud.csv", ("\ufeff" + "\n".join([HEADER, row(world)])).encode())
    accepted = client.post(reverse("offer_import"), {"file": good})

    assert refused.status_code == 422
    assert "Rad 2: type: ukjent type tilbud «kafe»." in refused.content.decode()
    assert accepted.status_code == 302 and Offer.objects.filter(name="IPS Salten").exists()


def test_a_file_that_is_not_utf8_is_said_plainly(client, world, bodo):
    client.force_login(world.counsellor)
    latin = SimpleUploadedFile(
        "tilbud.csv", "\n".join([HEADER, row(world, navn="Bodø")]).encode("latin-1")
    )

    response = client.post(reverse("offer_import"), {"file": latin})

    assert "Filen er ikke UTF-8" in response.content.decode()
    assert not Offer.objects.exists()


def test_who_may_not_keep_offers_gets_no_import(client, world):
    client.force_login(world.participant_user)

    assert client.get(reverse("offer_import")).status_code == 403

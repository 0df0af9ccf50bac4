"""«Last ned opplysningene mine» (los/participants/my_data.py, docs/my-data.md): what the
participant's own pages show them, in one JSON file, and no more; the download is logged."""

import json

import pytest
from django.urls import reverse

from los.access.audit import WHAT_MY_DATA
from los.access.models import AccessLogEntry
from los.followup.models import ContactNote

pytestmark = pytest.mark.django_db


def download(client):
    response = client.get(reverse("my_data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mine-opplysninger-los.json"'
    return json.loads(response.content)


def test_sara_downloads_what_her_pages_show_her(client, world):
    client.force_login(world.counsellor)
    client.get(reverse("participant_detail", args=[world.participant.public_id]))
    client.force_login(world.participant_user)

    data = download(client)

    assert data["format"] == "los-mine-opplysninger/1"
    assert (data["deg"]["fornavn"], data["deg"]["fødselsnummer"]) == (
        "Sara",
        world.participant.national_id,
    )
    goals = [goal["tekst"] for goal in data["planen"]["mål"] if goal["tekst"]]
    assert world.goal.text in goals
    [thread] = [t for t in data["dialog"] if t["emne"] == world.thread.subject]
    assert [m["tekst"] for m in thread["meldinger"]] == list(
        world.thread.messages.order_by("sent_at", "pk").values_list("text", flat=True)
    )
    assert {m["organisasjon"] for m in data["teamet"]} >= {"NAV Bodø"}
    looked = data["hvem_har_sett_opplysningene_dine"]
    assert {(e["hvem"], e["organisasjon"]) for e in looked} == {("Kari Veileder", "NAV Bodø")}


def test_the_download_holds_only_notes_shared_with_her(client, world):
    client.force_login(world.participant_user)
    shared = set(
        ContactNote.objects.filter(
            participant=world.participant, shared_with_participant=True
        ).values_list("text", flat=True)
    )
    internal = set(
        ContactNote.objects.filter(
            participant=world.participant, shared_with_participant=False
        ).values_list("text", flat=True)
    )

    texts = {note["tekst"] for note in download(client)["referater"]}

    assert internal, "the world has notes the team keeps to itself"
    assert texts == shared and not texts & internal


def test_the_download_is_in_her_access_log_but_not_in_what_she_is_shown(client, world):
    client.force_login(world.participant_user)

    download(client)

    assert AccessLogEntry.objects.filter(
        user=world.participant_user, participant=world.participant, what=WHAT_MY_DATA
    ).exists()
    shown = download(client)["hvem_har_sett_opplysningene_dine"]
    assert all(entry["hva"] != WHAT_MY_DATA for entry in shown)


def test_staff_have_no_download(client, world):
    client.force_login(world.counsellor)

    assert client.get(reverse("my_data_download")).status_code == 404


def test_min_side_links_to_the_download(client, world):
    client.force_login(world.participant_user)

    assert reverse("my_data_download") in client.get(reverse("my_page")).content.decode()

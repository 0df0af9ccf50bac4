"""Contact notes: who reads which note, the participant's view, and notes that cannot be
silently changed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from los.access.models import AccessLogEntry, Basis, ChangeLogEntry
from los.access.policy import load_access
from los.core.vocabulary import Category, Role
from los.followup import services
from los.followup.models import ContactNote, NoteAddendum
from los.participants.models import Consent
from tests.factories import give_consent, header_count_known

pytestmark = pytest.mark.django_db


def _list(client, world):
    return client.get(reverse("notes", args=[world.participant.public_id]))


def _detail_url(world, note):
    return reverse("note_detail", args=[world.participant.public_id, note.pk])


def test_gp_without_consent_sees_neither_nav_notes_nor_the_dps_clinical_notes(client, world):
    client.force_login(world.gp)

    listing = _list(client, world)

    assert list(listing.context["notes"]) == []
    for note in (world.nav_note, world.clinical_note):
        assert note.text not in listing.content.decode()
        assert client.get(_detail_url(world, note)).status_code == 404


def test_with_consent_the_gp_reads_the_dps_clinical_note_and_the_log_says_so(client, world):
    consent = give_consent(
        world.participant, world.gp_practice, Category.CLINICAL_NOTES, world.therapist
    )
    client.force_login(world.gp)

    response = client.get(_detail_url(world, world.clinical_note))

    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(what="samtalereferat", category=Category.CLINICAL_NOTES)
    assert (entry.user, entry.basis, entry.consent) == (world.gp, Basis.CONSENT, consent)


def test_health_personnel_write_and_read_their_own_clinical_notes(client, world):
    access = load_access(world.gp, world.participant)
    note = services.note_write(
        access=access, category=Category.CLINICAL_NOTES, channel="in_person",
        contact_date=datetime.date(2026, 11, 1), text="Legetime.", shared_with_participant=False,
    )  # fmt: skip
    client.force_login(world.gp)

    assert [n.pk for n in _list(client, world).context["notes"]] == [note.pk]
    client.force_login(world.therapist)
    assert note.pk not in [n.pk for n in _list(client, world).context["notes"]]


def test_counsellor_reads_clinical_notes_only_while_consent_lasts(client, world):
    client.force_login(world.counsellor)
    assert client.get(_detail_url(world, world.clinical_note)).status_code == 404

    consent = give_consent(
        world.participant, world.nav_office, Category.CLINICAL_NOTES, world.counsellor
    )
    assert client.get(_detail_url(world, world.clinical_note)).status_code == 200

    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    assert client.get(_detail_url(world, world.clinical_note)).status_code == 404
    assert world.clinical_note.text not in _list(client, world).content.decode()


def test_participant_reads_only_what_was_shared(client, world):
    client.force_login(world.participant_user)

    listing = _list(client, world)

    assert [n.pk for n in listing.context["notes"]] == [world.nav_note.pk]
    assert client.get(_detail_url(world, world.clinical_note)).status_code == 404


def test_therapist_shares_a_note_and_the_participant_can_read_it(client, world):
    client.force_login(world.therapist)
    client.post(reverse("note_share", args=[world.participant.public_id, world.clinical_note.pk]))
    client.force_login(world.participant_user)

    response = client.get(_detail_url(world, world.clinical_note))

    assert response.status_code == 200
    assert world.clinical_note.text in response.content.decode()


def test_a_note_is_never_changed_only_added_to(client, world):
    client.force_login(world.counsellor)

    client.post(
        reverse("note_addendum", args=[world.participant.public_id, world.nav_note.pk]),
        {"text": "Rettelse: det var AAP, ikke sykepenger."},
    )

    world.nav_note.refresh_from_db()
    assert world.nav_note.text == "Snakket om arbeidsevne og AAP."
    assert list(world.nav_note.addenda.values_list("text", "author")) == [
        ("Rettelse: det var AAP, ikke sykepenger.", world.counsellor.pk)
    ]
    page = client.get(_detail_url(world, world.nav_note)).content.decode()
    assert "Tillegg fra Kari Veileder" in page


def test_sharing_twice_is_refused_with_a_message(client, world):
    client.force_login(world.counsellor)
    before = ChangeLogEntry.objects.count()

    response = client.post(
        reverse("note_share", args=[world.participant.public_id, world.nav_note.pk]), follow=True
    )

    assert "Referatet er allerede delt med deltakeren." in response.content.decode()
    assert ChangeLogEntry.objects.count() == before


def test_counsellor_writes_a_nav_note_with_role_and_office(client, world):
    client.force_login(world.counsellor)

    response = client.post(
        reverse("note_new", args=[world.participant.public_id]),
        {
            "category": "nav_case_notes",
            "channel": "phone",
            "contact_date": timezone.localdate().isoformat(),
            "text": "Ringte om møtet neste uke.",
            "shared_with_participant": "no",
        },
    )

    note = ContactNote.objects.get(text="Ringte om møtet neste uke.")
    assert response.status_code == 302
    assert (note.author_role, note.author_organisation, note.shared_with_participant) == (
        Role.COUNSELLOR,
        world.nav_office,
        False,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"category": "clinical_notes"}, "category",
         "Velg et gyldig valg. clinical_notes er ikke et av de tilgjengelige valgene."),
        ({"shared_with_participant": ""}, "shared_with_participant", "Feltet er påkrevet."),
        ({"text": "  "}, "text", "Feltet er påkrevet."),
        ({"text": "x" * 10_001}, "text",
         "Sørg for at denne verdien har 10000 eller færre tegn (den har nå 10001)."),
        ({"contact_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
         "contact_date", "Samtalen kan ikke være fram i tid."),
        ({"channel": "telepati"}, "channel",
         "Velg et gyldig valg. telepati er ikke et av de tilgjengelige valgene."),
    ],
)  # fmt: skip
def test_bad_note_input_is_refused_and_nothing_is_saved(client, world, changes, field, message):
    client.force_login(world.counsellor)
    data = {
        "category": "nav_case_notes",
        "channel": "phone",
        "contact_date": timezone.localdate().isoformat(),
        "text": "Tekst",
        "shared_with_participant": "no",
    } | changes
    before = (ContactNote.objects.count(), ChangeLogEntry.objects.count())

    response = client.post(reverse("note_new", args=[world.participant.public_id]), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert (ContactNote.objects.count(), ChangeLogEntry.objects.count()) == before


@pytest.mark.parametrize("size", [1, 50])
def test_note_list_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries, size):
    for number in range(size - 1):
        note = ContactNote.objects.create(
            participant=world.participant,
            category=Category.NAV_CASE_NOTES,
            channel="phone",
            contact_date=datetime.date(2026, 9, 1),
            text=f"Notat {number}",
            shared_with_participant=False,
            author=world.counsellor,
            author_role=Role.COUNSELLOR,
            author_organisation=world.nav_office,
        )
        NoteAddendum.objects.create(note=note, text="Tillegg", author=world.counsellor)
    client.force_login(world.counsellor)
    header_count_known(world.counsellor)

    with django_assert_num_queries(NOTE_LIST_QUERIES):
        response = _list(client, world)

    assert len(response.context["notes"]) == size


NOTE_LIST_QUERIES = 15

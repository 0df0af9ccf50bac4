"""Every refused attempt on a participant is logged: the 404 an outsider gets, and the 403
a team member gets for a category or an action. The outsider's answer stays the same 404."""

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from los.access.models import Refusal, RefusalLogEntry
from los.core.vocabulary import Category, Role

pytestmark = pytest.mark.django_db


def _without_request_details(html: str) -> str:
    """The page with what differs between any two requests left out: the asked id, the
    CSRF token and the CSP nonce."""
    html = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID", html)
    return re.sub(r'nonce="[^"]*"', "", re.sub(r'value="[A-Za-z0-9]{64}"', "", html))


def test_an_outsider_is_logged_with_the_participant_and_gets_the_same_404(client, world):
    client.force_login(world.outsider)
    before = timezone.now()

    hidden = client.get(reverse("participant_detail", args=[world.participant.public_id]))
    missing = client.get(reverse("participant_detail", args=[uuid.uuid4()]))

    assert (hidden.status_code, missing.status_code) == (404, 404)
    pages = [_without_request_details(r.content.decode()) for r in (hidden, missing)]
    assert pages[0] == pages[1]
    entries = list(RefusalLogEntry.objects.order_by("pk"))
    assert [(e.participant, e.refusal, e.view) for e in entries] == [
        (world.participant, Refusal.HIDDEN, "participant_detail"),
        (None, Refusal.HIDDEN, "participant_detail"),
    ]
    first = entries[0]
    assert (first.user, first.user_name, first.role, first.organisation_name) == (
        world.outsider,
        "Ute Utenfor",
        Role.COUNSELLOR,
        "NAV Tromsø",
    )
    assert before <= first.refused_at <= timezone.now()


def test_a_team_member_refused_a_category_is_logged_with_role_and_category(client, world):
    client.force_login(world.gp)

    response = client.get(reverse("pathway", args=[world.participant.public_id]))

    assert response.status_code == 403
    entry = RefusalLogEntry.objects.get()
    assert (entry.user, entry.participant, entry.role, entry.organisation) == (
        world.gp,
        world.participant,
        Role.GP,
        world.gp_practice,
    )
    assert (entry.view, entry.category, entry.refusal) == (
        "pathway",
        Category.EMPLOYMENT,
        Refusal.FORBIDDEN,
    )


def test_a_refused_action_is_logged(client, world):
    client.force_login(world.employer_contact)

    response = client.post(reverse("team_add", args=[world.participant.public_id]), {})

    assert response.status_code == 403
    entry = RefusalLogEntry.objects.get()
    assert (entry.participant, entry.role, entry.view) == (
        world.participant,
        Role.EMPLOYER_CONTACT,
        "team_add",
    )


def test_an_allowed_read_logs_no_refusal(client, world):
    client.force_login(world.counsellor)

    client.get(reverse("participant_detail", args=[world.participant.public_id]))

    assert not RefusalLogEntry.objects.exists()


def test_care_roles_and_the_participant_see_the_refusals_the_employer_does_not(client, world):
    client.force_login(world.outsider)
    client.get(reverse("participant_detail", args=[world.participant.public_id]))

    client.force_login(world.counsellor)
    staff_page = client.get(reverse("access_log", args=[world.participant.public_id]))
    client.force_login(world.participant_user)
    own_page = client.get(reverse("access_log", args=[world.participant.public_id]))
    client.force_login(world.employer_contact)
    employer_page = client.get(reverse("access_log", args=[world.participant.public_id]))

    assert "Forsøk som ble avvist" in staff_page.content.decode()
    assert "Ute Utenfor" in staff_page.content.decode()
    assert "Ute Utenfor" in own_page.content.decode()
    assert "fikk ikke tilgang" in own_page.content.decode()
    assert employer_page.status_code == 403


def test_the_admin_lists_refusals_read_only_and_without_names(client, world):
    client.force_login(world.outsider)
    client.get(reverse("participant_detail", args=[world.participant.public_id]))
    entry = RefusalLogEntry.objects.get()
    client.force_login(world.admin)

    listing = client.get("/admin/access/refusallogentry/")
    change = client.get(f"/admin/access/refusallogentry/{entry.pk}/change/")
    edit = client.post(f"/admin/access/refusallogentry/{entry.pk}/change/", {"view": "x"})
    delete = client.post(f"/admin/access/refusallogentry/{entry.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200
    assert "Ute Utenfor" in listing.content.decode()
    assert "Sara" not in listing.content.decode() + change.content.decode()
    assert str(world.participant.public_id) not in listing.content.decode()
    assert edit.status_code == 403
    assert delete.status_code == 403
    assert RefusalLogEntry.objects.get().view == "participant_detail"
    assert client.get("/admin/access/refusallogentry/add/").status_code == 403


def test_a_participant_refused_on_their_own_record_is_stored_without_a_name(client, world):
    client.force_login(world.participant_user)

    response = client.post(reverse("team_add", args=[world.participant.public_id]), {})

    assert response.status_code == 403
    entry = RefusalLogEntry.objects.get()
    assert (entry.user, entry.participant, entry.user_name) == (
        world.participant_user,
        world.participant,
        "",
    )
    client.force_login(world.counsellor)
    staff_page = client.get(reverse("access_log", args=[world.participant.public_id]))
    assert "deltakeren selv" in staff_page.content.decode()


def test_the_admin_leaves_out_the_refusals_of_participants(client, world):
    client.force_login(world.participant_user)
    client.post(reverse("team_add", args=[world.participant.public_id]), {})
    client.force_login(world.outsider)
    client.get(reverse("participant_detail", args=[world.participant.public_id]))
    client.force_login(world.admin)

    listing = client.get("/admin/access/refusallogentry/").content.decode()
    own = RefusalLogEntry.objects.get(user=world.participant_user)
    change = client.get(f"/admin/access/refusallogentry/{own.pk}/change/")

    assert "Ute Utenfor" in listing
    assert world.participant_user.display_name not in listing
    assert change.status_code in (302, 404)


def test_the_care_roles_read_refusals_in_plain_words_without_http_codes(client, world):
    client.force_login(world.outsider)
    client.get(reverse("participant_detail", args=[world.participant.public_id]))
    client.force_login(world.gp)
    client.get(reverse("pathway", args=[world.participant.public_id]))

    client.force_login(world.counsellor)
    page = client.get(reverse("access_log", args=[world.participant.public_id])).content.decode()

    # Only the words on the page: a participant's id in a link may hold the digits 404.
    words = re.sub(r"<[^>]*>", " ", page)
    assert "var ikke med i teamet" in words
    assert "hadde ikke tilgang til denne delen" in words
    assert not re.search(r"\b40[34]\b", words)


def test_the_participant_reads_another_participants_refusal_without_a_name(client, world):
    client.force_login(world.other_participant_user)
    client.get(reverse("participant_detail", args=[world.participant.public_id]))
    client.force_login(world.participant_user)

    page = client.get(reverse("access_log", args=[world.participant.public_id])).content.decode()

    assert "En annen deltaker prøvde å se opplysninger om deg" in page
    assert "Omar" not in page

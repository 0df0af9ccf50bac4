"""Hostile and malformed values in the directory's and the referrals' forms, addresses and
query parameters: a page with an error, a 404 or a redirect, never a server error, and
nothing changes."""

import pytest
from django.urls import reverse

from los.access.models import ChangeLogEntry
from los.directory.models import Offer, Referral
from tests.web.test_hostile_input import HOSTILE_VALUES
from tests.web.test_permission_matrix import _offer, _referral

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
OFFER_FIELDS = [
    "organisation", "kind", "name", "target_group", "how_to_refer", "routes",
    "municipalities", "phone", "email", "web", "capacity", "is_open", "reads", "version",
]  # fmt: skip


def _forms(world):
    return {
        "offer_new": (world.counsellor, reverse("offer_new"), OFFER_FIELDS),
        "offer_edit": (
            world.counsellor,
            reverse("offer_edit", args=[_offer(world).pk]),
            OFFER_FIELDS,
        ),
        "referral_new": (
            world.counsellor,
            reverse("referral_new", args=[world.participant.public_id]),
            ["offer", "reason", "legal_basis"],
        ),
        "referral_answer": (
            world.outsider,
            reverse("referral_answer", args=[_referral(world).pk]),
            ["answer", "staff", "start_date", "decline_reason"],
        ),
    }


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("name", ["offer_new", "offer_edit", "referral_new", "referral_answer"])
def test_hostile_values_in_every_field_give_no_server_error(client, world, name, value):
    user, url, fields = _forms(world)[name]
    client.force_login(user)
    changes_before = ChangeLogEntry.objects.count()
    offers_before, referrals_before = Offer.objects.count(), Referral.objects.count()

    response = client.post(url, dict.fromkeys(fields, value))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert ChangeLogEntry.objects.count() == changes_before
    assert (Offer.objects.count(), Referral.objects.count()) == (offers_before, referrals_before)


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("parameter", ["kommune", "behov", "side"])
def test_hostile_search_parameters_give_no_server_error(client, world, parameter, value):
    response = client.get(reverse("offer_list"), {parameter: value})

    assert response.status_code == 200


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_hostile_chosen_offer_gives_no_server_error(client, world, value):
    client.force_login(world.counsellor)

    response = client.get(
        reverse("referral_new", args=[world.participant.public_id]), {"tilbud": value}
    )

    assert response.status_code == 200
    assert response.context["chosen"] is None


@pytest.mark.parametrize(
    "path",
    [
        f"/tilbud/{HUGE}/",
        f"/tilbud/{HUGE}/endre/",
        f"/henvisninger/{HUGE}/",
        "/tilbud/0/",
    ],
)
def test_unknown_objects_in_the_address_give_not_found(client, world, path):
    client.force_login(world.county_coordinator)

    assert client.get(path).status_code == 404


def test_withdrawing_an_unknown_referral_changes_nothing(client, world):
    client.force_login(world.counsellor)

    response = client.post(
        f"/deltakere/{world.participant.public_id}/henvisninger/{HUGE}/trekk-tilbake/"
    )

    assert response.status_code in {302, 403, 404}
    assert ChangeLogEntry.objects.count() == 0

"""The demo has a full directory for Nordland and a referral waiting for an answer."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from los.accounts.models import User
from los.demo.demo_data import load_demo_data
from los.directory.demo import load_demo_directory
from los.directory.kinds import OfferKind
from los.directory.models import Offer, Referral
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.django_db


def test_the_demo_directory_for_nordland(client):
    load_demo_data()

    nordland = Offer.objects.filter(organisation__county__number="18")
    assert set(nordland.values_list("kind", flat=True)) == set(OfferKind.values)
    assert load_demo_directory(users={}, organisations={}, sara=None, jonas=None, today=None) == 0

    page = client.get(reverse("offer_list"), {"kommune": "1804"})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 16
    ips = Offer.objects.get(name__startswith="IPS Bodø")
    assert (
        "15 dager fra henvisning til oppstart"
        in client.get(reverse("offer_detail", args=[ips.pk])).content.decode()
    )


def test_a_demo_referral_waits_for_an_answer_and_is_flagged(client):
    load_demo_data()
    receiver = User.objects.get(email="los@demo.los.no")
    TOTP.activate(receiver, TOTP_SECRET)
    client.force_login(receiver)

    page = client.get(reverse("referral_inbox"))

    waiting = Referral.objects.get(state="sent")
    assert waiting.participant.first_name == "Jonas"
    assert [r.pk for r in page.context["rows"]] == [waiting.pk]
    assert "Ikke besvart i tide" in page.content.decode()

"""Every error a user can meet is a page of Los's own, in Norwegian and in the site's look,
and says only what we know about what happened to what they sent."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from los.followup.models import Message

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _reply_url(world):
    return reverse("thread_detail", args=[world.participant.public_id, world.thread.pk])


def _assert_los_page(response):
    page = _text(response)
    assert '<html lang="nb">' in page
    assert "<h1>" in page and "<main" in page
    assert "vendor/aksel.css" in page
    for english in ["Bad Request", "Forbidden", "Server Error", "DEBUG", "CSRF", "Not Found"]:
        assert english not in page
    return page


def test_a_too_large_post_says_it_was_too_large_and_not_saved(client, world):
    client.force_login(world.participant_user)
    before = Message.objects.count()

    response = client.post(_reply_url(world), {"text": "x" * 3 * 1024 * 1024})

    assert response.status_code == 413
    page = _assert_los_page(response)
    assert "Det du sendte var for stort" in page
    assert "ingenting av det du sendte er lagret" in page
    assert Message.objects.count() == before


def test_a_form_without_its_csrf_token_explains_in_norwegian_what_to_do(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.participant_user)
    before = Message.objects.count()

    response = client.post(_reply_url(world), {"text": "Hei"})

    assert response.status_code == 403
    page = _assert_los_page(response)
    assert "Skjemaet kunne ikke sendes" in page
    assert "Ingenting av det du sendte er lagret." in page
    assert "informasjonskapsler" in page
    assert "Last inn skjemasiden på nytt" in page
    assert Message.objects.count() == before
    # The page sets a fresh token, so reloading the form and sending it again works.
    assert settings.CSRF_COOKIE_NAME in response.cookies


def test_a_bad_request_gets_a_norwegian_page(client):
    response = client.get("/", HTTP_HOST="ikke-los.example")

    assert response.status_code == 400
    page = _assert_los_page(response)
    assert "Los forsto ikke forespørselen" in page


def test_a_button_address_opened_as_a_link_gets_a_page_not_a_blank_405(client, world):
    client.force_login(world.counsellor)

    response = client.get(reverse("saved_filter_delete", args=[world.saved_filter.pk]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = _assert_los_page(response)
    assert "Denne adressen kan ikke åpnes slik" in page
    assert "Ingenting er endret." in page


def test_an_unknown_address_and_a_refused_page_are_norwegian(client, world):
    client.force_login(world.employer_contact)  # on the team, read only

    missing = client.get("/finnes-ikke/")
    refused = client.get(reverse("thread_new", args=[world.participant.public_id]))

    assert missing.status_code == 404
    assert "Fant ikke siden" in _assert_los_page(missing)
    assert refused.status_code == 403
    assert "Du har ikke tilgang til dette" in _assert_los_page(refused)


@pytest.mark.urls("tests.web.error_urls")
def test_a_server_error_does_not_claim_nothing_was_saved(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.participant_user)

    response = client.get("/feil/")

    assert response.status_code == 500
    page = _assert_los_page(response)
    assert "Vi vet ikke om det du gjorde ble lagret." in page
    assert "Se etter før du prøver igjen" in page
    assert "ble ikke lagret" not in page


def test_the_500_page_needs_no_database():
    server_error = get_resolver().resolve_error_handler(500)  # the one los/urls.py sets
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)

    assert response.status_code == 500
    assert "Vi vet ikke om det du gjorde ble lagret." in _text(response)
    assert len(queries) == 0

"""No browser or proxy may keep a copy of what Los shows: every page, PDF, calendar file and
FHIR download is sent with Cache-Control: no-store, and so are the login pages. Static files
keep their caching."""

import pytest
from django.urls import reverse

from los.access.policy import load_access
from los.measures import services
from los.measures.models import Instrument
from los.measures.shipped import install_shipped_instruments

pytestmark = pytest.mark.django_db


def _assert_no_store(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives, response["Cache-Control"]


def test_the_participant_own_pages_are_not_stored(client, world):
    client.force_login(world.participant_user)
    for url in [
        reverse("my_page"),
        reverse("plan", args=[world.participant.public_id]),
        reverse("dialogue", args=[world.participant.public_id]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_store(response)


def test_staff_pages_and_downloads_are_not_stored(client, world):
    install_shipped_instruments(Instrument)
    phq9 = Instrument.objects.get(code="phq-9")
    answered = services.response_save(
        access=load_access(world.therapist, world.participant),
        instrument=phq9,
        answers={str(n): "1" for n in range(1, 10)},
        submit=True,
    )
    public_id = world.participant.public_id
    client.force_login(world.therapist)
    for url, content_type in [
        (reverse("participant_list"), "text/html"),
        (reverse("participant_detail", args=[public_id]), "text/html"),
        (reverse("plan_pdf", args=[public_id]), "application/pdf"),
        (reverse("meeting_calendar", args=[public_id, world.meeting.pk]), "text/calendar"),
        (reverse("response_fhir", args=[public_id, answered.pk]), "application/fhir+json"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(content_type), url
        _assert_no_store(response)


def test_redirects_and_error_pages_of_a_logged_in_user_are_not_stored(client, world):
    client.force_login(world.counsellor)

    _assert_no_store(client.get(reverse("home")))
    _assert_no_store(client.get("/finnes-ikke/"))


def test_the_login_pages_are_not_stored(client, world):
    _assert_no_store(client.get(reverse("account_login")))
    response = client.post(
        reverse("account_login"), {"login": world.counsellor.email, "password": "feil"}
    )
    _assert_no_store(response)


def test_static_files_keep_their_caching(client):
    response = client.get("/static/los/los.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]


def test_report_pages_and_downloads_are_not_stored(client, report_world):
    client.force_login(report_world.users["fylke"])
    period = f"?periode={report_world.period.code}"
    county = {"level": "county", "code": "18"}
    for url in [
        reverse("results_home"),
        reverse("results", kwargs=county) + period,
        reverse("results_csv", kwargs=county) + period,
        reverse("results_xlsx", kwargs=county) + period,
        reverse("results_pdf", kwargs=county) + period,
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_store(response)

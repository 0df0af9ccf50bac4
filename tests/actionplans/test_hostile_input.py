"""Hostile and malformed values in every field of the report form, in its query and in the
addresses: the answer is a page with an error (or a 404), never a server error, and nothing
is saved."""

import pytest
from django.urls import reverse

from los.access.models import ChangeLogEntry
from los.actionplans.models import MeasureReport
from los.core.text import clean_text

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "\x00",
    "x" * 10_000,
    "9" * 60,
    "99999999999999999999999999",
    "-1",
    "'; DROP TABLE actionplans_measurereport; --",
    "<script>alert(1)</script>",
    "\u202eevil",
    "1e9",
    "NaN",
    "2,5,5",
]
FIELDS = ["version", "status", "nok", "staff_years", "places", "results"]
VALID = {
    "version": "0", "status": "in_progress", "nok": "1 250 000", "staff_years": "2,5",
    "places": "40", "results": "Sju piloter i gang.",
}  # fmt: skip


def _form_url(query: str) -> str:
    return reverse("measure_report", args=["2013-2016", "10"]) + query


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("field", FIELDS)
def test_a_hostile_value_in_any_field_is_refused_and_saves_nothing(client, people, field, value):
    client.force_login(people.programme_manager)
    data = VALID | {field: value}

    response = client.post(_form_url("?periode=2014"), data)

    if response.status_code == 302:
        # Saved only what is harmless: a text in the results, cleaned, or nothing at all
        # where only invisible characters were typed in an optional figure.
        report = MeasureReport.objects.get()
        if field == "results":
            assert report.results == clean_text(value, multiline=True).strip()
        else:
            assert (value, getattr(report, field)) == ("\x00", None), field
        return
    assert response.status_code == 200
    assert not MeasureReport.objects.exists()
    assert not ChangeLogEntry.objects.exists()


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("parameter", ["periode", "fylke"])
def test_a_hostile_query_asks_again_which_report(client, people, parameter, value):
    # The Nordland coordinator, who must name a county (the programme manager may leave it
    # empty for the whole measure, and «\x00» is cleaned to empty).
    client.force_login(people.nordland_coordinator)
    query = {"periode": "2014", "fylke": "18"} | {parameter: value}

    get = client.get(_form_url(""), query)
    post = client.post(_form_url("?" + "&".join(f"{k}={v}" for k, v in query.items())), VALID)

    assert get.status_code == 200
    assert post.status_code in {200, 400}
    assert not MeasureReport.objects.exists()


@pytest.mark.parametrize("value", ["\x00", "x" * 300, "%00", "1.a/../10", "ø"])
def test_a_hostile_measure_number_or_year_is_not_found(client, people, value):
    client.force_login(people.programme_manager)

    measure = client.get(f"/tiltak/2013-2016/{value}/")
    year = client.get(reverse("actionplan_measures", args=["2013-2016"]), {"aar": value})

    assert measure.status_code == 404
    assert year.status_code == 200


def test_a_year_of_the_wrong_size_is_not_found(client, people):
    client.force_login(people.programme_manager)

    for year in (0, 99999999999999999999):
        assert client.get(f"/tiltak/2013-2016/arsrapport/{year}/").status_code == 404

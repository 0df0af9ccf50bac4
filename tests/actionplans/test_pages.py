"""The pages: the measures with their status for a year, a measure with its reports and
history, the report form (Norwegian numbers in, clear errors out, a stale edit refused with
the text kept), the yearly report as a page and a tagged PDF, and fixed query counts."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from los.actionplans import services
from los.actionplans.models import MeasureReport, PlanMeasure
from los.actionplans.periods import parse_period
from tests.factories import count_queries

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _report_url(measure, period="2014", county=None) -> str:
    query = f"?periode={period}" + (f"&fylke={county.number}" if county else "")
    return reverse("measure_report", args=[measure.plan.code, measure.number]) + query


def _save(user, measure, period="2014", county=None, **changes):
    values = {
        "status": "in_progress", "nok": 1_250_000, "staff_years": Decimal("2.5"),
        "places": 40, "results": "Sju piloter i gang.",
    }  # fmt: skip
    values.update(changes)
    current = MeasureReport.objects.filter(
        measure=measure, year=parse_period(period).year, half=parse_period(period).half,
        county=county,
    ).first()  # fmt: skip
    return services.report_save(
        user=user, measure=measure, period=parse_period(period), county=county,
        version=current.version if current else 0, **values,
    )  # fmt: skip


def _form(**changes):
    data = {
        "version": "0", "status": "in_progress", "nok": "1 250 000", "staff_years": "2,5",
        "places": "40", "results": "Sju piloter i gang.",
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_programme_manager_reports_with_norwegian_numbers(client, people, ips):
    client.force_login(people.programme_manager)

    response = client.post(
        _report_url(ips), _form(nok="kr 1.250.000,-", staff_years=" 2,5 ", places="1 200")
    )

    assert response.status_code == 302
    assert (
        response["Location"] == reverse("measure_detail", args=["2013-2016", "10"]) + "#rapporter"
    )
    report = MeasureReport.objects.get()
    assert (report.nok, report.staff_years, report.places) == (1_250_000, Decimal("2.5"), 1200)
    page = _text(client.get(reverse("measure_detail", args=["2013-2016", "10"])))
    assert "1 250 000 kr" in page and "2,5" in page and "1 200" in page
    assert "Hege Vik skrev rapporten for 2014 (hele tiltaket)" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nok", "-5 000", "Beløpet kan ikke være negativt."),
        ("nok", "1 250 000,50", "Skriv beløpet i hele kroner med sifre, for eksempel 1 250 000."),
        ("nok", "en million", "Skriv beløpet i hele kroner med sifre, for eksempel 1 250 000."),
        ("staff_years", "2,55", "Skriv årsverk med høyst én desimal, for eksempel 2,5."),
        ("staff_years", "to", "Skriv årsverk som et tall, for eksempel 2,5."),
        ("staff_years", "-1", "Årsverk kan ikke være negativt."),
        ("places", "12,5", "Skriv et helt tall med sifre, for eksempel 12."),
        ("places", "-1", "Antall plasser kan ikke være negativt."),
        ("results", "", "Skriv kort hva som er gjort og oppnådd i perioden."),
    ],
)
def test_a_bad_figure_is_shown_with_its_reason_and_what_was_typed_is_kept(
    client, people, ips, field, value, message
):
    client.force_login(people.programme_manager)

    response = client.post(_report_url(ips), _form(results="Min tekst.") | {field: value})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Min tekst." in page or field == "results"
    assert not MeasureReport.objects.exists()


def test_an_edit_on_a_stale_page_is_refused_showing_what_is_stored_and_keeping_the_text(
    client, people, ips
):
    _save(people.programme_manager, ips, nok=1_300_000)  # version 1, opened by both
    _save(people.programme_manager, ips, nok=1_400_000)  # version 2, saved by someone else
    client.force_login(people.programme_manager)

    response = client.post(_report_url(ips), _form(version="1", results="Min nye tekst."))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Noen andre har endret dette siden du åpnet skjemaet." in page
    assert "Slik er rapporten lagret nå" in page and "1 400 000 kr" in _text(response)
    assert "Min nye tekst." in page
    assert MeasureReport.objects.get().nok == 1_400_000
    # Sent again from the page now shown, the edit goes through against version 2.
    assert 'name="version" value="2"' in page
    again = client.post(_report_url(ips), _form(version="2", results="Min nye tekst."))
    assert again.status_code == 302
    assert MeasureReport.objects.get().results == "Min nye tekst."


def test_the_form_opens_with_the_stored_report(client, people, ips):
    _save(people.nordland_coordinator, ips, county=people.nordland, staff_years=Decimal("2.0"))
    client.force_login(people.nordland_coordinator)

    page = client.get(_report_url(ips, county=people.nordland)).content.decode()

    assert 'name="version" value="1"' in page
    assert 'value="1\u00a0250\u00a0000"' in page and 'name="staff_years" value="2"' in page
    assert "Denne rapporten gjelder delen av tiltaket i Nordland." in page


def test_without_a_period_the_page_asks_which_report(client, people, ips):
    client.force_login(people.nordland_coordinator)

    page = _text(client.get(reverse("measure_report", args=["2013-2016", "10"])))

    assert "Periode" in page and "Del av tiltaket" in page and "Nordland" in page
    assert "Hele tiltaket" not in page and "Troms" not in page


def test_a_period_that_cannot_be_reported_is_a_form_error(client, people, ips):
    client.force_login(people.programme_manager)

    response = client.get(_report_url(ips, period="2012"))

    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()


def test_a_report_form_posted_without_its_period_saves_nothing(client, people, ips):
    client.force_login(people.programme_manager)

    response = client.post(reverse("measure_report", args=["2013-2016", "10"]), _form())

    assert response.status_code == 400
    assert not MeasureReport.objects.exists()


def test_the_measure_list_shows_the_status_for_the_year_asked_for(client, people, ips):
    _save(people.programme_manager, ips, status="completed")
    _save(people.programme_manager, ips, period="2015", status="discontinued", results="Slutt.")
    _save(people.troms_coordinator, ips, county=people.troms, period="2014H1")
    client.force_login(people.regional_advisor)
    url = reverse("actionplan_measures", args=["2013-2016"])

    latest, earlier = _text(client.get(url)), _text(client.get(url + "?aar=2014"))

    assert "Status 2015" in latest and "avviklet" in latest
    assert "Status 2014" in earlier and "gjennomført" in earlier and "1 fylke" in earlier
    assert "Individuell jobbstøtte (IPS)" in earlier and "Arbeidsgiverlos" in earlier
    # An unknown year falls back to the latest year reported on.
    assert "Status 2015" in _text(client.get(url + "?aar=1999"))
    assert "Status 2015" in _text(client.get(url + "?aar=tjue"))


def test_the_plan_list_names_both_plans_and_their_sources(client, people):
    client.force_login(people.troms_coordinator)

    page = _text(client.get(reverse("actionplan_list")))

    assert "Oppfølgingsplan for arbeid og psykisk helse (2013–2016)" in page
    assert "Strategiplan for arbeid og psykisk helse (2007–2012)" in page
    assert "Arbeids- og inkluderingsdepartementet og Helse- og omsorgsdepartementet (2007)" in page


def test_the_main_navigation_links_to_the_measures_for_those_who_read_them(client, people):
    link = f'href="{reverse("actionplan_list")}">Tiltak i planene'
    shown = []
    for user in (people.programme_manager, people.nordland_coordinator, people.regional_advisor,
                 people.counsellor):  # fmt: skip
        client.force_login(user)
        shown.append(link in client.get(reverse("mfa_index")).content.decode())

    assert shown == [True, True, True, False]


def test_the_yearly_report_page(client, people, ips):
    _save(people.programme_manager, ips, status="completed", results="Alle sju piloter evaluert.")
    _save(people.nordland_coordinator, ips, county=people.nordland, nok=90_000, places=None)
    client.force_login(people.programme_manager)

    page = _text(client.get(reverse("yearly_report", args=["2013-2016", 2014])))

    assert "Årsrapport 2014: Oppfølgingsplan for arbeid og psykisk helse (2013–2016)" in page
    assert "innsatsen, tiltakene, resultatene og ressursbruken" in page
    assert "Gjennomført 1" in page and "Ikke rapportert 32" in page
    assert "Kroner 1 250 000 kr 1" in page
    assert "Alle sju piloter evaluert." in page
    assert "Nordland: pågår; kroner 90 000 kr, årsverk 2,5, plasser –." in page


def test_a_year_the_plan_cannot_be_reported_for_has_no_yearly_report(client, people):
    client.force_login(people.programme_manager)

    for year in (2012, 2099):
        assert client.get(reverse("yearly_report", args=["2013-2016", year])).status_code == 404
    assert client.get(reverse("yearly_report", args=["2099-2100", 2014])).status_code == 404


def _pdf(client, user, year=2014):
    client.force_login(user)
    response = client.get(reverse("yearly_report_pdf", args=["2013-2016", year]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def test_the_yearly_report_pdf_is_tagged_with_language_and_title(client, people, ips):
    _save(people.programme_manager, ips, status="completed", results="Alle sju piloter evaluert.")

    reader = _pdf(client, people.programme_manager)

    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("nb")
    assert reader.metadata.title == (
        "Årsrapport 2014: Oppfølgingsplan for arbeid og psykisk helse (2013–2016)"
    )
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Alle sju piloter evaluert." in text
    assert "10. Individuell jobbstøtte (IPS)" in text
    assert "33. Arbeidsgiverlos" in text


# Session, user, staff roles, the header's participant check and the menu's report grants,
# then each page's own; the figures from the record (a cached report: its dimensions and
# stamp) and the report log row add the rest on the two pages that show them.
PLANS_QUERIES, MEASURES_QUERIES, MEASURE_QUERIES, YEARLY_QUERIES = 9, 11, 20, 18


def _fill(people, measures, count):
    for measure in measures[:count]:
        _save(people.programme_manager, measure)
        _save(people.programme_manager, measure, period="2014H1")
        _save(people.nordland_coordinator, measure, county=people.nordland)


def test_the_pages_read_in_a_fixed_number_of_queries(client, people, ips):
    measures = [ips, *PlanMeasure.objects.filter(plan=ips.plan).exclude(pk=ips.pk)]
    client.force_login(people.programme_manager)
    urls = [
        reverse("actionplan_list"),
        reverse("actionplan_measures", args=["2013-2016"]) + "?aar=2014",
        reverse("measure_detail", args=["2013-2016", "10"]),
        reverse("yearly_report", args=["2013-2016", 2014]),
    ]
    _fill(people, measures, 1)
    few = [count_queries(client, url) for url in urls]
    _fill(people, measures[1:], 20)
    for n in range(3):  # more changes to the one measure's reports
        _save(people.programme_manager, ips, nok=2_000_000 + n)

    many = [count_queries(client, url) for url in urls]

    assert few == many
    assert many == [PLANS_QUERIES, MEASURES_QUERIES, MEASURE_QUERIES, YEARLY_QUERIES]


def test_the_history_says_what_changed_and_not_what_stayed_empty(client, people, ips):
    _save(people.programme_manager, ips, places=None, staff_years=None)
    _save(people.programme_manager, ips, places=12, staff_years=None, status="completed")
    client.force_login(people.regional_advisor)

    page = _text(client.get(reverse("measure_detail", args=["2013-2016", "10"])))

    assert "Plasser: – → 12" in page and "Status: pågår → gjennomført" in page
    assert "Status: – → pågår" in page and "Kroner: – → 1 250 000 kr" in page
    assert "Årsverk" not in page.split("Endringer")[1]

"""The report pages and downloads: what they show, what they never show (a person), what
they log, what they say to bad input, and that they cost the same number of queries
whatever the number of enrolments.

The world (tests/reporting/report_world.py) is in the quarter before today's. Counted by
hand from it: NAV Bodø runs 7 IPS enrolments (numbers 0–6), started on days 3–9 of the
quarter; numbers 0, 3 and 6 had a face-to-face employer contact on day 10 and a competitive
job from day 20; number 3 ended on day 40 (illness). Each waited 14 + its number days from
referral to start. Salten Arbeid runs 2 IPS-ung enrolments (number 0 with a job), NAV
Tromsø 6 IPS (numbers 0 and 3 with a job).
"""

import csv
import io
import re
import zipfile

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from los.reporting.models import ReportFormat, ReportLogEntry
from los.reporting.periods import year_of
from tests.reporting.report_world import add_enrolments, build_report_world

pytestmark = pytest.mark.django_db

FOOTNOTE = "Tall under 5 er skjult (●). Noen andre tall er også skjult"
HIDDEN = '<span class="los-hidden-figure"><span aria-hidden="true">●</span><span class="visually-hidden">skjult</span></span>'  # noqa: E501


def _url(world, name="results", level=None, code=None, **query):
    kwargs = {} if level is None else {"level": level, "code": code}
    query.setdefault("periode", world.period.code)
    return reverse(name, kwargs=kwargs) + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def _page(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response


# What the page shows.


def test_a_services_staff_see_its_figures_exactly_with_what_each_rate_is_a_share_of(
    client, report_world
):
    url = _url(report_world, level="service", code=report_world.service_code("nav_bodo"))

    html = _page(client, report_world.users["jobbspesialist"], url).content.decode()

    assert "Tjenestens egne tall: ingenting er skjult" in html
    # Competitive employment 3 of 7 = 42.857 %: the headline, against the benchmarks.
    headline = 'Andel i ordinært arbeid i perioden: 42,9 %<span class="los-basis">3 av 7</span>'
    assert f"<strong>{headline}</strong>" in html
    assert "Under minimumsnivået" not in html
    assert "På eller over nivået «gjennomsnitt» for IPS (41 %)." in html
    # The median wait: 14, 15, …, 20 days → 17.
    assert '17 dager<span class="los-basis">median av 7</span>' in html
    assert FOOTNOTE not in html
    assert HIDDEN not in html


def test_above_the_service_small_figures_are_hidden_with_words_and_a_footnote_under_every_table(
    client, report_world
):
    url = _url(report_world, level="county", code="18")

    html = _page(client, report_world.users["direktorat"], url).content.decode()

    # Nordland: 9 served, 4 with a competitive job (3 at NAV Bodø, 1 at Salten): hidden.
    assert "Små tall er skjult" in html
    assert f"<strong>Andel i ordinært arbeid i perioden: {HIDDEN}</strong>" in html
    assert "Andelen kan ikke sammenlignes med målene." in html
    assert html.count("<table") == html.count(FOOTNOTE) > 10
    # Every wide table scrolls in its own region, which the keyboard reaches and the
    # caption names.
    regions = re.findall(
        r'<div class="los-scroll" role="region" tabindex="0" aria-labelledby="([^"]+)">', html
    )
    assert len(regions) == html.count("<table")
    assert all(f'<caption id="{region}">' in html for region in regions)


def test_the_services_of_a_county_stand_side_by_side_and_link_to_their_own_reports(
    client, report_world
):
    world = report_world
    url = _url(world, level="county", code="18")

    response = _page(client, world.users["fylke"], url)

    units = next(s for s in response.context["breakdowns"] if s.breakdown == "units")
    assert [row.label for row in units.matrices[0].rows] == [
        "NAV Bodø",
        "Salten Arbeid AS",
        "Nordland",
    ]
    bodo = reverse("results", kwargs={"level": "service", "code": world.service_code("nav_bodo")})
    assert f'href="{bodo}?periode={world.period.code}"' in response.content.decode()


def test_the_nation_shows_the_counties_and_the_counsellors_office_is_a_unit_of_its_own(
    client, report_world
):
    world = report_world
    # Salten's participants have no NAV counsellor: 2 would be a small «no office» cell,
    # and hide an office beside it. With 7 there, every office is shown.
    add_enrolments(world, "salten_arbeid", "ips-ung", 5)
    nation = _page(client, world.users["direktorat"], _url(world))
    office = _page(
        client,
        world.users["direktorat"],
        _url(world, level="office", code=world.service_code("nav_tromso")),
    )

    units = next(s for s in nation.context["breakdowns"] if s.breakdown == "units")
    labels = [row.label for row in units.matrices[0].rows]
    assert "Nordland" in labels and "Troms" in labels and labels[-1] == "Hele landet"
    # NAV Tromsø's counsellor follows its 6 participants: served 6, shown (≥ 5).
    assert office.context["report"].headline_cell("served").value == 6


def test_a_programme_and_a_year_can_be_chosen(client, report_world):
    world = report_world
    bodo = world.service_code("nav_bodo")

    ips = _page(
        client, world.users["direktorat"], _url(world, level="county", code="18", program="ips")
    )
    young = _page(
        client, world.users["veileder"], _url(world, level="service", code=bodo, program="ips-ung")
    )
    year = _page(
        client,
        world.users["direktorat"],
        _url(world, level="county", code="18", periode=world.period.year),
    )

    assert ips.context["report"].programme_name == "IPS – individuell jobbstøtte"
    assert (
        "Nordland: " in ips.content.decode()
        and "Fylke, IPS – individuell jobbstøtte." in ips.content.decode()
    )
    # NAV Bodø runs no IPS-ung: its own staff see that exactly.
    assert young.context["report"].headline_cell("served").value == 0
    assert "Ingen forløp i perioden" in young.content.decode()
    assert year.context["report"].period == year_of(world.period.year)
    assert f"<h1>Nordland: {world.period.year}</h1>" in year.content.decode()


def test_a_unit_with_nobody_in_the_period_says_so(client, report_world):
    html = _page(
        client, report_world.users["direktorat"], _url(report_world, level="county", code="03")
    )

    assert "Ingen forløp i perioden" in html.content.decode()
    assert html.context["breakdowns"]  # computed, but not shown as tables of zeros
    assert "Enhetene side om side" not in html.content.decode()


def test_the_trends_have_a_chart_beside_a_table_and_the_benchmarks_as_lines(client, report_world):
    world = report_world
    html = _page(
        client,
        world.users["veileder"],
        _url(world, level="service", code=world.service_code("nav_bodo")),
    ).content.decode()

    labelled_by = "trend-competitive-rate-title trend-competitive-rate-desc"
    assert html.count(f'<svg role="img" aria-labelledby="{labelled_by}"') == 1
    assert (
        "Stiplede linjer: IPS-målene 31 % (minimum), 41 % (gjennomsnitt), 50 % (svært godt)."
        in html
    )
    assert html.count('stroke-dasharray="5 3"') == 3 + 3  # the trend's and the bars' lines
    assert 'aria-labelledby="trend-competitive-rate-caption"' in html


# What the page never shows.


def _personal_strings(world) -> list[str]:
    strings = []
    for participant in world.participants:
        strings += [
            participant.last_name,
            participant.full_name,
            str(participant.public_id),
            participant.birth_date.isoformat(),
            participant.birth_date.strftime("%d.%m.%Y"),
            f"{participant.birth_date.day}.{participant.birth_date.month}.{participant.birth_date.year}",
        ]
    return strings + world.national_ids + ["Testesen"]  # the job specialists' names


def _xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    cells = [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        raw = " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return " ".join(cells) + raw


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() for page in reader.pages) + str(reader.metadata)


@pytest.mark.parametrize(
    ("reader", "level", "unit"),
    [
        ("direktorat", None, None),
        ("direktorat", "county", "18"),
        ("direktorat", "service", "nav_bodo"),
        ("veileder", "service", "nav_bodo"),  # exact
    ],
)
def test_no_person_is_in_any_page_or_download(client, report_world, reader, level, unit):
    world = report_world
    code = world.service_code(unit) if level == "service" else unit
    user = world.users[reader]
    texts = {
        "page": _page(client, user, _url(world, level=level, code=code)).content.decode(),
        "csv": _page(client, user, _url(world, "results_csv", level, code)).content.decode(
            "utf-8-sig"
        ),
        "xlsx": _xlsx_text(_page(client, user, _url(world, "results_xlsx", level, code)).content),
    }
    if level in (None, "county"):
        texts["pdf"] = _pdf_text(
            _page(client, user, _url(world, "results_pdf", level, code)).content
        )

    found = {
        kind: [s for s in _personal_strings(world) if s in text] for kind, text in texts.items()
    }

    assert found == {kind: [] for kind in texts}
    assert all(len(text) > 1000 for text in texts.values())  # they do hold the report


# The downloads.


def test_the_csv_has_norwegian_headers_a_row_per_cell_and_no_numbers_for_a_hidden_cell(
    client, report_world
):
    world = report_world
    response = _page(client, world.users["fylke"], _url(world, "results_csv", "county", "18"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="resultater-county-18-{world.period.code}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:2] == ["Indikator", "Indikatorkode"]
    # Nordland as a whole: every other coordinate at its margin.
    margins = ["Nordland", "Alle NAV-kontor", "Alle program", "Alle aldre", "Alle", ""]
    competitive = [
        r
        for r in rows[1:]
        if r[1:2] == ["competitive_rate"] and r[3] == world.period.code and r[4:10] == margins
    ]
    assert [(r[10], r[11], r[12], r[13]) for r in competitive] == [("", "", "", "ja")]


def test_a_services_own_staff_download_its_figures_with_the_small_ones_hidden(client, report_world):
    world = report_world
    bodo = world.service_code("nav_bodo")
    user = world.users["veileder"]

    page = _page(client, user, _url(world, level="service", code=bodo))
    download = _page(client, user, _url(world, "results_csv", "service", bodo))

    # On the page, exactly: 3 of 7 in competitive work. In the file, 3 is under 5: hidden.
    assert page.context["report"].headline_cell("competitive_rate").numerator == 3
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    margins = ["NAV Bodø", "Alle NAV-kontor", "Alle program", "Alle aldre", "Alle", ""]
    competitive = [
        r
        for r in rows[1:]
        if r[1:2] == ["competitive_rate"] and r[3] == world.period.code and r[4:10] == margins
    ]
    assert [(r[10], r[11], r[13]) for r in competitive] == [("", "", "ja")]
    assert "Nedlastingene har små tall skjult, også for deg" in page.content.decode()


def test_the_pdf_is_tagged_in_norwegian_with_a_title(client, report_world):
    world = report_world
    response = _page(client, world.users["radgiver"], _url(world, "results_pdf", "county", "18"))

    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert response["Content-Type"] == "application/pdf"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("nb")
    assert reader.metadata.title == f"Resultater for Nordland, {world.period.label}"
    text = " ".join(_pdf_text(response.content).split())
    assert "Nøkkeltall for Nordland" in text and "● skjult" in text


def test_a_pdf_is_made_for_counties_and_the_nation_only(client, report_world):
    world = report_world
    user = world.users["direktorat"]

    for level, code in (
        ("region", "nord"),
        ("municipality", "1804"),
        ("office", world.service_code("nav_bodo")),
    ):
        _page(client, user, _url(world, "results_pdf", level, code), status=404)
    assert ReportLogEntry.objects.count() == 0


# The log.


def test_each_view_and_download_writes_one_log_row_with_who_what_and_which_level(
    client, report_world
):
    world = report_world
    user = world.users["fylke"]
    _page(client, user, _url(world, level="county", code="18", program="ips"))
    _page(client, user, _url(world, "results_xlsx", "service", world.service_code("salten_arbeid")))
    client.force_login(world.users["veileder"])
    client.get(_url(world, level="service", code=world.service_code("nav_bodo")))
    client.get(_url(world, "results_csv", "service", world.service_code("nav_bodo")))

    rows = list(
        ReportLogEntry.objects.order_by("pk").values_list(
            "user_name",
            "role",
            "organisation_name",
            "level",
            "scope_code",
            "period",
            "programme",
            "format",
            "exact",
        )
    )
    assert rows == [
        (
            "Fylke Ansatt",
            "county_coordinator",
            "NAV Arbeid og helse Nord",
            "county",
            "18",
            world.period.code,
            "ips",
            ReportFormat.PAGE,
            False,
        ),
        (
            "Fylke Ansatt",
            "county_coordinator",
            "NAV Arbeid og helse Nord",
            "service",
            world.service_code("salten_arbeid"),
            world.period.code,
            "",
            ReportFormat.XLSX,
            False,
        ),
        (
            "Veileder Ansatt",
            "counsellor",
            "NAV Bodø",
            "service",
            world.service_code("nav_bodo"),
            world.period.code,
            "",
            ReportFormat.PAGE,
            True,
        ),
        # The download of the same report is suppressed, and logged so.
        (
            "Veileder Ansatt",
            "counsellor",
            "NAV Bodø",
            "service",
            world.service_code("nav_bodo"),
            world.period.code,
            "",
            ReportFormat.CSV,
            False,
        ),
    ]


def test_the_front_page_is_not_a_report_and_is_not_logged(client, report_world):
    _page(client, report_world.users["direktorat"], reverse("results_home"))

    assert ReportLogEntry.objects.count() == 0


# Bad input.


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/rapporter/fylke/18/", "«fylke» er ikke et nivå."),
        ("/rapporter/county/1/", "«1» er ikke en gyldig kode for fylke."),
        ("/rapporter/county/18/?periode=2026Q5", "«2026Q5» er ikke en periode."),
        ("/rapporter/county/18/?periode=1999", "Året må være mellom 2000 og 2099."),
        ("/rapporter/county/18/?periode=2099Q1", "1. kvartal 2099 har ikke begynt ennå."),
        ("/rapporter/county/18/?program=ukjent", "«ukjent» er ikke et program i Los."),
        ("/rapporter/county/18/rapport.csv?periode=x", "«x» er ikke en periode."),
        ("/rapporter/?enhet=fylke:18", "«fylke» er ikke et nivå."),
    ],
)
def test_bad_input_gets_a_norwegian_message_and_no_log_row(client, report_world, address, message):
    response = _page(client, report_world.users["fylke"], address, status=400)

    assert message in response.content.decode()
    assert ReportLogEntry.objects.count() == 0


@pytest.mark.parametrize(
    "address",
    [
        "/rapporter/county/55/?periode=2026Q5",  # a county the coordinator may not open
        "/rapporter/county/99/?periode=x",  # a county that does not exist
        "/rapporter/?enhet=county:55",
    ],
)
def test_a_unit_one_may_not_open_is_a_404_before_anything_else_is_read(
    client, report_world, address
):
    _page(client, report_world.users["fylke"], address, status=404)


def test_someone_with_no_report_gets_404_even_for_a_bad_address(client, report_world):
    for address in ("/rapporter/", "/rapporter/fylke/18/", "/rapporter/county/18/?periode=x"):
        _page(client, report_world.users["behandler"], address, status=404)


# Where one lands, and the navigation.


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        ("fylke", "/rapporter/"),
        ("direktorat", "/rapporter/"),
        ("radgiver", "/deltakere/"),  # sits on care teams: the caseload first
        ("veileder", "/deltakere/"),
    ],
)
def test_system_roles_with_figures_land_on_the_reports(client, report_world, role, lands_on):
    response = _page(client, report_world.users[role], "/", status=302)

    assert response["Location"] == lands_on


def test_a_reviewer_with_no_figures_lands_on_what_the_role_can_do(client, report_world):
    page = _page(client, report_world.users["kvalitet"], "/").content.decode()

    assert "Dette kan du gjøre i Los" in page
    assert '<a href="/kvalitet/">Kvalitetsmåling</a>:' in page
    # No menu entry that would only lead to a refusal.
    assert "Mine deltakere" not in page


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("veileder", True),
        ("fylke", True),
        ("direktorat", True),
        ("behandler", False),
        ("kvalitet", False),
    ],
)
def test_the_navigation_shows_results_to_everyone_with_a_report(client, report_world, role, shown):
    response = _page(client, report_world.users[role], reverse("review_list"))

    assert (
        f'<a href="{reverse("results_home")}">Resultater</a>' in response.content.decode()
    ) is shown


def test_the_front_page_lists_what_the_programme_manager_may_open(client, report_world):
    response = _page(client, report_world.users["direktorat"], reverse("results_home"))

    choices = response.context["choices"]
    assert [name for _scope, name, _group in choices.regions] == [
        "Helse Midt-Norge",
        "Helse Nord",
        "Helse Sør-Øst",
        "Helse Vest",
    ]
    assert len(choices.counties) == 15
    assert [name for _s, name, _g in choices.services] == [
        "NAV Bodø",
        "Salten Arbeid AS",
        "NAV Tromsø",
    ]
    assert [name for _s, name, _g in choices.municipalities] == ["Bodø", "Tromsø"]


def test_the_front_page_chooser_opens_a_unit(client, report_world):
    world = report_world
    response = _page(
        client,
        world.users["fylke"],
        f"/rapporter/?enhet=service:{world.service_code('salten_arbeid')}",
        status=302,
    )

    assert response["Location"] == f"/rapporter/service/{world.service_code('salten_arbeid')}/"


# Queries: fixed, whatever the number of enrolments.


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("extra", [10, 100])
def test_the_report_page_uses_a_fixed_number_of_queries(client, db, extra):
    world = build_report_world()
    add_enrolments(world, "nav_bodo", "ips", extra)
    client.force_login(world.users["fylke"])
    url = _url(world, level="county", code="18")
    client.get(reverse("results_home"))  # the first request after login saves the session
    cache.clear()

    made, cached = _queries(client, url), _queries(client, url)
    cache.clear()  # counted again: the patterns are read from the database, not made
    recounted = _queries(client, url)

    assert (made, recounted, cached) == REPORT_PAGE_QUERIES


# Made: the session, the user, the staff roles, where their organisations lie (the
# header's «Resultater»), the unit, the programmes, the reference data behind the figures
# (5), the data stamp, the two statements that count (h-agg's figures.py), the log row, the
# header's participant check and the session saved (3), the trend quarters' headline
# counts, the kept suppression patterns read and the new ones written. Counted again with
# every pattern kept: the same less the write. Cached: neither the counting statements nor
# the patterns.
REPORT_PAGE_QUERIES = (22, 21, 17)

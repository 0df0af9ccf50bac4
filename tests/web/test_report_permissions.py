"""Every report address × every role of the demo (tests/reporting/report_world.py), with
participants and figures present that could leak.

Each cell says what the reader gets: E (200, the service's exact figures), S (200,
suppressed), H (200, the front page), 404, or 302 (to the login). Every 200 writes one row
in the report log with the exactness the cell says; a 404 or a 302 writes none. A POST is
always refused (405, or 302 to the login) and writes nothing.
"""

import pytest
from django.urls import reverse

from los.reporting.models import ReportFormat, ReportLogEntry

pytestmark = pytest.mark.django_db

E, S, H = "exact", "suppressed", "front page"


def _addresses(world):
    """The addresses tried, by name: each level, the units of both counties, a unit that
    does not exist, and each download."""
    period = f"?periode={world.period.code}"

    def report(name, level=None, code=None):
        kwargs = {} if level is None else {"level": level, "code": code}
        return reverse(name, kwargs=kwargs) + period

    bodo = world.service_code("nav_bodo")
    return {
        "home": reverse("results_home"),
        "service_bodo": report("results", "service", bodo),
        "service_salten": report("results", "service", world.service_code("salten_arbeid")),
        "service_tromso": report("results", "service", world.service_code("nav_tromso")),
        "office_bodo": report("results", "office", bodo),
        "municipality_bodo": report("results", "municipality", "1804"),
        "county_nordland": report("results", "county", "18"),
        "county_troms": report("results", "county", "55"),
        "region_nord": report("results", "region", "nord"),
        "region_vest": report("results", "region", "vest"),
        "nation": report("results"),
        "county_unknown": report("results", "county", "99"),
        "csv_county": report("results_csv", "county", "18"),
        "xlsx_service": report("results_xlsx", "service", bodo),
        "pdf_county": report("results_pdf", "county", "18"),
        "pdf_nation": report("results_pdf"),
        "pdf_service": report("results_pdf", "service", bodo),
    }


ADDRESSES = [
    "home",
    "service_bodo",
    "service_salten",
    "service_tromso",
    "office_bodo",
    "municipality_bodo",
    "county_nordland",
    "county_troms",
    "region_nord",
    "region_vest",
    "nation",
    "county_unknown",
    "csv_county",
    "xlsx_service",
    "pdf_county",
    "pdf_nation",
    "pdf_service",
]
NOTHING = (404,) * len(ADDRESSES)
# A service's staff read its page exactly; a download of it is suppressed even for them.
BODO_STAFF = (H, E, *(404,) * 11, S, 404, 404, 404)

# fmt: off
MATRIX = {
    # Columns in the order of ADDRESSES.
    "anonymous":      (302,) * len(ADDRESSES),
    "sara":           NOTHING,  # a participant
    "veileder":       BODO_STAFF,
    "jobbspesialist": BODO_STAFF,
    "metodeveileder": BODO_STAFF,
    "troms_veileder": (H, 404, 404, E, *(404,) * 13),
    # Staff of organisations that run no enrolments, and roles with no figures.
    "los":            NOTHING,
    "koordinator":    NOTHING,
    "behandler":      NOTHING,
    "fastlege":       NOTHING,
    "arbeidsgiver":   NOTHING,
    "kvalitet":       NOTHING,
    "admin":          NOTHING,
    "fylke":          (H, S, S, 404, S, S, S, 404, 404, 404, 404, 404, S, S, S, 404, 404),
    "radgiver":       (H, S, S, S, S, S, S, S, S, 404, 404, 404, S, S, S, 404, 404),
    "direktorat":     (H, S, S, S, S, S, S, S, S, S, S, 404, S, S, S, S, 404),
}
# fmt: on

FORMATS = {"csv_county": ReportFormat.CSV, "xlsx_service": ReportFormat.XLSX}


def _format(address: str) -> str:
    if address.startswith("pdf_"):
        return ReportFormat.PDF
    return FORMATS.get(address, ReportFormat.PAGE)


def test_every_report_address_is_in_the_matrix():
    from los.web import urls

    names = {p.name for p in urls.urlpatterns if p.name and p.name.startswith("results")}

    assert names == {"results_home", "results", "results_csv", "results_xlsx", "results_pdf"}
    assert all(len(row) == len(ADDRESSES) for row in MATRIX.values())


def _answer(client, user, url, address) -> object:
    """What the reader got, in the matrix's terms, checking the log row on the way."""
    before = ReportLogEntry.objects.count()
    response = client.get(url)
    written = list(ReportLogEntry.objects.order_by("pk")[before:])
    if response.status_code != 200:
        assert written == [], url
        return response.status_code
    if address == "home":
        assert written == [], url
        return H
    assert len(written) == 1, url
    row = written[0]
    assert (row.user_id, row.format) == (user.pk, _format(address)), url
    return E if row.exact else S


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_get_answers_as_the_matrix_says(client, report_world, role):
    user = report_world.users[role]
    if user is not None:
        client.force_login(user)
    addresses = _addresses(report_world)

    answers = tuple(_answer(client, user, addresses[a], a) for a in ADDRESSES)

    assert dict(zip(ADDRESSES, answers, strict=True)) == dict(
        zip(ADDRESSES, MATRIX[role], strict=True)
    )


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_a_post_is_refused_and_writes_nothing(client, report_world, role):
    user = report_world.users[role]
    if user is not None:
        client.force_login(user)
    addresses = _addresses(report_world)

    statuses = {client.post(addresses[a]).status_code for a in ADDRESSES}

    assert statuses == ({302} if user is None else {405})
    assert ReportLogEntry.objects.count() == 0

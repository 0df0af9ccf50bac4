"""Reporting on a measure: who may write which part, what the figures may be, versions and
the stale edit, the change log, and the report that says how a measure stands in a year."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from los.access.models import ChangeLogEntry
from los.actionplans import queries, services
from los.actionplans.models import MeasureReport, PlanMeasure
from los.actionplans.periods import Period, parse_period

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def _save(user, measure, period="2014", county=None, version=0, **changes):
    values = {
        "status": "in_progress",
        "nok": 1_250_000,
        "staff_years": Decimal("2.5"),
        "places": 40,
        "results": "Sju piloter i gang; 212 deltakere fikk tilbud.",
    }
    values.update(changes)
    return services.report_save(
        user=user,
        measure=measure,
        period=parse_period(period),
        county=county,
        version=version,
        **values,
    )


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_the_programme_manager_writes_the_report_for_the_whole_measure(people, ips):
    report = _save(people.programme_manager, ips)

    assert (report.year, report.half, report.county, report.version) == (2014, 0, None, 1)
    assert (report.nok, report.staff_years, report.places) == (1_250_000, Decimal("2.5"), 40)
    assert report.created_by == report.updated_by == people.programme_manager


def test_the_programme_manager_writes_any_countys_part(people, ips):
    report = _save(people.programme_manager, ips, county=people.troms)

    assert report.county == people.troms


def test_a_county_coordinator_writes_their_own_countys_part(people, ips):
    report = _save(people.nordland_coordinator, ips, period="2014H2", county=people.nordland)

    assert (report.county, report.period) == (people.nordland, Period(2014, 2))


@pytest.mark.parametrize("county", ["troms", None])
def test_a_county_coordinator_writes_neither_another_county_nor_the_whole(people, ips, county):
    county = getattr(people, county) if county else None

    with pytest.raises(PermissionDenied):
        _save(people.nordland_coordinator, ips, county=county)

    assert not MeasureReport.objects.exists()


@pytest.mark.parametrize("who", ["regional_advisor", "counsellor"])
def test_readers_and_others_write_nothing(people, ips, who):
    with pytest.raises(PermissionDenied):
        _save(getattr(people, who), ips, county=people.nordland)

    assert not MeasureReport.objects.exists()
    assert not ChangeLogEntry.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nok", -1, "Beløpet kan ikke være negativt."),
        ("nok", 100_000_000_000, "Beløpet er for stort. Skriv det i hele kroner, uten øre."),
        ("staff_years", Decimal("-0.1"), "Årsverk kan ikke være negativt."),
        ("staff_years", Decimal("2.55"), "Skriv årsverk med høyst én desimal, for eksempel 2,5."),
        ("staff_years", Decimal("100000.0"), "Så mange årsverk kan ikke stemme."),
        ("places", -3, "Antall plasser kan ikke være negativt."),
        ("places", 1_000_001, "Så mange plasser kan ikke stemme."),
        ("results", "   ", "Skriv kort hva som er gjort og oppnådd i perioden."),
        ("results", "x" * 8001, "Skriv høyst 8000 tegn."),
        ("status", "ferdig", "Velg en status."),
    ],
)
def test_figures_out_of_bounds_are_refused_with_a_reason_and_nothing_saved(
    people, ips, field, value, message
):
    errors = _errors(lambda: _save(people.programme_manager, ips, **{field: value}))

    assert errors == {field: [message]}
    assert not MeasureReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nok", 0),
        ("nok", 99_999_999_999),
        ("staff_years", Decimal("0")),
        ("staff_years", Decimal("0.1")),
        ("staff_years", Decimal("2.50")),  # one decimal, written with two
        ("staff_years", Decimal("99999.9")),
        ("places", 0),
        ("places", 1_000_000),
        ("nok", None),
        ("results", "x" * 8000),
    ],
)
def test_figures_at_the_bounds_are_accepted(people, ips, field, value):
    report = _save(people.programme_manager, ips, **{field: value})

    report.refresh_from_db()
    assert getattr(report, field) == value


def test_a_measure_not_started_needs_no_results(people, ips):
    report = _save(people.programme_manager, ips, status="not_started", results="", nok=None)

    assert (report.status, report.results) == ("not_started", "")


def test_a_period_before_the_plan_or_not_yet_begun_is_refused(people, ips):
    before = _errors(lambda: _save(people.programme_manager, ips, period="2012"))
    future = _errors(lambda: _save(people.programme_manager, ips, period=str(THIS_YEAR + 1)))

    assert before == {
        "period": [
            "Oppfølgingsplan for arbeid og psykisk helse (2013–2016) begynte i 2013. "
            "Velg 2013 eller senere."
        ]
    }
    assert future == {"period": [f"{THIS_YEAR + 1} har ikke begynt ennå."]}


def test_the_first_year_of_the_plan_and_this_year_are_accepted(people, ips):
    first = _save(people.programme_manager, ips, period="2013")
    this_year = _save(people.programme_manager, ips, period=str(THIS_YEAR))

    assert (first.year, this_year.year) == (2013, THIS_YEAR)


def test_an_edit_from_the_current_version_makes_a_new_version(people, ips):
    _save(people.programme_manager, ips)

    report = _save(people.programme_manager, ips, version=1, status="completed", nok=1_300_000)

    assert (report.version, report.status, report.nok) == (2, "completed", 1_300_000)
    assert MeasureReport.objects.count() == 1


def test_an_edit_from_a_stale_version_is_refused_and_changes_nothing(people, ips):
    _save(people.programme_manager, ips)
    _save(people.programme_manager, ips, version=1, nok=1_300_000)

    with pytest.raises(ValidationError) as error:
        _save(people.programme_manager, ips, version=1, nok=999)

    assert error.value.code == "stale"
    report = MeasureReport.objects.get()
    assert (report.version, report.nok) == (2, 1_300_000)


def test_a_first_report_written_while_another_was_written_is_refused_as_stale(people, ips):
    _save(people.programme_manager, ips, county=people.nordland)

    with pytest.raises(ValidationError) as error:
        _save(people.nordland_coordinator, ips, county=people.nordland, version=0, nok=5)

    assert error.value.code == "stale"
    assert MeasureReport.objects.get().nok == 1_250_000


def test_the_parts_and_periods_are_separate_reports(people, ips):
    _save(people.programme_manager, ips)
    _save(people.programme_manager, ips, period="2014H1")
    _save(people.programme_manager, ips, county=people.nordland)
    _save(people.programme_manager, ips, county=people.troms)
    _save(people.programme_manager, ips, period="2015")

    assert MeasureReport.objects.count() == 5


def test_the_change_log_keeps_each_field_before_and_after(people, ips):
    report = _save(people.programme_manager, ips)
    _save(
        people.programme_manager, ips, version=1, status="completed",
        staff_years=Decimal("3.0"), results="Alle sju piloter evaluert.",
    )  # fmt: skip

    created, changed = ChangeLogEntry.objects.filter(object_id=str(report.pk)).order_by("pk")

    assert (created.action, created.participant, created.actor) == (
        "measure_report.created", None, people.programme_manager,
    )  # fmt: skip
    assert created.object_type == "actionplans.measurereport"
    assert created.data["fields"]["nok"] == [None, 1_250_000]
    assert changed.action == "measure_report.changed"
    assert changed.data == {
        "version": 2,
        "fields": {
            "status": ["in_progress", "completed"],
            "staff_years": ["2.5", "3"],
            "results": [
                "Sju piloter i gang; 212 deltakere fikk tilbud.", "Alle sju piloter evaluert.",
            ],
        },
    }  # fmt: skip


def test_saving_what_is_already_stored_makes_no_new_version_and_no_log_row(people, ips):
    _save(people.programme_manager, ips)

    report = _save(people.programme_manager, ips, version=1)

    assert report.version == 1
    assert ChangeLogEntry.objects.count() == 1


def test_results_are_cleaned_of_invisible_characters(people, ips):
    report = _save(people.programme_manager, ips, results="Sju\u200b piloter\u202e i gang ")

    assert report.results == "Sju piloter i gang"


# Which report says how a measure stands in a year.


def test_the_whole_year_report_beats_the_second_half_which_beats_the_first(people, ips):
    manager = people.programme_manager
    _save(manager, ips, period="2014H1", status="in_progress")
    assert queries.standing_in_year(ips.reports.all(), 2014).status == "in_progress"

    _save(manager, ips, period="2014H2", status="discontinued", results="Lagt ned i juli.")
    assert queries.standing_in_year(ips.reports.all(), 2014).status == "discontinued"

    _save(manager, ips, period="2014", status="completed")
    assert queries.standing_in_year(ips.reports.all(), 2014).period == Period(2014)
    assert queries.standing_in_year(ips.reports.all(), 2015) is None


def test_the_measure_list_shows_the_standing_and_the_counties_that_reported(people, ips):
    _save(people.programme_manager, ips, period="2014H1", status="in_progress")
    _save(people.programme_manager, ips, county=people.troms, status="completed")
    _save(people.nordland_coordinator, ips, county=people.nordland, period="2014H2")
    _save(people.nordland_coordinator, ips, county=people.nordland, period="2014H1")
    _save(people.programme_manager, ips, period="2015", status="completed")

    areas = queries.measure_list(ips.plan, 2014)

    assert [len(area.rows) for area in areas] == [3, 3, 3, 4, 7, 9, 4]
    row = next(r for area in areas for r in area.rows if r.measure.number == "10")
    assert (row.report.period, row.report.status) == (Period(2014, 1), "in_progress")
    assert [(r.county.name, r.period.code) for r in row.county_reports] == [
        ("Nordland", "2014H2"), ("Troms", "2014"),
    ]  # fmt: skip
    others = [r for area in areas for r in area.rows if r.measure.number != "10"]
    assert all(r.report is None and r.county_reports == [] for r in others)


def test_the_yearly_report_adds_up_whole_year_reports_of_whole_measures_only(people, ips):
    manager = people.programme_manager
    plan_measure = PlanMeasure.objects.filter(plan=ips.plan)
    jobbmestrende, sfj, sms = (plan_measure.get(number=n) for n in ("11", "12", "16"))
    _save(manager, ips, status="completed", nok=1_250_000, staff_years=Decimal("2.5"), places=40)
    _save(manager, ips, period="2014H1", nok=600_000)  # the whole year's report counts
    _save(manager, jobbmestrende, nok=750_000, staff_years=Decimal("1.0"), places=None)
    _save(manager, sfj, period="2014H1", nok=300_000)  # a half-year: not the year's
    _save(manager, sms, county=people.nordland, nok=90_000)  # part of the whole
    _save(manager, ips, period="2015", nok=5_000_000)  # another year

    report = queries.yearly_report(ips.plan, 2014)

    totals = report.totals
    assert (totals.nok, totals.nok_count) == (2_000_000, 2)
    assert (totals.staff_years, totals.staff_years_count) == (Decimal("3.5"), 2)
    assert (totals.places, totals.places_count) == (40, 1)
    assert report.status_counts == [
        ("ikke startet", 0), ("pågår", 2), ("gjennomført", 1), ("avviklet", 0),
    ]  # fmt: skip
    assert (report.not_reported, report.half_year_only, report.measure_count) == (30, 1, 33)

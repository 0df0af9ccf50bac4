"""Reports on a few of the 2013–2016 measures for the demo, so that the list, the measures'
pages and the yearly report show what the programme manager and a county coordinator write:
last year's reports on IPS, Senter for jobbmestring, the los and the depression courses,
Nordland's part of IPS, and this year's first half-year on IPS. Made-up figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

from los.actionplans import services
from los.actionplans.models import MeasureReport, PlanMeasure
from los.actionplans.periods import Period

# (measure, status, kroner, staff-years, places, results)
LAST_YEAR = [
    ("10", "in_progress", 18_400_000, "24.5", 410,
     "IPS er i gang ved 14 DPS og 22 NAV-kontor. Alle nye jobbspesialister har fått "
     "grunnopplæringen, og åtte tjenester hadde kvalitetsmåling i år."),
    ("12", "in_progress", 6_200_000, "9.0", 160,
     "Sentrene er videreført i sju fylker. Ventetiden fra henvisning til første samtale er "
     "kortet ned, og samarbeidet med Rask psykisk helsehjelp er avtalt i tre kommuner."),
    ("21", "completed", 850_000, "1.5", 240,
     "KID-kurs er holdt i 18 kommuner. Kurslederopplæringen er evaluert og avsluttet som "
     "prosjekt; kursene går videre i ordinær drift."),
    ("25", "in_progress", 4_100_000, "6.0", None,
     "Losene er ressurspersoner i egne NAV-kontor og knyttet til IPS der det finnes. "
     "Erfaringene er samlet i en veileder som spres til alle fylker."),
]  # fmt: skip
NORDLAND_IPS = (
    "in_progress", 2_300_000, "3.0", 55,
    "IPS ved Salten DPS og NAV Bodø, med felles teammøter hver uke. Nordlandssykehuset "
    "planlegger oppstart i Vesterålen.",
)  # fmt: skip


def add_demo_measure_reports(*, programme_manager, county_coordinator, today: datetime.date):
    if MeasureReport.objects.exists():
        return
    measures = {m.number: m for m in PlanMeasure.objects.filter(plan__code="2013-2016")}
    last_year = Period(today.year - 1)
    for number, status, nok, staff_years, places, results in LAST_YEAR:
        services.report_save(
            user=programme_manager, measure=measures[number], period=last_year, county=None,
            version=0, status=status, nok=nok, staff_years=Decimal(staff_years), places=places,
            results=results,
        )  # fmt: skip
    status, nok, staff_years, places, results = NORDLAND_IPS
    services.report_save(
        user=county_coordinator, measure=measures["10"], period=last_year,
        county=county_coordinator.staff_roles.get().organisation.county, version=0,
        status=status, nok=nok, staff_years=Decimal(staff_years), places=places, results=results,
    )  # fmt: skip
    first_half = Period(today.year, 1)
    if first_half.end < today:
        services.report_save(
            user=programme_manager, measure=measures["10"], period=first_half, county=None,
            version=0, status="in_progress", nok=9_600_000, staff_years=Decimal("25.0"),
            places=420, results="To nye tjenester har startet IPS i første halvår.",
        )  # fmt: skip

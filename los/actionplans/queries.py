"""Reading the plans, their measures and the reports on them: the list of measures with
their status for a year, one measure with its reports and change history, and the yearly
report. Each page reads in a fixed number of queries, however many measures and reports.

Which report says how a measure stands in a year: the report for the whole year if there
is one, else the second half-year's, else the first's (Period.weight_in_year). The yearly
report adds up resources from whole-year reports only: a half-year's kroner and staff-years
are not the year's, and places are a capacity, never added over periods."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max
from django.http import Http404

from los.access.models import ChangeLogEntry
from los.actionplans.formatting import field_text
from los.actionplans.models import (
    REPORTED_FIELDS,
    ActionPlan,
    MeasureReport,
    PlanMeasure,
    ReportStatus,
)
from los.actionplans.periods import WHOLE_YEAR, Period, periods_between


def plans() -> list[ActionPlan]:
    return list(ActionPlan.objects.annotate(measure_count=Count("measures")))


def plan_by_code(code: str) -> ActionPlan:
    plan = ActionPlan.objects.filter(code=code).first()
    if plan is None:
        raise Http404
    return plan


# «1», «33», «1.a», «2.1.c», «3.2.1»: what a measure number looks like, checked before it is
# looked up (an address may hold anything, a NUL included, which the database refuses).
_MEASURE_NUMBER = re.compile(r"[0-9][0-9a-z.]{0,11}")


def measure_by_number(plan: ActionPlan, number: str) -> PlanMeasure:
    if not _MEASURE_NUMBER.fullmatch(number):
        raise Http404
    measure = PlanMeasure.objects.filter(plan=plan, number=number).first()
    if measure is None:
        raise Http404
    measure.plan = plan
    return measure


def report_years(plan: ActionPlan, today: datetime.date) -> list[int]:
    """The years a plan's measures can be reported for, newest first: from the plan's first
    year up to this year, since many measures go on after the plan (IPS became an ordinary
    service)."""
    return list(range(today.year, plan.start_year - 1, -1))


def report_periods(plan: ActionPlan, today: datetime.date) -> list[Period]:
    return periods_between(plan.start_year, today)


def default_year(plan: ActionPlan, today: datetime.date) -> int:
    """The year a plan's pages open on: the latest year anyone has reported on, else this
    year (where the record has figures)."""
    latest = MeasureReport.objects.filter(measure__plan=plan).aggregate(latest=Max("year"))
    return latest["latest"] or max(today.year, plan.start_year)


def standing_in_year(reports, year: int) -> MeasureReport | None:
    """Of one part's reports, the one that says how the measure stands in `year`."""
    in_year = [r for r in reports if r.year == year]
    return min(in_year, key=lambda r: r.period.weight_in_year, default=None)


@dataclass
class MeasureRow:
    measure: PlanMeasure
    report: MeasureReport | None  # the whole measure's standing in the year
    county_reports: list[MeasureReport] = field(default_factory=list)  # one per county

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else ""


def _rows(plan: ActionPlan, year: int) -> list[MeasureRow]:
    """Every measure of the plan with its reports standing in `year`: two queries."""
    measures = list(PlanMeasure.objects.filter(plan=plan))
    reports = list(
        MeasureReport.objects.filter(measure__plan=plan, year=year).select_related("county")
    )
    by_part: dict[tuple[int, int | None], list[MeasureReport]] = {}
    for report in reports:
        by_part.setdefault((report.measure_id, report.county_id), []).append(report)
    rows = []
    for measure in measures:
        measure.plan = plan
        row = MeasureRow(
            measure=measure, report=standing_in_year(by_part.get((measure.pk, None), []), year)
        )
        for (measure_id, county_id), part in by_part.items():
            if measure_id == measure.pk and county_id is not None:
                row.county_reports.append(standing_in_year(part, year))
        row.county_reports.sort(key=lambda r: r.county.number)
        rows.append(row)
    return rows


@dataclass
class Area:
    name: str
    rows: list[MeasureRow]


def _by_area(rows: list[MeasureRow]) -> list[Area]:
    areas: list[Area] = []
    for row in rows:
        if not areas or areas[-1].name != row.measure.area:
            areas.append(Area(name=row.measure.area, rows=[]))
        areas[-1].rows.append(row)
    return areas


def measure_list(plan: ActionPlan, year: int) -> list[Area]:
    """The plan's measures by area, each with how it stands in `year`."""
    return _by_area(_rows(plan, year))


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: str  # as shown; «–» for not reported
    after: str


@dataclass
class Change:
    entry: ChangeLogEntry
    report: MeasureReport

    @property
    def fields(self) -> list[FieldChange]:
        """Each field the change touched, before and after, as shown."""
        changed = self.entry.data.get("fields", {})
        return [
            FieldChange(
                name=name,
                label=str(MeasureReport._meta.get_field(name).verbose_name),
                before=field_text(name, changed[name][0]),
                after=field_text(name, changed[name][1]),
            )
            for name in REPORTED_FIELDS
            # A first report lists every field; those left empty say nothing.
            if name in changed and changed[name][0] != changed[name][1]
        ]


@dataclass
class MeasurePage:
    measure: PlanMeasure
    reports: list[MeasureReport]
    changes: list[Change]


def measure_page(measure: PlanMeasure) -> MeasurePage:
    """The measure with every report on it, newest period first, and the change history of
    those reports, newest first: three queries."""
    reports = list(
        MeasureReport.objects.filter(measure=measure)
        .select_related("county", "updated_by")
        # The whole measure first in each period, then the counties by number.
        .order_by("-year", "half", F("county__number").asc(nulls_first=True))
    )
    by_id = {str(report.pk): report for report in reports}
    for report in reports:
        report.measure = measure
    entries = (
        ChangeLogEntry.objects.filter(
            object_type=MeasureReport._meta.label_lower, object_id__in=list(by_id)
        )
        .select_related("actor")
        .order_by("-changed_at", "-pk")
    )
    changes = [Change(entry=entry, report=by_id[entry.object_id]) for entry in entries]
    return MeasurePage(measure=measure, reports=reports, changes=changes)


def existing_report(measure: PlanMeasure, period: Period, county) -> MeasureReport | None:
    return MeasureReport.objects.filter(
        measure=measure, year=period.year, half=period.half, county=county
    ).first()


@dataclass
class Totals:
    """Resources over the whole-year reports of the whole measures, with how many of them
    reported each figure."""

    nok: int = 0
    nok_count: int = 0
    staff_years: Decimal = Decimal(0)
    staff_years_count: int = 0
    places: int = 0
    places_count: int = 0

    def add(self, report: MeasureReport) -> None:
        if report.nok is not None:
            self.nok += report.nok
            self.nok_count += 1
        if report.staff_years is not None:
            self.staff_years += report.staff_years
            self.staff_years_count += 1
        if report.places is not None:
            self.places += report.places
            self.places_count += 1


@dataclass
class YearlyReport:
    plan: ActionPlan
    year: int
    areas: list[Area]
    status_counts: list[tuple[str, int]]  # (status label, measures), every status, in order
    not_reported: int
    totals: Totals
    half_year_only: int  # measures whose standing comes from a half-year report

    @property
    def measure_count(self) -> int:
        return sum(len(area.rows) for area in self.areas)


def yearly_report(plan: ActionPlan, year: int) -> YearlyReport:
    """The programme manager's report for `year` on the effort, the measures, the results
    and the use of resources: every measure's standing with its county parts, the count of
    measures per status, and the resources added up. Two queries."""
    rows = _rows(plan, year)
    counts = Counter(row.report.status for row in rows if row.report)
    totals = Totals()
    half_year_only = 0
    for row in rows:
        if row.report is None:
            continue
        if row.report.half == WHOLE_YEAR:
            totals.add(row.report)
        else:
            half_year_only += 1
    return YearlyReport(
        plan=plan,
        year=year,
        areas=_by_area(rows),
        status_counts=[(status.label, counts[status.value]) for status in ReportStatus],
        not_reported=sum(1 for row in rows if row.report is None),
        totals=totals,
        half_year_only=half_year_only,
    )

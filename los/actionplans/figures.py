"""The figures from the record that belong to a measure: for each work service the measure
names (PlanMeasure.programme_codes), the indicators it names (indicator_codes), for one year.

They come from the reporting module's report (los.reporting.report.build_report) and are
always the figures after disclosure control, never exact: a measure is national, so its
figures go beyond any single service. Whose figures: the widest unit the reader's report
grants open (los.reporting.scopes.scopes_for, the one rule for who sees which figures): the
nation for the programme manager, the county for a county coordinator, the region for a
regional advisor. Every time figures are shown or printed, a row is written to the report
log (los.reporting.log.record_report_read)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from los.core.numbers import grouped, plain_number
from los.reporting import disclosure
from los.reporting.cube import Cell
from los.reporting.dimensions import PROGRAMME
from los.reporting.log import record_report_read
from los.reporting.periods import year_of
from los.reporting.report import (
    INDICATOR_BY_CODE,
    Breakdown,
    Indicator,
    ReportError,
    build_report,
)
from los.reporting.scopes import LEVEL_ORDER, Grant, scopes_for


def reader_grant(user) -> Grant | None:
    """The widest unit whose figures, after disclosure control, the user may read."""
    grants = [grant for grant in scopes_for(user) if not grant.exact]
    return max(grants, key=lambda g: LEVEL_ORDER.index(g.scope.level), default=None)


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    cell: Cell

    @property
    def text(self) -> str:
        """«41,2 % (7 av 17)», «17», «23 dager (n = 12)»; the mark for a hidden figure."""
        cell = self.cell
        if cell.suppressed:
            return disclosure.SUPPRESSED_MARK
        if cell.not_yet:
            return _("ikke klart ennå")
        if cell.value is None:
            return "–"
        if self.indicator.is_rate:
            return _("%(rate)s %% (%(numerator)s av %(denominator)s)") % {
                "rate": plain_number(round(cell.value, 1)),
                "numerator": grouped(cell.numerator),
                "denominator": grouped(cell.denominator),
            }
        if self.indicator.is_median:
            return _("%(days)s dager (n = %(count)s)") % {
                "days": plain_number(cell.value),
                "count": grouped(cell.numerator),
            }
        return grouped(int(cell.value))

    @property
    def hidden_text(self) -> str:
        """What a screen reader says for the mark."""
        return _("skjult") if self.cell.suppressed else ""


@dataclass(frozen=True)
class ServiceFigures:
    programme_code: str
    programme_name: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class MeasureFigures:
    unit_name: str
    year: int
    services: tuple[ServiceFigures, ...]
    footnote: str
    error: str = ""  # why there are no figures (the reporting module's Norwegian message)


class FigureReader:
    """Reads the figures for one reader and one year: one report for the reader's unit,
    whose tables by service hold every measure's figures, read and logged once however many
    measures are shown."""

    def __init__(self, user, year: int, *, format: str, today: datetime.date | None = None):
        self.grant = reader_grant(user)
        self.year = year
        self.format = format
        self.today = today
        self._report = None

    def _read(self):
        if self._report is None:
            self._report = build_report(
                self.grant.scope,
                year_of(self.year),
                today=self.today,
                background=settings.LOS_REPORT_RECOUNT_IN_BACKGROUND,
            )
            record_report_read(
                staff_role=self.grant.staff_role,
                scope=self.grant.scope,
                period=self._report.period,
                format=self.format,
                exact=False,
            )
        return self._report

    def for_measure(self, measure) -> MeasureFigures | None:
        """The measure's figures, or None when it names no service or the reader may read
        no figures."""
        if self.grant is None or not measure.programme_codes:
            return None
        try:
            report = self._read()
        except ReportError as error:
            return MeasureFigures(
                unit_name="", year=self.year, services=(), footnote="", error=str(error)
            )
        services = []
        for code in measure.programme_codes:
            rows = {
                indicator: _programme_row(report, indicator, code)
                for indicator in measure.indicator_codes
            }
            name = next((row.label for row in rows.values() if row), code)
            services.append(
                ServiceFigures(
                    programme_code=code,
                    programme_name=name,
                    figures=tuple(
                        Figure(INDICATOR_BY_CODE[indicator], row.cell)
                        for indicator, row in rows.items()
                        if row is not None
                    ),
                )
            )
        return MeasureFigures(
            unit_name=report.unit_name,
            year=self.year,
            services=tuple(services),
            footnote=report.footnote,
        )


def _programme_row(report, indicator: str, programme: str):
    """The row for one service in the report's table of `indicator` by service: the same
    cell, with the same disclosure control, as in every other report that shows it."""
    table = report.table(indicator, Breakdown.PROGRAMME)
    if table is None:
        return None
    return next((r for r in table.rows if r.cell.coordinates.get(PROGRAMME) == programme), None)

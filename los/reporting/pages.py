"""A report laid out for reading: the headline figures, the units and breakdowns side by
side, the trends and the charts, from one `Report` (los/reporting/report.py). The page and
the PDF both show these sections, so they never differ in what they show.

Nothing here counts or hides: every figure is a Cell of the report, already through
disclosure control unless the reader is the service's own staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.core.charts import BarChart, TrendChart, bar_chart, trend_chart
from los.reporting.cube import Cell
from los.reporting.disclosure import SUPPRESSED_MARK
from los.reporting.report import (
    BREAKDOWN_LABELS,
    INDICATOR_BY_CODE,
    Breakdown,
    Indicator,
    Report,
    Row,
    Table,
)
from los.reporting.scopes import Level, Scope

_L = gettext_lazy


def report_url(scope: Scope, name: str = "results") -> str:
    """The address of a scope's report page, or of one of its downloads (`name`)."""
    if scope.level == Level.NATION:
        return reverse(name)
    return reverse(name, kwargs={"level": scope.level, "code": scope.code})


# What a column header says: the indicators' names are long; the key figures table under
# the headline gives each in full.
SHORT_LABELS = {
    "competitive_rate": _L("I ordinært arbeid"),
    "first_contact_rate": _L("Arbeidsgiverkontakt innen 30 dager"),
    "cohort6_rate": _L("I arbeid innen 6 mnd."),
    "cohort12_rate": _L("I arbeid innen 12 mnd."),
    "phq9_response_rate": _L("PHQ-9 respons"),
    "phq9_remission_rate": _L("PHQ-9 remisjon"),
    "gad7_response_rate": _L("GAD-7 respons"),
    "gad7_remission_rate": _L("GAD-7 remisjon"),
    "served": _L("Forløp"),
    "started": _L("Startet"),
    "ended": _L("Avsluttet"),
    "job_started": _L("Jobbstart"),
    "competitive_job_started": _L("Start i ordinær jobb"),
    "education_started": _L("Utdanningsstart"),
    "education_completed": _L("Fullført utdanning"),
    "waiting_days": _L("Ventetid"),
    "first_contact_days": _L("Til første arbeidsgiverkontakt"),
    "first_job_days": _L("Til første jobb"),
    "first_competitive_job_days": _L("Til første ordinære jobb"),
}

# The indicators in groups that read as one table each.
GROUPS = (
    (
        "work",
        _L("Arbeid"),
        ("competitive_rate", "first_contact_rate", "cohort6_rate", "cohort12_rate"),
    ),
    (
        "activity",
        _L("Forløp, jobb og utdanning (antall)"),
        (
            "served",
            "started",
            "ended",
            "job_started",
            "competitive_job_started",
            "education_started",
            "education_completed",
        ),
    ),
    (
        "days",
        _L("Tid (median dager)"),
        ("waiting_days", "first_contact_days", "first_job_days", "first_competitive_job_days"),
    ),
    (
        "symptoms",
        _L("Psykisk helse (PHQ-9 og GAD-7)"),
        (
            "phq9_response_rate",
            "phq9_remission_rate",
            "gad7_response_rate",
            "gad7_remission_rate",
        ),
    ),
)

BREAKDOWN_TITLES = {
    Breakdown.UNITS: _L("Enhetene side om side"),
    Breakdown.PROGRAMME: _L("Etter program"),
    Breakdown.AGE_GROUP: _L("Etter aldersgruppe"),
    Breakdown.GENDER: _L("Etter kjønn"),
}


def cell_text(cell: Cell) -> str:
    """A figure as text in one line (the PDF): «42,9 % (3 av 7)», «12 dager (median av
    7)», «● skjult» for a hidden one, so a screen reader says what the mark means."""
    if cell.suppressed:
        return f"{SUPPRESSED_MARK} {_('skjult')}"
    if cell.not_yet and cell.denominator:
        return _("ennå ikke")
    if cell.value is None:
        return "–"
    shown = number_text(cell.value)
    if cell.unit == "percent":
        return f"{shown} % ({cell.numerator} {_('av')} {cell.denominator})"
    if cell.unit == "days":
        return f"{shown} {_('dager')} ({_('median av')} {cell.numerator})"
    return shown


def number_text(value: float) -> str:
    """Norwegian decimals: «42,9», «7»."""
    if float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.1f}".replace(".", ",")


@dataclass(frozen=True)
class MatrixRow:
    label: str
    scope: Scope | None  # a sub-unit's own report, for a link
    total: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Matrix:
    """One breakdown × one group of indicators: rows are the breakdown's values (the
    sub-units, the programmes, …), columns the group's indicators."""

    id: str
    caption: str
    indicators: tuple[Indicator, ...]
    headers: tuple[str, ...]
    rows: tuple[MatrixRow, ...]

    @property
    def has_hidden(self) -> bool:
        return any(cell.suppressed for row in self.rows for cell in row.cells)


@dataclass(frozen=True)
class Section:
    breakdown: str
    title: str
    matrices: tuple[Matrix, ...]


def breakdown_sections(report: Report) -> list[Section]:
    """The sub-units side by side, then by programme, age group and gender: one table per
    group of indicators, each row a value of the breakdown and the unit's total last."""
    sections = []
    for breakdown in (
        Breakdown.UNITS,
        Breakdown.PROGRAMME,
        Breakdown.AGE_GROUP,
        Breakdown.GENDER,
    ):
        matrices = []
        for group, group_label, codes in GROUPS:
            tables = [report.table(code, breakdown) for code in codes]
            tables = [t for t in tables if t is not None]
            if not tables:
                continue
            matrices.append(_matrix(report, breakdown, group, group_label, tables))
        if matrices:
            sections.append(Section(breakdown, str(BREAKDOWN_TITLES[breakdown]), tuple(matrices)))
    return sections


def _matrix(report, breakdown, group, group_label, tables: list[Table]) -> Matrix:
    first = tables[0]
    empty = _empty_rows(report, breakdown)
    rows = []
    for index, row in enumerate(first.rows):
        if index in empty:
            continue
        rows.append(
            MatrixRow(
                label=row.label,
                scope=row.scope,
                total=row.total,
                cells=tuple(table.rows[index].cell for table in tables),
            )
        )
    caption = _("%(group)s, %(unit)s, %(period)s, etter %(breakdown)s") % {
        "group": group_label,
        "unit": report.unit_name,
        "period": report.period.label,
        "breakdown": BREAKDOWN_LABELS[breakdown],
    }
    return Matrix(
        id=f"tabell-{breakdown}-{group}".replace("_", "-"),
        caption=caption,
        indicators=tuple(t.indicator for t in tables),
        headers=tuple(str(SHORT_LABELS.get(t.indicator.code, t.indicator.label)) for t in tables),
        rows=tuple(rows),
    )


def _empty_rows(report: Report, breakdown: str) -> set[int]:
    """The rows of a programme, age group or gender with no enrolments in the period: a
    table of the eight programmes where two run is mostly dashes. Sub-units are always
    shown (that a service had nobody is worth seeing); a hidden count is never dropped."""
    served = report.table("served", breakdown)
    if breakdown == Breakdown.UNITS or served is None:
        return set()
    return {
        index
        for index, row in enumerate(served.rows)
        if not row.total and not row.cell.suppressed and row.cell.value == 0
    }


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    cell: Cell


def headline(report: Report) -> list[Headline]:
    """Every indicator for the unit as a whole, with its full name."""
    return [Headline(INDICATOR_BY_CODE[cell.indicator], cell) for cell in report.headline]


@dataclass(frozen=True)
class BenchmarkReading:
    """Where the competitive employment rate stands against the IPS benchmarks."""

    cell: Cell
    text: str


def benchmark_reading(report: Report) -> BenchmarkReading:
    cell = report.headline_cell("competitive_rate")
    if cell.suppressed or cell.value is None:
        return BenchmarkReading(cell, _("Andelen kan ikke sammenlignes med målene."))
    reached = [b for b in report.benchmarks if cell.value >= b.percent]
    if not reached:
        lowest = report.benchmarks[0]
        text = _("Under minimumsnivået for IPS (%(percent)d %%).") % {"percent": lowest.percent}
    else:
        best = reached[-1]
        text = _("På eller over nivået «%(label)s» for IPS (%(percent)d %%).") % {
            "label": best.label,
            "percent": best.percent,
        }
    return BenchmarkReading(cell, text)


@dataclass(frozen=True)
class TrendFigure:
    id: str
    title: str
    desc: str
    indicator: Indicator
    chart: TrendChart | None  # None when no quarter has a figure to draw
    points: tuple  # the report's TrendPoints, for the table beside the chart


def _benchmark_text(report: Report) -> str:
    return ", ".join(f"{b.percent} % ({b.label})" for b in report.benchmarks)


def trend_figures(report: Report) -> list[TrendFigure]:
    figures = []
    for trend in report.trends:
        if not trend.points:
            continue
        references = [(b.percent, f"{b.percent} %") for b in trend.benchmarks]
        values = [None if point.cell.suppressed else point.cell.value for point in trend.points]
        # A chart of nothing but gaps says nothing: the table says why (hidden or none).
        chart = None
        if any(value is not None for value in values):
            chart = trend_chart(
                [_("K%(quarter)d") % {"quarter": p.period.quarter} for p in trend.points],
                values,
                references=references,
                sublabels=[str(point.period.year) for point in trend.points],
            )
        desc = _("Utviklingen per kvartal for %(unit)s. Tallene står i tabellen ved siden av.") % {
            "unit": report.unit_name
        }
        if trend.benchmarks:
            desc += " " + _("Stiplede linjer: IPS-målene %(benchmarks)s.") % {
                "benchmarks": _benchmark_text(report)
            }
        figures.append(
            TrendFigure(
                id=f"trend-{trend.indicator.code}".replace("_", "-"),
                title=_("%(indicator)s, siste %(count)d kvartaler")
                % {"indicator": trend.indicator.label, "count": len(trend.points)},
                desc=desc,
                indicator=trend.indicator,
                chart=chart,
                points=trend.points,
            )
        )
    return figures


@dataclass(frozen=True)
class UnitsFigure:
    """The competitive employment rate of each sub-unit (or each programme, for a unit
    with no sub-units) as bars against the benchmarks, beside a table with the same rows."""

    id: str
    title: str
    desc: str
    chart: BarChart
    rows: tuple[Row, ...]
    caption: str


def units_figure(report: Report) -> UnitsFigure | None:
    table = report.table("competitive_rate", Breakdown.UNITS) or report.table(
        "competitive_rate", Breakdown.PROGRAMME
    )
    if table is None:
        return None
    empty = _empty_rows(report, table.breakdown)
    rows = tuple(
        row for index, row in enumerate(table.rows) if not row.total and index not in empty
    )
    if not rows:
        return None
    chart = bar_chart(
        [(row.label, None if row.cell.suppressed else row.cell.value) for row in rows],
        references=[(b.percent, f"{b.percent} %") for b in report.benchmarks],
        missing=_("skjult"),
    )
    by = BREAKDOWN_LABELS[table.breakdown]
    return UnitsFigure(
        id=f"stolper-{table.breakdown}".replace("_", "-"),
        title=_("Andel i ordinært arbeid, %(period)s, etter %(by)s")
        % {"period": report.period.label, "by": by},
        desc=_(
            "Én stolpe per %(by)s. Stiplede linjer: IPS-målene %(benchmarks)s. Tallene står "
            "i tabellen ved siden av."
        )
        % {"by": by, "benchmarks": _benchmark_text(report)},
        chart=chart,
        rows=rows,
        caption=_("Andel i ordinært arbeid, %(unit)s, %(period)s, etter %(by)s")
        % {"unit": report.unit_name, "period": report.period.label, "by": by},
    )


def end_table(report: Report) -> Table | None:
    return report.table("ended_by_cause", Breakdown.END_CAUSE)


def sections(report: Report) -> dict:
    """Everything the page and the PDF lay out, by name."""
    served = report.headline_cell("served")
    return {
        "report": report,
        # Nobody in the unit's enrolments in the period: the page says so instead of
        # showing tables of zeros.
        "empty": not served.suppressed and served.value == 0,
        "headline": headline(report),
        "benchmark": benchmark_reading(report),
        "units_figure": units_figure(report),
        "trend_figures": trend_figures(report),
        "breakdowns": breakdown_sections(report),
        "end_table": end_table(report),
    }

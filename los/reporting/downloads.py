"""A report's figures as files: JSON (for programs: one record per cell, documented in
docs/indicators.md, «Rapportene som JSON»), CSV and XLSX (for people: one row per cell,
Norwegian headers).

Every file holds what the report shows and nothing more: a hidden cell keeps its
coordinates and loses its numbers, so a download never says more than the page.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.utils.translation import gettext as _

from los.reporting.cube import ALL, Cell
from los.reporting.dimensions import AGE_GROUP, END_CAUSE, GENDER, GEOGRAPHY, OFFICE, PROGRAMME
from los.reporting.report import INDICATOR_BY_CODE, Report, Unit
from los.reporting.scopes import Level

FORMAT_VERSION = 1
COORDINATES = (GEOGRAPHY, OFFICE, PROGRAMME, AGE_GROUP, GENDER, END_CAUSE)


def cell_record(cell: Cell) -> dict:
    """One cell as the JSON record: indicator, unit, period, coordinates, numerator,
    denominator, value, suppressed (and not_yet and the labels of the coordinates)."""
    return {
        "indicator": cell.indicator,
        "unit": cell.unit,
        "period": cell.period,
        "coordinates": dict(cell.coordinates),
        "labels": {name: str(label) for name, label in cell.labels.items()},
        "numerator": cell.numerator,
        "denominator": cell.denominator,
        "value": cell.value,
        "suppressed": cell.suppressed,
        "not_yet": cell.not_yet,
    }


def to_json(report: Report) -> bytes:
    document = {
        "format": "los-report",
        "version": FORMAT_VERSION,
        "level": str(report.scope.level),
        "code": report.scope.code,
        "unit_name": report.unit_name,
        "period": report.period.code,
        "period_start": report.period.start.isoformat(),
        "period_end": report.period.end.isoformat(),
        "incomplete": report.incomplete,
        "made_on": report.today.isoformat(),
        "programme": report.programme,
        "exact": report.exact,
        "all": ALL,
        "footnote": report.footnote,
        "indicators": {
            code: {"label": str(indicator.label), "unit": indicator.unit}
            for code, indicator in INDICATOR_BY_CODE.items()
        },
        "cells": [cell_record(cell) for cell in report.cells()],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _headers() -> list[str]:
    return [
        _("Indikator"),
        _("Indikatorkode"),
        _("Måleenhet"),
        _("Periode"),
        _("Geografi"),
        _("NAV-kontor"),
        _("Program"),
        _("Aldersgruppe"),
        _("Kjønn"),
        _("Avslutningsårsak"),
        _("Teller (antall)"),
        _("Nevner"),
        _("Verdi"),
        _("Skjult"),
        _("Merknad"),
    ]


def _unit_text(unit: str) -> str:
    return {
        Unit.ENROLMENTS: _("forløp"),
        Unit.PERCENT: _("prosent"),
        Unit.DAYS: _("dager (median; telleren er antall forløp)"),
    }[unit]


def _rows(report: Report):
    for cell in report.cells():
        indicator = INDICATOR_BY_CODE[cell.indicator]
        labels = [
            str(cell.labels.get(name, "")) if name in cell.coordinates else ""
            for name in COORDINATES
        ]
        note = ""
        if cell.suppressed:
            note = _("skjult av personvernhensyn")
        elif cell.not_yet:
            note = _("ikke klart: tiden etter oppstart har ikke gått ennå")
        yield (
            [
                _safe(text)
                for text in (
                    str(indicator.label),
                    cell.indicator,
                    _unit_text(cell.unit),
                    cell.period,
                    *labels,
                )
            ],
            cell,
            note,
        )


def _safe(text: str) -> str:
    """A name an administrator typed (a service, an office) that begins like a formula is
    written as text: a spreadsheet must never run what a cell says."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _decimal_comma(value: float | None) -> str:
    # Norwegian Excel reads «41,5» as a number; «41.5» would be text.
    if value is None:
        return ""
    return format(Decimal(str(value)).normalize(), "f").replace(".", ",")


def to_csv(report: Report) -> bytes:
    """UTF-8 with a byte order mark and semicolons, as Excel in Norwegian opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers())
    for text, cell, note in _rows(report):
        writer.writerow(
            [
                *text,
                "" if cell.numerator is None else cell.numerator,
                "" if cell.denominator is None else cell.denominator,
                _decimal_comma(cell.value),
                _("ja") if cell.suppressed else _("nei"),
                note,
            ]
        )
    if report.footnote:
        writer.writerow([])
        writer.writerow([report.footnote])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tall")
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for text, cell, note in _rows(report):
        sheet.append(
            [
                *text,
                cell.numerator,
                cell.denominator,
                cell.value,
                _("ja") if cell.suppressed else _("nei"),
                note,
            ]
        )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    widths = (48, 22, 16, 9, 24, 24, 24, 14, 12, 20, 14, 10, 10, 8, 30)
    for column, width in zip("ABCDEFGHIJKLMNO", widths, strict=True):
        sheet.column_dimensions[column].width = width
    about = workbook.create_sheet(_("Om tallene"))
    for label, value in (
        (_("Rapport"), report.unit_name),
        (_("Nivå"), str(Level(report.scope.level).label)),
        (_("Periode"), report.period.label),
        (_("Laget"), report.today.isoformat()),
        (_("Program"), report.programme_name or _("alle")),
        (_("Eksakte tall"), _("ja") if report.exact else _("nei")),
        (_("Perioden er ikke over"), _("ja") if report.incomplete else _("nei")),
        (_("Om skjulte tall"), report.footnote or _("Ingen tall er skjult (eksakte tall).")),
        (_("Definisjoner"), "docs/indicators.md"),
    ):
        about.append([label, value])
        about.cell(row=about.max_row, column=1).font = Font(bold=True)
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


WRITERS = {"json": to_json, "csv": to_csv, "xlsx": to_xlsx}
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

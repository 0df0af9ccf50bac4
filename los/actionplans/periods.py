"""The periods a measure is reported for: a year («2014») or a half-year («2014H1»,
«2014H2»), written like the reporting module's quarters («2026Q1»)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WHOLE_YEAR = 0
_CODE = re.compile(r"^(\d{4})(?:H([12]))?$")


@dataclass(frozen=True)
class Period:
    year: int
    half: int = WHOLE_YEAR  # 0: the whole year; 1, 2: the half-year

    @property
    def code(self) -> str:
        return str(self.year) if self.half == WHOLE_YEAR else f"{self.year}H{self.half}"

    @property
    def label(self) -> str:
        if self.half == WHOLE_YEAR:
            return str(self.year)
        return _("%(half)d. halvår %(year)d") % {"half": self.half, "year": self.year}

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> datetime.date:
        return (
            datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)
        )

    def has_begun(self, today: datetime.date) -> bool:
        return self.start <= today

    @property
    def weight_in_year(self) -> int:
        """Which report of a year tells how the measure stands in that year: the one for the
        whole year, else the second half-year's, else the first's (lowest first)."""
        return {WHOLE_YEAR: 0, 2: 1, 1: 2}[self.half]

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> Period:
    """«2014», «2014H1» or «2014H2» (lower case and spaces allowed); a clear Norwegian error
    for anything else."""
    match = _CODE.match((text or "").strip().upper())
    if match is None:
        raise ValidationError(
            _("Skriv perioden som et årstall (2014) eller et halvår (2014H1 eller 2014H2)."),
            code="period",
        )
    return Period(int(match[1]), int(match[2] or WHOLE_YEAR))


def periods_between(first_year: int, today: datetime.date) -> list[Period]:
    """Every year and half-year from `first_year` that has begun by `today`, newest first."""
    periods = []
    for year in range(today.year, first_year - 1, -1):
        for half in (WHOLE_YEAR, 2, 1):
            period = Period(year, half)
            if period.has_begun(today):
                periods.append(period)
    return periods

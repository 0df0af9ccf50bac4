"""The periods a report covers: a quarter («2026Q1») or a calendar year («2026»).

Programmes report every three months (the IPS Employment Center's quarterly outcome
reporting), and the plans' measures report per year. A period is a closed range of dates,
both ends included. A period that has not ended by today is marked as incomplete: its
figures will still change (docs/reporting.md).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Years a report can ask for: from before the first enrolment anyone will move into Los to
# well after today; a typo like «20026» gets a clear message instead of a date error.
FIRST_YEAR = 2000
LAST_YEAR = 2099

_QUARTER = re.compile(r"^(\d{4})\s*[-]?\s*[QK]([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # the last day, included
    quarter: int | None = None  # 1–4; None for a whole year

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def code(self) -> str:
        """«2026Q1» or «2026»: what the command, the URLs and the downloads use."""
        return f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def label(self) -> str:
        """«1. kvartal 2026» or «2026»: what a reader sees."""
        if self.quarter:
            return _("%(quarter)d. kvartal %(year)d") % {"quarter": self.quarter, "year": self.year}
        return str(self.year)

    @property
    def short_label(self) -> str:
        """«K1 2026»: short enough for a chart's axis."""
        if self.quarter:
            return _("K%(quarter)d %(year)d") % {"quarter": self.quarter, "year": self.year}
        return str(self.year)

    def incomplete(self, today: datetime.date) -> bool:
        """Whether the period has not ended by today: its figures may still grow."""
        return self.end >= today

    def started(self, today: datetime.date) -> bool:
        return self.start <= today

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def quarters(self) -> list[Period]:
        """The quarters in the period (the quarter itself for a quarter)."""
        if self.quarter:
            return [self]
        return [quarter_of(self.year, q) for q in range(1, 5)]

    def __str__(self) -> str:
        return self.code


def quarter_of(year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    start = datetime.date(year, first_month, 1)
    if quarter == 4:
        end = datetime.date(year, 12, 31)
    else:
        end = datetime.date(year, first_month + 3, 1) - datetime.timedelta(days=1)
    return Period(start=start, end=end, quarter=quarter)


def year_of(year: int) -> Period:
    return Period(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))


def quarter_containing(day: datetime.date) -> Period:
    return quarter_of(day.year, (day.month - 1) // 3 + 1)


def parse_period(text: str) -> Period:
    """«2026Q1» (also «2026K1», «2026-Q1», lower case) or «2026». Raises a ValidationError
    with a Norwegian message for anything else."""
    value = (text or "").strip()
    if not value:
        raise ValidationError(
            _("Oppgi en periode, for eksempel 2026Q1 (et kvartal) eller 2026 (et år)."),
            code="period_missing",
        )
    quarter = _QUARTER.match(value)
    year = _YEAR.match(value)
    if not quarter and not year:
        raise ValidationError(
            _(
                "«%(value)s» er ikke en periode. Skriv et kvartal som 2026Q1 "
                "(kvartal 1–4) eller et år som 2026."
            )
            % {"value": value[:40]},
            code="period_format",
        )
    number = int((quarter or year).group(1))
    if not FIRST_YEAR <= number <= LAST_YEAR:
        raise ValidationError(
            _("Året må være mellom %(first)d og %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="period_year",
        )
    return quarter_of(number, int(quarter.group(2))) if quarter else year_of(number)


def previous_quarters(period: Period, count: int) -> list[Period]:
    """The `count` quarters that end with the period's last quarter, oldest first: the
    points of a trend. For a year, the trend ends with its fourth quarter."""
    last = period.quarters()[-1]
    index = last.year * 4 + (last.quarter - 1)
    return [quarter_of(i // 4, i % 4 + 1) for i in range(index - count + 1, index + 1)]

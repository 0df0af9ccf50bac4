"""Sick-note periods joined into continuous cases (oppfølgingstilfeller) by NAV's rule.

The rule, with its source (navikt/isoppfolgingstilfelle, OppfolgingstilfelleDag.kt), is in
docs/sick-leave.md § 1: every calendar day counts, weekends too; a day under a note above 0 %
is a sick day; a case ends when 16 days in a row have had no sick day. So a gap of 15 days or
fewer joins two periods into one case, a gap of 16 days or more starts a new one.

Pure functions on dates: no database, no clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

# A case ends once this many days in a row have had no sick day.
DAYS_WITHOUT_SICK_DAY_ENDING_A_CASE = 16


@dataclass(frozen=True)
class Period:
    """One sick note's period: both days included, grade in per cent (0–100)."""

    start: datetime.date
    end: datetime.date
    grade: int = 100

    @property
    def is_sick(self) -> bool:
        # A note at 0 % is full activity: NAV counts its days as working days.
        return self.grade > 0


@dataclass(frozen=True)
class Case:
    """One continuous case: its first and last sick day and the periods it is made of."""

    start: datetime.date
    end: datetime.date
    periods: tuple[Period, ...]


def gap_days(earlier_end: datetime.date, later_start: datetime.date) -> int:
    """Whole days between the end of one period and the start of the next (0 when they
    touch or overlap)."""
    return max((later_start - earlier_end).days - 1, 0)


def join_periods(periods: Iterable[Period]) -> list[Case]:
    """The continuous cases the periods make, earliest first. Periods at 0 % are no sick
    days and start no case; they are kept with the case they fall in."""
    ordered = sorted(periods, key=lambda p: (p.start, p.end))
    cases: list[Case] = []
    current: list[Period] = []
    start = end = None
    for period in ordered:
        if not period.is_sick:
            if current and period.start <= end:
                current.append(period)
            continue
        if current and gap_days(end, period.start) < DAYS_WITHOUT_SICK_DAY_ENDING_A_CASE:
            current.append(period)
            end = max(end, period.end)
            continue
        if current:
            cases.append(Case(start, end, tuple(current)))
        current, start, end = [period], period.start, period.end
    if current:
        cases.append(Case(start, end, tuple(current)))
    return cases


def grade_on(case: Case, day: datetime.date) -> int | None:
    """The grade of sick leave on `day` (the highest of the notes covering it), None when
    no note covers it."""
    grades = [p.grade for p in case.periods if p.start <= day <= p.end]
    return max(grades) if grades else None

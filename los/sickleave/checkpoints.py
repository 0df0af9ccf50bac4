"""The checkpoints of a continuous case: each one's date from the rule valid on the case's
first day (docs/sick-leave.md § 2).

Pure functions: the rules come in as plain values (`Rule`, made from CheckpointRule rows by
`Rule.of`), the case as joined periods (los/sickleave/periods.py). Dates are calendar dates,
so neither leap days nor summer time need any special handling: adding days to a
`datetime.date` never meets a clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from los.sickleave.periods import Case, grade_on
from los.sickleave.vocabulary import CheckpointKind, Counting

# The employer pays the first 16 sick days (folketrygdloven § 8-19); they do not count
# toward the 248 days (navikt/helse-spleis: ArbeidsgiverperiodeDag is a day of pause).
EMPLOYER_PERIOD_DAYS = 16
# Below 20 % there is no sickness benefit (folketrygdloven § 8-13; spleis: AvvistDag).
LOWEST_BENEFIT_GRADE = 20
SATURDAY = 5
# From 67 to 70, at most 60 sickness-benefit days (folketrygdloven § 8-51; navikt/helse-spleis
# MaksimumSykepengedagerregler.kt: maksSykepengedagerOver67() = 60), counted from the day
# after the 67th birthday (Maksdatokontekst.kt: betalteDager.filter { it > sekstisyvårsdagen }).
DAYS_AFTER_67 = 60
# However long the notes, a maximum date is found within this many days (248 weekdays take
# 347 days); the bound only keeps a wrong rule from looping for ever.
SEARCH_LIMIT_DAYS = 5 * 366


@dataclass(frozen=True)
class Rule:
    kind: str
    counting: str
    amount: int
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    title: str = ""
    meaning: str = ""
    source: str = ""
    source_url: str = ""
    pk: int | None = None

    @classmethod
    def of(cls, row) -> Rule:
        return cls(
            kind=row.kind,
            counting=row.counting,
            amount=row.amount,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            title=row.title,
            meaning=row.meaning,
            source=row.source,
            source_url=row.source_url,
            pk=row.pk,
        )

    def valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Checkpoint:
    kind: str
    rule: Rule | None
    date: datetime.date | None
    # Does the sick leave as known (the last note's end) reach the checkpoint?
    reached_by_notes: bool = False
    # A dialogue meeting linked to the case for this checkpoint: the day it was held (the
    # checkpoint is met), or the day it is planned for.
    held_on: datetime.date | None = None
    planned_on: datetime.date | None = None

    @property
    def is_met(self) -> bool:
        return self.held_on is not None

    @property
    def label(self) -> str:
        return CheckpointKind(self.kind).label


def rule_on(rules: Iterable[Rule], kind: str, day: datetime.date) -> Rule | None:
    """The rule of `kind` valid on `day`, or None when no rule was in force then."""
    return next((r for r in rules if r.kind == kind and r.valid_on(day)), None)


def birthday(born: datetime.date, years: int) -> datetime.date:
    """The day someone born on `born` turns `years`; one born on 29 February has the
    birthday on 1 March in a year without it."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return datetime.date(born.year + years, 3, 1)


def _weekday_before(day: datetime.date) -> datetime.date:
    day -= datetime.timedelta(days=1)
    while day.weekday() >= SATURDAY:
        day -= datetime.timedelta(days=1)
    return day


def maximum_date(
    case: Case, benefit_days: int, born: datetime.date | None = None
) -> datetime.date | None:
    """The day the `benefit_days`-th sickness-benefit day is used: weekdays after the
    employer period with a grade of 20 % or more, graded days counted whole; after the last
    note every weekday counts, as if the sick leave went on. With the birth date: at most
    60 days after the 67th birthday, and none from the 70th (docs/sick-leave.md, «The maximum
    date»)."""
    if benefit_days <= 0:
        return None
    sixty_seven = birthday(born, 67) if born else None
    seventy = birthday(born, 70) if born else None
    sick_days = used = used_after_67 = 0
    day = case.start
    for _ in range(SEARCH_LIMIT_DAYS):
        if seventy is not None and day >= seventy:
            # No sickness benefit from the 70th birthday (folketrygdloven § 8-3).
            return _weekday_before(seventy)
        grade = grade_on(case, day) if day <= case.end else 100
        if grade:
            sick_days += 1
            if (
                sick_days > EMPLOYER_PERIOD_DAYS
                and day.weekday() < SATURDAY
                and grade >= LOWEST_BENEFIT_GRADE
            ):
                used += 1
                if sixty_seven is not None and day > sixty_seven:
                    used_after_67 += 1
                if used == benefit_days or used_after_67 == DAYS_AFTER_67:
                    return day
        day += datetime.timedelta(days=1)
    return None


def checkpoint_date(case: Case, rule: Rule, born: datetime.date | None = None):
    if rule.counting == Counting.BENEFIT_DAYS:
        return maximum_date(case, rule.amount, born)
    return case.start + datetime.timedelta(days=rule.amount)


def checkpoints(
    case: Case, rules: Iterable[Rule], born: datetime.date | None = None
) -> list[Checkpoint]:
    """Every checkpoint of the case in the order of CheckpointKind, each by the rule valid on
    the case's first day (a kind with no rule in force then has no date). The birth date,
    when known, bounds the maximum date by age."""
    rules = list(rules)
    result = []
    for kind in CheckpointKind:
        rule = rule_on(rules, kind, case.start)
        date = checkpoint_date(case, rule, born) if rule else None
        result.append(
            Checkpoint(
                kind=kind,
                rule=rule,
                date=date,
                reached_by_notes=date is not None and case.end >= date,
            )
        )
    return result

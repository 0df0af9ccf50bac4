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


def maximum_date(case: Case, benefit_days: int) -> datetime.date | None:
    """The day the `benefit_days`-th sickness-benefit day is used: weekdays after the
    employer period with a grade of 20 % or more, graded days counted whole; after the last
    note every weekday counts, as if the sick leave went on (docs/sick-leave.md, «The maximum
    date»)."""
    if benefit_days <= 0:
        return None
    sick_days = used = 0
    day = case.start
    for _ in range(SEARCH_LIMIT_DAYS):
        grade = grade_on(case, day) if day <= case.end else 100
        if grade:
            sick_days += 1
            if (
                sick_days > EMPLOYER_PERIOD_DAYS
                and day.weekday() < SATURDAY
                and grade >= LOWEST_BENEFIT_GRADE
            ):
                used += 1
                if used == benefit_days:
                    return day
        day += datetime.timedelta(days=1)
    return None


def checkpoint_date(case: Case, rule: Rule) -> datetime.date | None:
    if rule.counting == Counting.BENEFIT_DAYS:
        return maximum_date(case, rule.amount)
    return case.start + datetime.timedelta(days=rule.amount)


def checkpoints(case: Case, rules: Iterable[Rule]) -> list[Checkpoint]:
    """Every checkpoint of the case in the order of CheckpointKind, each by the rule valid on
    the case's first day (a kind with no rule in force then has no date)."""
    rules = list(rules)
    result = []
    for kind in CheckpointKind:
        rule = rule_on(rules, kind, case.start)
        date = checkpoint_date(case, rule) if rule else None
        result.append(
            Checkpoint(
                kind=kind,
                rule=rule,
                date=date,
                reached_by_notes=date is not None and case.end >= date,
            )
        )
    return result

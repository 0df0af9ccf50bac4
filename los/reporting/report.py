"""A report: the tables, rates, benchmarks and trends for one unit and one period.

Every report is cut from ONE canonical national figure set per period: the cubes of every
indicator for the whole country at every level (services, municipalities, counties,
regions, the nation, and the NAV offices), each with its suppression pattern decided once
on the whole cube (los/reporting/disclosure.py). A county's report and the nation's report
show the same county cells the same way, so no two reports can be set side by side to
work out a hidden cell. The figure set is kept in Django's cache, keyed by the period, the
day (the figures depend on today: what has happened, whose day 30 has passed) and the
reference data the units come from; it is counted again when the data has changed (a stamp:
the newest change-log row, every change to the record writes one) and it is older than
settings.LOS_REPORT_MAX_AGE_SECONDS. Every suppression pattern, once made, is kept in the
database (models.StoredPattern) under a digest of its counts, so a closed quarter's
patterns are made once (docs/reporting.md, «Speed»). With
settings.LOS_REPORT_RECOUNT_IN_BACKGROUND (a cache the worker shares) a reader never waits
for the counting: figures past their age are shown with when they were counted, and the
background worker counts them again (los/reporting/tasks.py).

A service's own staff may ask for their service's figures exactly (`exact=True`); every
other report, and every cell outside the service, goes through disclosure control.
"""

from __future__ import annotations

import datetime
import hashlib
import statistics
import threading
import uuid
from collections import Counter, OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.access.models import ChangeLogEntry
from los.measures.models import Response
from los.participants.models import CareTeamMembership, Participant
from los.pathways.models import Education, EmployerContact, Enrolment, Job
from los.pathways.outcomes import months_after
from los.reporting import disclosure
from los.reporting.cube import ALL, Cell, Cube, Key, rolled_up_columns, rolled_up_histograms
from los.reporting.dimensions import (
    AGE_GROUP,
    END_SHAPES,
    GENDER,
    MAIN_AXES,
    MAIN_SHAPES,
    PROGRAMME,
    Dimensions,
    load_dimensions,
    office_value,
    scope_value,
    service_value,
    value_scope,
)
from los.reporting.figures import (
    COUNTS,
    DAYS,
    END_CAUSES,
    HEADLINE_COUNTS,
    NO_COUNSELLOR,
    PeriodCounts,
    day_counts,
    headline_counts,
    period_counts,
)
from los.reporting.models import StoredPattern
from los.reporting.periods import Period, previous_quarters
from los.reporting.scopes import Level, Scope

TREND_QUARTERS = 8
CACHE_SECONDS = 6 * 3600  # only frees memory: validity is the stamp and the maximum age
# Figures asked to be counted again in the background are asked for once, until the worker
# has counted them (it lifts the mark) or this long has passed (a worker that died).
RECOUNT_MARK_SECONDS = 15 * 60


@dataclass(frozen=True)
class Benchmark:
    percent: int
    label: str


def competitive_benchmarks() -> tuple[Benchmark, ...]:
    """The IPS Employment Center's quarterly competitive employment benchmarks."""
    return (
        Benchmark(31, _("minimum")),
        Benchmark(41, _("gjennomsnitt")),
        Benchmark(50, _("svært godt")),
    )


class Unit:
    ENROLMENTS = "enrolments"
    PERCENT = "percent"
    DAYS = "days"


@dataclass(frozen=True)
class Indicator:
    """One figure a report shows. `numerator` names the count (for a count, the count
    itself; for days, the enrolments behind the median) and `denominator` the count it is
    divided by (rates only). docs/indicators.md defines each."""

    code: str
    label: str
    unit: str
    numerator: str
    denominator: str | None = None
    headline: bool = False
    cohort_months: int | None = None  # a cohort rate: «not yet» until its window has passed

    @property
    def is_rate(self) -> bool:
        return self.unit == Unit.PERCENT

    @property
    def is_median(self) -> bool:
        return self.unit == Unit.DAYS


_L = gettext_lazy
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "competitive_rate",
        _L("Andel i ordinært arbeid i perioden"),
        Unit.PERCENT,
        "competitive_held",
        "served",
        headline=True,
    ),
    Indicator(
        "first_contact_rate",
        _L("Første arbeidsgiverkontakt ansikt til ansikt innen 30 dager"),
        Unit.PERCENT,
        "contact_in_time",
        "contact_due",
        headline=True,
    ),
    Indicator("served", _L("Forløp i perioden"), Unit.ENROLMENTS, "served"),
    Indicator("started", _L("Startet i perioden"), Unit.ENROLMENTS, "started"),
    # The ends cube's total over the causes, so it is hidden as the causes are.
    Indicator("ended", _L("Avsluttet i perioden"), Unit.ENROLMENTS, "ended_by_cause"),
    Indicator("job_started", _L("Forløp med jobbstart"), Unit.ENROLMENTS, "job_started"),
    Indicator(
        "competitive_job_started",
        _L("Forløp med start i ordinær jobb"),
        Unit.ENROLMENTS,
        "competitive_job_started",
    ),
    Indicator(
        "education_started",
        _L("Forløp med utdanningsstart"),
        Unit.ENROLMENTS,
        "education_started",
    ),
    Indicator(
        "education_completed",
        _L("Forløp med fullført utdanning"),
        Unit.ENROLMENTS,
        "education_completed",
    ),
    Indicator(
        "cohort6_rate",
        _L("I ordinært arbeid (IPS-ung: eller utdanning) innen 6 måneder"),
        Unit.PERCENT,
        "cohort6",
        "started",
        cohort_months=6,
    ),
    Indicator(
        "cohort12_rate",
        _L("I ordinært arbeid (IPS-ung: eller utdanning) innen 12 måneder"),
        Unit.PERCENT,
        "cohort12",
        "started",
        cohort_months=12,
    ),
    Indicator(
        "phq9_response_rate",
        _L("PHQ-9: respons (minst 50 % lavere enn første svar)"),
        Unit.PERCENT,
        "phq9_response",
        "phq9_answered",
    ),
    Indicator(
        "phq9_remission_rate",
        _L("PHQ-9: remisjon (siste sum under 5)"),
        Unit.PERCENT,
        "phq9_remission",
        "phq9_answered",
    ),
    Indicator(
        "gad7_response_rate",
        _L("GAD-7: respons (minst 50 % lavere enn første svar)"),
        Unit.PERCENT,
        "gad7_response",
        "gad7_answered",
    ),
    Indicator(
        "gad7_remission_rate",
        _L("GAD-7: remisjon (siste sum under 5)"),
        Unit.PERCENT,
        "gad7_remission",
        "gad7_answered",
    ),
    Indicator(
        "waiting_days",
        _L("Ventetid fra henvisning til oppstart, median dager"),
        Unit.DAYS,
        "waiting_days",
    ),
    Indicator(
        "first_contact_days",
        _L("Dager fra oppstart til første arbeidsgiverkontakt ansikt til ansikt, median"),
        Unit.DAYS,
        "first_contact_days",
    ),
    Indicator(
        "first_job_days",
        _L("Dager fra oppstart til første jobb, median"),
        Unit.DAYS,
        "first_job_days",
    ),
    Indicator(
        "first_competitive_job_days",
        _L("Dager fra oppstart til første ordinære jobb, median"),
        Unit.DAYS,
        "first_competitive_job_days",
    ),
)
ENDED_BY_CAUSE = Indicator(
    "ended_by_cause", _L("Avsluttet etter årsak"), Unit.ENROLMENTS, "ended_by_cause"
)
INDICATOR_BY_CODE = {i.code: i for i in (*INDICATORS, ENDED_BY_CAUSE)}
TREND_INDICATORS = tuple(i for i in INDICATORS if i.headline)


def cohort_window_passed(period: Period, months: int, today: datetime.date) -> bool:
    """Whether every enrolment that started in the period has a result: the window of the
    period's last day's starters ends `months` calendar months after it, and a window that
    ends today has closed (docs/indicators.md, cohort outcomes)."""
    return months_after(period.end, months) <= today


# ---------------------------------------------------------------------------------------
# The canonical figure set of one period


ENDS = "ended_by_cause"  # the cube of ended enrolments by end cause


@dataclass
class FigureSet:
    """The national cubes of one period with their suppression patterns. Cubes and
    patterns are made when first asked for, and kept: the set is cached whole."""

    period: Period
    today: datetime.date
    dimensions: Dimensions
    finest: dict[Key, list[int]]
    ends_finest: dict[Key, list[int]]
    days_finest: dict[str, dict[Key, Counter]] | None = None
    cache_key: str = ""
    made_at: datetime.datetime | None = None  # when the counts were made
    stamp: str = ""  # data_stamp() when the counts were made
    # The patterns kept in the database for this period (and those made here, to be kept).
    patterns: _Patterns = field(default_factory=lambda: _Patterns())
    _cubes: dict[str, Cube] = field(default_factory=dict)
    _hidden: dict[tuple, frozenset[Key]] = field(default_factory=dict)
    _days: dict[str, dict[Key, Counter]] = field(default_factory=dict)
    changed: bool = True  # made or extended since it was cached
    counted_here: bool = False  # counted in this request, not yet cached
    # The counts in `finest`: COUNTS, or for a trend quarter HEADLINE_COUNTS alone.
    columns: tuple[str, ...] = COUNTS

    @property
    def headline_only(self) -> bool:
        return self.columns != COUNTS

    def cube(self, name: str) -> Cube:
        if name not in self._cubes:
            if self.headline_only and name not in self.columns:
                raise KeyError(f"{name} is not counted for a trend quarter ({self.period.code})")
            self.changed = True
            if name == ENDS:
                self._cubes.update(
                    rolled_up_columns(self.dimensions.ends, self.ends_finest, END_SHAPES, [ENDS])
                )
            elif name in DAYS:
                self._roll_days(name)
            else:
                self._cubes.update(
                    rolled_up_columns(self.dimensions.main, self.finest, MAIN_SHAPES, self.columns)
                )
        return self._cubes[name]

    def _roll_days(self, name: str) -> None:
        """The histogram behind a median, summed up to every published cell, and the number
        of enrolments in each as a cube of its own: the n a median is published with, and
        hidden by."""
        rolled = rolled_up_histograms(self.dimensions.main, self.days_finest[name], MAIN_SHAPES)
        self._days[name] = rolled
        self._cubes[name] = Cube(
            dimensions=self.dimensions.main,
            counts={key: sum(histogram.values()) for key, histogram in rolled.items()},
        )

    def hidden(self, indicator: Indicator) -> frozenset[Key]:
        """The cells the indicator hides, decided once on the national cube. Indicators of
        the same cube share its pattern (the ended enrolments and the ended by cause).

        A rate shows its numerator and denominator, and both may be published as counts of
        their own («0 av 6» beside a served count): so a rate is hidden wherever either count
        is, as well as where its own pattern hides it. Hiding more never lets a hidden cell
        be worked out, and the rate then shows no number its counts' tables do not."""
        names = (indicator.numerator, indicator.denominator)
        if names not in self._hidden:
            self.changed = True
            numerator = self.cube(indicator.numerator)
            if indicator.denominator:
                pattern = (
                    disclosure.suppress_rate(
                        numerator, self.cube(indicator.denominator), store=self.patterns
                    )
                    | self._count_pattern(indicator.numerator)
                    | self._count_pattern(indicator.denominator)
                )
            else:
                pattern = self._count_pattern(indicator.numerator)
            self._hidden[names] = pattern
        return self._hidden[names]

    def _count_pattern(self, name: str) -> frozenset[Key]:
        """The pattern of a count published on its own (the same cube gives the same
        pattern, whichever table asks)."""
        names = (name, None)
        if names not in self._hidden:
            self.changed = True
            self._hidden[names] = disclosure.suppress(self.cube(name), store=self.patterns)
        return self._hidden[names]

    def median(self, name: str, key: Key) -> float | None:
        self.cube(name)
        histogram = self._days[name].get(key)
        if not histogram:
            return None
        return float(statistics.median(histogram.elements()))

    def published(self, indicator: Indicator, key: Key) -> bool:
        return self._key(indicator, key) in self.cube(indicator.numerator).counts

    def _key(self, indicator: Indicator, key: Key) -> Key:
        # The ended enrolments are the ends cube's total over the causes.
        if indicator.numerator == ENDS and len(key) == len(self.dimensions.main):
            return (*key, ALL)
        return key

    def cell(self, indicator: Indicator, key: Key, *, exact: bool) -> Cell:
        """The published figure of `indicator` at `key`: no numbers where the pattern
        hides it, unless the figures are exact."""
        key = self._key(indicator, key)
        numerator_cube = self.cube(indicator.numerator)
        if key not in numerator_cube.counts:
            raise KeyError(f"{indicator.code} is not published at {key}")
        dimensions = numerator_cube.dimensions
        base = {
            "indicator": indicator.code,
            "unit": indicator.unit,
            "period": self.period.code,
            "coordinates": {d.name: v for d, v in zip(dimensions, key, strict=True)},
            "labels": {d.name: d.labels.get(v, v) for d, v in zip(dimensions, key, strict=True)},
        }
        hidden = {"numerator": None, "denominator": None, "value": None, "suppressed": True}
        if not exact and key in self.hidden(indicator):
            return Cell(**base, **hidden)
        numerator = numerator_cube.counts[key]
        if indicator.is_rate:
            denominator = self.cube(indicator.denominator).counts[key]
            if indicator.cohort_months and not cohort_window_passed(
                self.period, indicator.cohort_months, self.today
            ):
                return Cell(
                    **base,
                    numerator=None,
                    denominator=denominator,
                    value=None,
                    suppressed=False,
                    not_yet=True,
                )
            value = round(100 * numerator / denominator, 1) if denominator else None
            return Cell(
                **base, numerator=numerator, denominator=denominator, value=value, suppressed=False
            )
        if indicator.is_median:
            # A median is published only with its n, and only when the n passes the
            # threshold (the median of two people is nearly each of them).
            if not exact and numerator < disclosure.min_cell_size():
                return Cell(**base, **hidden)
            value = self.median(indicator.numerator, key)
            return Cell(
                **base, numerator=numerator, denominator=None, value=value, suppressed=False
            )
        return Cell(
            **base, numerator=numerator, denominator=None, value=float(numerator), suppressed=False
        )


class _Patterns(dict):
    """Suppression patterns by digest: those read from the database, and those made since,
    which `keep_figure_sets` writes (`new`)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.new: set[str] = set()

    def __setitem__(self, digest: str, pattern) -> None:
        with _sets_lock:
            super().__setitem__(digest, pattern)
            self.new.add(digest)

    def __reduce__(self):  # cached with the figure set: the new ones are written by then
        return (_Patterns, (dict(self),))


# Each process keeps the figure sets it has read or made, with the version they were cached
# under: a request then reads only the versions from the cache (a few bytes each) instead of
# unpickling every period's cubes and patterns again. A set is shared by the process's
# threads; it only ever gains cubes and patterns (each a pure function of its counts), and
# `_sets_lock` guards the patterns still to be written.
_SETS_KEPT = 24
_sets_here: OrderedDict[str, tuple[str, FigureSet]] = OrderedDict()
_sets_lock = threading.RLock()


def _version_key(cache_key: str) -> str:
    return f"{cache_key}:version"


def _cached_sets(keys: list[str]) -> dict[str, FigureSet]:
    """The cached figure sets under these keys: this process's own copy where its version is
    the cache's, else the cache's (and kept here). Two queries of the cache at most."""
    versions = cache.get_many([_version_key(key) for key in keys])
    found, unknown = {}, []
    with _sets_lock:
        for key in keys:
            version = versions.get(_version_key(key))
            here = _sets_here.get(key)
            if version is not None and here is not None and here[0] == version:
                found[key] = here[1]
                _sets_here.move_to_end(key)
            elif version is not None:
                unknown.append(key)
    if unknown:
        fetched = cache.get_many(unknown)
        with _sets_lock:
            for key, figure_set in fetched.items():
                found[key] = figure_set
                _remember(key, versions[_version_key(key)], figure_set)
    return found


def _remember(key: str, version: str, figure_set: FigureSet) -> None:
    _sets_here[key] = (version, figure_set)
    _sets_here.move_to_end(key)
    while len(_sets_here) > _SETS_KEPT:
        _sets_here.popitem(last=False)


def _stored_patterns(periods: Sequence[Period]) -> dict[str, _Patterns]:
    """The kept patterns of these periods, in one query."""
    found = {p.code: _Patterns() for p in periods}
    rows = StoredPattern.objects.filter(period__in=list(found)).values_list(
        "digest", "period", "hidden"
    )
    for digest, period, hidden in rows:
        dict.__setitem__(found[period], digest, frozenset(tuple(key) for key in hidden))
    return found


def max_age_seconds() -> int:
    """How old figures may be once the record has changed: LOS_REPORT_MAX_AGE_SECONDS
    (default 300), read at call time so a test's override applies."""
    return settings.LOS_REPORT_MAX_AGE_SECONDS


def _fresh(figure_set: FigureSet, stamp: str, now: datetime.datetime) -> bool:
    """A cached figure set is used while nothing has changed since it was counted, and for
    at most the maximum age after a change."""
    if figure_set.stamp == stamp:
        return True
    made_at = figure_set.made_at
    return made_at is not None and (now - made_at).total_seconds() <= max_age_seconds()


def _finest_main(counts: PeriodCounts) -> tuple[dict[Key, list[int]], dict[Key, list[int]]]:
    finest: dict[Key, list[int]] = {}
    for (service, office, programme, age, gender), row in counts.counts.items():
        finest[(service_value(service), office_value(office), programme, age, gender)] = row
    ends: dict[Key, list[int]] = {}
    for (service, office, programme, age, gender, cause), n in counts.ended_by_cause.items():
        ends[(service_value(service), office_value(office), programme, age, gender, cause)] = [n]
    return finest, ends


def _finest_days(histograms) -> dict[str, dict[Key, Counter]]:
    return {
        name: {
            (service_value(s), office_value(o), p, a, g): h
            for (s, o, p, a, g), h in by_cell.items()
        }
        for name, by_cell in histograms.items()
    }


# The tables a report's figures come from; a new row in any of them (also one a bulk load
# writes without the change log) gives a new stamp.
_STAMPED_TABLES = (
    ChangeLogEntry,
    Enrolment,
    Job,
    Education,
    EmployerContact,
    Response,
    CareTeamMembership,
    Participant,
)


def data_stamp() -> str:
    """What the figures were made from: the newest change-log row (every change to the
    record writes one, in the same transaction) and the newest row of each table the
    figures read. One query."""
    # The models' own table names, no input:
    maxima = ", ".join(f"(SELECT MAX(id) FROM {m._meta.db_table})" for m in _STAMPED_TABLES)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {maxima}")
        return "-".join(str(value or 0) for value in cursor.fetchone())


def _latest_key(cache_key: str) -> str:
    """Where the key of a period's newest figure set is kept, whatever its day: a set
    counted yesterday may be shown while today's is counted in the background."""
    code, _day, rest = cache_key.removeprefix("los:report:").split(":", 2)
    return f"los:report:latest:{code}:{rest}"


def figure_sets(
    periods: Sequence[Period],
    *,
    today: datetime.date,
    with_days: Period | None = None,
    headline_only: Sequence[Period] = (),
    background: bool = False,
    recount: bool = False,
) -> dict[str, FigureSet]:
    """The canonical figure set of each period, from the cache where it is fresh (`_fresh`);
    the others counted in one statement, with their kept patterns read in one more. The
    periods in `headline_only` (a report's trend quarters) need only the headline counts: a
    whole set is used if one is cached, else they are counted with `headline_counts`, in a
    statement of their own, which spares the other flags, cohorts and questionnaires.

    `background` (a report page, with LOS_REPORT_RECOUNT_IN_BACKGROUND): nothing is counted
    here. A set past its age, or the newest of an earlier day, is used as it is, and the
    worker is asked to count the report of `with_days` again (`ask_recount`); when a period
    has no set at all, FiguresPending. `recount` (the worker): count every period again,
    whatever is cached."""
    dimensions = load_dimensions()
    stamp = data_stamp()
    now = timezone.now()
    fingerprint = hashlib.sha256(repr(dimensions.fingerprint()).encode()).hexdigest()[:16]
    trends = {p.code for p in headline_only}

    def key_of(period: Period, headline: bool = False) -> str:
        kind = ":headline" if headline else ""
        return f"los:report:{period.code}:{today.isoformat()}:{fingerprint}{kind}"

    def keys_of(period: Period) -> tuple[str, ...]:
        return (
            (key_of(period), key_of(period, True)) if period.code in trends else (key_of(period),)
        )

    sets, stale = {}, {}
    if not recount:
        found = _cached_sets([key for p in periods for key in keys_of(p)])
        for p in periods:
            for key in keys_of(p):
                if key in found and _fresh(found[key], stamp, now):
                    sets[p.code] = found[key]
                    break
                if key in found and background and p.code not in stale:
                    stale[p.code] = found[key]
        stale = {code: s for code, s in stale.items() if code not in sets}
    if background:
        unseen = [p for p in periods if p.code not in sets and p.code not in stale]
        if unseen:
            stale.update(_latest_sets([key for p in unseen for key in keys_of(p)]))
        for code, figure_set in stale.items():
            sets.setdefault(code, figure_set)
        report_period = with_days or periods[0]
        if len(sets) < len(periods) or stale:
            ask_recount(report_period, today)
        if len(sets) < len(periods):
            raise FiguresPending(report_period)
    for figure_set in sets.values():
        figure_set.changed = False
    missing = [p for p in periods if p.code not in sets]
    if missing:
        whole = [p for p in missing if p.code not in trends]
        headline = [p for p in missing if p.code in trends]
        counted = {
            **(period_counts(whole, today) if whole else {}),
            **(headline_counts(headline, today) if headline else {}),
        }
        kept = _stored_patterns(missing)
        offices = {o for c in counted.values() for (_s, o, *_rest) in c.counts}
        unknown = {o for o in offices if o != NO_COUNSELLOR} - {
            v.partition(":")[2] for v in dimensions.office.labels
        }
        if unknown:  # a counsellor in an organisation that is not a NAV office
            dimensions = load_dimensions(extra_offices=[int(o) for o in unknown])
        for period in missing:
            finest, ends = _finest_main(counted[period.code])
            sets[period.code] = FigureSet(
                period=period,
                today=today,
                dimensions=dimensions,
                finest=finest,
                ends_finest=ends,
                cache_key=key_of(period, period.code in trends),
                made_at=now,
                stamp=stamp,
                patterns=kept[period.code],
                columns=HEADLINE_COUNTS if period.code in trends else COUNTS,
                counted_here=True,
            )
    if with_days is not None and sets[with_days.code].days_finest is None:
        if background:  # a set counted without the day counts (a trend quarter): recount
            ask_recount(with_days, today)
            raise FiguresPending(with_days)
        sets[with_days.code].days_finest = _finest_days(day_counts(with_days, today))
        sets[with_days.code].changed = True
    return sets


def _latest_sets(keys: list[str]) -> dict[str, FigureSet]:
    """The newest figure set of each period among these keys' periods, of any earlier day
    (two queries of the cache, and one more for sets this process has not read)."""
    pointers = cache.get_many([_latest_key(key) for key in keys])
    found = _cached_sets(list(dict.fromkeys(pointers.values())))
    newest: dict[str, FigureSet] = {}
    for key in keys:
        figure_set = found.get(pointers.get(_latest_key(key), ""))
        if figure_set is not None:
            newest.setdefault(figure_set.period.code, figure_set)
    return newest


def _recount_mark(period: Period, today: datetime.date) -> str:
    return f"los:report:recount:{period.code}:{today.isoformat()}"


def ask_recount(period: Period, today: datetime.date) -> bool:
    """Ask the background worker to count the figures of the report of `period` again (the
    period and its trend quarters), once: a mark in the cache stops a second request until
    the worker has counted (it lifts the mark) or RECOUNT_MARK_SECONDS have passed. True
    when asked now."""
    from los.reporting.tasks import recount_report_figures

    if not cache.add(_recount_mark(period, today), True, RECOUNT_MARK_SECONDS):
        return False
    transaction.on_commit(lambda: recount_report_figures.enqueue(period.code, today.isoformat()))
    return True


def recount(period: Period, today: datetime.date) -> None:
    """Count the figures of the national report of `period` again and keep them (the
    worker's task), then lift the mark of `ask_recount`. Every report of the period is cut
    from these national sets."""
    from los.reporting.scopes import NATION

    try:
        build_report(NATION, period, today=today, recount=True)
    finally:
        cache.delete(_recount_mark(period, today))


def keep_figure_sets(sets: dict[str, FigureSet]) -> None:
    """Keep the patterns made in this request in the database, in one statement, and cache
    the sets that were made or given new cubes or patterns."""
    with _sets_lock:
        new = [
            StoredPattern(
                digest=digest,
                period=s.period.code,
                hidden=sorted(list(key) for key in s.patterns[digest]),
            )
            for s in sets.values()
            for digest in sorted(s.patterns.new)
        ]
        for s in sets.values():
            s.patterns.new.clear()
        changed = {s.cache_key: s for s in sets.values() if s.changed}
        counted = {key for key, s in changed.items() if s.counted_here}
        for figure_set in changed.values():
            figure_set.changed = figure_set.counted_here = False
    if new:  # two requests may make the same pattern at once: the same rows
        StoredPattern.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        versions = {_version_key(key): uuid.uuid4().hex for key in changed}
        cache.set_many(changed, CACHE_SECONDS)
        cache.set_many(versions, CACHE_SECONDS)
        # The newest set of each period, for a reader on a later day (`_latest_sets`): only
        # a set counted in this request moves the pointer (a stale one shown does not).
        cache.set_many({_latest_key(key): key for key in counted}, CACHE_SECONDS)
        with _sets_lock:
            for key, figure_set in changed.items():
                _remember(key, versions[_version_key(key)], figure_set)


# ---------------------------------------------------------------------------------------
# The report


class Breakdown:
    UNITS = "units"  # the sub-units side by side
    PROGRAMME = "programme"
    AGE_GROUP = "age_group"
    GENDER = "gender"
    END_CAUSE = "end_cause"


BREAKDOWN_LABELS = {
    Breakdown.UNITS: _L("enhet"),
    Breakdown.PROGRAMME: _L("program"),
    Breakdown.AGE_GROUP: _L("aldersgruppe"),
    Breakdown.GENDER: _L("kjønn"),
    Breakdown.END_CAUSE: _L("årsak"),
}


@dataclass(frozen=True)
class Row:
    label: str
    cell: Cell
    total: bool = False  # the report's unit itself: the sum of the other rows
    scope: Scope | None = None  # a sub-unit's own report, for a link


@dataclass(frozen=True)
class Table:
    indicator: Indicator
    breakdown: str
    caption: str
    rows: tuple[Row, ...]
    footnote: str  # the disclosure footnote; empty for exact figures

    @property
    def has_hidden(self) -> bool:
        return any(row.cell.suppressed for row in self.rows)


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    cell: Cell
    incomplete: bool  # the period has not ended: the figure may still change


@dataclass(frozen=True)
class Trend:
    indicator: Indicator
    points: tuple[TrendPoint, ...]
    benchmarks: tuple[Benchmark, ...] = ()


@dataclass(frozen=True)
class Report:
    scope: Scope
    unit_name: str
    period: Period
    today: datetime.date
    exact: bool
    programme: str | None
    programme_name: str | None
    headline: tuple[Cell, ...]  # each indicator for the unit as a whole, in INDICATORS' order
    tables: tuple[Table, ...]
    trends: tuple[Trend, ...]
    benchmarks: tuple[Benchmark, ...]  # for the competitive rate
    footnote: str  # the disclosure footnote; empty for exact figures
    made_at: datetime.datetime | None = None  # the oldest counts the report shows

    @property
    def incomplete(self) -> bool:
        return self.period.incomplete(self.today)

    def table(self, indicator: str, breakdown: str) -> Table | None:
        return next(
            (t for t in self.tables if t.indicator.code == indicator and t.breakdown == breakdown),
            None,
        )

    def headline_cell(self, indicator: str) -> Cell:
        return next(c for c in self.headline if c.indicator == indicator)

    def cells(self) -> Iterator[Cell]:
        """Every figure in the report once (the downloads): the tables' cells, then the
        trends' earlier periods."""
        seen = set()
        for cell in (
            *self.headline,
            *(row.cell for table in self.tables for row in table.rows),
            *(point.cell for trend in self.trends for point in trend.points),
        ):
            identity = (cell.indicator, cell.period, tuple(sorted(cell.coordinates.items())))
            if identity not in seen:
                seen.add(identity)
                yield cell


class ReportError(ValueError):
    """A report that cannot be made as asked; the message is Norwegian, for the reader."""


class FiguresPending(ReportError):
    """Nothing counted yet for the period (a new installation, or new units): the background
    worker has been asked to count, and the reader is asked to look again shortly."""

    def __init__(self, period: Period):
        super().__init__(
            _(
                "Tallene for %(period)s telles nå. Det tar vanligvis under ett minutt. "
                "Last inn siden på nytt om litt."
            )
            % {"period": period.label}
        )
        self.period = period


def build_report(
    scope: Scope,
    period: Period,
    *,
    exact: bool = False,
    programme: str | None = None,
    today: datetime.date | None = None,
    background: bool = False,
    recount: bool = False,
) -> Report:
    """The report on `scope` for `period`. `exact` only for a service (its own staff see
    its figures without disclosure control; the caller has checked that the reader works
    there). `programme`: a programme's code, to report on that programme alone.
    `background` and `recount` as in `figure_sets`: a page passes
    `background=settings.LOS_REPORT_RECOUNT_IN_BACKGROUND`."""
    today = today or timezone.localdate()
    if exact and Level(scope.level) != Level.SERVICE:
        raise ReportError(_("Eksakte tall gis bare for en tjeneste, til de som arbeider der."))
    if not period.started(today):
        raise ReportError(_("Perioden %(period)s har ikke begynt ennå.") % {"period": period.label})
    trend_periods = [q for q in previous_quarters(period, TREND_QUARTERS) if q.started(today)]
    periods = [period, *(q for q in trend_periods if q != period)]
    sets = figure_sets(
        periods,
        today=today,
        with_days=period,
        headline_only=[q for q in trend_periods if q != period],
        background=background,
        recount=recount,
    )
    figures = sets[period.code]
    dimensions = figures.dimensions
    if programme is not None and programme not in dimensions.programme.labels:
        raise ReportError(_("Fant ikke programmet «%(code)s».") % {"code": programme[:40]})
    axis, value = scope_value(scope)
    if value not in dimensions.main[axis].labels:
        raise ReportError(_("Fant ingen enhet for denne rapporten."))
    base = [ALL] * len(MAIN_AXES)
    base[axis] = value
    if programme is not None:
        base[MAIN_AXES.index(PROGRAMME)] = programme
    unit_key = tuple(base)

    tables = []
    for indicator in INDICATORS:
        tables += _tables(figures, indicator, scope, axis, unit_key, exact, programme)
    tables += _end_tables(figures, axis, unit_key, exact, programme)
    trends = tuple(
        Trend(
            indicator=indicator,
            points=tuple(
                TrendPoint(
                    q, sets[q.code].cell(indicator, unit_key, exact=exact), q.incomplete(today)
                )
                for q in trend_periods
                if sets[q.code].published(indicator, unit_key)
            ),
            benchmarks=competitive_benchmarks() if indicator.code == "competitive_rate" else (),
        )
        for indicator in TREND_INDICATORS
    )
    headline = tuple(figures.cell(i, unit_key, exact=exact) for i in INDICATORS)
    keep_figure_sets(sets)
    return Report(
        scope=scope,
        unit_name=dimensions.main[axis].labels[value],
        period=period,
        today=today,
        exact=exact,
        programme=programme,
        programme_name=dimensions.programme.labels[programme] if programme else None,
        headline=headline,
        tables=tuple(tables),
        trends=trends,
        benchmarks=competitive_benchmarks(),
        footnote="" if exact else disclosure.footnote(),
        made_at=min(sets[p.code].made_at for p in periods),
    )


def _units(figures: FigureSet, scope: Scope, axis: int, value: str) -> list[str]:
    """The sub-units shown side by side: a municipality's and a county's services, a
    region's and the nation's counties; none for a service or an office."""
    level = Level(scope.level)
    geography = figures.dimensions.geography
    if level in (Level.SERVICE, Level.OFFICE):
        return []
    if level in (Level.MUNICIPALITY, Level.COUNTY):
        return [v for v in geography.leaves(value) if v.startswith("service:")]
    if level == Level.REGION:
        return geography.children(value)
    return [v for v in geography.descendants(ALL) if v.startswith("county:")]


def _tables(figures, indicator, scope, axis, unit_key, exact, programme) -> list[Table]:
    dimensions = figures.dimensions.main
    footnote = "" if exact else disclosure.footnote()
    caption_unit = dimensions[axis].labels[unit_key[axis]]

    def row(key, label, total=False, link=None):
        return Row(label=label, cell=figures.cell(indicator, key, exact=exact), total=total,
                   scope=link)  # fmt: skip

    def table(breakdown, rows):
        caption = _("%(indicator)s, %(unit)s, %(period)s, etter %(breakdown)s") % {
            "indicator": indicator.label,
            "unit": caption_unit,
            "period": figures.period.label,
            "breakdown": BREAKDOWN_LABELS[breakdown],
        }
        return Table(indicator, breakdown, caption, tuple(rows), footnote)

    total = row(unit_key, caption_unit, total=True)
    tables = []
    units = _units(figures, scope, axis, unit_key[axis])
    if units:
        rows = []
        for unit in units:
            key = list(unit_key)
            key[axis] = unit
            rows.append(row(tuple(key), dimensions[axis].labels[unit], link=value_scope(unit)))
        tables.append(table(Breakdown.UNITS, [*rows, total]))
    if programme is None:
        for breakdown, name in (
            (Breakdown.PROGRAMME, PROGRAMME),
            (Breakdown.AGE_GROUP, AGE_GROUP),
            (Breakdown.GENDER, GENDER),
        ):
            position = MAIN_AXES.index(name)
            rows = []
            for value, label in dimensions[position].labels.items():
                if value == ALL:
                    continue
                key = list(unit_key)
                key[position] = value
                rows.append(row(tuple(key), label))
            tables.append(table(breakdown, [*rows, total]))
    return tables


def _end_tables(figures, axis, unit_key, exact, programme) -> list[Table]:
    """The enrolments that ended, by end cause (only for the unit as a whole: causes by
    programme or age would be mostly small)."""
    if programme is not None:
        return []
    dimensions = figures.dimensions.ends
    cause_axis = len(dimensions) - 1
    rows = []
    for cause in END_CAUSES:
        key = (*unit_key, cause)
        rows.append(
            Row(
                dimensions[cause_axis].labels[cause], figures.cell(ENDED_BY_CAUSE, key, exact=exact)
            )
        )
    total_key = (*unit_key, ALL)
    rows.append(
        Row(
            dimensions[axis].labels[unit_key[axis]],
            figures.cell(ENDED_BY_CAUSE, total_key, exact=exact),
            total=True,
        )
    )
    caption = _("%(indicator)s, %(unit)s, %(period)s") % {
        "indicator": ENDED_BY_CAUSE.label,
        "unit": dimensions[axis].labels[unit_key[axis]],
        "period": figures.period.label,
    }
    return [
        Table(
            ENDED_BY_CAUSE,
            Breakdown.END_CAUSE,
            caption,
            tuple(rows),
            "" if exact else disclosure.footnote(),
        )
    ]

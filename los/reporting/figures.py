"""The report figures, counted in the database: one statement for the counts of every
period asked for, one for the distributions behind the medians.

Each statement counts enrolments (forløp) per finest cell: the service that runs the
enrolment × the NAV office of the participant's counsellor × programme × age group ×
gender. Everything above that (municipalities, counties, regions, the nation; all offices;
all programmes) is summed in Python by `rolled_up_columns` (los/reporting/cube.py): the
finest cells are at most a few thousand, the enrolments are never looped over in Python,
and no GROUPING SETS are needed, so the same SQL runs on SQLite (the demo) and PostgreSQL.

The definitions, per enrolment and period, are those of docs/indicators.md, where each is
written with its source; los/pathways/outcomes.py holds the same rules for one enrolment,
and tests/reporting/test_figures.py checks that the sums agree. In short, for a period
[start, end] and `last` = the earlier of `end` and today (nothing that lies in the future
has happened):

- served: started on or before `last` and not ended before `start`;
- started, ended: the start or end date in [start, last];
- held a competitive job: a competitive job on the enrolment (not a placement, paid,
  ordinary wage, open to anyone) that had started by `last`, had not ended before
  `start`, and overlaps the enrolment;
- first face-to-face employer contact within 30 days, among those who started in the
  period and whose day 30 has passed by today: a face-to-face contact on the enrolment's
  behalf on the start day or within 30 calendar days after it;
- cohort at 6 and 12 months, among those who started in the period: a competitive job
  that started (for a programme covering education, also an education that started)
  within 6 or 12 calendar months of the start. A cohort whose window has not passed by
  today is «not yet» (the report says so; the counts are still made);
- PHQ-9 and GAD-7, among those served with at least two completed answers from the
  enrolment's start to `last`: response = the latest total at most half the first (the
  first above 0), remission = the latest total below 5.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from los.core.days import add_days
from los.pathways.models import PLACEMENT_FORMS, EndCause
from los.pathways.outcomes import FIRST_CONTACT_DEADLINE_DAYS
from los.reporting.periods import Period

YOUNG, OLDER = "young", "older"  # under 30 / 30 and over, by age on the period's last day
YOUNG_UNTIL_AGE = 30
NO_COUNSELLOR = "none"  # the office value of an enrolment with no NAV counsellor on the team
NO_END_CAUSE = "unknown"
COHORT_MONTHS = (6, 12)
MEASURES = {"phq9": "phq-9", "gad7": "gad-7"}  # indicator prefix → instrument code
REMISSION_BELOW = 5


def age_group_labels() -> dict[str, str]:
    return {YOUNG: _("Under 30 år"), OLDER: _("30 år og eldre")}


# The counts per finest cell, in the order the statement returns them. Each is a number of
# enrolments; docs/indicators.md defines every one.
COUNTS = (
    "served",
    "competitive_held",
    "started",
    "contact_due",  # started, and day 30 has passed by today
    "contact_in_time",
    "ended",
    "education_started",
    "education_completed",
    "job_started",
    "competitive_job_started",
    "cohort6",  # started in the period, in work (or education) within 6 months
    "cohort12",
    "phq9_answered",  # served, with at least two answers
    "phq9_response",
    "phq9_remission",
    "gad7_answered",
    "gad7_response",
    "gad7_remission",
)
END_CAUSES = (*EndCause.values, NO_END_CAUSE)
# The counts behind the headline rates, all a trend quarter needs, in `headline_counts`' order.
HEADLINE_COUNTS = ("served", "competitive_held", "contact_due", "contact_in_time")

# The day counts behind the medians: for enrolments started in the period.
DAYS = ("waiting_days", "first_contact_days", "first_job_days", "first_competitive_job_days")


# A finest cell: (service, office, programme, age group, gender).
Finest = tuple[str, str, str, str, str]


@dataclass
class PeriodCounts:
    """The counts of one period per finest cell, and the enrolments that ended per end
    cause per finest cell."""

    period: Period
    counts: dict[Finest, list[int]]
    ended_by_cause: dict[tuple[str, str, str, str, str, str], int]


# Dialect: the only two things that differ between SQLite and PostgreSQL here.
def _date_param() -> str:
    return "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"


def _days(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


_STRFTIME = {"YEAR": "%%Y", "MONTH": "%%m", "DAY": "%%d"}  # %% : the statement has parameters


def _part(part: str, column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT({part} FROM {column}) AS INTEGER)"
    return f"CAST(strftime('{_STRFTIME[part]}', {column}) AS INTEGER)"


def _date(day: datetime.date):
    # SQLite keeps dates as ISO text and compares them as text.
    return day if connection.vendor == "postgresql" else day.isoformat()


def _within_months(later: str, earlier: str, months: int) -> str:
    """`later` is at most `months` calendar months after `earlier` (31 August + 6 months is
    the last day of February): by year, month and day, which both databases agree on."""
    gap = (
        f"(12 * ({_part('YEAR', later)} - {_part('YEAR', earlier)})"
        f" + {_part('MONTH', later)} - {_part('MONTH', earlier)})"
    )
    return (
        f"({gap} < {months} OR ({gap} = {months} AND "
        f"{_part('DAY', later)} <= {_part('DAY', earlier)}))"
    )


_COMPETITIVE = (
    "j.employment_form NOT IN ({placements}) AND j.paid AND j.ordinary_wage AND j.open_to_anyone"
).format(placements=", ".join(f"'{form}'" for form in sorted(PLACEMENT_FORMS)))

# Within a job or an education, its start: one that lies in the future is planned, not
# begun. The enrolment's overlap: the job started before the enrolment ended and ended (if
# at all) on or after the enrolment's start.
_JOB_OVERLAPS = (
    "(e.end_date IS NULL OR j.start_date <= e.end_date) "
    "AND (j.end_date IS NULL OR j.end_date >= e.start_date)"
)


def _begun(alias: str) -> str:
    """A job's or an education's start that is a start of the service's: on or after the
    enrolment's start, not after its end, and not after today (a later one is planned)."""
    return (
        f"{alias}.start_date >= e.start_date AND {alias}.start_date <= pr.today "
        f"AND (e.end_date IS NULL OR {alias}.start_date <= e.end_date)"
    )


def _by_as_of(column: str) -> str:
    """Not after the enrolment's as-of day: today, or its end if it ended."""
    return f"{column} <= pr.today AND (e.end_date IS NULL OR {column} <= e.end_date)"


def _periods_cte(periods: Sequence[Period], today: datetime.date) -> tuple[str, list]:
    rows, params = [], []
    d = _date_param()
    for period in periods:
        rows.append(f"(%s, {d}, {d}, {d}, {d}, {d}, {d})")
        last = min(period.end, today)
        params.append(period.code)
        params += [
            _date(day)
            for day in (
                period.start,
                period.end,
                last,
                today,
                # Born on or before this day: 30 or older on the period's last day. No
                # period ends on 29 February, so the same day 30 years earlier exists.
                period.end.replace(year=period.end.year - YOUNG_UNTIL_AGE),
                # Started before this day: day 30 has passed by today.
                add_days(today, -FIRST_CONTACT_DEADLINE_DAYS),
            )
        ]
    columns = "code, p_start, p_end, p_last, today, born_by, due_before"
    return f"periods({columns}) AS (VALUES {', '.join(rows)})", params


def _served_enrolments() -> str:
    """FROM … the enrolments served in each period, with their cell."""
    return """
        FROM periods pr
        JOIN pathways_enrolment e
          ON e.start_date IS NOT NULL AND e.start_date <= pr.p_end
         AND (e.end_date IS NULL OR e.end_date >= pr.p_start)
        JOIN participants_participant p ON p.id = e.participant_id
        JOIN pathways_programme g ON g.id = e.programme_id
    """


def _office() -> str:
    # The counsellor (NAV-veileder) on the team: the earliest whose membership was active
    # during the period. A participant with none is counted under NO_COUNSELLOR, so the
    # offices add up to the nation.
    return f"""COALESCE((
        SELECT CAST(m.organisation_id AS TEXT) FROM participants_careteammembership m
        WHERE m.participant_id = e.participant_id AND m.role = 'counsellor'
          AND m.start_date <= pr.p_last AND (m.end_date IS NULL OR m.end_date >= pr.p_start)
        ORDER BY m.start_date, m.id LIMIT 1), '{NO_COUNSELLOR}')"""


def _cell_columns() -> str:
    return f"""
        CAST(e.organisation_id AS TEXT) AS service,
        {_office()} AS office,
        g.code AS programme,
        CASE WHEN p.birth_date <= pr.born_by THEN '{OLDER}' ELSE '{YOUNG}' END AS age_group,
        p.gender AS gender"""


def _measure_columns(prefix: str) -> str:
    """Per enrolment: the participant's completed answers to the instrument up to the
    period's `last` (the series starts with the first answer ever: the baseline), their
    number, the first total and the latest."""
    answers = """FROM measures_response r
        WHERE r.participant_id = e.participant_id AND r.status = 'completed'
          AND r.instrument_id IN (SELECT i.id FROM measures_instrument i WHERE i.code = %s)
          AND r.completed_on <= pr.p_last"""
    return f"""
        (SELECT COUNT(*) {answers}) AS {prefix}_n,
        (SELECT r.total {answers} ORDER BY r.completed_on, r.id LIMIT 1) AS {prefix}_first,
        (SELECT r.total {answers} ORDER BY r.completed_on DESC, r.id DESC LIMIT 1)
            AS {prefix}_last"""


def _headline_flags() -> str:
    """The flags of the headline rates (HEADLINE_COUNTS): the first contact within 30 days
    and the competitive job held in the period."""
    return f"""
          e.start_date >= pr.p_start AND e.start_date < pr.due_before AS contact_due,
          CASE WHEN e.start_date >= pr.p_start AND e.start_date < pr.due_before THEN EXISTS (
            SELECT 1 FROM pathways_employercontact c
            WHERE c.enrolment_id = e.id AND c.face_to_face AND {_by_as_of("c.contact_date")}
              AND {_days("c.contact_date", "e.start_date")} <= {FIRST_CONTACT_DEADLINE_DAYS}
          ) ELSE FALSE END AS contact_in_time,
          e.start_date <= pr.today AND pr.p_start <= pr.p_last AND EXISTS (
            SELECT 1 FROM pathways_job j WHERE j.enrolment_id = e.id AND {_COMPETITIVE}
              AND j.start_date <= pr.p_last
              AND (j.end_date IS NULL OR j.end_date >= pr.p_start)
              AND {_JOB_OVERLAPS}) AS competitive_held"""


def _headline_sql(periods: Sequence[Period], today: datetime.date) -> tuple[str, list]:
    """The counts of HEADLINE_COUNTS only: what a trend quarter shows. The same expressions
    as `_count_sql`, without the other flags, the cohorts and the questionnaires."""
    cte, params = _periods_cte(periods, today)
    sql = f"""
        WITH {cte}, flags AS (
          SELECT pr.code AS period, {_cell_columns()}, {_headline_flags()}
          {_served_enrolments()})
        SELECT period, service, office, programme, age_group, gender,
          COUNT(*),
          COUNT(*) FILTER (WHERE competitive_held),
          COUNT(*) FILTER (WHERE contact_due),
          COUNT(*) FILTER (WHERE contact_in_time)
        FROM flags
        GROUP BY period, service, office, programme, age_group, gender
    """
    return sql, params


def headline_counts(periods: Sequence[Period], today: datetime.date) -> dict[str, PeriodCounts]:
    """As `period_counts`, with only HEADLINE_COUNTS in each row (no ends)."""
    sql, params = _headline_sql(periods, today)
    result = {p.code: PeriodCounts(period=p, counts={}, ended_by_cause={}) for p in periods}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            code, *cell = row[:6]
            result[code].counts[tuple(cell)] = [int(n) for n in row[6:]]
    return result


def _count_sql(periods: Sequence[Period], today: datetime.date) -> tuple[str, list]:
    cte, params = _periods_cte(periods, today)
    measure_params = []
    for code in MEASURES.values():
        measure_params += [code, code, code]
    cohorts = []
    for months in COHORT_MONTHS:
        job = f"""EXISTS (SELECT 1 FROM pathways_job j WHERE j.enrolment_id = e.id
              AND {_COMPETITIVE} AND {_begun("j")}
              AND {_within_months("j.start_date", "e.start_date", months)})"""
        education = f"""(g.covers_education AND EXISTS (SELECT 1 FROM pathways_education j
              WHERE j.enrolment_id = e.id AND j.status <> 'planned' AND {_begun("j")}
              AND {_within_months("j.start_date", "e.start_date", months)}))"""
        cohorts.append(
            f"CASE WHEN e.start_date >= pr.p_start THEN ({job} OR {education}) "
            f"ELSE FALSE END AS cohort{months}"
        )
    in_period = "j.start_date >= pr.p_start AND j.start_date <= pr.p_end"
    flags = f"""
        SELECT pr.code AS period, {_cell_columns()},
          e.start_date >= pr.p_start AS started,
          {_headline_flags()},
          e.end_date IS NOT NULL AND e.end_date <= pr.p_end AS ended,
          CASE WHEN e.end_date IS NOT NULL AND e.end_date <= pr.p_end
            THEN COALESCE(NULLIF(e.end_cause, ''), '{NO_END_CAUSE}') END AS end_cause,
          EXISTS (SELECT 1 FROM pathways_education j WHERE j.enrolment_id = e.id
              AND j.status <> 'planned' AND {_begun("j")} AND {in_period})
              AS education_started,
          EXISTS (SELECT 1 FROM pathways_education j WHERE j.enrolment_id = e.id
              AND j.status = 'completed' AND j.end_date <= pr.today
              AND (e.end_date IS NULL OR j.end_date <= e.end_date)
              AND j.end_date >= pr.p_start AND j.end_date <= pr.p_end)
              AS education_completed,
          EXISTS (SELECT 1 FROM pathways_job j WHERE j.enrolment_id = e.id
              AND {_begun("j")} AND {in_period}) AS job_started,
          EXISTS (SELECT 1 FROM pathways_job j WHERE j.enrolment_id = e.id AND {_COMPETITIVE}
              AND {_begun("j")} AND {in_period}) AS competitive_job_started,
          {", ".join(cohorts)},
          {", ".join(_measure_columns(prefix) for prefix in MEASURES)}
        {_served_enrolments()}
    """
    measure_counts = []
    for prefix in MEASURES:
        answered = f"{prefix}_n >= 2"
        measure_counts += [
            f"COUNT(*) FILTER (WHERE {answered})",
            f"COUNT(*) FILTER (WHERE {answered} AND {prefix}_first > 0 "
            f"AND 2 * {prefix}_last <= {prefix}_first)",
            f"COUNT(*) FILTER (WHERE {answered} AND {prefix}_last < {REMISSION_BELOW})",
        ]
    causes = [f"COUNT(*) FILTER (WHERE end_cause = '{cause}')" for cause in END_CAUSES]
    sql = f"""
        WITH {cte}, flags AS ({flags})
        SELECT period, service, office, programme, age_group, gender,
          COUNT(*),
          COUNT(*) FILTER (WHERE competitive_held),
          COUNT(*) FILTER (WHERE started),
          COUNT(*) FILTER (WHERE contact_due),
          COUNT(*) FILTER (WHERE contact_in_time),
          COUNT(*) FILTER (WHERE ended),
          COUNT(*) FILTER (WHERE education_started),
          COUNT(*) FILTER (WHERE education_completed),
          COUNT(*) FILTER (WHERE job_started),
          COUNT(*) FILTER (WHERE competitive_job_started),
          COUNT(*) FILTER (WHERE cohort6),
          COUNT(*) FILTER (WHERE cohort12),
          {", ".join(measure_counts)},
          {", ".join(causes)}
        FROM flags
        GROUP BY period, service, office, programme, age_group, gender
    """
    return sql, params + measure_params


def period_counts(periods: Sequence[Period], today: datetime.date) -> dict[str, PeriodCounts]:
    """The counts of each period per finest cell, in one statement for all of them."""
    sql, params = _count_sql(periods, today)
    result = {p.code: PeriodCounts(period=p, counts={}, ended_by_cause={}) for p in periods}
    width = len(COUNTS)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            code, *cell = row[:6]
            key = tuple(cell)
            counts = [int(n) for n in row[6 : 6 + width]]
            target = result[code]
            target.counts[key] = counts
            for cause, n in zip(END_CAUSES, row[6 + width :], strict=True):
                if n:
                    target.ended_by_cause[(*key, cause)] = int(n)
    return result


def _days_sql(period: Period, today: datetime.date) -> tuple[str, list]:
    cte, params = _periods_cte([period], today)
    started = f"""
        SELECT {_cell_columns()}, e.referral_date, e.start_date,
          (SELECT MIN(j.contact_date) FROM pathways_employercontact j
            WHERE j.enrolment_id = e.id AND j.face_to_face AND {_by_as_of("j.contact_date")})
            AS first_contact,
          (SELECT MIN(j.start_date) FROM pathways_job j
            WHERE j.enrolment_id = e.id AND {_begun("j")}) AS first_job,
          (SELECT MIN(j.start_date) FROM pathways_job j
            WHERE j.enrolment_id = e.id AND {_COMPETITIVE} AND {_begun("j")})
            AS first_competitive_job
        {_served_enrolments()}
        WHERE e.start_date >= pr.p_start
    """
    cell = "service, office, programme, age_group, gender"
    parts = []
    for name, later, earlier in (
        ("waiting_days", "start_date", "referral_date"),
        ("first_contact_days", "first_contact", "start_date"),
        ("first_job_days", "first_job", "start_date"),
        ("first_competitive_job_days", "first_competitive_job", "start_date"),
    ):
        # A contact between the referral and the start is day 0 (docs/indicators.md).
        days = f"CASE WHEN {later} < {earlier} THEN 0 ELSE {_days(later, earlier)} END"
        parts.append(
            f"SELECT '{name}', {cell}, {days} AS days, COUNT(*) "
            f"FROM started WHERE {later} IS NOT NULL GROUP BY {cell}, days"
        )
    sql = f"WITH {cte}, started AS ({started}) " + " UNION ALL ".join(parts)
    return sql, params


def day_counts(period: Period, today: datetime.date) -> dict[str, dict[Finest, Counter]]:
    """For each of DAYS, per finest cell, how many enrolments started in the period took
    how many days (a histogram, so the medians of any sum of cells can be found)."""
    sql, params = _days_sql(period, today)
    result: dict[str, dict[Finest, Counter]] = {name: {} for name in DAYS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for name, *cell, days, n in cursor.fetchall():
            result[name].setdefault(tuple(cell), Counter())[int(days)] += int(n)
    return result

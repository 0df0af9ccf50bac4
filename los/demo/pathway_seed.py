"""Work pathways at scale: the stories of los/demo/pathway_story.py told by PostgreSQL for
every seeded participant with a job specialist on their team, so that the reports are tried
on three years of a nation's record (`manage.py seed --events`, `make bench`).

The story is defined once, in Python; this module is its translation into INSERT … SELECT,
because 100 000 participants' pathways built row by row in Python and sent with bulk_create
take many minutes, and built by the server take well under one. The translation uses the
same draws (`u`: MD5 of key and draw, computed by PostgreSQL), the same bands (their
cumulative shares written into the SQL as the same floating-point numbers) and the same
integer arithmetic, so the stories are equal: tests/demo/test_pathway_seed.py compares the
rows written here with the Python stories of the same keys.

A story's key is 2 × the id of the job specialist's team membership (the first enrolment;
+1 for a second one at the same service after the first ended). The service is that
membership's organisation, its quality a draw from the organisation's id. The job
specialist's membership is set to run from the first referral to the last end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from los.core.vocabulary import Role
from los.demo import pathway_story as story
from los.demo.pathway_story import Bands, Draw
from los.measures.scoring import parse
from los.measures.shipped import shipped_definitions

EMPLOYERS = 1000  # the employers the seeded services' job specialists work with


@dataclass
class PathwayResult:
    enrolments: int = 0
    rows: int = 0
    seconds: float = 0.0


# --- Writing the story's arithmetic as SQL -------------------------------------------------


def _f(value: float) -> str:
    """A float8 literal that PostgreSQL reads as exactly this Python float."""
    return f"'{value!r}'::float8"


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _u(salt, key: str = "s.key") -> str:
    return f"pg_temp.u({key}, {salt})"


def _pick(bands: Bands, x: str) -> str:
    """Bands.pick as a CASE; None past the last band."""
    branches, before = [], 0.0
    for (share, low, high), end in zip(bands.bands, bands.cumulative, strict=True):
        width = high - low + 1
        branches.append(
            f"WHEN {x} < {_f(end)} THEN "
            f"LEAST({high}, {low} + floor(({x} - {_f(before)}) / {_f(share)} * {width})::int)"
        )
        before = end
    return "(CASE " + " ".join(branches) + " END)"


def _choose(named, x: str) -> str:
    names, bands = named
    array = "ARRAY[" + ", ".join(_text(n) for n in names) + "]"
    return f"({array})[COALESCE({_pick(bands, x)}, {len(names) - 1}) + 1]"


def _within(x: str, bounds: tuple[int, int]) -> str:
    low, high = bounds
    return f"({low} + floor({x} * {high - low + 1})::int)"


def _tilt(x: str, quality: str) -> str:
    lean = f"({_f(story.TILT)} * ({_f(2.0)} * {quality} - {_f(1.0)}))"
    return f"({x} * ({_f(1.0)} - {lean} * ({_f(1.0)} - {x})))"


def _by_programme(values: dict[str, float], default: float, programme="s.programme") -> str:
    branches = " ".join(f"WHEN {_text(code)} THEN {_f(v)}" for code, v in values.items())
    return f"(CASE {programme} {branches} ELSE {_f(default)} END)"


def _cal(active: str, s: str = "s") -> str:
    return f"pg_temp.cal({s}.start, {active}, {s}.has1, {s}.s1, {s}.l1, {s}.has2, {s}.s2, {s}.l2)"


def _fenced(sql: str) -> str:
    """Every LATERAL subquery ended with OFFSET 0, so PostgreSQL computes each step once
    per row. Without the fence it pulls the steps up into one expression per column, each
    step copied into every later one that uses it: the story's select then grows
    exponentially and took minutes for a few hundred rows."""
    opening = "LATERAL ("
    out, i = [], 0
    while (at := sql.find(opening, i)) >= 0:
        depth, j, quoted = 1, at + len(opening), False
        while depth:
            char = sql[j]
            if char == "'":
                quoted = not quoted
            elif not quoted and char in "()":
                depth += 1 if char == "(" else -1
            j += 1
        inner = _fenced(sql[at + len(opening) : j - 1])
        if not inner.rstrip().endswith("OFFSET 0"):
            inner += " OFFSET 0"
        out.append(sql[i:at] + opening + inner + ")")
        i = j
    out.append(sql[i:])
    return "".join(out)


def _draws(names: list[Draw], key: str = "s.key") -> str:
    """The draws as columns of a subquery computed once per row (OFFSET 0 keeps PostgreSQL
    from copying each MD5 into every expression that uses it)."""
    columns = ", ".join(f"{_u(int(d), key)} AS d_{d.name.lower()}" for d in names)
    return f"(SELECT {columns} OFFSET 0)"


# --- The statements ------------------------------------------------------------------------

_FUNCTIONS = [
    """
CREATE FUNCTION pg_temp.u(key bigint, salt integer) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT ('x' || substr(md5(key::text || ':' || salt::text), 1, 8))::bit(32)::bigint
           / 4294967296.0::float8
$$""",
    # The calendar day `x` active days after the start, stepping over the pauses.
    """
CREATE FUNCTION pg_temp.cal(s date, x integer, h1 boolean, s1 date, l1 integer, h2 boolean,
                            s2 date, l2 integer) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN h2 AND (CASE WHEN h1 AND s + x >= s1 THEN s + x + l1 ELSE s + x END) >= s2
                THEN (CASE WHEN h1 AND s + x >= s1 THEN s + x + l1 ELSE s + x END) + l2
                ELSE (CASE WHEN h1 AND s + x >= s1 THEN s + x + l1 ELSE s + x END) END
$$""",
    """
CREATE FUNCTION pg_temp.age_on(d date, b date) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT extract(year FROM d)::int - extract(year FROM b)::int
           - CASE WHEN (extract(month FROM d), extract(day FROM d))
                       < (extract(month FROM b), extract(day FROM b)) THEN 1 ELSE 0 END
$$""",
    "CREATE FUNCTION pg_temp.semester(d date) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT "
    + "CASE "
    + " ".join(
        f"WHEN make_date(extract(year FROM d)::int, {m}, {day}) >= d "
        f"THEN make_date(extract(year FROM d)::int, {m}, {day})"
        for m, day in story.SEMESTER_STARTS
    )
    + f" ELSE make_date(extract(year FROM d)::int + 1, {story.SEMESTER_STARTS[0][0]}, "
    f"{story.SEMESTER_STARTS[0][1]}) END $$",
]

_SERVICE_KINDS = ", ".join(_text(k) for k in story.SERVICE_KINDS)

_SETUP = [
    """
CREATE TEMP TABLE seed_layout AS
SELECT p.id AS programme_id, p.code, s.id AS stage_id, s.phase,
       row_number() OVER (PARTITION BY p.id ORDER BY s."order") - 1 AS layout_index,
       row_number() OVER (PARTITION BY p.id, s.phase ORDER BY s."order") - 1 AS rank
FROM pathways_programme p JOIN pathways_stage s ON s.programme_id = p.id""",
    f"""
CREATE TEMP TABLE seed_therapist AS
SELECT DISTINCT ON (participant_id) participant_id, user_id
FROM participants_careteammembership WHERE role = '{Role.THERAPIST}'
ORDER BY participant_id, id""",
    # One job specialist's membership per participant without a pathway yet, at a service
    # that runs work pathways.
    f"""
CREATE TEMP TABLE seed_case AS
SELECT DISTINCT ON (m.participant_id)
       2 * m.id AS key, 1 AS slot, m.id AS membership_id, m.participant_id, m.organisation_id,
       o.kind, {_u(int(Draw.SERVICE_QUALITY), "m.organisation_id")} AS quality, m.user_id,
       t.user_id AS therapist_id, p.birth_date AS birth, n.referral_from
FROM participants_careteammembership m
JOIN organisations_organisation o ON o.id = m.organisation_id AND o.kind IN ({_SERVICE_KINDS})
JOIN participants_participant p ON p.id = m.participant_id
LEFT JOIN seed_therapist t ON t.participant_id = m.participant_id
CROSS JOIN seed_now n
WHERE m.role = '{Role.JOB_SPECIALIST}'
  AND NOT EXISTS (SELECT 1 FROM pathways_enrolment e WHERE e.participant_id = m.participant_id)
ORDER BY m.participant_id, m.id""",
]


def _programme_choice() -> str:
    branches = " ".join(
        f"WHEN c.kind = {_text(kind)} AND y.young = {str(young).lower()} "
        f"THEN {_choose(mix, 'd.d_programme')}"
        for (kind, young), mix in story.PROGRAMME_MIX.items()
    )
    return f"(CASE {branches} END)"


def _referral_source() -> str:
    branches = " ".join(
        f"WHEN {_text(kind)} THEN {_choose(mix, 'd.d_referral_source')}"
        for kind, mix in story.REFERRAL_SOURCES.items()
    )
    return f"(CASE c.kind {branches} END)"


_STORY_DRAWS = [
    Draw.REFERRAL, Draw.PROGRAMME, Draw.WAITING, Draw.NEVER_STARTS, Draw.NEVER_STARTED_END,
    Draw.DURATION, Draw.PAUSE_1, Draw.PAUSE_1_START, Draw.PAUSE_1_LENGTH, Draw.PAUSE_2,
    Draw.PAUSE_2_START, Draw.PAUSE_2_LENGTH, Draw.ENDS_IN_PAUSE, Draw.REFERRAL_SOURCE,
    Draw.MAIN_GOAL, Draw.FIRST_CONTACT, Draw.NO_EMPLOYER_CONTACT, Draw.MORE_CONTACTS,
    Draw.GETS_JOB, Draw.DAYS_TO_JOB, Draw.STAYS_IN_WORK, Draw.HELD_BEFORE,
]  # fmt: skip


def _story_select(slot: int) -> str:
    """One row per story: what everything else is drawn from (story() up to the pauses,
    the end and the last day)."""
    job_chance = (
        f"LEAST({_f(story.JOB_CHANCE_CAP)}, {_by_programme(story.JOB_CHANCE, 0.0, 'p.programme')}"
        f" * ({_f(0.75)} + {_f(0.5)} * c.quality))"
    )
    duration = _pick(story.DURATION_DAYS, "d.d_duration")
    stays = _within("d.d_stays_in_work", story.STAYS_IN_WORK)
    never_end = f"r.referral + {_within('d.d_never_started_end', story.NEVER_STARTED_END)}"
    education_goal = _by_programme(story.EDUCATION_GOAL_SHARE, 0.0, "p.programme")
    no_contact = _by_programme(story.NO_EMPLOYER_CONTACT_SHARE, 0.0, "p.programme")
    held_before = _by_programme(story.HELD_BEFORE_SHARE, story.HELD_BEFORE_OTHERS, "p.programme")
    return f"""
SELECT c.key, c.slot, c.membership_id, c.participant_id, c.organisation_id, c.kind,
       c.quality AS q, c.user_id, c.therapist_id, c.birth, n.today, r.referral, p.programme,
       CASE WHEN p.programme = 'studier-med-stotte' OR d.d_main_goal < {education_goal}
            THEN 'education' ELSE 'work' END AS main_goal,
       {_referral_source()} AS referral_source,
       st.started, CASE WHEN st.started THEN w.start_planned END AS start, w.never_starts,
       eip.ends_in_pause, p1.has1, p1.s1, p1.l1, p2.has2, p2.s2, p1.l2, jd.gets_job, jd.to_job,
       CASE WHEN d.d_no_employer_contact < {no_contact} THEN NULL
            ELSE {_pick(story.FIRST_CONTACT_DAYS, _tilt("d.d_first_contact", "c.quality"))}
       END AS first_contact,
       floor(d.d_more_contacts * {story.MORE_CONTACTS})::int AS more_contacts,
       d.d_held_before < {held_before} AS held_before,
       e.end_date, e.end_date IS NOT NULL AS ended,
       CASE WHEN st.started THEN LEAST(CASE WHEN eip.ends_in_pause THEN p1.s1 - 1
                                            ELSE en.end_nominal END, n.today) END AS last,
       ''::text AS end_cause, NULL::date AS job_development, NULL::date AS working,
       NULL::bigint AS enrolment_id
FROM seed_case c CROSS JOIN seed_now n
CROSS JOIN LATERAL {_draws(_STORY_DRAWS, "c.key")} d
CROSS JOIN LATERAL (SELECT c.referral_from
                           + floor(d.d_referral * (n.today - c.referral_from + 1))::int
                           AS referral) r
CROSS JOIN LATERAL (SELECT pg_temp.age_on(r.referral, c.birth) < {story.YOUNG_UNDER} AS young) y
CROSS JOIN LATERAL (SELECT {_programme_choice()} AS programme) p
CROSS JOIN LATERAL (SELECT r.referral + {_pick(story.WAITING_DAYS, "d.d_waiting")}
                           AS start_planned,
                           d.d_never_starts < {_f(story.NEVER_STARTS_SHARE)} AS never_starts) w
CROSS JOIN LATERAL (SELECT NOT w.never_starts AND w.start_planned <= n.today AS started) st
CROSS JOIN LATERAL (
    SELECT st.started AND d.d_pause_1 < {_f(story.PAUSE_SHARE)} AS has1,
           w.start_planned + {_within("d.d_pause_1_start", story.PAUSE_START)} AS s1,
           {_pick(story.PAUSE_DAYS, "d.d_pause_1_length")} AS l1,
           {_pick(story.PAUSE_DAYS, "d.d_pause_2_length")} AS l2) p1
CROSS JOIN LATERAL (
    SELECT p1.has1 AND p1.l1 >= {story.ENDS_IN_PAUSE_FROM}
           AND d.d_ends_in_pause < {_f(story.ENDS_IN_PAUSE_SHARE)}
           AND p1.s1 + p1.l1 <= n.today AS ends_in_pause) eip
CROSS JOIN LATERAL (
    SELECT p1.has1 AND NOT eip.ends_in_pause AND d.d_pause_2 < {_f(story.SECOND_PAUSE_SHARE)}
           AS has2,
           p1.s1 + p1.l1 + {_within("d.d_pause_2_start", story.PAUSE_GAP)} AS s2) p2
CROSS JOIN LATERAL (
    SELECT d.d_gets_job < {job_chance} AS gets_job,
           {_pick(story.DAYS_TO_JOB, _tilt("d.d_days_to_job", "c.quality"))} AS to_job,
           {duration} AS duration) jd
CROSS JOIN LATERAL (
    SELECT CASE WHEN eip.ends_in_pause THEN p1.s1 + p1.l1
                ELSE pg_temp.cal(w.start_planned,
                                 CASE WHEN jd.gets_job THEN GREATEST(jd.duration, jd.to_job + {stays})
                                      ELSE jd.duration END,
                                 p1.has1, p1.s1, p1.l1, p2.has2, p2.s2, p1.l2) END AS end_nominal) en
CROSS JOIN LATERAL (
    SELECT CASE WHEN st.started THEN CASE WHEN en.end_nominal <= n.today THEN en.end_nominal END
                WHEN w.never_starts AND {never_end} <= n.today THEN {never_end} END AS end_date) e
WHERE c.slot = {slot}"""  # noqa: E501


_SECOND_CASES = f"""
INSERT INTO seed_case (key, slot, membership_id, participant_id, organisation_id, kind, quality,
                       user_id, therapist_id, birth, referral_from)
SELECT s.key + 1, 2, s.membership_id, s.participant_id, s.organisation_id, s.kind, s.q,
       s.user_id, s.therapist_id, s.birth, s.end_date + {story.SECOND_ENROLMENT_AFTER}
FROM seed_story s
WHERE s.slot = 1 AND s.end_date IS NOT NULL
  AND {_u(int(Draw.SECOND_ENROLMENT))} < {_f(story.SECOND_ENROLMENT_SHARE)}
  AND s.end_date + {story.SECOND_ENROLMENT_AFTER} <= s.today"""


def _pauses() -> str:
    reasons = "ARRAY[" + ", ".join(_text(r) for r in story.PAUSE_REASONS) + "]"
    parts = []
    for number, (has, begins, length) in enumerate([("has1", "s1", "l1"), ("has2", "s2", "l2")]):
        parts.append(f"""
SELECT s.key, {number} AS number, s.{begins} AS start,
       CASE WHEN s.ends_in_pause THEN s.end_date
            WHEN s.{begins} + s.{length} <= s.today THEN s.{begins} + s.{length} END AS "end",
       s.{begins} + s.{length} AS follow_up,
       ({reasons})[((s.key + {number}) % {len(story.PAUSE_REASONS)}) + 1] AS reason
FROM seed_story s
WHERE s.started AND s.{has} AND s.{begins} <= s.today
  AND NOT (s.ended AND s.{begins} >= s.end_date)""")
    return "CREATE TEMP TABLE seed_pause AS" + "\nUNION ALL".join(parts)


_CONTACTS = f"""
CREATE TEMP TABLE seed_contact AS
SELECT s.key, 7 AS index, s.referral + (s.start - s.referral) / 2 AS day, true AS face_to_face
FROM seed_story s
WHERE s.started AND {_u(int(Draw.EARLY_CONTACT))} < {_f(story.EARLY_CONTACT_SHARE)}
  AND s.start - s.referral >= 2
UNION ALL
SELECT s.key, 6, {_cal("s.first_contact / 2")}, false
FROM seed_story s
WHERE s.started AND s.first_contact IS NOT NULL
  AND {_u(int(Draw.PHONE_FIRST))} < {_f(story.PHONE_FIRST_SHARE)} AND s.first_contact >= 4
  AND {_cal("s.first_contact / 2")} <= s.last
UNION ALL
SELECT s.key, i, {_cal(f"s.first_contact + {story.CONTACT_EVERY} * i")}, true
FROM seed_story s, generate_series(0, {story.MORE_CONTACTS - 1}) i
WHERE s.started AND s.first_contact IS NOT NULL AND i <= s.more_contacts
  AND {_cal(f"s.first_contact + {story.CONTACT_EVERY} * i")} <= s.last"""


def _exists(day: str) -> str:
    """A job exists once started on or before the last day, or planned in an open one."""
    return (
        f"({day} <= s.last OR (NOT s.ended AND s.today < {day} "
        f"AND {day} <= s.today + {story.PLANNED_AHEAD_DAYS}))"
    )


def _tenure(draw: str) -> str:
    return _pick(story.TENURE_DAYS, _tilt(draw, f"({_f(1.0)} - s.q)"))


def _not_competitive(draw: str) -> str:
    return _choose(story.NOT_COMPETITIVE_KINDS, draw)


_JOBS = [
    """
CREATE TEMP TABLE seed_job (key bigint, slot int, start date, "end" date, hours int, form text,
                            kind text, reason text, job_id bigint)""",
    # 0: a work trial or job taster before the first job.
    f"""
INSERT INTO seed_job (key, slot, start, "end", hours, form, kind, reason)
SELECT s.key, 0, a.begins, CASE WHEN b.stops <= s.today THEN b.stops END,
       {_within("d.d_placement_hours", story.PLACEMENT_HOURS)},
       {_choose(story.PLACEMENT_KINDS, "d.d_placement_kind")}, 'placement', 'contract_ended'
FROM seed_story s
CROSS JOIN LATERAL {
        _draws(
            [Draw.PLACEMENT_FIRST, Draw.PLACEMENT_LENGTH, Draw.PLACEMENT_HOURS, Draw.PLACEMENT_KIND]
        )
    } d
CROSS JOIN LATERAL (SELECT {_cal("s.to_job / 2")} AS begins, {_cal("s.to_job")} AS first_start) a
CROSS JOIN LATERAL (
    SELECT CASE WHEN s.ended
                THEN LEAST(a.first_start - 1,
                           a.begins + {_within("d.d_placement_length", story.PLACEMENT_DAYS)},
                           s.end_date)
                ELSE LEAST(a.first_start - 1,
                           a.begins + {_within("d.d_placement_length", story.PLACEMENT_DAYS)})
           END AS stops) b
WHERE s.started AND s.gets_job AND NOT s.held_before
  AND d.d_placement_first < {
        _by_programme(story.PLACEMENT_FIRST_SHARE, story.PLACEMENT_FIRST_OTHERS)
    }
  AND a.begins <= s.last AND b.stops >= a.begins""",
    # 1: the first job, competitive or not; held already when they came, for some.
    f"""
INSERT INTO seed_job (key, slot, start, "end", hours, form, kind, reason)
SELECT s.key, 1, f.first_start,
       CASE WHEN f.first_start + t.tenure <= s.today THEN f.first_start + t.tenure END,
       {_pick(story.HOURS, "d.d_first_job_hours")},
       {_choose(story.COMPETITIVE_FORMS, "d.d_first_job_form")},
       CASE WHEN t.competitive THEN '' ELSE {_not_competitive("d.d_first_job_kind")} END,
       {_choose(story.JOB_END_REASONS, "d.d_first_job_end_reason")}
FROM seed_story s
CROSS JOIN LATERAL {
        _draws(
            [
                Draw.HELD_BEFORE_DAYS,
                Draw.FIRST_JOB_COMPETITIVE,
                Draw.FIRST_JOB_TENURE,
                Draw.FIRST_JOB_HOURS,
                Draw.FIRST_JOB_FORM,
                Draw.FIRST_JOB_KIND,
                Draw.FIRST_JOB_END_REASON,
            ]
        )
    } d
CROSS JOIN LATERAL (
    SELECT CASE WHEN s.held_before
                THEN s.start - {_within("d.d_held_before_days", story.HELD_BEFORE_DAYS)}
                ELSE {_cal("s.to_job")} END AS first_start) f
CROSS JOIN LATERAL (
    SELECT s.held_before OR d.d_first_job_competitive < {
        _by_programme(story.COMPETITIVE_SHARE, 0.0)
    } AS competitive,
           {_tenure("d.d_first_job_tenure")}
           + CASE WHEN s.held_before THEN {story.HELD_BEFORE_TENURE} ELSE 0 END AS tenure) t
WHERE s.started AND s.gets_job AND {_exists("f.first_start")}""",
    # 2: the next job after the first ended.
    f"""
INSERT INTO seed_job (key, slot, start, "end", hours, form, kind, reason)
SELECT s.key, 2, b.begins,
       CASE WHEN b.begins + t.tenure <= s.today THEN b.begins + t.tenure END,
       {_pick(story.HOURS, "d.d_next_job_hours")},
       {_choose(story.COMPETITIVE_FORMS, "d.d_next_job_form")},
       CASE WHEN d.d_next_job_competitive < {_f(story.NEXT_JOB_COMPETITIVE_SHARE)} THEN ''
            ELSE {_not_competitive("d.d_next_job_kind")} END,
       {_choose(story.JOB_END_REASONS, "d.d_next_job_end_reason")}
FROM seed_story s JOIN seed_job f ON f.key = s.key AND f.slot = 1
CROSS JOIN LATERAL {
        _draws(
            [
                Draw.NEXT_JOB,
                Draw.NEXT_JOB_GAP,
                Draw.NEXT_JOB_COMPETITIVE,
                Draw.NEXT_JOB_TENURE,
                Draw.NEXT_JOB_HOURS,
                Draw.NEXT_JOB_FORM,
                Draw.NEXT_JOB_KIND,
                Draw.NEXT_JOB_END_REASON,
            ]
        )
    } d
CROSS JOIN LATERAL (
    SELECT f."end" + CASE WHEN f.reason = 'quit_new_job'
                          THEN {_within("d.d_next_job_gap", story.NEW_JOB_GAP)}
                          ELSE {_within("d.d_next_job_gap", story.NEXT_JOB_GAP)} END AS begins) b
CROSS JOIN LATERAL (SELECT {_tenure("d.d_next_job_tenure")} AS tenure) t
WHERE f.start <= s.today AND f."end" IS NOT NULL
  AND (f.reason = 'quit_new_job' OR d.d_next_job < {_f(story.NEXT_JOB_SHARE)})
  AND {_exists("b.begins")}""",
    # 3: a second job at the same time as the first.
    f"""
INSERT INTO seed_job (key, slot, start, "end", hours, form, kind, reason)
SELECT s.key, 3, b.begins,
       CASE WHEN b.begins + {_tenure("d.d_second_job_tenure")} <= s.today
            THEN b.begins + {_tenure("d.d_second_job_tenure")} END,
       {_within("d.d_second_job_hours", story.SECOND_JOB_HOURS)}, 'temporary', '',
       {_choose(story.JOB_END_REASONS, "d.d_second_job_end_reason")}
FROM seed_story s JOIN seed_job f ON f.key = s.key AND f.slot = 1
CROSS JOIN LATERAL {
        _draws(
            [
                Draw.SECOND_JOB,
                Draw.SECOND_JOB_START,
                Draw.SECOND_JOB_HOURS,
                Draw.SECOND_JOB_TENURE,
                Draw.SECOND_JOB_END_REASON,
            ]
        )
    } d
CROSS JOIN LATERAL (
    SELECT GREATEST(f.start, s.start)
           + {_within("d.d_second_job_start", story.SECOND_JOB_START)} AS begins) b
WHERE f.start <= s.today AND d.d_second_job < {_f(story.SECOND_JOB_SHARE)}
  AND b.begins <= s.last AND (f."end" IS NULL OR b.begins <= f."end")""",
    "CREATE INDEX ON seed_job (key)",
]


def _education() -> str:
    levels = " ".join(
        f"WHEN {_text(code)} THEN {_choose(named, 'd.d_education_level')}"
        for code, named in story.EDUCATION_LEVELS.items()
    )
    lengths = " ".join(
        f"WHEN {_text(level)} THEN {days}" for level, days in story.EDUCATION_DAYS.items()
    )
    quit_on = "b.begins + 20 + floor(d.d_education_stop * len.length)::int"
    planned = (
        f"(NOT s.ended AND s.today < b.begins "
        f"AND b.begins <= s.today + {story.EDUCATION_PLANNED_AHEAD_DAYS})"
    )
    return f"""
CREATE TEMP TABLE seed_education AS
SELECT s.key, b.begins AS start, o.status,
       CASE o.status WHEN 'completed' THEN b.begins + len.length
                     WHEN 'interrupted' THEN {quit_on} END AS "end",
       l.level, {_choose(story.EDUCATION_FUNDING, "d.d_education_funding")} AS funding,
       d.d_education_form < {_f(story.FULL_TIME_SHARE)} AS full_time, s.key % 1000 AS place,
       NULL::bigint AS education_id
FROM seed_story s
CROSS JOIN LATERAL {
        _draws(
            [
                Draw.EDUCATION,
                Draw.EDUCATION_READY,
                Draw.EDUCATION_LEVEL,
                Draw.EDUCATION_OUTCOME,
                Draw.EDUCATION_STOP,
                Draw.EDUCATION_FUNDING,
                Draw.EDUCATION_FORM,
            ]
        )
    } d
CROSS JOIN LATERAL (
    SELECT pg_temp.semester({_cal(_within("d.d_education_ready", story.EDUCATION_READY))})
           AS begins) b
CROSS JOIN LATERAL (SELECT CASE s.programme {levels} END AS level) l
CROSS JOIN LATERAL (SELECT CASE l.level {lengths} END AS length) len
CROSS JOIN LATERAL (
    SELECT CASE WHEN b.begins > s.today THEN 'planned'
                WHEN d.d_education_outcome < {_f(story.EDUCATION_COMPLETES)}
                THEN CASE WHEN b.begins + len.length <= s.today THEN 'completed' ELSE 'ongoing' END
                WHEN d.d_education_outcome < {_f(story.EDUCATION_INTERRUPTED)}
                THEN CASE WHEN {quit_on} <= s.today THEN 'interrupted' ELSE 'ongoing' END
                ELSE 'ongoing' END AS status) o
WHERE s.started AND d.d_education < {_by_programme(story.EDUCATION_SHARE, 0.0)}
  AND (b.begins <= s.last OR {planned})"""


def _phases() -> str:
    low, high = story.JOB_DEVELOPMENT_FROM
    first_face_to_face = (
        "(SELECT min(c.day) FROM seed_contact c "
        "WHERE c.key = s.key AND c.face_to_face AND c.day >= s.start)"
    )
    return f"""
UPDATE seed_story s
SET job_development = LEAST(GREATEST(COALESCE({first_face_to_face}, {_cal(str(high))}),
                                     {_cal(str(low))}), {_cal(str(high))}),
    working = LEAST((SELECT min(j.start) FROM seed_job j WHERE j.key = s.key),
                    (SELECT min(e.start) FROM seed_education e
                     WHERE e.key = s.key AND e.status <> 'planned'))
WHERE s.started"""


def _end_causes() -> str:
    x = _u(int(Draw.END_CAUSE))
    in_work = """EXISTS (SELECT 1 FROM seed_job j WHERE j.key = s.key AND j.kind = ''
                         AND j.start <= s.end_date
                         AND (j."end" IS NULL OR j."end" >= s.end_date))"""
    studying = """(SELECT e.funding FROM seed_education e
                   WHERE e.key = s.key AND e.status <> 'planned' AND e.start <= s.end_date
                     AND (e."end" IS NULL OR e."end" >= s.end_date))"""
    return f"""
UPDATE seed_story s SET end_cause = CASE
    WHEN NOT s.started THEN {_choose(story.NOT_STARTED_CAUSES, x)}
    WHEN s.ends_in_pause THEN {_choose(story.ENDS_IN_PAUSE_CAUSES, x)}
    WHEN {in_work} THEN {_choose(story.IN_WORK_AT_END_CAUSES, x)}
    WHEN {studying} IS NOT NULL
    THEN CASE {studying} WHEN 'nav' THEN 'education_nav' ELSE 'education_self' END
    WHEN pg_temp.age_on(s.end_date, s.birth) >= {story.PENSION_AGE}
         AND {_u(int(Draw.PENSION))} < {_f(story.PENSION_SHARE)} THEN 'pension'
    ELSE {_choose(story.OTHER_END_CAUSES, x)} END
WHERE s.ended"""


_STAGES = f"""
CREATE TEMP TABLE seed_entry AS
SELECT key, layout_index, stage_id,
       max(day) OVER (PARTITION BY key ORDER BY layout_index ROWS UNBOUNDED PRECEDING) AS day
FROM (
    SELECT s.key, l.layout_index, l.stage_id, l.phase, s.last,
           CASE WHEN l.phase = 'referred' THEN CASE WHEN l.rank = 0 THEN s.referral END
                WHEN l.phase = 'ended' THEN CASE WHEN l.rank = 0 THEN s.end_date END
                WHEN NOT s.started THEN NULL
                WHEN l.phase = 'engaging' THEN s.start + {story.ENGAGING_STEP} * l.rank::int
                WHEN l.rank <> 0 THEN NULL
                WHEN l.phase = 'job_development' THEN s.job_development
                WHEN l.phase = 'working' THEN s.working
                WHEN l.phase = 'follow_along' THEN s.working + {story.FOLLOW_ALONG_AFTER}
                WHEN l.phase = 'downsizing'
                THEN CASE WHEN {_u(int(Draw.DOWNSIZING))} < {_f(story.DOWNSIZING_SHARE)}
                          THEN s.working + {story.DOWNSIZING_AFTER} END
           END AS day
    FROM seed_story s JOIN seed_layout l ON l.code = s.programme
) x
WHERE day IS NOT NULL AND (phase = 'ended' OR last IS NULL OR day <= last)"""


def _answers() -> str:
    sfj = " UNION ALL ".join(
        f"SELECT {_text(code)}, {story.MEASURES[code].every_days}" for code in story.SFJ_MEASURES
    )
    slot = " ".join(f"WHEN {_text(c)} THEN {i}" for c, i in story.MEASURE_INDEX.items())
    baseline = " ".join(
        f"WHEN {_text(code)} THEN "
        f"{_pick(m.baseline, _u(f'{int(Draw.ANSWER_BASELINE)} + {story.MEASURE_INDEX[code]}'))}"
        for code, m in story.MEASURES.items()
    )
    names, _bands = story.COURSES
    low = " ".join(f"WHEN {_text(n)} THEN {_f(story.COURSE_TARGET[n][0])}" for n in names)
    width = " ".join(f"WHEN {_text(n)} THEN {_f(story.COURSE_TARGET[n][1])}" for n in names)
    therapist = "s.started AND s.therapist_id IS NOT NULL"
    noise = _u(f"{int(Draw.ANSWER_NOISE)} + 10 * m.slot + i")
    day = _cal(f"{story.FIRST_ANSWER_AFTER} + pl.every * i")
    return f"""
CREATE TEMP TABLE seed_answer AS
SELECT pl.key, pl.code, pl.every, i AS index, {day} AS day,
       m.baseline + ((m.target - m.baseline) * LEAST(i, {story.COURSE_ANSWERS}))
                    / {story.COURSE_ANSWERS}
       + CASE WHEN i > 0 THEN floor({noise} * {story.NOISE})::int - {story.NOISE // 2} ELSE 0 END
       AS distress
FROM (
    SELECT s.key, m.code, m.every FROM seed_story s
    CROSS JOIN ({sfj}) m(code, every)
    WHERE s.programme = 'sfj' AND {therapist}
    UNION ALL
    SELECT s.key, 'who-5', {story.MEASURES["who-5"].every_days} FROM seed_story s
    WHERE s.programme <> 'sfj' AND {therapist}
      AND {_u(int(Draw.MEASURE_WHO5))} < {_f(story.OTHER_MEASURE_SHARE["who-5"])}
    UNION ALL
    SELECT s.key, 'phq-9', {story.OTHER_PHQ9_EVERY} FROM seed_story s
    WHERE s.programme <> 'sfj' AND {therapist}
      AND {_u(int(Draw.MEASURE_PHQ9))} < {_f(story.OTHER_MEASURE_SHARE["phq-9"])}
) pl
JOIN seed_story s ON s.key = pl.key
CROSS JOIN LATERAL (
    SELECT b.slot, b.baseline,
           floor(b.baseline * ((CASE c.course {low} END)
                               + (CASE c.course {width} END)
                                 * {_u(f"{int(Draw.ANSWER_TARGET)} + b.slot")}))::int AS target
    FROM (SELECT CASE pl.code {slot} END AS slot, CASE pl.code {baseline} END AS baseline) b
    CROSS JOIN LATERAL (SELECT {_choose(story.COURSES, _u(f"{int(Draw.ANSWER_COURSE)} + b.slot"))}
                               AS course) c
    OFFSET 0) m
CROSS JOIN generate_series(0, {story.MAX_ANSWERS - 1}) i
WHERE {day} <= s.last"""


_IDS = [
    "UPDATE seed_story SET enrolment_id = nextval(pg_get_serial_sequence("
    "'pathways_enrolment', 'id'))",
    "UPDATE seed_job SET job_id = nextval(pg_get_serial_sequence('pathways_job', 'id'))",
    "UPDATE seed_education SET education_id = nextval(pg_get_serial_sequence("
    "'pathways_education', 'id'))",
    """
CREATE TEMP TABLE seed_schedule AS
SELECT key, code, every, min(day) AS first_due,
       nextval(pg_get_serial_sequence('measures_schedule', 'id')) AS id
FROM seed_answer GROUP BY key, code, every""",
]


def _employers() -> list[str]:
    return [
        "CREATE TEMP TABLE seed_employer_before AS "
        "SELECT COALESCE(max(id), 0) AS id FROM pathways_employer",
        f"""
INSERT INTO pathways_employer (name, orgnr, address, industry, organisation_id, created_by_id,
                               created_at)
SELECT 'Arbeidsgiver ' || e, NULL, '', '', NULL, (SELECT min(user_id) FROM seed_story), now()
FROM generate_series(1, {EMPLOYERS}) e
WHERE EXISTS (SELECT 1 FROM seed_story)""",
        """
CREATE TEMP TABLE seed_employer AS
SELECT row_number() OVER (ORDER BY id) - 1 AS index, id FROM pathways_employer
WHERE id > (SELECT id FROM seed_employer_before)""",
    ]


def _array(values) -> str:
    return "ARRAY[" + ", ".join(_text(v) for v in values) + "]"


def _writes() -> list[str]:
    titles = _array(story.TITLES)
    places = _array(story.PLACES_OF_STUDY)
    courses = " ".join(
        f"WHEN {_text(level)} THEN {_text(course)}"
        for level, course in story.COURSE_BY_LEVEL.items()
    )
    last_entry = """(SELECT DISTINCT ON (key) key, stage_id, day FROM seed_entry
                     ORDER BY key, layout_index DESC)"""
    return [
        f"""
INSERT INTO pathways_enrolment
    (id, participant_id, programme_id, organisation_id, job_specialist_id, referral_date,
     referral_source, start_date, main_goal, stage_id, stage_since, passive_since,
     passive_reason, passive_follow_up, end_date, end_cause, end_note, created_by_id,
     created_at, version)
SELECT s.enrolment_id, s.participant_id, pr.id, s.organisation_id, s.user_id, s.referral,
       s.referral_source, s.start, s.main_goal, le.stage_id, le.day, pz.start,
       COALESCE(pz.reason, ''), pz.follow_up, s.end_date, s.end_cause, '', s.user_id,
       s.referral::timestamptz, 1
FROM seed_story s
JOIN pathways_programme pr ON pr.code = s.programme
JOIN {last_entry} le ON le.key = s.key
LEFT JOIN seed_pause pz ON pz.key = s.key AND pz."end" IS NULL""",
        """
INSERT INTO pathways_stageentry (enrolment_id, stage_id, from_date, by_id, created_at)
SELECT s.enrolment_id, e.stage_id, e.day, s.user_id, e.day::timestamptz
FROM seed_entry e JOIN seed_story s ON s.key = e.key""",
        """
INSERT INTO pathways_passiveperiod (enrolment_id, start_date, end_date, reason)
SELECT s.enrolment_id, p.start, p."end", p.reason
FROM seed_pause p JOIN seed_story s ON s.key = p.key""",
        f"""
INSERT INTO pathways_employercontact
    (specialist_id, organisation_id, employer_id, person_id, contact_date, face_to_face,
     in_field, minutes, purpose, enrolment_id, met_decision_maker, outcome, created_at)
SELECT s.user_id, s.organisation_id, em.id, NULL, c.day, c.face_to_face, c.face_to_face,
       30 + floor({_u(f"{int(Draw.CONTACT_MINUTES)} + c.index", "c.key")} * 60)::int,
       'job_development', s.enrolment_id,
       c.face_to_face AND {_u(f"{int(Draw.CONTACT_DECISION_MAKER)} + c.index", "c.key")}
                          < {_f(story.DECISION_MAKER_SHARE)},
       '', c.day::timestamptz
FROM seed_contact c JOIN seed_story s ON s.key = c.key CROSS JOIN seed_now n
CROSS JOIN LATERAL (
    SELECT floor({_u(f"{int(Draw.CONTACT_EMPLOYER)} + c.index", "c.key")} * n.employers)::bigint
           AS employer) x
JOIN seed_employer em ON em.index = x.employer""",
        f"""
INSERT INTO pathways_job
    (id, enrolment_id, employer_id, title, start_date, end_date, hours_per_week,
     employment_form, paid, ordinary_wage, open_to_anyone, wage_subsidy, mentor_subsidy,
     inclusion_subsidy, support_plan, what_worked, what_did_not_work, end_reason,
     created_by_id, created_at, version)
SELECT j.job_id, s.enrolment_id, em.id,
       ({titles})[floor({_u(f"{int(Draw.JOB_TITLE)} + j.slot", "j.key")} * n.titles)::int + 1],
       j.start, j."end", j.hours,
       CASE j.kind WHEN 'low_wage' THEN 'temporary' WHEN 'unpaid_trial' THEN 'work_trial'
                   ELSE j.form END,
       j.kind NOT IN ('unpaid_trial', 'placement'),
       j.kind NOT IN ('low_wage', 'unpaid_trial', 'placement'),
       j.kind <> 'reserved', false, false, false, '', '', '',
       CASE WHEN j."end" IS NOT NULL THEN j.reason ELSE '' END, s.user_id,
       LEAST(j.start, s.today)::timestamptz, 1
FROM seed_job j JOIN seed_story s ON s.key = j.key CROSS JOIN seed_now n
CROSS JOIN LATERAL (
    SELECT floor({_u(f"{int(Draw.JOB_EMPLOYER)} + j.slot", "j.key")} * n.employers)::bigint
           AS employer) x
JOIN seed_employer em ON em.index = x.employer""",
        f"""
INSERT INTO pathways_education
    (id, enrolment_id, institution, course, level, study_form, funding, start_date, end_date,
     status, support_plan, created_by_id, created_at, version)
SELECT e.education_id, s.enrolment_id,
       ({places})[(e.place % {len(story.PLACES_OF_STUDY)}) + 1], CASE e.level {courses} END,
       e.level, CASE WHEN e.full_time THEN 'full_time' ELSE 'part_time' END, e.funding,
       e.start, e."end", e.status, '', s.user_id, LEAST(e.start, s.today)::timestamptz, 1
FROM seed_education e JOIN seed_story s ON s.key = e.key""",
        _support_insert(jobs=True),
        _support_insert(jobs=False),
        """
INSERT INTO measures_schedule
    (id, participant_id, instrument_id, first_due, every_days, created_by_id, created_at,
     stopped_at, stopped_by_id)
SELECT sc.id, s.participant_id, i.id, sc.first_due, sc.every, s.therapist_id,
       sc.first_due::timestamptz,
       CASE WHEN s.ended THEN s.end_date::timestamptz END,
       CASE WHEN s.ended THEN s.therapist_id END
FROM seed_schedule sc JOIN seed_story s ON s.key = sc.key
JOIN seed_instrument i ON i.code = sc.code""",
        *_response_inserts(),
        """
UPDATE participants_careteammembership m
SET start_date = x.first_referral, end_date = x.last_end
FROM (SELECT membership_id, min(referral) AS first_referral,
             (array_agg(end_date ORDER BY slot DESC))[1] AS last_end
      FROM seed_story GROUP BY membership_id) x
WHERE m.id = x.membership_id""",
    ]


def _support_insert(*, jobs: bool) -> str:
    """Follow-along support: for a job from a week after its start (or the enrolment's),
    for an education from two weeks after its start, until it ends or the last day."""
    if jobs:
        source = "seed_job j JOIN seed_story s ON s.key = j.key"
        series = story.SUPPORT_CONTACTS
        day = f"GREATEST(j.start, s.start) + {story.SUPPORT_FIRST} + {story.SUPPORT_EVERY} * i"
        slot, job, education = "j.slot", "j.job_id", "NULL::bigint"
        extra = ""
    else:
        source = "seed_education j JOIN seed_story s ON s.key = j.key"
        series = story.EDUCATION_SUPPORT_CONTACTS
        day = f"j.start + {story.EDUCATION_SUPPORT_FIRST} + {story.EDUCATION_SUPPORT_EVERY} * i"
        slot, job, education = str(story.EDUCATION_SLOT), "NULL::bigint", "j.education_id"
        extra = "AND j.status <> 'planned'"
    with_whom = (
        _choose(story.SUPPORT_WITH, _u(f"{int(Draw.SUPPORT_WITH)} + p.n")) if jobs else "'school'"
    )
    return f"""
INSERT INTO pathways_supportcontact
    (enrolment_id, job_id, education_id, contact_date, with_whom, face_to_face, in_field,
     minutes, note, by_id, by_role, created_at)
SELECT s.enrolment_id, {job}, {education}, p.day, {with_whom}, x.face_to_face,
       x.face_to_face AND {_u(f"{int(Draw.SUPPORT_IN_FIELD)} + p.n")} < {_f(0.85)},
       20 + floor({_u(f"{int(Draw.SUPPORT_MINUTES)} + p.n")} * 70)::int, '', s.user_id,
       '{Role.JOB_SPECIALIST}', p.day::timestamptz
FROM {source}
CROSS JOIN generate_series(0, {series - 1}) i
CROSS JOIN LATERAL (SELECT {day} AS day, 10 * {slot} + i AS n) p
CROSS JOIN LATERAL (
    SELECT {_u(f"{int(Draw.SUPPORT_FACE_TO_FACE)} + p.n")} < {_f(0.45)} + {_f(0.4)} * s.q
           AS face_to_face OFFSET 0) x
WHERE p.day <= LEAST(COALESCE(j."end", s.last), s.last) {extra}"""


def _instruments() -> list[tuple[str, object]]:
    """The shipped instruments the stories follow, parsed, by code."""
    scales = {}
    for definition in shipped_definitions():
        scale = parse(definition)
        scales[scale.code] = scale
    return [(code, scales[code]) for code in story.MEASURES]


def _response_inserts() -> list[str]:
    statements = []
    for code, scale in _instruments():
        fill = story.fillable(scale)
        n, top = len(fill.scored), fill.top
        held = f"GREATEST(0, LEAST({top}, a.distress))"
        raw = f"{top} - {held}" if story.MEASURES[code].high_is_well else held
        pairs = []
        for position, (link_id, codes) in enumerate(fill.scored):
            value = f"((r.raw + (({position} + a.index) % {n})) / {n})"
            pairs.append(f"{_text(link_id)}, ({_array(codes)})[{value} + 1]")
        pairs += [f"{_text(link_id)}, {_text(c)}" for link_id, c in fill.lowest]
        multiplier = Decimal(scale.multiplier)
        bands = " ".join(
            f"WHEN r.raw * {multiplier} BETWEEN {b.low} AND {b.high} THEN {_text(b.label)}"
            for b in scale.bands
        )
        completed = "((a.day + time '12:00') AT TIME ZONE 'Europe/Oslo')"
        statements.append(f"""
INSERT INTO measures_response
    (participant_id, instrument_id, schedule_id, status, answers, total, band, subscales,
     answered_by_id, on_paper, started_at, completed_on, completed_at, version)
SELECT s.participant_id, i.id, sc.id, 'completed', jsonb_build_object({", ".join(pairs)}),
       r.raw * {multiplier}, CASE {bands} ELSE '' END, '{{}}'::jsonb, s.therapist_id, true,
       {completed}, a.day, {completed}, 1
FROM seed_answer a JOIN seed_story s ON s.key = a.key
JOIN seed_schedule sc ON sc.key = a.key AND sc.code = a.code
JOIN seed_instrument i ON i.code = a.code
CROSS JOIN LATERAL (SELECT {raw} AS raw) r
WHERE a.code = {_text(code)}""")
    return statements


def _instrument_table() -> str:
    rows = " UNION ALL ".join(
        f"SELECT {_text(code)} AS code, id FROM measures_instrument "
        f"WHERE url = {_text(scale.url)} AND version = {_text(scale.version)}"
        for code, scale in _instruments()
    )
    return f"CREATE TEMP TABLE seed_instrument AS {rows}"


_LOADED = [
    "pathways_enrolment",
    "pathways_stageentry",
    "pathways_passiveperiod",
    "pathways_employercontact",
    "pathways_job",
    "pathways_education",
    "pathways_supportcontact",
    "measures_schedule",
    "measures_response",
    "participants_careteammembership",
]
_TEMPORARY = [
    "seed_now", "seed_layout", "seed_therapist", "seed_case", "seed_story", "seed_pause",
    "seed_contact", "seed_job", "seed_education", "seed_entry", "seed_answer",
    "seed_schedule", "seed_employer_before", "seed_employer", "seed_instrument",
]  # fmt: skip


def statements() -> list[str]:
    """Every statement after the parameters, in order (also for EXPLAIN at scale)."""
    analyse = [f"ANALYZE {t}" for t in ("seed_case",)]
    return [
        _fenced(statement)
        for statement in [
            *_SETUP,
            *analyse,
            f"CREATE TEMP TABLE seed_story AS {_story_select(1)} WITH NO DATA",
            f"INSERT INTO seed_story {_story_select(1)}",
            _SECOND_CASES,
            f"INSERT INTO seed_story {_story_select(2)}",
            "ALTER TABLE seed_story ADD PRIMARY KEY (key)",
            "ANALYZE seed_story",
            _pauses(),
            _CONTACTS,
            "CREATE INDEX ON seed_contact (key)",
            *_JOBS,
            _education(),
            "CREATE INDEX ON seed_education (key)",
            "ANALYZE seed_contact",
            "ANALYZE seed_job",
            "ANALYZE seed_education",
            _phases(),
            _end_causes(),
            _STAGES,
            _answers(),
            _instrument_table(),
            *_IDS,
            *_employers(),
            "ANALYZE seed_story",
            "ANALYZE seed_job",
            "ANALYZE seed_employer",
            *_writes(),
            *(f"ANALYZE {table}" for table in _LOADED),
        ]
    ]


def seed_pathways(
    *, today=None, progress: Callable[[str], None] = lambda _m: None
) -> PathwayResult:
    """Give every seeded participant with a job specialist on the team, and no pathway yet,
    three years of work pathways (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("Arbeidsløp i stor skala lages bare i PostgreSQL.")
    today = today or timezone.localdate()
    started = time.monotonic()
    result = PathwayResult()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _TEMPORARY:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        for function in _FUNCTIONS:
            cursor.execute(function.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
        cursor.execute(
            "CREATE TEMP TABLE seed_now AS SELECT %s::date AS today, "
            "%s::date AS referral_from, %s::int AS employers, %s::int AS titles",
            [today, story.referral_window_start(today), EMPLOYERS, len(story.TITLES)],
        )
        for statement in statements():
            cursor.execute(statement)
            if statement.lstrip().startswith(("INSERT INTO pathways", "INSERT INTO measures")):
                result.rows += cursor.rowcount
                table = statement.split("INSERT INTO")[1].split()[0]
                progress(f"{table}: {cursor.rowcount} rader ({time.monotonic() - started:.0f} s)")
        cursor.execute("SELECT count(*) FROM seed_story")
        result.enrolments = cursor.fetchone()[0]
        for table in _TEMPORARY:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    result.seconds = time.monotonic() - started
    return result

"""The follow-up record at scale: plans, goals, activities with their versions, contact
notes, dialogue threads and messages, and meetings with invitations, for seeded
participants, so that timelines and caseloads are measured against millions of events; and
for those with a job specialist, three years of work pathways (los/demo/pathway_seed.py).

Written as INSERT … SELECT in PostgreSQL: five million rows built in Python and sent with
bulk_create take many minutes; built by the server from generate_series they take about a
minute. Each participant gets the same shape of record (the counts below), spread over the
last two years, written by the people on their team. The pathways vary from person to
person and from service to service, as the reports need.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from los.core.vocabulary import Category, Role
from los.demo.pathway_seed import seed_pathways

GOALS = 2
ACTIVITIES = 4
VERSIONS_PER_ACTIVITY = 4
NOTES = 12
THREADS = 2
MESSAGES_PER_THREAD = 7
MEETINGS = 4
EVENTS_PER_PARTICIPANT = (
    GOALS + ACTIVITIES * VERSIONS_PER_ACTIVITY + NOTES + THREADS * MESSAGES_PER_THREAD + MEETINGS
)


@dataclass
class EventResult:
    participants: int = 0
    rows: int = 0
    seconds: float = 0.0
    enrolments: int = 0
    pathway_rows: int = 0
    pathway_seconds: float = 0.0


# Who writes: the participant's counsellor (NAV) and, where there is one, their therapist or
# GP (health). Participants without a record yet get one.
_LEADS = f"""
CREATE TEMP TABLE seed_lead AS
SELECT DISTINCT ON (m.participant_id)
       m.participant_id, m.user_id AS nav_user, m.organisation_id AS nav_org,
       COALESCE(h.user_id, m.user_id) AS health_user,
       COALESCE(h.organisation_id, m.organisation_id) AS health_org,
       COALESCE(h.role, m.role) AS health_role,
       h.user_id IS NOT NULL AS has_health
FROM participants_careteammembership m
LEFT JOIN LATERAL (
    SELECT user_id, organisation_id, role FROM participants_careteammembership x
    WHERE x.participant_id = m.participant_id AND x.role IN ('{Role.THERAPIST}', '{Role.GP}')
    ORDER BY x.id LIMIT 1
) h ON true
WHERE m.role = '{Role.COUNSELLOR}'
  AND NOT EXISTS (SELECT 1 FROM plans_individualplan p WHERE p.participant_id = m.participant_id)
ORDER BY m.participant_id, m.id;
"""

_STATEMENTS = [
    # One active plan each.
    """
INSERT INTO plans_individualplan
    (participant_id, status, coordinator_id, next_review, created_by_id, created_at, version)
SELECT participant_id, 'active', nav_user,
       CURRENT_DATE + ((participant_id % 90)::int - 20), nav_user,
       now() - interval '730 days', 1
FROM seed_lead;
""",
    f"""
INSERT INTO plans_goal
    (plan_id, kind, text, target_date, status, achievement, created_by_id, created_at, version)
SELECT p.id, (ARRAY['work','education','health','everyday','economy'])[1 + ((g + p.id) % 5)::int],
       'Mål ' || g || ' med egne ord', NULL, 'active', '', l.nav_user,
       now() - make_interval(days => 700 - g * 30), 1
FROM seed_lead l JOIN plans_individualplan p ON p.participant_id = l.participant_id,
     generate_series(1, {GOALS}) g;
""",
    # Activities: job search, work trial, course and, where there is a health member, a
    # treatment; the last one is still planned (waiting to start) for some.
    f"""
INSERT INTO plans_activity
    (plan_id, goal_id, kind, title, description, status, agreed, responsible_organisation_id,
     start_date, due_date, employer_name, job_title, application_stage, hours_per_week, place,
     created_by_id, created_by_participant, created_at, updated_at, version)
SELECT p.id, NULL,
       CASE WHEN a = {ACTIVITIES} AND l.has_health THEN 'treatment'
            ELSE (ARRAY['job_search','work_trial','course','own'])[a] END,
       'Aktivitet ' || a, '',
       CASE WHEN a = {ACTIVITIES} AND p.id % 4 = 0 THEN 'planned'
            WHEN a = 1 THEN 'done' ELSE 'in_progress' END,
       true, l.nav_org, NULL,
       CURRENT_DATE + ((p.id * a) % 120)::int - 30, '', '', '', NULL, '',
       l.nav_user, false, now() - make_interval(days => 600 - a * 40),
       now() - make_interval(days => 10 * a), {VERSIONS_PER_ACTIVITY}
FROM seed_lead l JOIN plans_individualplan p ON p.participant_id = l.participant_id,
     generate_series(1, {ACTIVITIES}) a;
""",
    f"""
INSERT INTO plans_activityversion
    (activity_id, version, changed_by_id, changed_at, action, changed_fields, snapshot)
SELECT a.id, v, l.nav_user,
       a.created_at + make_interval(days => (v - 1) * 25),
       CASE WHEN v = 1 THEN 'created' WHEN v = 2 THEN 'agreed' ELSE 'updated' END,
       '["status"]'::jsonb, jsonb_build_object('title', a.title)
FROM plans_activity a
JOIN plans_individualplan p ON p.id = a.plan_id
JOIN seed_lead l ON l.participant_id = p.participant_id,
     generate_series(1, {VERSIONS_PER_ACTIVITY}) v;
""",
    # Notes: every third is the health member's clinical note, never shared.
    f"""
INSERT INTO followup_contactnote
    (participant_id, category, channel, contact_date, text, shared_with_participant,
     shared_at, author_id, author_role, author_organisation_id, created_at)
SELECT l.participant_id,
       CASE WHEN n % 3 = 0 AND l.has_health THEN '{Category.CLINICAL_NOTES}'
            ELSE '{Category.NAV_CASE_NOTES}' END,
       (ARRAY['in_person','phone','video'])[1 + n % 3],
       CURRENT_DATE - ((l.participant_id * n) % 700)::int,
       'Samtale ' || n || ': status, neste steg og avtaler.',
       n % 3 <> 0, NULL,
       CASE WHEN n % 3 = 0 AND l.has_health THEN l.health_user ELSE l.nav_user END,
       CASE WHEN n % 3 = 0 AND l.has_health THEN l.health_role ELSE '{Role.COUNSELLOR}' END,
       CASE WHEN n % 3 = 0 AND l.has_health THEN l.health_org ELSE l.nav_org END,
       now() - make_interval(days => ((l.participant_id * n) % 700)::int)
FROM seed_lead l, generate_series(1, {NOTES}) n;
""",
    f"""
INSERT INTO followup_thread
    (participant_id, subject, activity_id, created_at, last_message_at, last_message_by_id,
     last_message_from_participant)
SELECT l.participant_id, 'Samtale ' || t, NULL,
       now() - make_interval(days => 300 * t),
       now() - make_interval(days => ((l.participant_id + t) % 60)::int, hours => t),
       l.nav_user, false
FROM seed_lead l, generate_series(1, {THREADS}) t;
""",
    f"""
INSERT INTO followup_message (thread_id, author_id, from_participant, text, sent_at)
SELECT t.id, l.nav_user, false, 'Melding ' || m,
       t.last_message_at - make_interval(days => ({MESSAGES_PER_THREAD} - m) * 3)
FROM followup_thread t JOIN seed_lead l ON l.participant_id = t.participant_id,
     generate_series(1, {MESSAGES_PER_THREAD}) m;
""",
    # Meetings: three held (with published minutes), the last one ahead.
    f"""
INSERT INTO meetings_meeting
    (participant_id, kind, starts_at, duration_minutes, channel, place, agenda, organiser_id,
     organiser_role, organiser_organisation_id, cancelled_at, minutes, minutes_published_at,
     minutes_published_by_id, created_at, version)
SELECT l.participant_id,
       (ARRAY['startup','responsibility_group','cooperation','employer'])[k],
       date_trunc('hour', now()) + make_interval(days => (k - {MEETINGS}) * 60 + 1
                                                + (l.participant_id % 13)::int),
       60, 'in_person', 'NAV-kontoret', 'Status og neste steg', l.nav_user,
       '{Role.COUNSELLOR}', l.nav_org, NULL,
       CASE WHEN k < {MEETINGS} THEN 'Referat fra møtet.' ELSE '' END,
       CASE WHEN k < {MEETINGS} THEN now() - make_interval(days => ({MEETINGS} - k) * 60 - 2)
       END,
       CASE WHEN k < {MEETINGS} THEN l.nav_user END,
       now() - make_interval(days => 400), 1
FROM seed_lead l, generate_series(1, {MEETINGS}) k;
""",
    """
INSERT INTO meetings_invitation
    (meeting_id, user_id, is_participant, role, organisation_id, external_name,
     external_role, reply, reply_comment, replied_at)
SELECT m.id, l.nav_user, false, 'counsellor', l.nav_org, '', '', 'coming', '', m.created_at
FROM meetings_meeting m JOIN seed_lead l ON l.participant_id = m.participant_id
UNION ALL
SELECT m.id, l.health_user, false, l.health_role, l.health_org, '', '', 'pending', '', NULL
FROM meetings_meeting m JOIN seed_lead l ON l.participant_id = m.participant_id
WHERE l.has_health
UNION ALL
SELECT m.id, NULL, true, '', NULL, '', '', 'pending', '', NULL
FROM meetings_meeting m JOIN seed_lead l ON l.participant_id = m.participant_id;
""",
]


def seed_events(*, progress: Callable[[str], None] = lambda _m: None) -> EventResult:
    """Give every seeded participant without a plan a whole follow-up record, and every one
    with a job specialist and no pathway yet their work pathways."""
    if connection.vendor != "postgresql":
        raise RuntimeError("Hendelser i stor skala lages bare i PostgreSQL.")
    started = time.monotonic()
    result = EventResult()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS seed_lead")
        cursor.execute(_LEADS)
        cursor.execute("SELECT count(*) FROM seed_lead")
        result.participants = cursor.fetchone()[0]
        for statement in _STATEMENTS:
            cursor.execute(statement)
            result.rows += cursor.rowcount
            table = statement.split("INSERT INTO")[1].split()[0]
            progress(f"{table}: {cursor.rowcount} rader ({time.monotonic() - started:.0f} s)")
        cursor.execute("DROP TABLE seed_lead")
        pathways = seed_pathways(progress=progress)
    result.enrolments = pathways.enrolments
    result.pathway_rows = pathways.rows
    result.pathway_seconds = pathways.seconds
    result.seconds = time.monotonic() - started
    return result


TIMELINE_TABLES = {
    "plans_goal": "created_at",
    "plans_activityversion": "changed_at",
    "followup_contactnote": "created_at",
    "followup_message": "sent_at",
    "meetings_meeting": "starts_at",
    "participants_consent": "recorded_at",
    "participants_careteammembership": "start_date",
}


def count_timeline_events() -> int:
    """Every row that shows up as an event on some timeline."""
    with connection.cursor() as cursor:
        total = 0
        for table in TIMELINE_TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            total += cursor.fetchone()[0]
    return total

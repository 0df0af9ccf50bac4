"""`make bench`: seed 100 000 participants, each with a whole follow-up record (over five
million timeline events), into a fresh PostgreSQL database, then time the caseload and the
participant page (the timeline) at that scale, next to the raw SQL for the same rows in the
same run. Writes docs/benchmarks.md and docs/benchmarks.json.

Run through the Makefile (it sets DATABASE_URL to a benchmark database, which this script
drops and creates again).
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "los.settings")
os.environ.setdefault("LOS_ENVIRONMENT", "test")

PARTICIPANTS = int(os.environ.get("LOS_BENCH_PARTICIPANTS", "100000"))
REQUESTS = int(os.environ.get("LOS_BENCH_REQUESTS", "200"))
SEED_TARGET_SECONDS = 300


def _recreate_database() -> None:
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("make bench needs PostgreSQL: set BENCH_DATABASE_URL")
    name = database["NAME"]
    with psycopg.connect(
        host=database["HOST"],
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _machine() -> dict:
    memory_kib = 0
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _time_requests(client, url: str) -> tuple[list[float], list[str]]:
    """Time REQUESTS requests; return the timings and the SELECT statements of the last
    (steady-state) request, exactly as they were sent to the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    captured_selects: list[str] = []
    for _ in range(REQUESTS):
        # The debug log keeps at most 9 000 queries; once full, a capture would come back
        # empty (the third page of a run did). Each request starts from an empty log.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        captured_selects = [q["sql"] for q in captured.captured_queries]
    return timings, captured_selects


def _time_raw_sql(statements: list[str]) -> list[float]:
    """The same SELECTs as the request, sent straight through the cursor: the floor that
    the ORM, the policy, the access-log write and the template add their time to."""
    from django.db import connection

    selects = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    timings = []
    with connection.cursor() as cursor:
        for _ in range(REQUESTS):
            started = time.perf_counter()
            for sql in selects:
                cursor.execute(sql)
                cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    django.setup()
    _recreate_database()
    from allauth.mfa.totp.internal.auth import TOTP
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from los.access.policy import valid_memberships
    from los.accounts.models import User
    from los.core.runtime import settle_memory
    from los.core.vocabulary import Role
    from los.demo.events import count_timeline_events, seed_events
    from los.demo.seeding import seed
    from los.participants.models import Participant

    call_command("migrate", verbosity=0)
    print(f"Seeding {PARTICIPANTS} participants …", flush=True)
    result = seed(
        participants=PARTICIPANTS, progress=lambda message: print("  " + message, flush=True)
    )
    print("Seeding the follow-up records …", flush=True)
    events_result = seed_events(progress=lambda message: print("  " + message, flush=True))
    events = count_timeline_events()
    from django.db import connection

    # Time the steady state a production database is in, not the minutes after a bulk load
    # of millions of rows: autovacuum would otherwise run through the timed requests, and
    # the checkpointer would be writing out gigabytes of fresh pages while they run.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")

    counsellor = (
        User.objects.filter(staff_roles__role=Role.COUNSELLOR)
        .annotate(caseload=Count("team_memberships"))
        .order_by("-caseload")
        .first()
    )
    TOTP.activate(counsellor, "JBSWY3DPEHPK3PXP")
    participant = (
        valid_memberships(counsellor, timezone.localdate())
        .annotate(team_size=Count("participant__team"))
        .order_by("-team_size")
        .first()
        .participant
    )
    client = Client()
    client.force_login(counsellor)

    # First the caseload as a process without settle_memory() serves it, then everything as
    # los/wsgi.py serves it in production: side by side, the garbage collector's share.
    pages = [
        ("caseload, without gc.freeze()", "/deltakere/", False),
        ("caseload", "/deltakere/", True),
        ("participant page (timeline)", f"/deltakere/{participant.public_id}/", True),
    ]
    figures = []
    for name, url, settled in pages:
        if settled and not gc.get_freeze_count():
            settle_memory()
        timings, statements = _time_requests(client, url)
        raw_timings = _time_raw_sql(statements)
        p95, raw_p95 = _percentile(timings, 0.95), _percentile(raw_timings, 0.95)
        figures.append(
            {
                "name": name,
                "participants": Participant.objects.count(),
                "events": events,
                "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(p95, 2),
                "raw_sql_p95_ms": round(raw_p95, 2),
                "ratio": round(p95 / raw_p95, 1) if raw_p95 else None,
                "queries": len(statements),
            }
        )

    machine = _machine()
    seed_figure = {
        "name": "seed",
        "participants": result.participants,
        "memberships": result.memberships,
        "consents": result.consents,
        "events": events,
        "seconds": round(result.seconds, 1),
        "events_seconds": round(events_result.seconds, 1),
        "target_seconds": SEED_TARGET_SECONDS,
    }
    for figure in figures:
        figure["machine"] = machine
    seed_figure["machine"] = machine
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "benchmarks.json").write_text(
        json.dumps({"seed": seed_figure, "figures": figures}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (benchmarks/run.py). Machine: "
        f"{machine['cores']} cores, {machine['memory_gib']} GiB, Python {machine['python']}, "
        "PostgreSQL on the same machine.",
        "",
        "## Seeding",
        "",
        "| participants | team memberships | consents | seconds | target |",
        "|---:|---:|---:|---:|---:|",
        f"| {result.participants} | {result.memberships} | {result.consents} | "
        f"{seed_figure['seconds']} | < {SEED_TARGET_SECONDS} |",
        "",
        f"Then a whole follow-up record per participant (plan, goals, activities and their "
        f"versions, contact notes, threads and messages, meetings with invitations), written "
        f"by PostgreSQL in {seed_figure['events_seconds']} s. Timeline events in the "
        f"database: **{events:,}**.".replace(f"{events:,}", f"{events:,}".replace(",", " ")),
        "",
        "## Requests at this scale",
        "",
        "After seeding, `VACUUM ANALYZE` and a checkpoint bring the database to the steady "
        "state production runs in. "
        f"{REQUESTS} requests each through Django's test client (whole request: middleware, "
        "policy, access-log write, template; persistent database connections as in "
        "production, `LOS_DB_CONN_MAX_AGE=60`), next to the same SELECT statements sent raw "
        "through the cursor in the same run. The caseload is that of the counsellor with the "
        "most participants; the participant page (which is the timeline) is their participant "
        "with the largest team. Target: p95 ≤ 100 ms for both. Production calls "
        "`settle_memory()` (a collection, then `gc.freeze()`) once the application is loaded "
        "(`los/wsgi.py`); the first row times the caseload before that call, the others after.",
        "",
        "| page | p50 ms | p95 ms | raw SQL p95 ms | ratio | queries |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for figure in figures:
        lines.append(
            f"| {figure['name']} | {figure['p50_ms']} | {figure['p95_ms']} | "
            f"{figure['raw_sql_p95_ms']} | {figure['ratio']} | {figure['queries']} |"
        )
    lines.append("")
    (docs / "benchmarks.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

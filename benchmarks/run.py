"""`make bench`: seed 100 000 participants, each with a whole follow-up record (over five
million timeline events), into PostgreSQL, time the caseload and the participant page (the
timeline) at that scale next to the raw SQL for the same rows, then put the production
server under load (benchmarks/load.py). Writes docs/benchmarks.md and docs/benchmarks.json.

Run through the Makefile (it sets DATABASE_URL to a benchmark database). A database already
seeded with as many participants is reused, with the seeding figures recorded when it was
seeded; LOS_BENCH_RESEED=1 drops and seeds it again. `--load-only` runs only the load test
and keeps the other figures in the docs; `--reports-only` (`make bench-reports`) only the
outcome reports (`_time_reports`), and LOS_BENCH_COLD=0 leaves out their cold builds.
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
REPORT_REQUESTS = int(os.environ.get("LOS_BENCH_REPORT_REQUESTS", "50"))
REPORT_RECOUNTS = int(os.environ.get("LOS_BENCH_REPORT_RECOUNTS", "5"))
REPORT_COLD = os.environ.get("LOS_BENCH_COLD", "1") == "1"
REPORT_TARGETS_MS = {"national": 1000, "county": 300}
SEED_TARGET_SECONDS = 300
DOCS = ROOT / "docs"


def _database_exists() -> bool:
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    with psycopg.connect(**_server_params(database), dbname="postgres") as connection:
        row = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
    return row is not None


def _server_params(database) -> dict:
    return {
        "host": database["HOST"],
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
    }


def _seed_record() -> Path:
    """Written when this machine seeds a database, so a later run knows what it holds and
    how long seeding it took (var/ stays on the machine)."""
    from django.conf import settings

    return ROOT / "var" / f"bench-seed-{settings.DATABASES['default']['NAME']}.json"


def _reusable_seed() -> dict | None:
    """The seeding figures of the database, if this machine seeded it as it is configured
    now; None when it must be seeded (again)."""
    record = _seed_record()
    if os.environ.get("LOS_BENCH_RESEED") == "1" or not record.exists():
        return None
    if not _database_exists():
        return None
    from los.participants.models import Participant

    recorded = json.loads(record.read_text(encoding="utf-8"))
    try:
        participants = Participant.objects.count()
    except Exception:  # no tables: a database that was created but never migrated
        return None
    return recorded if participants == recorded["participants"] == PARTICIPANTS else None


def _recorded() -> dict:
    path = DOCS / "benchmarks.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _recreate_database() -> None:
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("make bench needs PostgreSQL: set BENCH_DATABASE_URL")
    name = database["NAME"]
    with psycopg.connect(
        **_server_params(database), dbname="postgres", autocommit=True
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


def _seed() -> dict:
    from django.core.management import call_command
    from django.db import connection

    from los.demo.events import count_timeline_events, seed_events
    from los.demo.seeding import seed

    _recreate_database()
    call_command("migrate", verbosity=0)
    print(f"Seeding {PARTICIPANTS} participants …", flush=True)
    result = seed(
        participants=PARTICIPANTS, progress=lambda message: print("  " + message, flush=True)
    )
    print("Seeding the follow-up records …", flush=True)
    events_result = seed_events(progress=lambda message: print("  " + message, flush=True))
    # Time the steady state a production database is in, not the minutes after a bulk load
    # of millions of rows: autovacuum would otherwise run through the timed requests, and
    # the checkpointer would be writing out gigabytes of fresh pages while they run.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
    figure = {
        "name": "seed",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "participants": result.participants,
        "memberships": result.memberships,
        "consents": result.consents,
        "events": count_timeline_events(),
        "seconds": round(result.seconds, 1),
        "events_seconds": round(events_result.seconds, 1),
        "enrolments": events_result.enrolments,
        "pathway_rows": events_result.pathway_rows,
        "pathway_seconds": round(events_result.pathway_seconds, 1),
        "target_seconds": SEED_TARGET_SECONDS,
        "machine": _machine(),
    }
    _seed_record().parent.mkdir(exist_ok=True)
    _seed_record().write_text(json.dumps(figure, indent=2) + "\n", encoding="utf-8")
    return figure


def _time_pages(events: int) -> list[dict]:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from los.access.policy import valid_memberships
    from los.accounts.models import User
    from los.core.runtime import settle_memory
    from los.core.vocabulary import Role
    from los.participants.models import Participant

    counsellor = (
        User.objects.filter(staff_roles__role=Role.COUNSELLOR)
        .annotate(caseload=Count("team_memberships"))
        .order_by("-caseload")
        .first()
    )
    # A reused database may hold the authenticator of an earlier run (one TOTP per user).
    Authenticator.objects.filter(user=counsellor, type=Authenticator.Type.TOTP).delete()
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
    machine = _machine()
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
                "machine": machine,
            }
        )
    return figures


def _report_reader(email: str, role: str, organisation) -> object:
    """A reader of the reports in the benchmark database: the seed has none."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from los.accounts.models import StaffRole, User

    user, _created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Benk", "last_name": role}
    )
    StaffRole.objects.get_or_create(user=user, organisation=organisation, role=role)
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    return user


def _forget_report_figures(*, patterns: bool) -> None:
    """Empty the cache and this process's patterns; `patterns`: the kept ones too."""
    from django.core.cache import cache

    from los.reporting import disclosure
    from los.reporting.models import StoredPattern

    cache.clear()
    disclosure._patterns.clear()
    if patterns:
        StoredPattern.objects.all().delete()


def _time_background(timed, user, period, today) -> tuple[list[float], list[float]]:
    """With LOS_REPORT_RECOUNT_IN_BACKGROUND (a cache the worker shares, as in production):
    the record changes and the figures are past their age, so each page answers from the
    figures it has («Tall per …») and asks the worker once; then the worker's task itself,
    `report.recount`, timed as the worker runs it. Empty where the cache is this process's
    own (no LOS_REDIS_URL): the worker could not share it."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import transaction
    from django.test import override_settings

    from los.access.audit import record_change
    from los.reporting import report

    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        return [], []
    with override_settings(LOS_REPORT_RECOUNT_IN_BACKGROUND=True, LOS_REPORT_MAX_AGE_SECONDS=0):
        # A change to the record: the figures counted above are no longer fresh.
        with transaction.atomic():
            record_change(actor=user, participant=None, action="bench.change", obj=user, data={})
        stale = [timed()[0] for _ in range(REPORT_REQUESTS)]
        if cache.get(report._recount_mark(period, today)) is None:
            raise SystemExit("a stale report page did not ask the worker to count again")
        worker = []
        for _ in range(2):
            started = time.perf_counter()
            report.recount(period, today)
            worker.append((time.perf_counter() - started) * 1000)
    _forget_queued_recounts()
    return stale, worker


def _forget_queued_recounts() -> None:
    """The tasks the stale pages queued: the bench ran the recount itself."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path__endswith="recount_report_figures").delete()


def _time_reports() -> list[dict]:
    """The national quarterly report and the largest county's, each as a whole request
    through the test client: cold (nothing counted, no pattern kept: the first request
    ever, or after every pattern was lost), counted again (the cache empty, the patterns
    kept: the first request after LOS_REPORT_MAX_AGE_SECONDS once the record has changed),
    and cached; beside them the SELECTs of a counting request sent raw, the floor."""
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from los.core.runtime import settle_memory
    from los.core.vocabulary import Role
    from los.organisations.models import Organisation
    from los.participants.models import Participant
    from los.pathways.models import Enrolment
    from los.reporting.pages import report_url
    from los.reporting.scopes import NATION, Level, Scope
    from los.web.report_views import default_period

    today = timezone.localdate()
    period = default_period(today)
    county = (
        Enrolment.objects.values("organisation__county__number")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["organisation__county__number"]
    )
    somewhere = Organisation.objects.filter(county__number=county).order_by("id").first()
    readers = {
        "national": (
            _report_reader("benk.programansvarlig@example.no", Role.PROGRAMME_MANAGER, somewhere),
            NATION,
        ),
        "county": (
            _report_reader("benk.fylkeskoordinator@example.no", Role.COUNTY_COORDINATOR, somewhere),
            Scope(Level.COUNTY, county),
        ),
    }
    if not gc.get_freeze_count():
        settle_memory()
    machine = _machine()
    participants = Participant.objects.count()
    enrolments = Enrolment.objects.count()
    figures = []
    for name, (user, scope) in readers.items():
        client = Client()
        client.force_login(user)
        url = f"{report_url(scope)}?periode={period.code}"
        client.get("/rapporter/")  # the first request after login saves the session

        def timed(url=url, client=client) -> tuple[float, list[str]]:
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            return elapsed, [q["sql"] for q in captured.captured_queries]

        cold = []
        # Counted in the request, to measure what counting costs: the pages of a server
        # without a shared cache (and the worker's task below) count this way.
        with override_settings(LOS_REPORT_RECOUNT_IN_BACKGROUND=False):
            if REPORT_COLD:
                _forget_report_figures(patterns=True)
                print(f"  {name}: cold …", flush=True)
                cold.append(timed()[0])
            recounted, statements = [], []
            for _ in range(REPORT_RECOUNTS):
                _forget_report_figures(patterns=False)
                elapsed, statements = timed()
                recounted.append(elapsed)
            cached = [timed()[0] for _ in range(REPORT_REQUESTS)]
        stale, worker = _time_background(timed, user, period, today)
        raw = []
        selects = [q for q in statements if q.lstrip().upper().startswith(("SELECT", "WITH"))]
        with connection.cursor() as cursor:
            for _ in range(REPORT_RECOUNTS):
                started = time.perf_counter()
                for sql in selects:
                    cursor.execute(sql)
                    cursor.fetchall()
                raw.append((time.perf_counter() - started) * 1000)
        figure = {
            "name": f"{name} report ({scope.level} {scope.code})".replace(" )", ")"),
            "level": name,
            "period": period.code,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "participants": participants,
            "enrolments": enrolments,
            "cold_ms": [round(t) for t in cold],
            "recounted_ms": [round(t) for t in recounted],
            "recounted_p95_ms": round(_percentile(recounted, 0.95), 1),
            "cached_p50_ms": round(statistics.median(cached), 1),
            "cached_p95_ms": round(_percentile(cached, 0.95), 1),
            "stale_p50_ms": round(statistics.median(stale), 1) if stale else None,
            "stale_p95_ms": round(_percentile(stale, 0.95), 1) if stale else None,
            "worker_recount_ms": [round(t) for t in worker],
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "raw_sql_ms": [round(t) for t in raw],
            "raw_sql_p95_ms": round(_percentile(raw, 0.95), 1),
            "queries": len(statements),
            "target_ms": REPORT_TARGETS_MS[name],
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "machine": machine,
        }
        print(f"  {figure}", flush=True)
        figures.append(figure)
    return figures


def _load_test() -> dict:
    from django.conf import settings

    from benchmarks import load

    load.free_port_or_exit()
    database = settings.DATABASES["default"]
    database_url = (
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )
    users = load.prepare_users(load.USERS)
    env = load.server_environment(database_url)
    print(
        f"Load: {len(users)} users for {load.SECONDS} s against gunicorn on "
        f"127.0.0.1:{load.PORT} (logins first, one every {load.LOGIN_INTERVAL_SECONDS} s) …",
        flush=True,
    )
    with load.gunicorn(env):
        figures = load.run(users)
    figures["server"] = {
        "workers": int(env.get("LOS_WORKERS", os.cpu_count() or 1)),
        "threads": int(env.get("LOS_THREADS", "4")),
    }
    figures["machine"] = _machine()
    figures["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    for sample in figures["error_samples"]:
        print("  error: " + sample, flush=True)
    return figures


def main() -> None:
    django.setup()
    from django.core.management import call_command

    data = _recorded()
    if "--reports-only" in sys.argv:
        if _reusable_seed() is None:
            raise SystemExit("make bench-reports needs a seeded database: run make bench")
        call_command("migrate", verbosity=0)
        data.setdefault("report_runs", []).append(_time_reports())
        data["report_runs"] = data["report_runs"][-REPORT_RUNS_KEPT:]
    elif "--load-only" not in sys.argv:
        seed_figure = _reusable_seed()
        if seed_figure is None:
            seed_figure = _seed()
        else:
            print(f"Reusing the seeded database ({PARTICIPANTS} participants).", flush=True)
            call_command("migrate", verbosity=0)
        data["seed"] = seed_figure
        from los.demo.events import count_timeline_events

        data["figures"] = _time_pages(count_timeline_events())
        data.setdefault("report_runs", []).append(_time_reports())
        data["report_runs"] = data["report_runs"][-REPORT_RUNS_KEPT:]
    if "--reports-only" not in sys.argv:
        data["load"] = _load_test()
    DOCS.mkdir(exist_ok=True)
    (DOCS / "benchmarks.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    text = _markdown(data)
    (DOCS / "benchmarks.md").write_text(text, encoding="utf-8")
    print(text)


REPORT_RUNS_KEPT = 5  # the machine is shared: the docs keep the last runs side by side


def _spaced(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _markdown(data: dict) -> str:
    seed, figures, load = data["seed"], data["figures"], data.get("load")
    machine = seed["machine"]
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
        f"| {seed['participants']} | {seed['memberships']} | {seed['consents']} | "
        f"{seed['seconds']} | < {seed['target_seconds']} |",
        "",
        f"Then a whole follow-up record per participant (plan, goals, activities and their "
        f"versions, contact notes, threads and messages, meetings with invitations), written "
        f"by PostgreSQL in {seed['events_seconds']} s. Timeline events in the "
        f"database: **{_spaced(seed['events'])}**."
        + (
            f" Of that time, {seed['pathway_seconds']} s went to three years of work "
            f"pathways for those with a job specialist ({_spaced(seed['enrolments'])} "
            f"enrolments, {_spaced(seed['pathway_rows'])} rows: stages, pauses, employer "
            "contacts, jobs, education, support and questionnaire answers; "
            "los/demo/pathway_story.py)."
            if "enrolments" in seed
            else ""
        )
        + (f" Seeded {seed['date']}; later runs reuse the database." if "date" in seed else ""),
        "",
        "## Requests at this scale",
        "",
        "After seeding, `VACUUM ANALYZE` and a checkpoint bring the database to the steady "
        "state production runs in. "
        f"{REQUESTS} requests each through Django's test client (whole request: middleware, "
        "policy, access-log write, template; persistent database connections, "
        "`LOS_DB_CONN_MAX_AGE=60`), next to the same SELECT statements sent raw "
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
    if data.get("report_runs"):
        lines += _reports_markdown(data["report_runs"])
    if load:
        lines += _load_markdown(load)
    lines.append("")
    return "\n".join(lines)


def _reports_markdown(runs: list[list[dict]]) -> list[str]:
    first = runs[-1][0]
    lines = [
        "",
        "## Outcome reports",
        "",
        f"The report page for {first['period']} (the last quarter that has ended, with its 8 "
        f"trend quarters), {_spaced(first['participants'])} participants, "
        f"{_spaced(first['enrolments'])} enrolments; the national report (a programme "
        "manager) and the county with the most enrolments (a county coordinator), each a "
        "whole request through Django's test client (docs/reporting.md, «Speed»). **Cold**: "
        "nothing counted and no suppression pattern kept, the first request ever. **Counted "
        "again**: the cache empty and the patterns kept in the database, what the first "
        "request after `LOS_REPORT_MAX_AGE_SECONDS` costs once the record has changed, "
        f"{first['queries']} queries, each time run {len(first['recounted_ms'])} times. "
        f"**Cached**: {REPORT_REQUESTS} requests. **Stale, counted in the background**: "
        "with `LOS_REPORT_RECOUNT_IN_BACKGROUND` and the cache in Redis (production): after "
        "a change and past the maximum age, "
        f"{REPORT_REQUESTS} requests answered from the figures already counted («Tall per»), "
        "the first of them asking the worker to count again; **the worker's recount**: "
        "`report.recount` as the worker runs it, twice. **Raw SQL**: the SELECTs of a counting "
        "request sent straight through the cursor. Targets (server time, p95): the national "
        "report ≤ 1 000 ms, a county's ≤ 300 ms. The machine is shared with other work "
        "(the load average, 1, 5 and 15 minutes, after each report's runs is in the table: "
        f"above 2 the 2 cores are oversubscribed), so each run is kept (the last "
        f"{REPORT_RUNS_KEPT}).",
        "",
        "| run | report | cold ms | counted again ms | counted again p95 | cached p50 | "
        "cached p95 | stale, counted in the background p95 | the worker's recount ms | "
        "raw SQL p95 | target | load average |",
        "|---|---|---:|---|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for run in runs:
        for figure in run:
            cold = ", ".join(map(str, figure["cold_ms"])) or "–"
            lines.append(
                f"| {figure['date']} | {figure['name']} | {cold} | "
                f"{', '.join(map(str, figure['recounted_ms']))} | {figure['recounted_p95_ms']} | "
                f"{figure['cached_p50_ms']} | {figure['cached_p95_ms']} | "
                f"{figure.get('stale_p95_ms') or '–'} | "
                f"{', '.join(map(str, figure.get('worker_recount_ms', []))) or '–'} | "
                f"{figure['raw_sql_p95_ms']} | ≤ {figure['target_ms']} | "
                f"{', '.join(map(str, figure.get('load_average', []))) or '–'} |"
            )
    return lines


def _load_markdown(load: dict) -> list[str]:
    kinds = ", ".join(
        f"{count} {kind.replace('_', ' ')}s"
        for kind, count in sorted(load["users_by_kind"].items())
    )
    server = load["server"]
    lines = [
        "",
        "## Under load: the production server",
        "",
        f"{load['date']}. gunicorn with `los/gunicorn.conf.py` ({server['workers']} workers × "
        f"{server['threads']} threads, `--preload`), `LOS_ENVIRONMENT=production`, a psycopg "
        "pool per worker, Redis for the cache, on 127.0.0.1 behind a simulated TLS proxy "
        "(`X-Forwarded-Proto: https`), against the database above; the client "
        f"(benchmarks/load.py) runs on the same {load['machine']['cores']} cores. "
        f"{load['users']} simulated users ({kinds}) log in first, one every 2.5 s "
        "(allauth allows 30 logins a minute from one address), staff with a TOTP code; then "
        f"for **{load['seconds']:.0f} s** each clicks every "
        f"{load['think_seconds'] * 0.5:g}–{load['think_seconds'] * 1.5:g} s: staff open the "
        "caseload, a participant, then three of timeline (filtered), plan, dialogue (a "
        "thread; an answer in 30 %), notes (a new note in 15 %) and meetings; participants "
        "open their own page, then two of plan, dialogue (a reply in 50 %), shared notes and "
        "who has looked. Every read writes its access-log row and every write its change-log "
        "row, as always. Any answer other than the expected 200 (page) or 302 (after a form) "
        "is an error.",
        "",
        f"**{_spaced(load['requests'])} requests, {load['errors']} errors, "
        f"{load['throughput_rps']} requests/s; p50 {load['p50_ms']} ms, p95 {load['p95_ms']} "
        "ms** over all pages. Load average (1, 5, 15 min) before "
        f"{load['load_average_before']}, after {load['load_average_after']} (the machine is "
        "shared).",
        "",
        "| page | requests | errors | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for page in load["pages"]:
        lines.append(
            f"| {page['page']} | {page['requests']} | {page['errors']} | {page['p50_ms']} | "
            f"{page['p95_ms']} | {page['max_ms']} |"
        )
    return lines


if __name__ == "__main__":
    main()

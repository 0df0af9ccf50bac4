"""gunicorn for Los in production:

    .venv/bin/gunicorn -c los/gunicorn.conf.py los.wsgi:application

Every value can be set from the environment (LOS_BIND, LOS_WORKERS, LOS_THREADS,
LOS_WORKER_TIMEOUT). Sizing: a request spends most of its time in Python (policy, ORM,
templates) and a smaller part waiting for PostgreSQL, so one worker process per core keeps
the cores busy, and a few threads per worker let one request run while another waits for
the database. On the 2-core benchmark machine (PostgreSQL on the same cores) that is
2 workers × 4 threads (docs/benchmarks.md); more processes only queue for the same cores
and cost memory.
"""

import os

bind = os.environ.get("LOS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LOS_WORKERS", str(os.cpu_count() or 1)))
worker_class = "gthread"
threads = int(os.environ.get("LOS_THREADS", "4"))

# Load Django before forking: the workers share the pages of what los.wsgi loaded and froze
# (gc.freeze()), and a broken configuration stops the server once, not in every worker.
preload_app = True

# Each worker keeps a psycopg pool as large as its threads (los/settings.py), so a thread
# never waits for a connection and PostgreSQL sees at most workers × threads connections.
# Set only for PostgreSQL (SQLite has no pool) and only when the operator has not chosen.
if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    os.environ.setdefault("LOS_DB_POOL_MAX", str(threads))

# A request that runs longer than this is stuck: the worker is replaced. The pool's wait for
# a connection (LOS_DB_POOL_TIMEOUT, 10 s) ends well before.
timeout = int(os.environ.get("LOS_WORKER_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Bounds on a request line and headers (gunicorn's defaults, stated): anything larger is
# refused before Django sees it.
limit_request_line = 4094
limit_request_fields = 100

# The proxy in front terminates TLS and says so in X-Forwarded-Proto; trust it only from
# where the proxy runs.
forwarded_allow_ips = os.environ.get("LOS_FORWARDED_ALLOW_IPS", "127.0.0.1")

# No server access log: its URLs name participants (public ids) and would be a second,
# unprotected record of who was looked at. Los's own access log records every read.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOS_LOG_LEVEL", "warning").lower()


def pre_fork(server, worker):
    """Close anything loading the application opened in the master (a database connection
    or pool), so no worker inherits a socket or a pool whose threads did not survive fork."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()

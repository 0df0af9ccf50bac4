"""`make demo`'s worker on SQLite: after the demo data is loaded, `db_worker` sends what the
demo made (the therapist's safety task, by e-mail and SMS) into the demo's outbox."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(database_url, *args):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LOS_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def test_the_demo_worker_runs_on_sqlite_and_fills_the_outbox(tmp_path):
    path = tmp_path / "demo.sqlite3"
    _manage(f"sqlite:///{path}", "demo_data", "--migrate")

    _manage(f"sqlite:///{path}", "db_worker", "--batch", "--no-startup-delay", "--no-reload")

    with sqlite3.connect(path) as db:
        outbox = db.execute(
            'SELECT channel, "to", subject, body FROM notifications_outboxentry'
        ).fetchall()
        pending = db.execute(
            "SELECT count(*) FROM notifications_notice WHERE status != 'sent'"
        ).fetchone()[0]
    safety = [row for row in outbox if row[1] in {"behandler@demo.los.no", "+4790000001"}]
    assert {row[0] for row in safety} == {"email", "sms"}
    assert all("Sara" not in row[3] and "Nilsen" not in row[3] for row in outbox)
    assert pending == 0

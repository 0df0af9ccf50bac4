"""`make demo`'s worker on SQLite: after the demo data is loaded, `db_worker` sends what the
demo made (the therapist's safety task, by e-mail and SMS) into the demo's outbox."""

import sqlite3

from tests.commands import run_manage


def test_the_demo_worker_runs_on_sqlite_and_fills_the_outbox(tmp_path):
    path = tmp_path / "demo.sqlite3"
    run_manage(f"sqlite:///{path}", "demo_data", "--migrate")

    run_manage(f"sqlite:///{path}", "db_worker", "--batch", "--no-startup-delay", "--no-reload")

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

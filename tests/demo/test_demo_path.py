"""`make demo` runs on an embedded SQLite database: migrations, the municipality import and
the demo data must work there too, and a second run must change nothing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(database_url, *args):
    # A clean environment: no LOS_ settings, and not the browser tests' async override.
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


def test_demo_path_on_sqlite_loads_once_and_prints_the_logins(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"

    first = _manage(database_url, "demo_data", "--migrate")
    second = _manage(database_url, "demo_data", "--migrate")

    assert "Demodata er lastet inn." in first.stdout
    assert "Demodata finnes allerede; det som manglet er lagt til." in second.stdout
    for email in ["veileder@demo.los.no", "sara@demo.los.no", "admin@demo.los.no"]:
        assert email in first.stdout

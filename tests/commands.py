"""Running `manage.py` as its own process, as `make demo` does: for the tests of the demo
path and the demo's task worker."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(database_url, *args):
    """`manage.py <args>` against `database_url`, in a clean environment: no LOS_ settings,
    and not the browser tests' async override."""
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

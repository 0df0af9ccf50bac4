"""Several people using one `make demo` at once: the embedded SQLite database must take
concurrent writes without «database is locked», and what a user was told is saved must be
in the database.

The real demo server runs as a subprocess (threaded `runserver --noreload`, as `make demo`
starts it) on a fresh SQLite file; twenty clients log in as demo users and, for 30 seconds,
post dialogue messages, start threads, propose activities, write contact notes and read
pages. Every page read writes too (the session and the access log), so readers and writers
contend for the database's one write lock.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DURATION_SECONDS = 30
PASSWORD = "demo-los"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _environment(database_url):
    # A clean environment: no LOS_ settings from the caller, then those `make demo` uses.
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LOS_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(
        DATABASE_URL=database_url,
        LOS_ENVIRONMENT="demo",
        LOS_DEMO_SKIP_MFA="1",
        # The clients write as fast as the server answers, far faster than a person types:
        # lift the writing pace (tests/web/test_writing_pace.py tests it) so every write
        # reaches the database, which is what this test is about.
        LOS_WRITING_LIMITS="100000/m,1000000/h",
    )
    return environment


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: a session cookie, and the status of every response."""

    def __init__(self, base):
        self.base = base
        self.cookies = CookieJar()
        self.statuses = Counter()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except OSError as error:  # refused, reset or timed out: as bad as a 500
            status, text = f"{type(error).__name__}", ""
        self.statuses[status] += 1
        return status, text

    def get(self, path):
        return self.request(path)

    def post(self, path, data):
        """Open the page the form is on, then submit it with its CSRF token."""
        status, page = self.get(path)
        if status != 200:
            return status, page
        token = CSRF.search(page).group(1)
        return self.request(path, {**data, "csrfmiddlewaretoken": token})

    def log_in(self, email):
        status, _text = self.post("/konto/login/", {"login": email, "password": PASSWORD})
        assert status == 302, f"{email} could not log in ({status})"

    def tab(self):
        """Another tab of the same logged-in browser."""
        other = Browser(self.base)
        for cookie in self.cookies:
            other.cookies.set_cookie(cookie)
        return other


def _wait_until_serving(base, server):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "the demo server stopped"
        try:
            urllib.request.urlopen(base + "/konto/login/", timeout=2).close()  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the demo server did not start")


def test_twenty_people_at_once_on_the_demo_database_lose_nothing(tmp_path):
    started = time.monotonic()
    database = tmp_path / "demo.sqlite3"
    environment = _environment(f"sqlite:///{database}")
    subprocess.run(
        [sys.executable, "manage.py", "demo_data", "--migrate"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        timeout=300,
        check=True,
    )
    with sqlite3.connect(database) as db:
        sara_id, thread_id = db.execute(
            "SELECT p.public_id, t.id FROM followup_thread t"
            " JOIN participants_participant p ON p.id = t.participant_id"
        ).fetchone()
    sara = f"/deltakere/{uuid.UUID(sara_id)}"  # SQLite keeps a UUID as 32 hex digits

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            "--noreload",
            "--skip-checks",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_serving(base, server)
        accounts = ["sara", "veileder", "behandler", "los", "koordinator"]
        accounts += ["fastlege", "metodeveileder", "arbeidsgiver", "jonas"]
        browsers = {name: Browser(base) for name in accounts}
        # At most four at once: the login lockout counts attempts from one address while
        # their passwords are being checked.
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda n: browsers[n].log_in(f"{n}@demo.los.no"), accounts))

        saved = {"messages": [], "activities": [], "notes": []}
        ready_after = time.monotonic() - started  # migrated, loaded, serving, logged in
        stop_at = time.monotonic() + DURATION_SECONDS

        def reply(browser, who):
            n = 0
            while time.monotonic() < stop_at:
                n += 1
                text = f"Svar {n} fra {who}"
                status, _ = browser.post(f"{sara}/dialog/{thread_id}/", {"text": text})
                if status == 302:
                    saved["messages"].append(text)

        def start_threads(browser, who):
            n = 0
            while time.monotonic() < stop_at:
                n += 1
                text = f"Ny samtale {n} fra {who}"
                status, _ = browser.post(
                    f"{sara}/dialog/ny/", {"subject": f"Emne {n}", "text": text}
                )
                if status == 302:
                    saved["messages"].append(text)

        def propose_activities(browser, who):
            n = 0
            while time.monotonic() < stop_at:
                n += 1
                title = f"Forslag {n} fra {who}"
                status, _ = browser.post(
                    f"{sara}/plan/aktiviteter/ny/", {"kind": "own", "title": title}
                )
                if status == 302:
                    saved["activities"].append(title)

        def write_notes(browser, who):
            n = 0
            while time.monotonic() < stop_at:
                n += 1
                text = f"Referat {n} fra {who}"
                status, _ = browser.post(
                    f"{sara}/referater/nytt/",
                    {
                        "category": "nav_case_notes",
                        "channel": "phone",
                        "contact_date": time.strftime("%d.%m.%Y"),
                        "text": text,
                        "shared_with_participant": "no",
                    },
                )
                if status == 302:
                    saved["notes"].append(text)

        def read(browser, paths):
            while time.monotonic() < stop_at:
                for path in paths:
                    browser.get(path)

        care_pages = ["/deltakere/", sara + "/", sara + "/plan/", sara + "/dialog/"]
        care_pages += [f"{sara}/dialog/{thread_id}/", sara + "/moter/"]
        work = [
            (reply, "sara"), (reply, "sara"), (start_threads, "sara"),
            (propose_activities, "sara"), (reply, "veileder"), (write_notes, "veileder"),
            (reply, "behandler"), (start_threads, "los"), (reply, "koordinator"),
            (reply, "behandler"),
        ]  # fmt: skip
        readers = [
            ("veileder", care_pages), ("behandler", care_pages), ("los", care_pages),
            ("koordinator", care_pages), ("fastlege", ["/deltakere/", sara + "/"]),
            ("metodeveileder", ["/deltakere/", sara + "/"]),
            ("arbeidsgiver", ["/deltakere/", sara + "/"]), ("jonas", ["/meg/"]),
            ("sara", ["/meg/", sara + "/plan/", sara + "/dialog/"]), ("sara", ["/meg/"]),
        ]  # fmt: skip
        # Each writer's texts are its own («Svar 3 fra sara 1»), so each can be found after.
        clients = [(job, browsers[who].tab(), f"{who} {i}") for i, (job, who) in enumerate(work)]
        clients += [(read, browsers[who].tab(), pages) for who, pages in readers]
        assert len(clients) == 20
        threads = [threading.Thread(target=job, args=(b, arg)) for job, b, arg in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    statuses = Counter()
    for _job, browser, _arg in clients:
        statuses.update(browser.statuses)
    failures = {s: n for s, n in statuses.items() if not isinstance(s, int) or s >= 500}
    print(
        f"ready after {ready_after:.0f} s; responses in {DURATION_SECONDS} s: {dict(statuses)};"
        f" saved: { {k: len(v) for k, v in saved.items()} }"
    )
    assert failures == {}, f"errors under concurrent use: {failures} of {sum(statuses.values())}"
    assert set(statuses) <= {200, 302}, f"unexpected statuses: {dict(statuses)}"
    assert all(saved.values()), f"some kind of write never succeeded: {saved}"

    with sqlite3.connect(database) as db:
        stored_messages = Counter(r[0] for r in db.execute("SELECT text FROM followup_message"))
        stored_titles = Counter(r[0] for r in db.execute("SELECT title FROM plans_activity"))
        stored_notes = Counter(r[0] for r in db.execute("SELECT text FROM followup_contactnote"))
    assert [t for t in saved["messages"] if stored_messages[t] != 1] == []
    assert [t for t in saved["activities"] if stored_titles[t] != 1] == []
    assert [t for t in saved["notes"] if stored_notes[t] != 1] == []

"""The load test in `make bench`: Los served as in production (gunicorn with
los/gunicorn.conf.py, LOS_ENVIRONMENT=production, the psycopg pool, Redis), on loopback,
with simulated counsellors, therapists, job specialists and participants who log in
(staff with a TOTP code, computed as an authenticator app does) and then read and write:
caseload, participant page and its timeline, plan, dialogue threads and replies, contact
notes, meetings, the participant's own page and who looked.

A script of its own rather than locust: the client must keep the production cookies
(`__Host-`, Secure) over loopback HTTP behind a simulated TLS proxy, read CSRF tokens from
the forms and compute TOTP codes, which is a few lines with the standard library; and on a
2-core machine the client's own CPU matters, so plain threads (one per user, blocking on the
socket most of the time) keep it small and leave no gevent monkey-patching in the figures.

Bounded: LOS_LOAD_SECONDS of work after every user has logged in, at most
LOS_LOAD_MAX_REQUESTS requests, a 30 s timeout on each; the server is stopped at the end
whatever happens.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("LOS_LOAD_SECONDS", "600"))
USERS = int(os.environ.get("LOS_LOAD_USERS", "50"))
MAX_REQUESTS = int(os.environ.get("LOS_LOAD_MAX_REQUESTS", "60000"))
# Mean pause between two clicks of one user; each pause is drawn from [0.5, 1.5] × this.
THINK_SECONDS = float(os.environ.get("LOS_LOAD_THINK_SECONDS", "3"))
# allauth allows 30 logins a minute from one address (all users here come from 127.0.0.1):
# they arrive one every 2.5 s, as the first half hour of a working day would have them.
LOGIN_INTERVAL_SECONDS = 2.5
PORT = int(os.environ.get("LOS_LOAD_PORT", "8411"))
REDIS_URL = os.environ.get("LOS_LOAD_REDIS_URL", "redis://127.0.0.1:6379/14")
PASSWORD = "bench-los-password"  # noqa: S105 - synthetic accounts on the bench database
REQUEST_TIMEOUT = 30
# gunicorn closes an idle keep-alive connection after 5 s (keepalive); a user who paused
# longer opens a new one, as a browser does.
IDLE_RECONNECT_SECONDS = 4.0
LOG = ROOT / "var" / "bench-gunicorn.log"

MESSAGES = [
    "Takk for sist. Jeg har sendt søknaden og venter på svar.",
    "Kan vi flytte samtalen til torsdag formiddag?",
    "Det gikk bra på arbeidstreningen i dag.",
    "Jeg trenger hjelp med skjemaet fra NAV.",
    "Hei! Vi ses på møtet neste uke.",
]
NOTES = [
    "Samtale om arbeidstrening og neste steg. Deltakeren er motivert.",
    "Gikk gjennom planen. Avtalte ny kontakt om to uker.",
    "Telefonsamtale: søknad sendt, venter på svar fra arbeidsgiver.",
]

# The mix of simulated users, by share of LOS_LOAD_USERS.
MIX = [("counsellor", 0.32), ("therapist", 0.2), ("job_specialist", 0.16), ("participant", 0.32)]


@dataclass
class SimulatedUser:
    kind: str
    email: str
    totp_secret: str | None = None  # staff only
    public_id: str | None = None  # participants only: their own record


# --- Preparing accounts on the bench database (the bench process, Django set up) -----------


def prepare_users(count: int) -> list[SimulatedUser]:
    """Give the staff with the largest caseloads a password and an authenticator, and some of
    their participants a login, as a service does when it takes Los into use."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.db import transaction
    from django.db.models import Count, Q

    from los.accounts.models import User
    from los.core.vocabulary import Role
    from los.participants.models import Participant

    sizes = _mix(count)
    # The production hasher (the bench process runs with the test settings' MD5 hasher).
    password_hash = PBKDF2PasswordHasher().encode(PASSWORD, secrets.token_hex(8))
    roles = {
        "counsellor": Role.COUNSELLOR,
        "therapist": Role.THERAPIST,
        "job_specialist": Role.JOB_SPECIALIST,
    }
    simulated: list[SimulatedUser] = []
    with transaction.atomic():
        counsellors = []
        for kind, role in roles.items():
            staff = list(
                User.objects.filter(staff_roles__role=role)
                .annotate(
                    caseload=Count(
                        "team_memberships", filter=Q(team_memberships__end_date__isnull=True)
                    )
                )
                .order_by("-caseload", "pk")[: sizes[kind]]
            )
            if kind == "counsellor":
                counsellors = staff
            User.objects.filter(pk__in=[u.pk for u in staff]).update(password=password_hash)
            Authenticator.objects.filter(user__in=staff).delete()
            for user in staff:
                secret = base64.b32encode(secrets.token_bytes(20)).decode()
                TOTP.activate(user, secret)
                simulated.append(SimulatedUser(kind, user.email, totp_secret=secret))
        # Participants on the simulated counsellors' teams, so that what they write lands in
        # threads the staff here read.
        participants = list(
            Participant.objects.filter(
                team__user__in=counsellors, team__end_date__isnull=True, threads__isnull=False
            )
            .distinct()
            .order_by("pk")[: sizes["participant"]]
        )
        for participant in participants:
            if participant.user_id is None:
                participant.user = User.objects.create(
                    email=f"load.participant.{participant.pk}@seed.los.invalid",
                    first_name=participant.first_name,
                    last_name=participant.last_name,
                )
                participant.save(update_fields=["user"])
            User.objects.filter(pk=participant.user_id).update(password=password_hash)
            simulated.append(
                SimulatedUser(
                    "participant", participant.user.email, public_id=str(participant.public_id)
                )
            )
    # Staff and participants interleaved, so the arrival order mixes them.
    random.Random(7).shuffle(simulated)
    return simulated


def _mix(count: int) -> dict[str, int]:
    sizes = {kind: max(1, round(count * share)) for kind, share in MIX}
    sizes["participant"] += count - sum(sizes.values())
    return sizes


# --- The server ------------------------------------------------------------------------------


def server_environment(database_url: str) -> dict:
    """Production settings for the bench database. The keys are the ones the seeded data was
    encrypted and hashed with (the demo keys); the secret key is new for every run."""
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("LOS_")}
    env.update(
        LOS_ENVIRONMENT="production",
        LOS_SECRET_KEY=secrets.token_urlsafe(50),
        LOS_FIELD_ENCRYPTION_KEYS=",".join(settings.FIELD_ENCRYPTION_KEYS),
        LOS_LOOKUP_HASH_KEY=settings.LOOKUP_HASH_KEY,
        LOS_PSEUDONYM_KEY=settings.PSEUDONYM_KEY,
        LOS_ALLOWED_HOSTS="127.0.0.1",
        LOS_REDIS_URL=REDIS_URL,
        LOS_BIND=f"127.0.0.1:{PORT}",
        DATABASE_URL=database_url,
    )
    for name in ("LOS_WORKERS", "LOS_THREADS", "LOS_DB_POOL_MAX", "LOS_DB_POOL_MIN"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


@contextlib.contextmanager
def gunicorn(env: dict):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    LOG.parent.mkdir(exist_ok=True)
    with LOG.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "los/gunicorn.conf.py",
                "los.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_health(server)
            yield server
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_for_health(server) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up; see {LOG}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("GET", "/health", headers={"Host": f"127.0.0.1:{PORT}"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn was not healthy within 120 s; see {LOG}")


# --- The simulated browser ------------------------------------------------------------------


class Refused(Exception):
    """An answer the user did not expect: counted as an error."""


class Browser:
    """One user's browser behind the TLS proxy: keeps cookies (also the Secure ones, since
    the proxy speaks HTTPS to the user), sends Origin on forms, times every request."""

    def __init__(self, recorder: Recorder):
        self.recorder = recorder
        self.origin = f"https://127.0.0.1:{PORT}"
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None or time.monotonic() - self.last_used > IDLE_RECONNECT_SECONDS:
            if self.connection is not None:
                self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=REQUEST_TIMEOUT)
        return self.connection

    def request(self, page: str, method: str, path: str, form: dict | None = None, expect=200):
        if not self.recorder.take_ticket():
            raise StopRun
        headers = {
            "Host": f"127.0.0.1:{PORT}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "los-bench",
            "Accept-Language": "nb",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection = self._connect()
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection = None
            self.recorder.record(page, (time.perf_counter() - started) * 1000, repr(error))
            raise Refused(f"{page}: {error!r}") from error
        elapsed = (time.perf_counter() - started) * 1000
        self.last_used = time.monotonic()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        error = None if response.status == expect else f"HTTP {response.status}"
        self.recorder.record(page, elapsed, error)
        if error:
            raise Refused(f"{page} {method} {path}: {error}")
        return response, content.decode("utf-8", "replace")


class StopRun(Exception):
    """The request budget is spent."""


def _token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise Refused("no CSRF token in the form")
    return match.group(1)


def totp_code(secret: str, at: float) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), as the authenticator app on a phone computes it."""
    counter = int(at // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def log_in(browser: Browser, user: SimulatedUser) -> None:
    _, html = browser.request("login: form", "GET", "/konto/login/")
    response, _ = browser.request(
        "login: password",
        "POST",
        "/konto/login/",
        {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": _token(html)},
        expect=302,
    )
    if user.totp_secret:
        step = response.getheader("Location")
        _, html = browser.request("login: code form", "GET", step)
        # A person waits for a fresh code rather than type one that expires in a second.
        if time.time() % 30 > 28:
            time.sleep(30 - time.time() % 30 + 0.1)
        browser.request(
            "login: TOTP code",
            "POST",
            step,
            {"code": totp_code(user.totp_secret, time.time()), "csrfmiddlewaretoken": _token(html)},
            expect=302,
        )


# --- What each kind of user does ---------------------------------------------------------

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def staff_round(browser: Browser, rng: random.Random, think) -> None:
    """Open the caseload, one participant from it, then what a working day has: the
    timeline filtered, the plan, a thread (and now and then an answer), notes (and now and
    then a new one), meetings."""
    _, html = browser.request("caseload", "GET", "/deltakere/")
    ids = sorted(set(re.findall(rf'href="/deltakere/({UUID})/"', html)))
    if not ids:
        raise Refused("caseload without participants")
    think()
    base = f"/deltakere/{rng.choice(ids)}/"
    browser.request("participant page", "GET", base)
    think()
    for step in rng.sample(["timeline", "plan", "dialogue", "notes", "meetings"], k=3):
        if step == "timeline":
            kind = rng.choice(["melding", "referat", "aktivitet", "mote"])
            browser.request("timeline (filtered)", "GET", f"{base}?type={kind}")
        elif step == "plan":
            browser.request("plan", "GET", base + "plan/")
        elif step == "dialogue":
            read_and_answer(browser, rng, think, base, reply_share=0.3)
        elif step == "notes":
            browser.request("notes", "GET", base + "referater/")
            if rng.random() < 0.15:
                think()
                write_note(browser, rng, base)
        else:
            browser.request("meetings", "GET", base + "moter/")
        think()


def participant_round(browser: Browser, rng: random.Random, think, public_id: str) -> None:
    """Their own page, the plan, the dialogue (reading and answering), shared notes and who
    has looked at the record."""
    base = f"/deltakere/{public_id}/"
    browser.request("own page", "GET", "/meg/")
    think()
    for step in rng.sample(["plan", "dialogue", "notes", "access log"], k=2):
        if step == "plan":
            browser.request("plan", "GET", base + "plan/")
        elif step == "dialogue":
            read_and_answer(browser, rng, think, base, reply_share=0.5)
        elif step == "notes":
            browser.request("notes", "GET", base + "referater/")
        else:
            browser.request("access log (who looked)", "GET", base + "tilgangslogg/")
        think()


def read_and_answer(browser, rng, think, base: str, *, reply_share: float) -> None:
    _, html = browser.request("dialogue", "GET", base + "dialog/")
    threads = sorted(set(re.findall(rf'href="{re.escape(base)}dialog/(\d+)/"', html)))
    if not threads:
        return
    think()
    url = f"{base}dialog/{rng.choice(threads)}/"
    _, html = browser.request("thread", "GET", url)
    if rng.random() < reply_share:
        think()
        browser.request(
            "post message",
            "POST",
            url,
            {"text": rng.choice(MESSAGES), "csrfmiddlewaretoken": _token(html)},
            expect=302,
        )


def write_note(browser, rng, base: str) -> None:
    _, html = browser.request("note form", "GET", base + "referater/nytt/")
    select = re.search(r'<select name="category".*?</select>', html, re.S)
    categories = re.findall(r'<option value="([^"]+)"', select.group(0)) if select else []
    if not categories:
        raise Refused("note form without categories")
    browser.request(
        "write note",
        "POST",
        base + "referater/nytt/",
        {
            "category": categories[0],
            "channel": rng.choice(["in_person", "phone", "video"]),
            "contact_date": time.strftime("%Y-%m-%d"),
            "text": rng.choice(NOTES),
            "shared_with_participant": rng.choice(["yes", "no"]),
            "csrfmiddlewaretoken": _token(html),
        },
        expect=302,
    )


# --- Running and recording ------------------------------------------------------------------


@dataclass
class Recorder:
    max_requests: int
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    issued: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_ticket(self) -> bool:
        with self.lock:
            if self.issued >= self.max_requests:
                return False
            self.issued += 1
            return True

    def record(self, page: str, ms: float, error: str | None) -> None:
        # Logins happen before the measured window; they are kept under their own name.
        with self.lock:
            self.timings[page].append(ms)
            if error:
                self.errors[page] += 1
                if len(self.error_samples) < 20:
                    self.error_samples.append(f"{page}: {error}")


def run(users: list[SimulatedUser]) -> dict:
    recorder = Recorder(max_requests=MAX_REQUESTS)
    ramp_seconds = len(users) * LOGIN_INTERVAL_SECONDS
    started = time.monotonic()
    window_start = started + ramp_seconds
    window_end = window_start + SECONDS
    logged_in = []

    def simulate(index: int, user: SimulatedUser) -> None:
        rng = random.Random(index)
        browser = Browser(recorder)

        def think() -> None:
            # The window closes between two clicks: no round is finished in a burst after it.
            time.sleep(max(0, min(THINK_SECONDS * rng.uniform(0.5, 1.5), window_end - now())))
            if now() >= window_end:
                raise StopRun

        time.sleep(max(0, started + index * LOGIN_INTERVAL_SECONDS - now()))
        try:
            log_in(browser, user)
        except (Refused, StopRun):
            return
        logged_in.append(user.kind)
        time.sleep(max(0, window_start - now()) + rng.uniform(0, THINK_SECONDS))
        with contextlib.suppress(StopRun):
            while now() < window_end:
                try:
                    if user.kind == "participant":
                        participant_round(browser, rng, think, user.public_id)
                    else:
                        staff_round(browser, rng, think)
                except Refused:
                    think()

    now = time.monotonic
    threads = [
        threading.Thread(target=simulate, args=(i, u), daemon=True) for i, u in enumerate(users)
    ]
    load_before = os.getloadavg()
    for thread in threads:
        thread.start()
    for thread in threads:
        # Every wait inside is bounded by the window or by a request's timeout.
        thread.join(timeout=ramp_seconds + SECONDS + 4 * REQUEST_TIMEOUT)
    measured = max(0.001, min(now(), window_end) - window_start)
    return _summary(recorder, users, logged_in, measured, load_before)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _summary(recorder, users, logged_in, seconds, load_before) -> dict:
    pages = []
    for page in sorted(recorder.timings, key=lambda p: (p.startswith("login"), p)):
        values = recorder.timings[page]
        pages.append(
            {
                "page": page,
                "requests": len(values),
                "errors": recorder.errors.get(page, 0),
                "p50_ms": round(statistics.median(values), 1),
                "p95_ms": round(_percentile(values, 0.95), 1),
                "max_ms": round(max(values), 1),
            }
        )
    work = [p for p in pages if not p["page"].startswith("login")]
    requests = sum(p["requests"] for p in work)
    everything = [
        ms for page, v in recorder.timings.items() if not page.startswith("login") for ms in v
    ]
    kinds = defaultdict(int)
    for user in users:
        kinds[user.kind] += 1
    return {
        "users": len(users),
        "users_by_kind": dict(kinds),
        "logged_in": len(logged_in),
        "seconds": round(seconds, 1),
        "think_seconds": THINK_SECONDS,
        "requests": requests,
        "errors": sum(p["errors"] for p in pages),
        "throughput_rps": round(requests / seconds, 1),
        "p50_ms": round(statistics.median(everything), 1) if everything else None,
        "p95_ms": round(_percentile(everything, 0.95), 1) if everything else None,
        "pages": pages,
        "error_samples": recorder.error_samples,
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
    }


def free_port_or_exit() -> None:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            raise SystemExit(f"Port {PORT} is in use: set LOS_LOAD_PORT")

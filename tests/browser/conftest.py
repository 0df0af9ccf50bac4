"""Browser tests: real Chromium (Debian's package) driven by Playwright, with axe-core
checking every page for WCAG 2.1 A/AA violations and the console for CSP violations."""

import os
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import sync_playwright

from tests.factories import TOTP_SECRET

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
CHROMIUM = os.environ.get("LOS_CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class Visitor:
    """A person at the browser: goes to pages, fills in forms, and checks each page it sees."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.console_errors = []
        self.used_codes: set[tuple[str, int]] = set()
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )

    def go(self, path):
        self.page.goto(self.base_url + path)
        self.check()

    def check(self):
        """Zero axe violations at WCAG 2.1 A/AA, and no CSP violations in the console."""
        self.page.wait_for_load_state()
        self.page.evaluate(AXE_SOURCE)
        result = self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_TAGS,
        )
        violations = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
            for v in result["violations"]
        ]
        assert violations == [], f"{self.page.url}: {violations}"
        csp = [e for e in self.console_errors if "Content Security Policy" in e]
        assert csp == [], csp

    def _fresh_code(self, email: str) -> str:
        """A TOTP code this user has not used: allauth accepts each code once per user
        (replay protection), so a second login in the same 30-second window waits. A code
        taken in the last seconds of its window would reach the server in the next one and
        be refused (no tolerance is allowed), so those seconds are waited out too."""
        while True:
            now = time.time()
            if 30 - now % 30 < 4:
                time.sleep(30 - now % 30 + 0.1)
                continue
            counter = int(now) // 30
            if (email, counter) not in self.used_codes:
                self.used_codes.add((email, counter))
                return format_hotp_value(hotp_value(TOTP_SECRET, counter))
            time.sleep(1)

    def logout(self):
        self.page.get_by_role("button", name="Logg ut").click()
        self.page.wait_for_url("**/konto/login/**")

    def login(self, email, *, with_code=True):
        self.go("/konto/login/")
        self.page.get_by_label("E-post").fill(email)
        self.page.get_by_label("Passord").fill("passord")
        self.page.get_by_role("button", name="Logg inn").click()
        if with_code:
            self.page.wait_for_url("**/konto/2fa/authenticate/")
            self.check()
            self.page.get_by_label("Kode").fill(self._fresh_code(email))
            self.page.get_by_role("button", name="Logg inn").click()
            # Signed in once the page has left the login steps: waiting only for the load
            # state could check the code page again before the browser moved on.
            self.page.wait_for_url(lambda url: "/konto/2fa/" not in url)
        else:
            self.page.wait_for_url(lambda url: "/konto/login/" not in url)
        self.page.wait_for_load_state()
        self.check()


@pytest.fixture
def visitor(chromium, live_server, transactional_db):
    context = chromium.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Visitor(page, live_server.url)
    context.close()

"""Run the test OIDC provider (serve.py) in a process of its own on a free loopback port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RunningProvider:
    url: str  # the issuer: what Los's LOS_OIDC_*_URL would be set to
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_provider(workdir: Path, people: list[dict], clients: list[dict]) -> RunningProvider:
    """Start the provider with these people and clients; returns once discovery answers."""
    people_path = workdir / "people.json"
    clients_path = workdir / "clients.json"
    people_path.write_text(json.dumps(people), encoding="utf-8")
    clients_path.write_text(json.dumps(clients), encoding="utf-8")
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "LOS_", "DATABASE_URL"))
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port), people_path, clients_path],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "provider.log", "w"),  # noqa: SIM115 - closed with the process
    )
    url = f"http://127.0.0.1:{port}/o"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):  # noqa: S310
                return RunningProvider(url=url, process=process)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log = (workdir / "provider.log").read_text(encoding="utf-8")
                raise RuntimeError(f"the test OIDC provider did not start:\n{log}") from None
            time.sleep(0.2)


CLIENT_IDS = ("idporten", "staff")


def start_for(workdir: Path, people: list[dict], los_url: str) -> RunningProvider:
    """The provider with Los's two clients registered, sending back to `los_url`."""
    clients = [
        {
            "client_id": client_id,
            "client_secret": f"{client_id}-secret",
            "redirect_uris": [f"{los_url}/konto/oidc/{client_id}/login/callback/"],
        }
        for client_id in CLIENT_IDS
    ]
    return start_provider(workdir, people, clients)


def configure_los(settings, provider: RunningProvider, accepted_acr: list[str]) -> None:
    """Los's settings as production would have them from its LOS_OIDC_* environment, for
    this provider: both apps, the accepted levels, and the CSP's form-action."""
    from los.accounts.oidc_settings import oidc_apps, oidc_origins

    environ = {}
    for client_id, prefix in zip(CLIENT_IDS, ("LOS_OIDC_IDPORTEN", "LOS_OIDC_STAFF"), strict=True):
        environ |= {
            f"{prefix}_URL": provider.url,
            f"{prefix}_CLIENT_ID": client_id,
            f"{prefix}_CLIENT_SECRET": f"{client_id}-secret",
        }
    apps = oidc_apps(environ)
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {**settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": apps}
    }
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **directives,
            "form-action": [*directives["form-action"], *oidc_origins(apps, environ)],
        }
    }
    settings.LOS_OIDC_IDPORTEN_ACR = accepted_acr

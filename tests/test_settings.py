"""Production settings refuse demo shortcuts and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "LOS_ENVIRONMENT": "production",
    "LOS_SECRET_KEY": "k" * 64 + "-a-long-random-production-key-for-the-check",
    "LOS_FIELD_ENCRYPTION_KEYS": "ZmVybmV0LWtleS1mb3ItdGhlLXRlc3QtMzItYnl0ZXM=",
    "LOS_LOOKUP_HASH_KEY": "lookup-key-for-the-test",
    "LOS_PSEUDONYM_KEY": "pseudonym-key-for-the-test",
    "LOS_ALLOWED_HOSTS": "los.example.no",
    "DATABASE_URL": "sqlite:///:memory:",
    "LOS_REDIS_URL": "redis://127.0.0.1:6379/15",
    "LOS_BASE_URL": "https://los.example.no",
    "LOS_SMS_GATEWAY_URL": "https://sms.example.no/send",
    "LOS_SAFETY_FALLBACK_EMAIL": "vakt@dps.example.no",
}


def _manage(*args, **env):
    # A clean environment: no LOS_ settings, and not the browser tests' async override.
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LOS_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_skip_staff_mfa():
    result = _manage("check", **PRODUCTION_ENV, LOS_DEMO_SKIP_MFA="1")

    assert result.returncode != 0
    assert "LOS_DEMO_SKIP_MFA is refused" in result.stderr


def test_production_refuses_to_start_without_its_keys():
    env = dict(PRODUCTION_ENV)
    del env["LOS_FIELD_ENCRYPTION_KEYS"]

    result = _manage("check", **env)

    assert result.returncode != 0
    assert "LOS_FIELD_ENCRYPTION_KEYS must be set" in result.stderr


def test_the_wsgi_application_freezes_what_it_has_loaded():
    """los/wsgi.py calls settle_memory(): the garbage collector then leaves the start-up
    objects alone (the caseload's response-time tail, docs/benchmarks.md)."""
    import gc
    import importlib

    gc.unfreeze()
    try:
        importlib.reload(importlib.import_module("los.wsgi"))
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_production_refuses_to_start_without_the_shared_cache():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "LOS_REDIS_URL"}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "LOS_REDIS_URL must be set" in result.stderr

"""Los as production serves it: gunicorn with los/gunicorn.conf.py, production settings and
the PostgreSQL connection pool, and /health answering for its dependencies. Each test starts
a real server process on loopback against the test database, the local Redis, or a
dependency that is really down (a closed port)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
REDIS_URL = "redis://127.0.0.1:6379/15"
CLOSED_PORT = 1  # nothing listens on port 1 on loopback: connecting is refused at once


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the redirect is the answer under test


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Production serves what collectstatic wrote (the hashed files and their manifest)."""
    from tests.test_settings import PRODUCTION_ENV, _manage

    root = tmp_path_factory.mktemp("static")
    result = _manage("collectstatic", "--noinput", **PRODUCTION_ENV, LOS_STATIC_ROOT=str(root))
    assert result.returncode == 0, result.stderr
    return root


def _production_env(**overrides) -> dict:
    from tests.test_settings import PRODUCTION_ENV

    settings = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOS_")}
    env.update(PRODUCTION_ENV)
    env.update(
        LOS_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
        f"/{settings['NAME']}",
        LOS_REDIS_URL=REDIS_URL,
        LOS_WORKERS="1",
        LOS_THREADS="2",
        LOS_DB_POOL_TIMEOUT="2",
    )
    env.update(overrides)
    return env


class Server:
    def __init__(self, **env):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "los/gunicorn.conf.py", "los.wsgi:application"],
            cwd=ROOT,
            env=_production_env(LOS_BIND=f"127.0.0.1:{self.port}", **env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError("gunicorn stopped: " + self.process.stdout.read())
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise AssertionError("gunicorn did not start within 60 s")

    def get(self, path: str):
        try:
            with _NO_REDIRECTS.open(f"http://127.0.0.1:{self.port}{path}", timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def stop(self) -> str:
        self.process.terminate()
        output, _ = self.process.communicate(timeout=30)
        return output


@pytest.fixture
def serve(db, collected_static):
    """Start gunicorn against the test database (it only needs to exist: /health reads no
    table), stop it after the test."""
    servers = []

    def start(**env):
        server = Server(**{"LOS_STATIC_ROOT": str(collected_static), **env})
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def _health(server):
    status, headers, body = server.get("/health")
    return status, headers, json.loads(body)


def test_health_is_200_when_database_and_cache_answer(serve):
    server = serve()

    status, headers, body = _health(server)

    assert status == 200, (body, server.stop())
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "static_files": "ok",
        "task_worker": "not_configured",
    }
    # Not cached anywhere, and no session or cookie for a probe.
    assert "no-store" in headers["Cache-Control"]
    assert "Set-Cookie" not in headers


def test_health_is_503_when_the_database_is_down(serve):
    server = serve(DATABASE_URL=f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/los")

    status, _, body = _health(server)
    log = server.stop()

    assert status == 503
    assert body["status"] == "down"
    assert body["checks"]["database"]["status"] == "down"
    assert body["checks"]["cache"]["status"] == "ok"
    # The reason is in the server's log, not in the public answer.
    assert "Health check database failed" in log
    assert "127.0.0.1" not in json.dumps(body)


def test_health_is_503_when_the_cache_is_down(serve):
    server = serve(LOS_REDIS_URL=f"redis://127.0.0.1:{CLOSED_PORT}/0")

    status, _, body = _health(server)

    assert status == 503
    assert body["checks"]["cache"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"
    assert "Connection" not in json.dumps(body)


def test_health_is_503_when_collectstatic_was_not_run(serve, tmp_path):
    server = serve(LOS_STATIC_ROOT=str(tmp_path))

    status, _, body = _health(server)

    assert status == 503
    assert body["checks"]["static_files"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"


def test_health_answers_over_plain_http_while_everything_else_is_sent_to_https(serve):
    server = serve()

    health_status, _, _ = server.get("/health")
    login_status, login_headers, _ = server.get("/konto/login/")

    assert health_status == 200
    assert login_status == 301
    assert login_headers["Location"].startswith("https://")


def _other_connections_to_this_database() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_the_server_keeps_its_connections_in_a_pool(serve):
    # Without a pool (and CONN_MAX_AGE=0) every request closes its connection when it ends;
    # the pool keeps them open for the next request, never more than the worker's threads.
    server = serve()

    statuses = [_health(server)[0] for _ in range(20)]
    kept_open = _other_connections_to_this_database()

    assert statuses == [200] * 20
    assert 1 <= kept_open <= 2


def test_a_pool_is_refused_on_sqlite():
    from tests.test_settings import PRODUCTION_ENV, _manage

    result = _manage("check", **PRODUCTION_ENV, LOS_DB_POOL_MAX="4")

    assert result.returncode != 0
    assert "LOS_DB_POOL_MAX needs PostgreSQL" in result.stderr


def test_a_pool_is_refused_beside_persistent_connections():
    from tests.test_settings import PRODUCTION_ENV, _manage

    env = dict(PRODUCTION_ENV, DATABASE_URL="postgres://postgres@127.0.0.1:5432/los")
    result = _manage("check", **env, LOS_DB_POOL_MAX="4", LOS_DB_CONN_MAX_AGE="60")

    assert result.returncode != 0
    assert "LOS_DB_POOL_MAX replaces LOS_DB_CONN_MAX_AGE" in result.stderr

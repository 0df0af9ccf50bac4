"""Backing up and restoring the PostgreSQL database with pg_dump and pg_restore.

The dump is PostgreSQL's custom format: compressed, checked by pg_restore before a restore
touches anything, and restored in one transaction, so a restore is whole or not at all.
National ids are in it only as Fernet tokens; the keys are never in it and must be kept
apart from it (docs/backup.md).

The embedded SQLite database of `make demo` is not backed up: it holds only demo data,
which `make demo` makes again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
from cryptography.fernet import InvalidToken
from psycopg import sql
from psycopg.conninfo import make_conninfo

from los.accounts import mfa
from los.core import crypto

# The server's own database, which every role may connect to: to see whether the target
# exists, and to create or drop it.
MAINTENANCE_DATABASE = "postgres"


DJANGO_ONLY_OPTIONS = frozenset(
    {"pool", "isolation_level", "server_side_binding", "assume_role", "cursor_factory"}
)


class BackupError(Exception):
    """What went wrong, said to the operator in Norwegian."""


@dataclass(frozen=True)
class Database:
    """Where a database is, from Django's DATABASES entry. The password reaches pg_dump and
    pg_restore in their environment, never on the command line, where every user of the
    machine could read it in the process list."""

    name: str
    params: dict
    password: str

    @classmethod
    def from_settings(cls, entry: dict) -> Database:
        if "postgresql" not in entry["ENGINE"]:
            raise BackupError(
                "Sikkerhetskopi og gjenoppretting gjelder bare PostgreSQL (DATABASE_URL). "
                "Den innebygde SQLite-databasen i demoen har bare demodata og lages på nytt "
                "med make demo."
            )
        params = {
            "host": entry.get("HOST") or None,
            "port": str(entry["PORT"]) if entry.get("PORT") else None,
            "user": entry.get("USER") or None,
            # libpq's own options (sslmode, …); Django's (the pool, isolation level, …)
            # mean nothing to libpq and would make the connection string invalid.
            **{k: v for k, v in entry.get("OPTIONS", {}).items() if k not in DJANGO_ONLY_OPTIONS},
        }
        return cls(
            name=entry["NAME"],
            params={k: v for k, v in params.items() if v is not None},
            password=entry.get("PASSWORD") or "",
        )

    def conninfo(self, dbname: str | None = None) -> str:
        return make_conninfo(dbname=dbname or self.name, **self.params)

    def connect(self, dbname: str | None = None) -> psycopg.Connection:
        try:
            return psycopg.connect(
                self.conninfo(dbname), password=self.password or None, autocommit=True
            )
        except psycopg.OperationalError as error:
            raise BackupError(f"Kan ikke koble til {dbname or self.name}: {error}") from error

    def tool_environment(self) -> dict[str, str]:
        environment = dict(os.environ)
        environment.pop("PGPASSWORD", None)
        if self.password:
            environment["PGPASSWORD"] = self.password
        return environment


@dataclass(frozen=True)
class Restored:
    database: str
    tables: int
    replaced: bool


@dataclass(frozen=True)
class KeyCheck:
    """Whether the keys set read what was restored: every national id decrypts with
    FIELD_ENCRYPTION_KEYS and hashes to its stored lookup digest with LOOKUP_HASH_KEY, and
    every staff authenticator secret decrypts with FIELD_ENCRYPTION_KEYS."""

    participants: int
    unreadable: int
    digest_mismatches: int
    authenticators: int = 0
    unreadable_authenticators: int = 0

    @property
    def ok(self) -> bool:
        return (
            not self.unreadable
            and not self.digest_mismatches
            and not self.unreadable_authenticators
        )


def client_tool(tool: str, server_major: int) -> str:
    """The pg_dump or pg_restore of the server's major version. Debian installs each version
    beside the others; PATH holds whichever is newest. A newer pg_dump writes settings an
    older server refuses (PostgreSQL 17 writes `SET transaction_timeout`), an older one
    refuses a newer server, so the major versions must match."""
    debian = Path(f"/usr/lib/postgresql/{server_major}/bin/{tool}")
    path = str(debian) if debian.exists() else shutil.which(tool)
    if path is None:
        raise BackupError(
            f"Fant ikke {tool}. Installer postgresql-client-{server_major} "
            "(make backup og make restore gjør det på Debian)."
        )
    version = _run([path, "--version"]).stdout
    match = re.search(r"\(PostgreSQL\) (\d+)", version)
    client_major = int(match.group(1)) if match else None
    if client_major != server_major:
        raise BackupError(
            f"{path} er PostgreSQL {client_major}, serveren er PostgreSQL {server_major}. "
            f"Installer postgresql-client-{server_major}."
        )
    return path


def _run(args: list[str], environment: dict[str, str] | None = None):
    # The arguments are the tool's absolute path, fixed options and paths; no shell.
    completed = subprocess.run(  # noqa: S603
        args, env=environment, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        tool = Path(args[0]).name
        raise BackupError(f"{tool} feilet: {completed.stderr.strip()}")
    return completed


def _server_major(database: Database, dbname: str | None = None) -> int:
    with database.connect(dbname) as connection:
        return connection.info.server_version // 10000


def backup(*, database: Database, path: Path, announce: Callable[[], None] = lambda: None) -> Path:
    """Dump the database to `path` in the custom format, all but the sessions. The file is
    readable by its owner only, and appears under its name only once pg_dump has finished
    and pg_restore has read it back: a dump cut short never looks like a backup. `announce`
    is called once everything is checked, just before pg_dump starts."""
    if path.exists():
        raise BackupError(f"{path} finnes fra før; en sikkerhetskopi skrives aldri over.")
    server_major = _server_major(database)
    pg_dump = client_tool("pg_dump", server_major)
    pg_restore = client_tool("pg_restore", server_major)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkstemp makes the file 0600 before a byte is written.
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    try:
        announce()
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                # A session key is the cookie itself: a dump holds no one's live login.
                # The table is there, empty; after a restore everyone logs in again.
                "--exclude-table-data=django_session",
                f"--file={partial}",
                f"--dbname={database.conninfo()}",
            ],
            database.tool_environment(),
        )
        _run([pg_restore, "--list", partial])
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)
    return path


def _exists(name: str, database: Database) -> bool:
    with database.connect(MAINTENANCE_DATABASE) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def _relations(connection: psycopg.Connection) -> int:
    """Tables, sequences, views and indexes outside PostgreSQL's own schemas: a fresh
    database has none."""
    return connection.execute(
        """
        SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
        """
    ).fetchone()[0]


def _maintenance(database: Database, statement: sql.Composable) -> None:
    with database.connect(MAINTENANCE_DATABASE) as connection:
        try:
            connection.execute(statement)
        except psycopg.errors.ObjectInUse as error:
            raise BackupError(
                f"Databasen {database.name} er i bruk. Stopp Los og andre som er koblet til "
                "den, og prøv igjen."
            ) from error


def _create(name: str, database: Database) -> None:
    _maintenance(
        database,
        sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
            sql.Identifier(name)
        ),
    )


def _drop(name: str, database: Database) -> None:
    _maintenance(database, sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))


def restore(*, database: Database, path: Path, replace: bool = False) -> Restored:
    """Restore the dump at `path` into the database, which is created if it does not exist.
    A database that holds anything is left alone unless `replace` is given. Even then it is
    dropped only once the dump has been restored whole beside it, into a database that then
    takes its name: a damaged dump never costs the data that was there. Objects belong to
    the restoring role (--no-owner), and the dump's grants are not applied (--no-acl): the
    target environment has its own."""
    if not path.is_file():
        raise BackupError(f"Fant ingen sikkerhetskopi i {path}.")
    server_major = _server_major(database, MAINTENANCE_DATABASE)
    pg_restore = client_tool("pg_restore", server_major)
    # Before anything is touched: the file must be an archive pg_restore can read.
    _run([pg_restore, "--list", str(path)])
    replaced = False
    if _exists(database.name, database):
        with database.connect() as connection:
            empty = _relations(connection) == 0
        if not empty and not replace:
            raise BackupError(
                f"Databasen {database.name} er ikke tom, og gjenoppretting skriver ikke over "
                "data. Velg en ny database, eller bruk --replace (make restore REPLACE=ja) "
                "for å erstatte den."
            )
        replaced = not empty
    target = f"{database.name[:50]}_restoring" if replaced else database.name
    if replaced and _exists(target, database):
        raise BackupError(
            f"Databasen {target} finnes fra før, kanskje fra en gjenoppretting som ble "
            "avbrutt. Se hva den er, og slett den før du prøver igjen."
        )
    created = not _exists(target, database)
    if created:
        _create(target, database)
    try:
        _run(
            [
                pg_restore,
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "--single-transaction",
                "--no-password",
                f"--dbname={database.conninfo(target)}",
                str(path),
            ],
            database.tool_environment(),
        )
    except BackupError:
        if created:
            _drop(target, database)
        raise
    if replaced:
        _drop(database.name, database)
        _maintenance(
            database,
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(target), sql.Identifier(database.name)
            ),
        )
    with database.connect() as connection:
        tables = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    return Restored(database=database.name, tables=tables, replaced=replaced)


def check_keys(*, database: Database) -> KeyCheck:
    """Read every national id in the database with the keys set in this environment."""
    with database.connect() as connection:
        if connection.execute("SELECT to_regclass('participants_participant')").fetchone()[0]:
            rows = connection.execute(
                "SELECT national_id_encrypted, national_id_digest FROM participants_participant"
            ).fetchall()
        else:
            rows = []
    unreadable = mismatches = 0
    for token, digest in rows:
        try:
            number = crypto.decrypt(token)
        except InvalidToken:
            unreadable += 1
            continue
        if crypto.lookup_digest(number) != digest:
            mismatches += 1
    authenticators = _authenticator_data(database)
    unreadable_authenticators = 0
    for data in authenticators:
        try:
            mfa.map_secrets(data, mfa.unseal)
        except (InvalidToken, mfa.ClearSecretRefused):
            unreadable_authenticators += 1
    return KeyCheck(
        participants=len(rows),
        unreadable=unreadable,
        digest_mismatches=mismatches,
        authenticators=len(authenticators),
        unreadable_authenticators=unreadable_authenticators,
    )


def _authenticator_data(database: Database) -> list[dict]:
    with database.connect() as connection:
        if not connection.execute("SELECT to_regclass('mfa_authenticator')").fetchone()[0]:
            return []
        return [row[0] for row in connection.execute("SELECT data FROM mfa_authenticator")]

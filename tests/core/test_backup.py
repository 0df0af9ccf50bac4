"""Backup and restore on the real server with the real pg_dump and pg_restore: a restored
database is the one that was dumped, table by table, and its national ids read with the keys
and only with them, before and after a key rotation."""

import io
import os
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command
from django.test import override_settings
from psycopg import sql

from los.access.models import ChangeLogEntry
from los.accounts import mfa
from los.core import crypto
from los.core.backup import BackupError, Database, check_keys, client_tool
from los.core.management.commands.backup import BACKUP_ACTION
from los.core.vocabulary import Role
from los.demo.events import seed_events
from los.demo.seeding import seed
from los.measures.models import Instrument
from los.measures.shipped import install_shipped_instruments
from los.organisations.counties import COUNTIES_2024
from los.organisations.models import County
from los.participants.models import Participant
from los.pathways.models import Programme, Stage
from los.pathways.programmes import install_default_programmes
from tests.factories import TOTP_SECRET, OrganisationFactory, ParticipantFactory, staff_user

# pg_dump reads what is committed: these tests commit, and pytest-django empties the
# database after each.
pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent.parent
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def _source() -> Database:
    return Database.from_settings(settings.DATABASES["default"])


@pytest.fixture
def scratch():
    """Names for the databases restores create (beside the test database, named after it so
    that nobody else's are touched), dropped afterwards."""
    made = []

    def name(suffix: str) -> str:
        made.append(f"{_source().name}_{suffix}")
        return made[-1]

    yield name
    with _source().connect("postgres") as connection:
        for database in [*made, *(f"{n}_restoring" for n in made)]:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )


def _url(name: str) -> str:
    source = _source()
    password = f":{quote(source.password)}" if source.password else ""
    host = source.params.get("host", "127.0.0.1")
    port = source.params.get("port", "5432")
    return (
        f"postgres://{quote(source.params.get('user', 'postgres'))}{password}@{host}:{port}/{name}"
    )


def _restore(path: Path, into: str, *, keys: list[str], replace: bool = False):
    """`manage.py restore` as `make restore` runs it: its own process, its own settings."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LOS_")}
    environment |= {
        "LOS_ENVIRONMENT": "test",
        "DATABASE_URL": _url(into),
        "LOS_FIELD_ENCRYPTION_KEYS": ",".join(keys),
        "LOS_LOOKUP_HASH_KEY": settings.LOOKUP_HASH_KEY,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", "--file", str(path)]
        + (["--replace"] if replace else []),
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _target(name: str) -> Database:
    source = _source()
    return Database(name=name, params=source.params, password=source.password)


def _backup(path: Path) -> Path:
    call_command("backup", file=path, stdout=io.StringIO())
    return path


def fingerprints(database: Database) -> dict[str, tuple[int, str]]:
    """Each table's row count and the md5 of all its rows as text, ordered by primary key
    (or by the whole row where there is none), and each sequence's last value: computed by
    the server, so two databases compare without bringing their rows to Python."""
    result = {}
    with database.connect() as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        for table in tables:
            key = [
                row[0]
                for row in connection.execute(
                    """
                    SELECT a.attname FROM pg_index i
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = %s::regclass AND i.indisprimary
                    ORDER BY array_position(i.indkey::int2[], a.attnum)
                    """,
                    [table],
                )
            ]
            order = sql.SQL(", ").join(
                [sql.SQL("t.{}").format(sql.Identifier(c)) for c in key] or [sql.SQL("t::text")]
            )
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY {}), '')) "
                "FROM {} t"
            ).format(order, sql.Identifier(table))
            result[table] = tuple(connection.execute(query).fetchone())
        for name, last_value in connection.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ):
            result[f"sequence {name}"] = (last_value, "")
    return result


def restored_apart_from_sessions(restored: Database, source: Database) -> bool:
    """Whether the restored database is the source, table by table, with no session in it
    (the dump leaves their rows out: a session key is a login)."""
    copy = fingerprints(restored)
    if copy.pop("django_session")[0] != 0:
        return False
    return copy == {k: v for k, v in fingerprints(source).items() if k != "django_session"}


def stored_national_ids(database: Database) -> dict[int, str]:
    with database.connect() as connection:
        return dict(
            connection.execute("SELECT id, national_id_encrypted FROM participants_participant")
        )


def read_with(keys: list[str], tokens: dict[int, str]) -> dict[int, str]:
    with override_settings(FIELD_ENCRYPTION_KEYS=keys):
        return {pk: crypto.decrypt(token) for pk, token in tokens.items()}


def dump_as_text(path: Path) -> str:
    """The whole dump as the SQL it restores to (the file itself is compressed, so looking
    for a number in its bytes would prove nothing)."""
    with _source().connect() as connection:
        pg_restore = client_tool("pg_restore", connection.info.server_version // 10000)
    return subprocess.run(
        [pg_restore, "--file=-", str(path)], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def reference_data():
    """The migrations' reference data (counties, programmes, instruments) back in place
    whatever transactional test emptied the database before: the seeder needs it, and a dump
    carries it. (serialized_rollback would restore it too, but clashes with the content types
    an earlier test's flush has made again.)"""
    for number, name in COUNTIES_2024:
        County.objects.update_or_create(number=number, defaults={"name": name})
    install_default_programmes(Programme, Stage)
    install_shipped_instruments(Instrument)


def test_a_restored_database_is_the_one_dumped_and_reads_only_with_its_keys(
    scratch, tmp_path, reference_data
):
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        seed(participants=300, rng_seed=11)
        seed_events()
        numbers = {p.pk: p.national_id for p in Participant.objects.all()}
    source = _source()
    assert len(numbers) == 300
    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()

    # Written under key A, backed up and restored with key A.
    dump_a = _backup(tmp_path / "a" / "los.dump")
    assert stat.S_IMODE(dump_a.stat().st_mode) == 0o600
    assert stat.S_IMODE(dump_a.parent.stat().st_mode) == 0o700
    under_a = _target(scratch("a"))
    restored = _restore(dump_a, into=under_a.name, keys=[KEY_A])
    assert restored.returncode == 0, restored.stderr
    assert "Alle 300 fødselsnumre kan leses" in restored.stdout
    before = fingerprints(source)
    assert before["django_session"][0] == 1
    assert restored_apart_from_sessions(under_a, source)
    # The comparison covers the whole record, not a handful of tables.
    assert sum(1 for count, _ in before.values() if count) >= 25
    assert read_with([KEY_A], stored_national_ids(under_a)) == numbers
    with under_a.connect() as connection:
        noted = connection.execute(
            "SELECT data->>'file' FROM access_changelogentry WHERE action = 'database.backup'"
        ).fetchall()
    assert noted == [(str(dump_a),)]

    # Rotated: B first, A still there to read; every number re-encrypted under B.
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        call_command("rotate_keys", batch_size=128, stdout=io.StringIO())
    dump_b = _backup(tmp_path / "b.dump")
    rotated = _target(scratch("b"))
    restored = _restore(dump_b, into=rotated.name, keys=[KEY_B, KEY_A])
    assert restored.returncode == 0, restored.stderr
    assert restored_apart_from_sessions(rotated, source)
    assert fingerprints(source) != before  # the tokens and the change log did change
    assert read_with([KEY_B, KEY_A], stored_national_ids(rotated)) == numbers
    assert read_with([KEY_B], stored_national_ids(rotated)) == numbers
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        assert check_keys(database=rotated).ok
        # The dump from before the rotation still needs key A: retire a key only with the
        # last backup written under it.
        assert check_keys(database=under_a).unreadable == 300

    # Without the keys the dumps do not give the numbers away.
    for dump in (dump_a, dump_b):
        text = dump_as_text(dump)
        raw = dump.read_bytes()
        assert all(
            p.national_id_digest in text for p in Participant.objects.all()
        )  # the rows are there
        assert not [n for n in numbers.values() if n in text or n.encode() in raw]
        assert session.session_key not in text
    some_token = next(iter(stored_national_ids(rotated).values()))
    with pytest.raises(InvalidToken):
        read_with([Fernet.generate_key().decode()], {0: some_token})


def test_restore_leaves_a_database_with_data_alone_unless_told_to_replace_it(scratch, tmp_path):
    ParticipantFactory.create_batch(3)
    dump = _backup(tmp_path / "los.dump")
    target = _target(scratch("r"))
    with _source().connect("postgres") as connection:  # an existing, empty database
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))
    assert _restore(dump, into=target.name, keys=settings.FIELD_ENCRYPTION_KEYS).returncode == 0
    with target.connect() as connection:
        connection.execute("UPDATE participants_participant SET first_name = 'Endret'")
    changed = fingerprints(target)

    refused = _restore(dump, into=target.name, keys=settings.FIELD_ENCRYPTION_KEYS)

    assert refused.returncode != 0
    assert f"Databasen {target.name} er ikke tom" in refused.stderr
    assert fingerprints(target) == changed

    replaced = _restore(dump, into=target.name, keys=settings.FIELD_ENCRYPTION_KEYS, replace=True)

    assert replaced.returncode == 0, replaced.stderr
    assert "den gamle databasen er erstattet" in replaced.stdout
    assert fingerprints(target) == fingerprints(_source())


def test_a_damaged_dump_costs_nothing_even_with_replace(scratch, tmp_path):
    ParticipantFactory.create_batch(3)
    dump = _backup(tmp_path / "los.dump")
    target = _target(scratch("d"))
    assert _restore(dump, into=target.name, keys=settings.FIELD_ENCRYPTION_KEYS).returncode == 0
    before = fingerprints(target)
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(dump.read_bytes()[: dump.stat().st_size * 9 // 10])

    failed = _restore(damaged, into=target.name, keys=settings.FIELD_ENCRYPTION_KEYS, replace=True)

    assert failed.returncode != 0
    assert "pg_restore feilet" in failed.stderr
    assert fingerprints(target) == before
    with target.connect("postgres") as connection:
        leftover = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [f"{target.name}_restoring"]
        ).fetchone()
    assert leftover is None


def test_restore_says_when_the_keys_set_do_not_read_the_dump(scratch, tmp_path):
    ParticipantFactory.create_batch(2)
    dump = _backup(tmp_path / "los.dump")

    restored = _restore(dump, into=scratch("k"), keys=[Fernet.generate_key().decode()])

    assert restored.returncode != 0
    assert "Av 2 fødselsnumre kan 2 ikke leses med LOS_FIELD_ENCRYPTION_KEYS" in restored.stderr


def test_backup_never_writes_over_a_file(tmp_path):
    existing = tmp_path / "los.dump"
    existing.write_text("an earlier backup")

    with pytest.raises(CommandError, match="finnes fra før"):
        call_command("backup", file=existing, stdout=io.StringIO())

    assert existing.read_text() == "an earlier backup"
    assert not ChangeLogEntry.objects.filter(action=BACKUP_ACTION).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["los.dump"]


@pytest.mark.django_db(transaction=False)
def test_the_embedded_sqlite_demo_is_not_backed_up_this_way():
    with pytest.raises(BackupError, match="make demo"):
        Database.from_settings({"ENGINE": "django.db.backends.sqlite3", "NAME": "los.sqlite3"})


@pytest.mark.django_db(transaction=False)
def test_client_tools_must_be_the_servers_major_version():
    assert client_tool("pg_dump", 15).endswith("pg_dump")
    # There is no PostgreSQL 99 client: the one on PATH is found and refused.
    with pytest.raises(BackupError, match=r"er PostgreSQL \d+, serveren er PostgreSQL 99"):
        client_tool("pg_dump", 99)


def test_the_key_check_reads_the_staff_authenticator_secrets_too():
    """Authenticator secrets under a key that is not set: the national ids read, yet nobody
    could log in with their authenticator app, so the check fails."""
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        ParticipantFactory()
        office = OrganisationFactory()
        staff_user(office, Role.COUNSELLOR)
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        staff_user(office, Role.THERAPIST)

    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        assert check_keys(database=_source()).ok
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        check = check_keys(database=_source())

    assert (check.participants, check.unreadable) == (1, 0)
    assert (check.authenticators, check.unreadable_authenticators) == (2, 1)
    assert not check.ok


def test_a_dump_holds_no_authenticator_secret_in_clear(tmp_path):
    office = OrganisationFactory()
    staff = staff_user(office, Role.COUNSELLOR)
    seed = RecoveryCodes.activate(staff).instance.data["seed"]

    dump = dump_as_text(_backup(tmp_path / "los.dump"))

    assert TOTP_SECRET not in dump
    assert mfa.unseal(seed) not in dump
    assert "mfa_authenticator" in dump and mfa.SEALED_PREFIX in dump  # the rows are there


def test_django_only_database_options_stay_out_of_the_connection_string():
    """With the connection pool on (LOS_DB_POOL_MAX), Django's OPTIONS hold a `pool` that
    libpq does not know: the backup's connection string keeps only libpq's own options."""
    database = Database.from_settings(
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "los",
            "HOST": "127.0.0.1",
            "PORT": 5432,
            "USER": "postgres",
            "OPTIONS": {"pool": {"min_size": 1, "max_size": 4}, "sslmode": "prefer"},
        }
    )

    conninfo = database.conninfo()

    assert "pool" not in conninfo
    assert "sslmode=prefer" in conninfo

"""`make demo` runs on an embedded SQLite database: migrations, the municipality import and
the demo data must work there too, and a second run must change nothing."""

from tests.commands import run_manage


def test_demo_path_on_sqlite_loads_once_and_prints_the_logins(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"

    first = run_manage(database_url, "demo_data", "--migrate")
    second = run_manage(database_url, "demo_data", "--migrate")

    assert "Demodata er lastet inn." in first.stdout
    assert "Demodata finnes allerede; det som manglet er lagt til." in second.stdout
    for email in ["veileder@demo.los.no", "sara@demo.los.no", "admin@demo.los.no"]:
        assert email in first.stdout

"""manage.py export_indicators: one pseudonymised row per enrolment, as CSV or JSON."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from los.access.models import ChangeLogEntry
from los.core.crypto import pseudonym

pytestmark = pytest.mark.django_db


def _export(*args) -> str:
    out = io.StringIO()
    call_command("export_indicators", *args, stdout=out)
    return out.getvalue()


def test_csv_has_one_row_per_enrolment_and_nothing_that_names_the_person(world):
    text = _export("--format", "csv")

    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    assert row["participant"] == pseudonym(str(world.participant.public_id))
    assert (row["programme"], row["competitive_jobs"], row["days_to_first_job"]) == (
        "ips",
        "1",
        "40",
    )
    for secret in (world.participant.first_name, world.participant.last_name, "Bygg AS"):
        assert secret not in text
    assert str(world.participant.public_id) not in text
    assert ChangeLogEntry.objects.get(action="indicators.exported").data == {
        "format": "csv",
        "rows": 1,
    }


def test_json_to_a_file_gives_the_same_pseudonyms_every_time(world, tmp_path):
    target = tmp_path / "indikatorer.json"

    call_command(
        "export_indicators", "--format", "json", "--output", str(target), stderr=io.StringIO()
    )
    first = json.loads(target.read_text(encoding="utf-8"))
    again = json.loads(_export("--format", "json"))

    assert first == again
    assert first[0]["hours_per_week"] == 20.0 and first[0]["first_contact_in_time"] is False


def test_an_unwritable_output_is_a_clear_error(world, tmp_path):
    with pytest.raises(CommandError, match="Kan ikke skrive"):
        call_command("export_indicators", "--output", str(tmp_path / "mangler" / "x.csv"))

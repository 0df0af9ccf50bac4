"""Employers brought up to date from Enhetsregisteret's bulk file (docs/imports.md)."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from los.access.models import ChangeLogEntry
from los.pathways.enhetsregisteret import CHUNK, RegisterFileError, entities, update_employers
from los.pathways.models import Employer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _employer_with_number(world):
    world.pathway_employer.orgnr = "974760673"
    world.pathway_employer.save()


def entity(number, name, *, street="Storgata 1", industry="Butikkhandel"):
    return {
        "organisasjonsnummer": number,
        "navn": name,
        "organisasjonsform": {"kode": "AS"},
        "forretningsadresse": {"adresse": [street], "postnummer": "8006", "poststed": "BODØ"},
        "naeringskode1": {"kode": "47.110", "beskrivelse": industry},
    }


def write(tmp_path, items, *, gz=False, name="enheter.json"):
    text = json.dumps(items, ensure_ascii=False)
    path = tmp_path / (name + (".gz" if gz else ""))
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_names_addresses_and_industry_are_updated_and_logged(tmp_path, world):
    employer = world.pathway_employer
    others = [entity("9" * 8 + str(n), f"Annen {n}") for n in range(3)]
    path = write(
        tmp_path, [*others, entity(employer.orgnr, "BYGG AS", street="Havnegata 2")], gz=True
    )

    result = update_employers(path, actor=world.admin)

    employer.refresh_from_db()
    assert (employer.name, employer.address, employer.industry) == (
        "BYGG AS",
        "Havnegata 2, 8006 BODØ",
        "Butikkhandel",
    )
    assert result.read == 4 and result.updated == [f"{employer.orgnr}: name, address, industry"]
    change = ChangeLogEntry.objects.get(action="employer_updated_from_register")
    assert change.data["name"][1] == "BYGG AS" and change.actor == world.admin


def test_an_employer_not_in_the_file_is_reported_and_nothing_is_created(tmp_path, world):
    employers_before = Employer.objects.count()
    path = write(tmp_path, [entity("987654325", "Ukjent AS")])

    result = update_employers(path, actor=world.admin)

    assert any(line.startswith(world.pathway_employer.orgnr) for line in result.not_in_register)
    assert Employer.objects.count() == employers_before


def test_a_second_run_changes_nothing(tmp_path, world):
    path = write(tmp_path, [entity(world.pathway_employer.orgnr, "BYGG AS")])
    update_employers(path, actor=world.admin)

    again = update_employers(path, actor=world.admin)

    assert again.updated == [] and again.unchanged == 1


def test_the_file_is_read_as_a_stream_across_chunks(tmp_path):
    many = [entity(f"{n:09d}", "X" * 500) for n in range(3 * CHUNK // 500)]
    path = write(tmp_path, many)

    assert [e["organisasjonsnummer"] for e in entities(path)] == [
        e["organisasjonsnummer"] for e in many
    ]


@pytest.mark.parametrize(
    "text", ['{"organisasjonsnummer": "1"}', '[{"organisasjonsnummer": "1"}', "[1, 2]", "ikke json"]
)
def test_a_file_that_is_not_the_register_changes_nothing_and_says_so(tmp_path, world, text):
    path = tmp_path / "feil.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(RegisterFileError):
        update_employers(path, actor=world.admin)
    assert not ChangeLogEntry.objects.filter(action="employer_updated_from_register").exists()


def test_the_command_reports_in_norwegian(tmp_path, world):
    path = write(tmp_path, [entity(world.pathway_employer.orgnr, "BYGG AS")])
    out = StringIO()

    call_command("import_enheter", str(path), "--as", world.admin.email, stdout=out)

    assert "Leste 1 enheter. Arbeidsgivere: 1 oppdatert" in out.getvalue()
    with pytest.raises(CommandError, match="Ingen aktiv administrator"):
        call_command("import_enheter", str(path), "--as", world.counsellor.email)

import json

import pytest
from django.core.management import CommandError, call_command

from los.organisations.klass import KlassImportError, import_municipalities
from los.organisations.models import County, Municipality

pytestmark = pytest.mark.django_db


def test_the_fifteen_counties_of_2024_are_there():
    assert County.objects.count() == 15
    assert County.objects.get(number="55").name == "Troms"


def test_csv_export_is_imported_and_updated():
    first = import_municipalities('"code";"name"\n"1804";"Bodø"\n"5501";"Tromsø"\n')
    second = import_municipalities('"code";"name"\n"1804";"Bodø kommune"\n"5501";"Tromsø"\n')

    assert (first.created, second.updated, second.unchanged) == (2, 1, 1)
    assert Municipality.objects.get(number="1804").county.name == "Nordland"


def test_json_export_is_imported():
    result = import_municipalities(json.dumps({"codes": [{"code": "0301", "name": "Oslo"}]}))

    assert result.created == 1


def test_one_bad_row_stops_the_whole_import():
    result = import_municipalities('"code";"name"\n"1804";"Bodø"\n"9999";"Ukjent"\n"12";"Kort"\n')

    assert result.errors == [
        "Rad 3: kommune 9999 hører ikke til noe kjent fylke.",
        "Rad 4: kommunenummeret «12» er ikke fire siffer.",
    ]
    assert Municipality.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Filen er tom."),
        ("{not json", "Filen er ikke gyldig JSON"),
        ('"kode";"navn"\n"1804";"Bodø"\n', 'CSV-filen må ha kolonnene "code" og "name".'),
    ],
)
def test_unreadable_files_give_a_clear_error(text, message):
    with pytest.raises(KlassImportError) as error:
        import_municipalities(text)

    assert str(error.value).startswith(message)


def test_command_reports_errors_and_imports_nothing(tmp_path):
    bad = tmp_path / "kommuner.csv"
    bad.write_text('"code";"name"\n"9999";"Ukjent"\n', encoding="utf-8")

    with pytest.raises(CommandError, match="Ingenting ble importert"):
        call_command("import_municipalities", str(bad))

    assert Municipality.objects.count() == 0


def test_command_imports_the_shipped_sample():
    call_command("import_municipalities")

    assert Municipality.objects.count() == 33

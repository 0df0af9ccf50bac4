"""Import municipalities from SSB's classification service (KLASS, classification 131).

KLASS exports CSV (semicolon-separated, quoted) or JSON ({"codes": [...]}); both carry a
four-digit `code` and a `name`. The county is the code's first two digits. Municipalities
change almost every year, so they are imported, never hard-coded.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from django.db import transaction

from los.organisations.models import County, Municipality


class KlassImportError(ValueError):
    pass


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _rows(text: str) -> list[dict]:
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise KlassImportError(f"Filen er ikke gyldig JSON: {error}") from error
        codes = data.get("codes") if isinstance(data, dict) else data
        if not isinstance(codes, list):
            raise KlassImportError('JSON-filen mangler listen "codes".')
        return codes
    dialect = (
        "excel"
        if stripped.splitlines()[0].count(",") > stripped.splitlines()[0].count(";")
        else None
    )
    reader = csv.DictReader(io.StringIO(stripped), delimiter="," if dialect else ";")
    if not reader.fieldnames or "code" not in reader.fieldnames or "name" not in reader.fieldnames:
        raise KlassImportError('CSV-filen må ha kolonnene "code" og "name".')
    return list(reader)


@transaction.atomic
def import_municipalities(text: str) -> ImportResult:
    """Create or update municipalities. All or nothing: any bad row aborts the import."""
    if not text.strip():
        raise KlassImportError("Filen er tom.")
    counties = {county.number: county for county in County.objects.all()}
    existing = {m.number: m for m in Municipality.objects.all()}
    result = ImportResult()
    for line_number, row in enumerate(_rows(text), start=2):
        code = str(row.get("code") or "").strip()
        name = str(row.get("name") or "").strip()
        if len(code) != 4 or not code.isdigit():
            result.errors.append(
                f"Rad {line_number}: kommunenummeret «{code}» er ikke fire siffer."
            )
            continue
        if not name:
            result.errors.append(f"Rad {line_number}: kommune {code} mangler navn.")
            continue
        county = counties.get(code[:2])
        if county is None:
            result.errors.append(
                f"Rad {line_number}: kommune {code} hører ikke til noe kjent fylke."
            )
            continue
        municipality = existing.get(code)
        if municipality is None:
            existing[code] = Municipality.objects.create(number=code, name=name, county=county)
            result.created += 1
        elif municipality.name != name or municipality.county_id != county.pk:
            municipality.name, municipality.county = name, county
            municipality.save(update_fields=["name", "county"])
            result.updated += 1
        else:
            result.unchanged += 1
    if result.errors:
        transaction.set_rollback(True)
    return result

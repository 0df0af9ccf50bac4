"""The employer register brought up to date from Enhetsregisteret's bulk file (docs/imports.md).

The file is what Brønnøysundregistrene publishes at
https://data.brreg.no/enhetsregisteret/api/enheter/lastned (a JSON array of «enheter», often
gzipped; the same for «underenheter»): each with `organisasjonsnummer`, `navn`,
`forretningsadresse` (`adresse` lines, `postnummer`, `poststed`) and `naeringskode1`
(`kode`, `beskrivelse`). Los's employers are matched by organisation number; name, address
and industry are updated where the register says otherwise; employers whose number is not in
the file are reported. Nothing is created: an employer Los does not know is not added.

The whole register is about a gigabyte of JSON, so the file is read as a stream, one entity
at a time, and only the entities Los knows are kept.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from los.access import audit
from los.pathways.models import Employer

CHUNK = 1 << 16


class RegisterFileError(Exception):
    """The file is not Enhetsregisteret's JSON."""


@dataclass
class RegisterImport:
    updated: list[str] = field(default_factory=list)  # «orgnr: what changed»
    unchanged: int = 0
    not_in_register: list[str] = field(default_factory=list)  # «orgnr Name»
    read: int = 0


def entities(path: Path) -> Iterator[dict]:
    """Each entity of a JSON array, read a chunk at a time."""
    opener = gzip.open if path.suffix == ".gz" else open
    decoder = json.JSONDecoder()
    try:
        with opener(path, "rt", encoding="utf-8") as stream:
            buffer = stream.read(CHUNK).lstrip()
            if not buffer.startswith("["):
                raise RegisterFileError("Filen er ikke en JSON-liste av enheter.")
            buffer = buffer[1:]
            while True:
                buffer = buffer.lstrip().removeprefix(",").lstrip()
                if buffer.startswith("]"):
                    return
                try:
                    entity, end = decoder.raw_decode(buffer)
                except json.JSONDecodeError:
                    more = stream.read(CHUNK)
                    if not more:
                        raise RegisterFileError("Filen slutter midt i en enhet.") from None
                    buffer += more
                    continue
                if not isinstance(entity, dict):
                    raise RegisterFileError("Listen inneholder noe som ikke er en enhet.")
                yield entity
                buffer = buffer[end:]
                if len(buffer) < CHUNK:
                    buffer += stream.read(CHUNK)
    except (OSError, UnicodeDecodeError, EOFError) as error:
        raise RegisterFileError(f"Kan ikke lese filen: {error}") from error


def _address(entity: dict) -> str:
    address = entity.get("forretningsadresse") or entity.get("beliggenhetsadresse") or {}
    lines = [line for line in address.get("adresse") or [] if line]
    place = " ".join(p for p in (address.get("postnummer"), address.get("poststed")) if p)
    return ", ".join([*lines, place] if place else lines)[:200]


def _industry(entity: dict) -> str:
    code = entity.get("naeringskode1") or {}
    return str(code.get("beskrivelse") or "")[:120]


def update_employers(path: Path, *, actor) -> RegisterImport:
    """Read the file, then change the employers that differ in one transaction, each change
    in the change log with what it was and what it became."""
    employers = {e.orgnr: e for e in Employer.objects.exclude(orgnr__isnull=True).exclude(orgnr="")}
    found: dict[str, dict] = {}
    result = RegisterImport()
    for entity in entities(path):
        result.read += 1
        number = str(entity.get("organisasjonsnummer") or "")
        if number in employers:
            found[number] = entity
    with transaction.atomic():
        for number, employer in sorted(employers.items()):
            entity = found.get(number)
            if entity is None:
                result.not_in_register.append(f"{number} {employer.name}")
                continue
            wanted = {
                "name": str(entity.get("navn") or employer.name)[:200],
                "address": _address(entity) or employer.address,
                "industry": _industry(entity) or employer.industry,
            }
            changes = {
                key: [getattr(employer, key), value]
                for key, value in wanted.items()
                if getattr(employer, key) != value
            }
            if not changes:
                result.unchanged += 1
                continue
            for key, (_was, value) in changes.items():
                setattr(employer, key, value)
            employer.save(update_fields=list(changes))
            audit.record_change(
                actor=actor,
                participant=None,
                action="employer_updated_from_register",
                obj=employer,
                data=changes,
            )
            result.updated.append(f"{number}: {', '.join(changes)}")
    return result

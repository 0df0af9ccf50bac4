"""Offers for the service directory from a CSV file (docs/imports.md): all or nothing.

Each row is one offer, created through `offer_create`, so the same rules hold as for the
form (who keeps the organisation's offers, the checks, the change log). If any row is wrong,
nothing is saved and every error is said, row by row, in Norwegian.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from los.directory import services
from los.directory.kinds import OfferKind, Route
from los.organisations.models import Municipality

# The columns, in Norwegian, with the offer field each fills.
COLUMNS = {
    "organisasjonsnummer": "organisation",
    "type": "kind",
    "navn": "name",
    "hvem_tilbudet_er_for": "target_group",
    "slik_kommer_du_i_kontakt": "how_to_refer",
    "hvem_kan_henvise": "routes",
    "kommunenummer": "municipalities",
    "telefon": "phone",
    "e_post": "email",
    "nettside": "web",
    "plasser": "capacity",
    "tar_imot_nye": "is_open",
}
# A field's error from offer_create, said by the column it came from.
COLUMN_OF = {field_name: column for column, field_name in COLUMNS.items()}
REQUIRED = ("organisasjonsnummer", "type", "navn", "kommunenummer")
MAX_ROWS = 500
YES = {"ja", "j", "yes", "1", "true"}
NO = {"nei", "n", "no", "0", "false"}


@dataclass
class OfferImport:
    created: int = 0
    errors: list[str] = field(default_factory=list)


def _list(cell: str, *, spaces: bool = False) -> list[str]:
    """The values of one cell, separated by | or , (and by spaces where a value has none)."""
    cell = cell.replace(",", "|")
    if spaces:
        cell = " ".join(cell.split()).replace(" ", "|")
    return [part.strip() for part in cell.split("|") if part.strip()]


def _by_code_or_label(choices, value: str) -> str | None:
    value = value.strip().lower()
    for code, label in choices:
        if value in {code.lower(), str(label).lower()}:
            return code
    return None


class Semicolons(csv.excel):
    """Excel's CSV as Norwegian Excel writes it."""

    delimiter = ";"


def read_rows(text: str) -> tuple[list[dict], list[str]]:
    """The rows as dicts by column, and what is wrong with the file as a whole."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = Semicolons
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [_("Filen mangler kolonnene: %(names)s.") % {"names": ", ".join(missing)}]
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        return [], [_("Ukjente kolonner: %(names)s.") % {"names": ", ".join(unknown)}]
    rows = [
        {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader
    ]
    if not rows:
        return [], [_("Filen har ingen rader med tilbud.")]
    if len(rows) > MAX_ROWS:
        return [], [_("Filen har mer enn %(max)d rader. Del den opp.") % {"max": MAX_ROWS}]
    return rows, []


def _fields(row: dict, kept: dict, problems: list[str]) -> tuple:
    organisation = kept.get(row.get("organisasjonsnummer", ""))
    if organisation is None:
        problems.append(
            _("organisasjonsnummer: ingen organisasjon du holder tilbud for har nummeret %(n)s.")
            % {"n": row.get("organisasjonsnummer", "")}
        )
    kind = _by_code_or_label(OfferKind.choices, row.get("type", ""))
    if kind is None:
        problems.append(_("type: ukjent type tilbud «%(v)s».") % {"v": row.get("type", "")})
    routes = []
    for value in _list(row.get("hvem_kan_henvise", "")):
        route = _by_code_or_label(Route.choices, value)
        if route is None:
            problems.append(_("hvem_kan_henvise: ukjent vei inn «%(v)s».") % {"v": value})
        routes.append(route)
    numbers = _list(row.get("kommunenummer", ""), spaces=True)
    municipalities = list(Municipality.objects.filter(number__in=numbers))
    unknown = sorted(set(numbers) - {m.number for m in municipalities})
    if unknown:
        problems.append(_("kommunenummer: ukjent %(n)s.") % {"n": ", ".join(unknown)})
    capacity = None
    if row.get("plasser"):
        if row["plasser"].isdigit():
            capacity = int(row["plasser"])
        else:
            problems.append(_("plasser: skriv et helt tall."))
    answer = row.get("tar_imot_nye", "ja").lower() or "ja"
    if answer not in YES | NO:
        problems.append(_("tar_imot_nye: skriv ja eller nei."))
    values = {
        "kind": kind,
        "name": row.get("navn", ""),
        "target_group": row.get("hvem_tilbudet_er_for", ""),
        "how_to_refer": row.get("slik_kommer_du_i_kontakt", ""),
        "routes": [r for r in routes if r],
        "phone": row.get("telefon", ""),
        "email": row.get("e_post", ""),
        "web": row.get("nettside", ""),
        "capacity": capacity,
        "is_open": answer in YES,
        "reads": [],
    }
    return organisation, municipalities, values


def import_offers(text: str, *, user) -> OfferImport:
    """Create every offer in the file, or none: the first error of any row rolls all back."""
    if not services.may_keep_offers(user):
        raise PermissionDenied
    result = OfferImport()
    rows, result.errors = read_rows(text)
    if result.errors:
        return result
    kept = {o.orgnr: o for o in services.organisations_kept_by(user) if o.orgnr}
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):  # row 1 is the header
            problems: list[str] = []
            organisation, municipalities, values = _fields(row, kept, problems)
            if not problems:
                try:
                    with transaction.atomic():
                        services.offer_create(
                            user=user,
                            organisation=organisation,
                            municipalities=municipalities,
                            **values,
                        )
                except ValidationError as error:
                    problems += [
                        f"{COLUMN_OF.get(name, name)}: {message}"
                        for name, messages in error.message_dict.items()
                        for message in messages
                    ]
                else:
                    result.created += 1
            result.errors += [
                _("Rad %(row)d: %(problem)s") % {"row": number, "problem": p} for p in problems
            ]
        if result.errors:
            result.created = 0
            transaction.set_rollback(True)
    return result

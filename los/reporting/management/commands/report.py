"""`manage.py report`: a report's figures as JSON, CSV or XLSX, for the same readers and
with the same rules as the report pages.

Suppressed by default (disclosure control, los/reporting/disclosure.py). `--exact` gives a
service's own figures without it, only at the service level and only to an actor who works
at that service (los/reporting/scopes.py decides who reads what). Every run that writes a
report writes a row in the report log with the format «kommando»; a run that fails writes
neither the file nor the row."""

from __future__ import annotations

import contextlib
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from los.accounts.models import User
from los.reporting.downloads import WRITERS
from los.reporting.log import record_report_read
from los.reporting.models import ReportFormat
from los.reporting.periods import parse_period
from los.reporting.report import ReportError, build_report
from los.reporting.scopes import BadScope, Level, parse_scope, report_access


class Command(BaseCommand):
    help = "Skriv ut en resultatrapport (tall per enhet og periode) som JSON, CSV eller XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--level", required=True, choices=[level.value for level in Level])
        parser.add_argument(
            "--code",
            default="",
            help="enheten: organisasjonens id (tjeneste, NAV-kontor), kommune- eller "
            "fylkesnummer, regionkode; tom for hele landet",
        )
        parser.add_argument("--period", required=True, help="kvartal (2026Q1) eller år (2026)")
        parser.add_argument("--format", required=True, choices=sorted(WRITERS))
        parser.add_argument("--output", help="fil å skrive til (standard: standard ut)")
        parser.add_argument("--programme", help="bare ett program (koden, f.eks. ips)")
        parser.add_argument(
            "--exact",
            action="store_true",
            help="eksakte tall uten skjuling: bare for en tjeneste, til de som arbeider der",
        )
        parser.add_argument(
            "--actor", required=True, help="e-postadressen til den som tar ut rapporten"
        )

    def handle(self, *args, level, code, period, format, output, programme, exact, actor, **o):
        if format == "xlsx" and not output:
            raise CommandError("XLSX er en binær fil: oppgi filen med --output.")
        try:
            parsed_period = parse_period(period)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        try:
            scope = parse_scope(level, code or "")
        except BadScope as error:
            raise CommandError(str(error)) from error
        user = User.objects.filter(email__iexact=actor.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"Fant ingen aktiv bruker med e-postadressen {actor.strip()}.")
        access = report_access(user, scope)
        if access is None:
            raise CommandError(
                f"{actor.strip()} har ikke tilgang til rapporten for {Level(scope.level).label}"
                f"{' ' + scope.code if scope.code else ''}, eller enheten finnes ikke."
            )
        if exact and not access.exact:
            raise CommandError(
                "Eksakte tall gis bare for en tjeneste, til de som arbeider i tjenesten. "
                "Uten --exact får du tallene med skjuling av små tall."
            )
        try:
            report = build_report(scope, parsed_period, exact=exact, programme=programme)
        except ReportError as error:
            raise CommandError(str(error)) from error
        content = WRITERS[format](report)
        staff_role = access.grant.staff_role  # the exact grant when there is one
        # The log row commits only if the report was written.
        with transaction.atomic():
            record_report_read(
                staff_role=staff_role,
                scope=scope,
                period=parsed_period,
                format=ReportFormat.COMMAND,
                exact=exact,
                programme=programme,
            )
            _write(output, self.stdout, content)
        if output:
            self.stderr.write(
                f"Skrev rapporten for {report.unit_name}, {parsed_period.label}, til {output}"
            )


def _write(output: str | None, stdout, content: bytes) -> None:
    if not output:  # JSON or CSV: text
        stdout.write(content.decode("utf-8"), ending="")
        return
    opened = False
    try:
        with open(output, "wb") as stream:
            opened = True
            stream.write(content)
    except OSError as error:
        if opened:  # never leave half a file behind
            with contextlib.suppress(OSError):
                os.remove(output)
        raise CommandError(f"Kan ikke skrive til {output}: {error.strerror}") from error

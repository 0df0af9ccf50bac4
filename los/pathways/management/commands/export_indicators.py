"""Indicators per enrolment for evaluators, pseudonymised: no name, no national id, no
dates finer than the month; the participant and the enrolment are stable keyed pseudonyms,
so the same person gets the same code in every export, and the codes cannot be turned back
into people without the key.

A pseudonymised row is still one person's, so the export is made by a named programme
manager (`--actor`), each participant's access log says that their pathway was in it, and
it is refused when a programme has fewer participants than settings.MIN_CELL_SIZE: in a
group of one or two, a row is recognisable from what the team knows."""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from los.access.audit import record_change, record_statistics_export
from los.access.policy import statistics_export_role
from los.accounts.models import User
from los.core.crypto import pseudonym
from los.pathways.models import Enrolment
from los.pathways.queries import enrolment_view, with_pathway
from los.reporting.disclosure import min_cell_size

# The figures and their definitions: docs/indicators.md. Each `Elapsed` figure is three
# columns: calendar days from the start (the IPS headline), the passive days among them and
# the active days.
ELAPSED = {
    "days_to_first_employer_contact": "first_employer_contact",
    "days_to_first_job": "first_job",
    "days_to_first_competitive_job": "first_competitive_job",
}
COLUMNS = [
    "enrolment",
    "participant",
    "programme",
    "referral_source",
    "referral_month",
    "start_month",
    "main_goal",
    "stage_phase",
    "ended",
    "end_cause",
    "days_referral_to_start",
    *(f"{name}{part}" for name in ELAPSED for part in ("", "_passive_days", "_active_days")),
    "first_contact_in_time",
    "jobs",
    "competitive_jobs",
    "job_starts",
    "competitive_job_starts",
    "job_tenure_days",
    "job_tenure_weeks",
    "hours_per_week",
    "education_starts",
    "education_completions",
]


def _elapsed(figures) -> dict:
    row = {}
    for name, attribute in ELAPSED.items():
        value = getattr(figures, attribute)
        row[name] = value.calendar if value else None
        row[f"{name}_passive_days"] = value.passive if value else None
        row[f"{name}_active_days"] = value.active if value else None
    return row


def _month(day) -> str | None:
    return day.strftime("%Y-%m") if day else None


def indicator_rows(as_of=None):
    """(participant id, row) for each enrolment; the enrolments are read in batches with
    their pathways. The id never leaves Los: it is for the access log."""
    as_of = as_of or timezone.localdate()
    enrolments = with_pathway(Enrolment.objects.select_related("participant")).order_by("pk")
    for enrolment in enrolments.iterator(chunk_size=500):
        figures = enrolment_view(enrolment, as_of).indicators
        yield (
            enrolment.participant_id,
            {
                "enrolment": pseudonym(f"enrolment:{enrolment.pk}"),
                "participant": pseudonym(str(enrolment.participant.public_id)),
                "programme": enrolment.programme.code,
                "referral_source": enrolment.referral_source,
                "referral_month": _month(enrolment.referral_date),
                "start_month": _month(enrolment.start_date),
                "main_goal": enrolment.main_goal,
                "stage_phase": enrolment.stage.phase,
                "ended": not enrolment.is_open,
                "end_cause": figures.end_cause or None,
                "days_referral_to_start": figures.days_referral_to_start,
                **_elapsed(figures),
                "first_contact_in_time": figures.first_contact_in_time,
                "jobs": figures.jobs,
                "competitive_jobs": figures.competitive_jobs,
                "job_starts": figures.job_starts,
                "competitive_job_starts": figures.competitive_job_starts,
                "job_tenure_days": figures.job_tenure_days,
                "job_tenure_weeks": figures.job_tenure_weeks,
                "hours_per_week": (
                    float(figures.hours_per_week) if figures.hours_per_week is not None else None
                ),
                "education_starts": figures.education_starts,
                "education_completions": figures.education_completions,
            },
        )


def small_groups(rows, minimum: int) -> list[str]:
    """The programmes (and «alle» for the whole export) with fewer than `minimum` distinct
    participants."""
    people = defaultdict(set)
    for participant_id, row in rows:
        people[row["programme"]].add(participant_id)
    small = sorted(code for code, ids in people.items() if len(ids) < minimum)
    if len(set().union(*people.values())) < minimum:
        small.insert(0, "alle")
    return small


class Command(BaseCommand):
    help = "Eksporter nøkkeltall per deltakelse, pseudonymisert, som CSV eller JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor",
            required=True,
            help="e-postadressen til programansvarlig som tar ut tallene (står i tilgangsloggen)",
        )
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", help="fil å skrive til (standard: standard ut)")

    def handle(self, *args, actor, format, output, **options):
        staff_role = _export_role(actor)
        minimum = min_cell_size()
        rows = list(indicator_rows())
        small = small_groups(rows, minimum)
        if small:
            raise CommandError(
                f"Uttrekket er ikke laget: hver gruppe må ha minst {minimum} deltakere, og "
                f"disse har færre: {', '.join(small)}. Ingen fil er skrevet."
            )
        # The access log and the change log commit only if the file was written.
        with transaction.atomic():
            record_statistics_export(staff_role, (participant_id for participant_id, _ in rows))
            record_change(
                actor=staff_role.user,
                participant=None,
                action="indicators.exported",
                obj=None,
                data={"format": format, "rows": len(rows)},
            )
            _write_all(output, self.stdout, format, [row for _, row in rows])
        if output:
            self.stderr.write(f"Skrev {len(rows)} deltakelser til {output}")


def _export_role(email: str):
    user = User.objects.filter(email__iexact=email.strip()).first()
    role = statistics_export_role(user) if user is not None else None
    if role is None:
        raise CommandError(
            f"{email} er ikke en aktiv programansvarlig i Los og kan ikke ta ut nøkkeltall."
        )
    return role


def _write_all(output, stdout, format: str, rows: list[dict]) -> None:
    if not output:
        _write(stdout, format, rows)
        return
    opened = False
    try:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            opened = True
            _write(stream, format, rows)
    except OSError as error:
        if opened:  # never leave half a file behind (nor remove one that was there)
            with contextlib.suppress(OSError):
                os.remove(output)
        raise CommandError(f"Kan ikke skrive til {output}: {error.strerror}") from error


def _write(stream, format: str, rows: list[dict]) -> None:
    if format == "json":
        stream.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    writer = csv.DictWriter(stream, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})

"""Indicators per enrolment for evaluators, pseudonymised: no name, no national id, no
dates finer than the month; the participant and the enrolment are stable keyed pseudonyms,
so the same person gets the same code in every export, and the codes cannot be turned back
into people without the key."""

from __future__ import annotations

import contextlib
import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from los.access.audit import record_change
from los.core.crypto import pseudonym
from los.pathways.models import Enrolment
from los.pathways.queries import enrolment_view, with_pathway

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
    "days_to_first_employer_contact",
    "first_contact_in_time",
    "days_to_first_job",
    "jobs",
    "competitive_jobs",
    "job_tenure_days",
    "hours_per_week",
    "education_starts",
]


def _month(day) -> str | None:
    return day.strftime("%Y-%m") if day else None


def indicator_rows(as_of=None):
    """One row per enrolment; the enrolments are read in batches with their pathways."""
    as_of = as_of or timezone.localdate()
    enrolments = with_pathway(Enrolment.objects.select_related("participant")).order_by("pk")
    for enrolment in enrolments.iterator(chunk_size=500):
        figures = enrolment_view(enrolment, as_of).indicators
        yield {
            "enrolment": pseudonym(f"enrolment:{enrolment.pk}"),
            "participant": pseudonym(str(enrolment.participant.public_id)),
            "programme": enrolment.programme.code,
            "referral_source": enrolment.referral_source,
            "referral_month": _month(enrolment.referral_date),
            "start_month": _month(enrolment.start_date),
            "main_goal": enrolment.main_goal,
            "stage_phase": enrolment.stage.phase,
            "ended": not enrolment.is_open,
            "end_cause": enrolment.end_cause or None,
            "days_to_first_employer_contact": figures.days_to_first_employer_contact,
            "first_contact_in_time": figures.first_contact_in_time,
            "days_to_first_job": figures.days_to_first_job,
            "jobs": figures.jobs,
            "competitive_jobs": figures.competitive_jobs,
            "job_tenure_days": figures.job_tenure_days,
            "hours_per_week": (
                float(figures.hours_per_week) if figures.hours_per_week is not None else None
            ),
            "education_starts": figures.education_starts,
        }


class Command(BaseCommand):
    help = "Eksporter nøkkeltall per deltakelse, pseudonymisert, som CSV eller JSON."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", help="fil å skrive til (standard: standard ut)")

    def handle(self, *args, format, output, **options):
        try:
            with _open(output, self.stdout) as stream:
                count = _write(stream, format)
        except OSError as error:
            raise CommandError(f"Kan ikke skrive til {output}: {error.strerror}") from error
        with transaction.atomic():
            record_change(
                actor=None,
                participant=None,
                action="indicators.exported",
                obj=None,
                data={"format": format, "rows": count},
            )
        if output:
            self.stderr.write(f"Skrev {count} deltakelser til {output}")


def _open(output, stdout):
    if output:
        return open(output, "w", encoding="utf-8", newline="")
    return contextlib.nullcontext(stdout)


def _write(stream, format: str) -> int:
    if format == "json":
        rows = list(indicator_rows())
        stream.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return len(rows)
    writer = csv.DictWriter(stream, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for row in indicator_rows():
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        count += 1
    return count

"""Who reads and writes the reports on the plans' measures, and writing one.

Who (docs/action-plans.md):
- the programme manager (programansvarlig) reads everything and writes every report: the
  one for the whole measure and any county's part;
- a county coordinator (fylkeskoordinator) reads everything and writes the part of the
  county their organisation is in (the same county the reporting module gives them);
- a regional advisor (Arbeid & helse) reads;
- everyone else: the pages do not exist for them (404).

A report is edited, never deleted. Each save names the version it was made from; a save
made on a stale page is refused, with what was typed kept in the form. Every change writes
a change-log row with the fields before and after (a report holds no personal data)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change
from los.access.policy import staff_roles_of
from los.actionplans.models import MeasureReport, PlanMeasure, ReportStatus
from los.actionplans.periods import Period
from los.core.editing import stale_edit_error
from los.core.numbers import plain_number
from los.core.text import cleans_text
from los.core.vocabulary import Role

READER_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.COUNTY_COORDINATOR, Role.REGIONAL_ADVISOR})
# Upper bounds that no real measure comes near, so a slip of the finger (three zeros too
# many) is caught: 100 billion kroner is more than the whole budget of the field.
MAX_NOK = 99_999_999_999
MAX_STAFF_YEARS = Decimal("99999.9")
MAX_PLACES = 1_000_000
MAX_RESULTS = 8000


def _roles(user, role: Role) -> list:
    return [r for r in staff_roles_of(user) if r.role == role]


def may_read(user) -> bool:
    return any(r.role in READER_ROLES for r in staff_roles_of(user))


def is_programme_manager(user) -> bool:
    return bool(_roles(user, Role.PROGRAMME_MANAGER))


def coordinated_county_ids(user) -> set[int]:
    """The counties whose part this user reports as county coordinator: the county of the
    organisation of each active county-coordinator role."""
    return {r.organisation.county_id for r in _roles(user, Role.COUNTY_COORDINATOR)}


def may_write(user, county) -> bool:
    """May `user` write the report for this part of a measure (county None: the whole)?"""
    if is_programme_manager(user):
        return True
    return county is not None and county.pk in coordinated_county_ids(user)


def may_write_any(user) -> bool:
    return is_programme_manager(user) or bool(coordinated_county_ids(user))


def _check(
    measure: PlanMeasure,
    period: Period,
    *,
    status: str,
    nok,
    staff_years,
    places,
    results: str,
    today: datetime.date,
) -> dict:
    errors: dict[str, str] = {}
    plan = measure.plan
    if period.year < plan.start_year:
        errors["period"] = _("%(plan)s begynte i %(year)d. Velg %(year)d eller senere.") % {
            "plan": plan.title,
            "year": plan.start_year,
        }
    elif not period.has_begun(today):
        errors["period"] = _("%(period)s har ikke begynt ennå.") % {"period": period.label}
    if status not in ReportStatus.values:
        errors["status"] = _("Velg en status.")
    if nok is not None:
        if nok < 0:
            errors["nok"] = _("Beløpet kan ikke være negativt.")
        elif nok > MAX_NOK:
            errors["nok"] = _("Beløpet er for stort. Skriv det i hele kroner, uten øre.")
    if staff_years is not None:
        if staff_years < 0:
            errors["staff_years"] = _("Årsverk kan ikke være negativt.")
        elif staff_years > MAX_STAFF_YEARS:  # before rounding: a huge number cannot be
            errors["staff_years"] = _("Så mange årsverk kan ikke stemme.")
        elif staff_years != staff_years.quantize(Decimal("0.1")):
            errors["staff_years"] = _("Skriv årsverk med høyst én desimal, for eksempel 2,5.")
    if places is not None:
        if places < 0:
            errors["places"] = _("Antall plasser kan ikke være negativt.")
        elif places > MAX_PLACES:
            errors["places"] = _("Så mange plasser kan ikke stemme.")
    if len(results) > MAX_RESULTS:
        errors["results"] = _("Skriv høyst %(max)d tegn.") % {"max": MAX_RESULTS}
    elif status != ReportStatus.NOT_STARTED and not results.strip():
        # A measure that has started has something to say, if only why it was stopped.
        errors["results"] = _("Skriv kort hva som er gjort og oppnådd i perioden.")
    return errors


def _stored(value):
    """A field's value as the change log keeps it (JSON)."""
    if isinstance(value, Decimal):
        return plain_number(value).replace(",", ".")
    return value


@cleans_text(multiline=("results",))
@transaction.atomic
def report_save(
    *,
    user,
    measure: PlanMeasure,
    period: Period,
    county,
    version: int,
    status: str,
    nok: int | None,
    staff_years: Decimal | None,
    places: int | None,
    results: str,
) -> MeasureReport:
    """Write the report on `measure` for `period` and this part (county None: the whole
    measure). `version` is the version the form was made from, 0 when there was no report
    then. Refused (PermissionDenied) for someone who may not write this part; refused as
    stale when the report has changed, or been written, since the form was opened."""
    if not may_write(user, county):
        raise PermissionDenied
    results = results.strip()
    values = {
        "status": status, "nok": nok, "staff_years": staff_years, "places": places,
        "results": results,
    }  # fmt: skip
    errors = _check(measure, period, today=timezone.localdate(), **values)
    if errors:
        raise ValidationError(errors)
    report = (
        MeasureReport.objects.select_for_update()
        .filter(measure=measure, year=period.year, half=period.half, county=county)
        .first()
    )
    if report is None:
        return _create(user, measure, period, county, version, values)
    if report.version != version:
        raise stale_edit_error()
    changed = {
        name: [_stored(getattr(report, name)), _stored(value)]
        for name, value in values.items()
        if getattr(report, name) != value
    }
    if not changed:
        return report
    for name, value in values.items():
        setattr(report, name, value)
    report.version += 1
    report.updated_by = user
    report.save()
    record_change(
        actor=user,
        participant=None,
        action="measure_report.changed",
        obj=report,
        data={"version": report.version, "fields": changed},
    )
    return report


def _create(user, measure, period, county, version, values) -> MeasureReport:
    if version != 0:
        raise stale_edit_error()
    try:
        # Two people writing the first report at once: the unique index makes the second
        # wait for the first and then fail, and the second is told to look at the first.
        with transaction.atomic():
            report = MeasureReport.objects.create(
                measure=measure,
                year=period.year,
                half=period.half,
                county=county,
                created_by=user,
                updated_by=user,
                **values,
            )
    except IntegrityError as error:
        raise stale_edit_error() from error
    record_change(
        actor=user,
        participant=None,
        action="measure_report.created",
        obj=report,
        data={
            "version": 1,
            "fields": {name: [None, _stored(value)] for name, value in values.items()},
        },
    )
    return report

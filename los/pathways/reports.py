"""Interval and end reports from the job specialist to the participant's NAV counsellor.

A report starts as a draft written from the record: stages, employer contacts on the
participant's behalf, follow-along support, pauses, jobs and education in the period. The
specialist edits it, the participant is told about it and may add a comment in their own
words, and only then can it be shared. Sharing freezes it as a ReportVersion that never
changes; a correction is shared as the next version, and the earlier ones stay.

Who sees what: drafts are seen by the care staff who run the pathway and by the participant
(they should know what is written about them before it is sent). Shared versions are seen by
everyone who may see the participant's work pathway, the NAV counsellor among them.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from los.access.audit import record_change_by
from los.access.policy import ParticipantAccess, require
from los.core.days import add_days, short_date
from los.core.editing import locked_row
from los.core.numbers import plain_number
from los.core.pdf import pdf_from_template
from los.core.text import cleans_text
from los.core.vocabulary import Category
from los.notifications import events as notices
from los.pathways.models import (
    REPORT_TEXT_FIELDS,
    CounsellorReport,
    Enrolment,
    ReportKind,
    ReportVersion,
)
from los.pathways.outcomes import competitiveness
from los.pathways.queries import with_pathway
from los.pathways.services import apply_edit, locked_for_edit, may_run_pathway

REPORT_FIELDS = (*REPORT_TEXT_FIELDS, "participant_informed_on")


def may_read_drafts(access: ParticipantAccess) -> bool:
    return access.is_self or may_run_pathway(access)


def may_read_reports(access: ParticipantAccess) -> bool:
    return access.can_view(Category.EMPLOYMENT)


def _overlaps(start, end, period_start, period_end) -> bool:
    """Whether [start, end] (end None: still going) touches the period."""
    return start <= period_end and (end is None or end >= period_start)


# --- Drafting from the record --------------------------------------------------------------


def draft_texts(enrolment: Enrolment, start: datetime.date, end: datetime.date) -> dict:
    """The activities and results of the period, in plain sentences, from the record. The
    enrolment must come with its pathway prefetched (queries.with_pathway)."""
    return {
        "activities": "\n".join(_activity_lines(enrolment, start, end)),
        "results": "\n".join(_result_lines(enrolment, start, end)),
    }


def _activity_lines(enrolment: Enrolment, start, end) -> list[str]:
    lines = []
    stages = [h for h in enrolment.history.all() if start <= h.from_date <= end]
    if stages:
        lines.append(
            _("Trinn i perioden: %(stages)s.")
            % {
                "stages": ", ".join(
                    _("%(stage)s fra %(day)s")
                    % {"stage": h.stage.name, "day": short_date(h.from_date)}
                    for h in stages
                )
            }
        )
    else:
        lines.append(_("Trinn i hele perioden: %(stage)s.") % {"stage": enrolment.stage.name})
    contacts = [c for c in enrolment.employer_contacts.all() if start <= c.contact_date <= end]
    if contacts:
        employers = sorted({c.employer.name for c in contacts})
        lines.append(
            ngettext(
                "%(count)d kontakt med arbeidsgivere på deltakerens vegne, %(f2f)d ansikt til "
                "ansikt: %(employers)s.",
                "%(count)d kontakter med arbeidsgivere på deltakerens vegne, %(f2f)d ansikt til "
                "ansikt: %(employers)s.",
                len(contacts),
            )
            % {
                "count": len(contacts),
                "f2f": sum(1 for c in contacts if c.face_to_face),
                "employers": ", ".join(employers),
            }
        )
    else:
        lines.append(_("Ingen kontakt med arbeidsgivere på deltakerens vegne i perioden."))
    support = [s for s in enrolment.support_contacts.all() if start <= s.contact_date <= end]
    if support:
        lines.append(
            ngettext(
                "%(count)d oppfølgingskontakt i jobb eller utdanning, %(field)d ute i felt.",
                "%(count)d oppfølgingskontakter i jobb eller utdanning, %(field)d ute i felt.",
                len(support),
            )
            % {"count": len(support), "field": sum(1 for s in support if s.in_field)}
        )
    for period in enrolment.passive_periods.all():
        if _overlaps(period.start_date, period.end_date, start, end):
            lines.append(
                (
                    _("Pause fra %(from)s til %(to)s: %(reason)s.")
                    if period.end_date
                    else _("Pause fra %(from)s: %(reason)s.")
                )
                % {
                    "from": short_date(period.start_date),
                    "to": short_date(period.end_date),
                    "reason": period.reason,
                }
            )
    return lines


def _result_lines(enrolment: Enrolment, start, end) -> list[str]:
    lines = []
    for job in enrolment.jobs.all():
        if not _overlaps(job.start_date, job.end_date, start, end):
            continue
        verdict = competitiveness(job)
        ended = (
            _(", sluttet %(day)s (%(reason)s)")
            % {"day": short_date(job.end_date), "reason": job.get_end_reason_display() or "–"}
            if job.end_date and job.end_date <= end
            else ""
        )
        lines.append(
            _("%(title)s hos %(employer)s fra %(start)s%(ended)s, %(hours)s timer per uke, "
              "%(form)s. %(verdict)s")
            % {
                "title": job.title,
                "employer": job.employer.name,
                "start": short_date(job.start_date),
                "ended": ended,
                "hours": plain_number(job.hours_per_week),
                "form": job.get_employment_form_display(),
                "verdict": verdict.text,
            }
        )  # fmt: skip
    for education in enrolment.educations.all():
        if _overlaps(education.start_date, education.end_date, start, end):
            lines.append(
                _("%(course)s ved %(institution)s fra %(start)s: %(status)s.")
                % {
                    "course": education.course,
                    "institution": education.institution,
                    "start": short_date(education.start_date),
                    "status": education.get_status_display(),
                }
            )
    if not lines:
        lines.append(_("Ingen jobb eller utdanning i perioden."))
    if enrolment.end_date and start <= enrolment.end_date <= end:
        lines.append(
            _("Løpet ble avsluttet %(day)s: %(cause)s.")
            % {"day": short_date(enrolment.end_date), "cause": enrolment.get_end_cause_display()}
        )
    return lines


def default_period(enrolment: Enrolment, kind: str) -> tuple[datetime.date, datetime.date]:
    """From the day after the last report (or the start) to today, or to the end."""
    today = timezone.localdate()
    last = CounsellorReport.objects.filter(enrolment=enrolment).order_by("-period_end").first()
    start = (
        add_days(last.period_end, 1) if last else enrolment.start_date or enrolment.referral_date
    )
    end = enrolment.end_date if kind == ReportKind.END and enrolment.end_date else today
    return min(start, end), end


# --- Changing reports ----------------------------------------------------------------------


def _check_period(enrolment: Enrolment, start, end) -> None:
    errors = {}
    if end < start:
        errors["period_end"] = _("Perioden kan ikke slutte før den begynner.")
    elif end > timezone.localdate():
        errors["period_end"] = _("En rapport gjelder det som har skjedd: perioden kan ikke "
                                 "slutte frem i tid.")  # fmt: skip
    if start < enrolment.referral_date:
        errors["period_start"] = _("Perioden kan ikke begynne før henvisningen (%(day)s).") % {
            "day": short_date(enrolment.referral_date)
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_create(
    *,
    access: ParticipantAccess,
    enrolment_id: int,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
) -> CounsellorReport:
    """A new draft for the period, written from the record."""
    require(may_run_pathway(access))
    enrolment = with_pathway(
        Enrolment.objects.filter(participant=access.participant, pk=enrolment_id)
    ).first()
    if enrolment is None:
        raise PermissionDenied
    _check_period(enrolment, period_start, period_end)
    if kind == ReportKind.END and enrolment.reports.filter(kind=ReportKind.END).exists():
        raise ValidationError(
            {"kind": _("Løpet har allerede en sluttrapport. Rett den i stedet for å lage en ny.")}
        )
    try:
        with transaction.atomic():
            report = CounsellorReport.objects.create(
                enrolment=enrolment,
                kind=kind,
                period_start=period_start,
                period_end=period_end,
                created_by=access.user,
                updated_by=access.user,
                **draft_texts(enrolment, period_start, period_end),
            )
    except IntegrityError as error:  # a second end report saved at the same moment
        raise ValidationError({"kind": _("Løpet har allerede en sluttrapport.")}) from error
    record_change_by(access, "report.created", report, {"kind": kind})
    notices.report_drafted(access, report)
    return report


def _reports_of(access: ParticipantAccess):
    return CounsellorReport.objects.filter(enrolment__participant=access.participant)


@cleans_text(multiline=("activities", "results", "next_period", "participant_comment"))
@transaction.atomic
def report_update(
    *, access: ParticipantAccess, report_id: int, expected_version: int, **data
) -> CounsellorReport:
    """The specialist edits the draft (also after sharing: the next sharing is a new
    version)."""
    report = locked_for_edit(access, _reports_of(access), report_id, expected_version)
    informed = data.get("participant_informed_on")
    if informed is not None and informed > timezone.localdate():
        raise ValidationError({"participant_informed_on": _("Datoen kan ikke være frem i tid.")})
    data = {
        name: (value.strip() if isinstance(value, str) else value) for name, value in data.items()
    }
    return apply_edit(access, report, data, "report.updated")


@cleans_text(multiline=("comment",))
@transaction.atomic
def report_comment(
    *, access: ParticipantAccess, report_id: int, expected_version: int, comment: str
) -> CounsellorReport:
    """The participant's own comment. Writing it is also being informed of the report."""
    require(access.is_self)
    report = locked_row(_reports_of(access), report_id, version=expected_version)
    report.participant_comment = comment.strip()
    report.participant_informed_on = report.participant_informed_on or timezone.localdate()
    report.updated_by = access.user
    report.version += 1
    report.save()
    record_change_by(access, "report.commented", report)
    return report


@transaction.atomic
def report_share(
    *, access: ParticipantAccess, report_id: int, expected_version: int
) -> ReportVersion:
    """Freeze the draft as the next shared version. Only once the participant has been
    informed, and only when there is something new to share."""
    report = locked_for_edit(access, _reports_of(access), report_id, expected_version)
    if report.participant_informed_on is None:
        raise ValidationError(
            {
                "participant_informed_on": _(
                    "Deltakeren må være informert om rapporten før den deles. Fyll inn datoen "
                    "du informerte deltakeren."
                )
            }
        )
    if not (report.activities.strip() or report.results.strip()):
        raise ValidationError(_("Rapporten er tom. Skriv aktiviteter eller resultater først."))
    latest = report.versions.order_by("-number").first()
    if latest is not None and _same_content(latest, report):
        raise ValidationError(
            _("Ingenting er endret siden versjon %(number)d ble delt.") % {"number": latest.number}
        )
    membership = access.acting_membership
    version = ReportVersion.objects.create(
        report=report,
        number=latest.number + 1 if latest else 1,
        kind=report.kind,
        period_start=report.period_start,
        period_end=report.period_end,
        activities=report.activities,
        results=report.results,
        next_period=report.next_period,
        participant_comment=report.participant_comment,
        participant_informed_on=report.participant_informed_on,
        shared_by=access.user,
        shared_by_name=access.user.display_name,
        shared_by_organisation=membership.organisation.name if membership else "",
        shared_at=timezone.now(),
    )
    report.updated_by = access.user
    report.version += 1
    report.save(update_fields=["updated_by", "updated_at", "version"])
    record_change_by(access, "report.shared", report, {"version": version.number})
    return version


def _same_content(version: ReportVersion, report: CounsellorReport) -> bool:
    fields = (*REPORT_FIELDS, "kind", "period_start", "period_end")
    return all(getattr(version, name) == getattr(report, name) for name in fields)


# --- Reading -------------------------------------------------------------------------------


def reports_for(access: ParticipantAccess, enrolment_ids) -> dict[int, list[CounsellorReport]]:
    """The reports of these enrolments, each with `shared` (its versions, newest first),
    for a viewer who may read them: drafts are left out for those who may not see them."""
    if not may_read_reports(access):
        return {}
    reports = CounsellorReport.objects.filter(enrolment_id__in=enrolment_ids).prefetch_related(
        "versions"
    )
    drafts = may_read_drafts(access)
    result: dict[int, list[CounsellorReport]] = {}
    for report in reports:
        report.shared = list(report.versions.all())
        if report.shared or drafts:
            result.setdefault(report.enrolment_id, []).append(report)
    return result


def report_of(access: ParticipantAccess, report_id: int) -> CounsellorReport | None:
    if not may_read_reports(access):
        return None
    report = (
        _reports_of(access)
        .select_related("enrolment__programme", "enrolment__job_specialist", "updated_by")
        .prefetch_related("versions")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return None
    report.shared = list(report.versions.all())
    if not report.shared and not may_read_drafts(access):
        return None
    return report


def report_document(access: ParticipantAccess, report, version: ReportVersion) -> bytes:
    """A shared version as an accessible PDF (tagged, PDF/UA-1), like the plan."""
    return pdf_from_template(
        "pathways/report_pdf.html",
        {
            "access": access,
            "participant": access.participant,
            "report": report,
            "version": version,
            "printed_at": timezone.now(),
            "printed_by": access.user.display_name,
        },
    )


def has_unshared_changes(report: CounsellorReport) -> bool:
    """Whether the draft differs from the last shared version (or nothing is shared)."""
    return not report.shared or not _same_content(report.shared[0], report)


def drafts_to_share(user, accesses: dict[int, ParticipantAccess]) -> list[CounsellorReport]:
    """The report drafts this user has to share (the work list): on the pathways they run
    (may_run_pathway), that they wrote or whose participant they follow as job specialist,
    with something not shared yet. Two queries, whatever the number of participants."""
    running = [pid for pid, access in accesses.items() if may_run_pathway(access)]
    if not running:
        return []
    reports = (
        CounsellorReport.objects.filter(enrolment__participant_id__in=running)
        .filter(Q(created_by=user) | Q(enrolment__job_specialist=user))
        .select_related("enrolment")
        .prefetch_related("versions")
        .order_by("period_end", "pk")
    )
    drafts = []
    for report in reports:
        report.shared = list(report.versions.all())
        if has_unshared_changes(report):
            drafts.append(report)
    return drafts

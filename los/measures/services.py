"""Importing instruments, planning them for a participant, saving answers and acting on a
worrying answer.

Who may do what:
- instruments are not personal data: administrators and programme managers import them;
- care staff who may change the MEASUREMENTS category plan questionnaires and enter
  answers from paper; the participant answers their own;
- a positive answer on a safety item creates a task at once, for the participant's
  therapist, else their GP, else the person who planned the questionnaire; it is handled
  by someone on the team who may see the answers.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change, record_change_by
from los.access.policy import ParticipantAccess, require, staff_roles_of
from los.core.editing import locked_row, stale_edit_error
from los.core.text import cleans_text
from los.core.vocabulary import Category, Role
from los.measures.models import Instrument, Response, ResponseStatus, SafetyTask, Schedule
from los.measures.scoring import InstrumentError, parse, score
from los.notifications import safety

INSTRUMENT_MANAGER_ROLES = frozenset({Role.PROGRAMME_MANAGER})
MIN_REPEAT_DAYS = 7
# Who gets the task when a safety item is answered positively, in this order.
SAFETY_ROLES = (Role.THERAPIST, Role.GP)


def may_manage_instruments(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(r.role in INSTRUMENT_MANAGER_ROLES for r in staff_roles_of(user))
    )


def may_plan(access: ParticipantAccess) -> bool:
    return not access.is_self and access.can_change(Category.MEASUREMENTS)


def may_answer(access: ParticipantAccess) -> bool:
    """The participant answers their own; care staff enter answers from paper."""
    return access.is_self or may_plan(access)


# --- Instruments ---------------------------------------------------------------------------


@transaction.atomic
def instrument_import(*, user, resource) -> Instrument:
    """Import a FHIR Questionnaire. Nothing is saved unless the whole file can be used; the
    same url and version twice is refused (a changed scale is a new version)."""
    if not may_manage_instruments(user):
        raise PermissionDenied
    try:
        scale = parse(resource)
    except InstrumentError as error:
        raise ValidationError(error.errors) from error
    if Instrument.objects.filter(url=scale.url, version=scale.version).exists():
        raise ValidationError(
            _("Versjon %(version)s av «%(title)s» finnes allerede. Gi en endret skala et nytt "
              "versjonsnummer.") % {"version": scale.version, "title": scale.title}
        )  # fmt: skip
    instrument = Instrument.objects.create(
        code=scale.code,
        url=scale.url,
        version=scale.version,
        title=scale.title,
        language=scale.language,
        copyright=scale.copyright,
        definition=resource,
        example=scale.example,
        imported_by=user,
    )
    record_change(
        actor=user, participant=None, action="instrument.imported", obj=instrument, data={}
    )
    return instrument


# --- Planning ------------------------------------------------------------------------------


@transaction.atomic
def schedule_create(
    *,
    access: ParticipantAccess,
    instrument: Instrument,
    first_due: datetime.date,
    every_days: int | None,
) -> Schedule:
    require(may_plan(access))
    if not instrument.active:
        raise ValidationError({"instrument": _("Skjemaet er ikke i bruk lenger.")})
    if first_due < timezone.localdate():
        raise ValidationError({"first_due": _("Første gang kan ikke være tilbake i tid.")})
    if every_days is not None and every_days < MIN_REPEAT_DAYS:
        raise ValidationError(
            {"every_days": _("Gjenta tidligst hver 7. dag: skjemaene spør om de siste ukene.")}
        )
    schedule = Schedule.objects.create(
        participant=access.participant,
        instrument=instrument,
        first_due=first_due,
        every_days=every_days,
        created_by=access.user,
    )
    record_change_by(access, "measure_schedule.created", schedule, {"instrument": instrument.code})
    return schedule


@transaction.atomic
def schedule_stop(*, access: ParticipantAccess, schedule_id: int) -> Schedule:
    require(may_plan(access))
    open_schedules = Schedule.objects.filter(
        participant=access.participant, stopped_at__isnull=True
    )
    schedule = locked_row(open_schedules, schedule_id)
    schedule.stopped_at, schedule.stopped_by = timezone.now(), access.user
    schedule.save(update_fields=["stopped_at", "stopped_by"])
    record_change_by(access, "measure_schedule.stopped", schedule)
    return schedule


# --- Answers -------------------------------------------------------------------------------


@transaction.atomic
def response_save(
    *,
    access: ParticipantAccess,
    instrument: Instrument,
    answers: dict[str, str],
    submit: bool,
    response_id: int | None = None,
    expected_version: int = 0,
    completed_on: datetime.date | None = None,
) -> Response:
    """Save answers as a draft, or submit them. A submitted response must answer every
    question; it is then scored and locked. A safety item answered positively creates a
    task at once, draft or not: the answer is there, whether or not the rest is."""
    require(may_answer(access))
    if access.is_self and response_id is None and not is_planned(access.participant, instrument):
        raise ValidationError(_("Dette skjemaet er ikke planlagt for deg."))
    scale = instrument.scale
    answers = {k: v for k, v in answers.items() if v not in (None, "")}
    try:
        result = score(scale, answers)
    except InstrumentError as error:
        raise ValidationError(error.errors) from error
    if submit and not result.complete:
        missing = ", ".join(result.missing)
        raise ValidationError(
            _("Svar på alle spørsmålene før du sender inn (mangler: %(missing)s), eller lagre "
              "som utkast.") % {"missing": missing}
        )  # fmt: skip
    today = timezone.localdate()
    if completed_on is not None and completed_on > today:
        raise ValidationError({"completed_on": _("Datoen kan ikke være frem i tid.")})
    response = _response_to_save(access, instrument, response_id, expected_version)
    response.answers = answers
    response.answered_by = access.user
    response.on_paper = not access.is_self
    response.subscales = {code: str(value) for code, value in result.subscales.items()}
    if submit:
        response.status = ResponseStatus.COMPLETED
        response.total, response.band = result.total, result.band
        response.raw_total = result.raw_total
        response.completed_on = completed_on or today
        response.completed_at = timezone.now()
    response.save()
    record_change_by(
        access,
        "measure_response.submitted" if submit else "measure_response.saved",
        response,
        {"instrument": instrument.code},
    )
    if result.safety:
        _safety_task(access, response, result.safety)
    return response


def is_planned(participant, instrument: Instrument) -> bool:
    """The participant answers what their team has planned with them, nothing else."""
    return Schedule.objects.filter(
        participant=participant, instrument=instrument, stopped_at__isnull=True
    ).exists()


def _response_to_save(access, instrument, response_id, expected_version) -> Response:
    if response_id is None:
        schedule = (
            Schedule.objects.filter(
                participant=access.participant, instrument=instrument, stopped_at__isnull=True
            )
            .order_by("-pk")
            .first()
        )
        return Response(
            participant=access.participant,
            instrument=instrument,
            schedule=schedule,
            status=ResponseStatus.IN_PROGRESS,
        )
    responses = Response.objects.filter(participant=access.participant, instrument=instrument)
    response = locked_row(responses, response_id)
    if not response.is_draft:
        raise ValidationError(_("Svarene er sendt inn og kan ikke endres."))
    if response.version != expected_version:
        raise stale_edit_error()
    response.version += 1
    return response


def _safety_task(access: ParticipantAccess, response: Response, items: list[str]) -> None:
    if SafetyTask.objects.filter(response=response).exists():
        return
    task = SafetyTask.objects.create(
        participant=access.participant,
        response=response,
        assigned_to=safety_contact(access.participant, response),
        items=items,
    )
    record_change_by(
        access, "safety_task.created", response, {"instrument": response.instrument.code}
    )
    safety.task_created(task)


def safety_contact(participant, response: Response):
    """The therapist on the team, else the GP, else whoever planned the questionnaire,
    else (answered without a plan) whoever entered it."""
    today = timezone.localdate()
    team = list(participant.team.active(today).select_related("user"))
    for role in SAFETY_ROLES:
        member = next((m for m in team if m.role == role), None)
        if member is not None:
            return member.user
    if response.schedule_id is not None:
        return response.schedule.created_by
    return response.answered_by


@cleans_text(multiline=("note",))
@transaction.atomic
def safety_task_handle(*, access: ParticipantAccess, task_id: int, note: str) -> SafetyTask:
    """Record what was done. Anyone on the team who may see the answers and act on them."""
    require(may_plan(access))
    task = locked_row(SafetyTask.objects.filter(participant=access.participant), task_id)
    if task.handled_at is not None:
        raise ValidationError(_("Oppgaven er allerede fulgt opp."))
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Skriv kort hva som ble gjort.")})
    task.handled_at, task.handled_by, task.handled_note = timezone.now(), access.user, note
    task.save(update_fields=["handled_at", "handled_by", "handled_note"])
    record_change_by(access, "safety_task.handled", task)
    return task

"""Measurement: questionnaires planned for a participant, answered in their own pages or
entered from paper, the trends over time and the safety tasks; and, outside any record,
the instruments with their licences, their import and their FHIR export.

Same pattern as the other view modules: the policy decides, a domain function changes,
every page logs what it showed."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from los.access import audit
from los.access.policy import ParticipantAccess, is_staff_user
from los.core.submissions import submitted_once
from los.core.vocabulary import Category
from los.measures import queries, services
from los.measures.forms import AnswerForm, InstrumentImportForm, SafetyHandledForm, ScheduleForm
from los.measures.models import Instrument, Response
from los.measures.scoring import response_resource
from los.notifications import safety
from los.web.helpers import (
    access_for,
    apply_errors,
    attachment,
    posted,
    record_for,
    render_participant_page,
    render_record_page,
    show_current_version,
)

WHAT_MEASURES = "kartlegginger"
WHAT_MEASURE_FORM = "skjema for kartlegging"
WHAT_RESPONSE_EXPORT = "svar på kartlegging (FHIR)"
MAX_IMPORT_BYTES = 1024 * 1024
# A participant whose answer says they may be in danger is told what happens now and where
# to get help (los/notifications/safety.py: promise, true to what the code does).


def _access(request, public_id) -> ParticipantAccess:
    return access_for(request, public_id, Category.MEASUREMENTS)


def _render(request, access, template, context, what=WHAT_MEASURE_FORM):
    return render_participant_page(
        request, access, template, what, context, categories=(Category.MEASUREMENTS,)
    )


def _to_measures(public_id):
    return redirect("measures", public_id=public_id)


@login_required
@require_safe
def measures(request, public_id):
    record = record_for(request, public_id, Category.MEASUREMENTS)
    access = record.access
    trends, tasks = record.measurements()
    return render_record_page(
        request,
        record,
        "measures/measures.html",
        WHAT_MEASURES,
        {
            "trends": trends,
            "tasks": tasks,
            "can_plan": services.may_plan(access),
            "can_answer": services.may_answer(access),
            "handled_form": SafetyHandledForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def measure_plan(request, public_id):
    access = _access(request, public_id)
    if not services.may_plan(access):
        raise PermissionDenied
    form = ScheduleForm(
        posted(request),
        instruments=queries.instruments_in_use(),
        initial={"first_due": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_create(access=access, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Skjemaet er planlagt."))
            return _to_measures(public_id)
    return _render(request, access, "measures/plan_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def measure_answer(request, public_id, instrument_id):
    """Answer an instrument: the participant in their own pages, staff from paper. A draft
    keeps what is answered; sending in needs every question."""
    access = _access(request, public_id)
    if not services.may_answer(access):
        raise PermissionDenied
    instrument = get_object_or_404(Instrument, pk=instrument_id, active=True)
    draft = queries.draft_of(access, instrument)
    if access.is_self and draft is None and not services.is_planned(access.participant, instrument):
        raise Http404  # the participant answers only what is planned with them
    initial = {"version": draft.version, "response": draft.pk} if draft else {}
    if draft:
        initial.update({f"q_{k}": v for k, v in draft.answers.items()})
    form = AnswerForm(
        posted(request), scale=instrument.scale, on_paper=not access.is_self, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            response = services.response_save(
                access=access,
                instrument=instrument,
                answers=form.answers(),
                submit=submit,
                response_id=form.cleaned_data.get("response"),
                expected_version=form.cleaned_data.get("version") or 0,
                completed_on=form.cleaned_data.get("completed_on"),
            )
        except ValidationError as error:
            apply_errors(form, error)
            if draft is not None:
                show_current_version(form, draft)
        else:
            _tell_about_safety_task(request, access, response)
            messages.success(
                request, _("Svarene er sendt inn.") if submit else _("Utkastet er lagret.")
            )
            return _to_measures(public_id)
    return _render(
        request,
        access,
        "measures/answer_form.html",
        {"form": form, "instrument": instrument, "scale": instrument.scale, "draft": draft},
    )


def _tell_about_safety_task(request, access, response) -> None:
    """The participant learns where to get help now; staff learn who will follow it up."""
    task = queries.safety_task_of(response)
    if task is None:
        return
    if access.is_self:
        messages.warning(request, safety.promise(task))
    else:
        messages.warning(
            request,
            _("Svaret på spørsmål %(items)s må følges opp i dag. %(name)s har fått oppgaven.")
            % {"items": ", ".join(task.items), "name": task.assigned_to.display_name},
        )


@login_required
@require_POST
def safety_task_handle(request, public_id, task_id):
    access = _access(request, public_id)
    if not services.may_plan(access):
        raise PermissionDenied
    form = SafetyHandledForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Skriv kort hva som ble gjort."))
        services.safety_task_handle(access=access, task_id=task_id, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Oppfølgingen er registrert."))
    return _to_measures(public_id)


@login_required
@require_POST
def schedule_stop(request, public_id, schedule_id):
    access = _access(request, public_id)
    if not services.may_plan(access):
        raise PermissionDenied
    services.schedule_stop(access=access, schedule_id=schedule_id)
    messages.success(request, _("Skjemaet er ikke lenger planlagt."))
    return _to_measures(public_id)


@login_required
@require_safe
def response_fhir(request, public_id, response_id):
    """A completed response as a FHIR QuestionnaireResponse, without the person's identity."""
    access = _access(request, public_id)
    response = (
        Response.objects.filter(participant=access.participant, pk=response_id)
        .select_related("instrument")
        .first()
    )
    if response is None or response.is_draft:
        raise Http404
    resource = response_resource(
        response.instrument.scale,
        response.answers,
        status=response.status,
        authored=response.completed_at,
    )
    audit.record_read(access, Category.MEASUREMENTS, WHAT_RESPONSE_EXPORT)
    body = json.dumps(resource, ensure_ascii=False, indent=2)
    return attachment(body, "application/fhir+json; charset=utf-8", f"svar-{response.pk}.json")


# --- Instruments ---------------------------------------------------------------------------


def _require_staff(user) -> None:
    if not is_staff_user(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def instrument_list(request):
    """The instruments with their licences; programme managers import new ones here."""
    _require_staff(request.user)
    can_import = services.may_manage_instruments(request.user)
    form = InstrumentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        if form.is_valid():
            try:
                instrument = services.instrument_import(
                    user=request.user, resource=_read_upload(form.cleaned_data["file"])
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("«%(title)s» er importert.") % {"title": instrument.title}
                )
                return redirect("instrument_list")
    return render(
        request,
        "measures/instrument_list.html",
        {
            "instruments": Instrument.objects.order_by("title", "version"),
            "form": form if can_import else None,
        },
    )


def _read_upload(upload):
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(_("Filen er større enn 1 MB."))
    try:
        return json.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(_("Filen er ikke gyldig JSON.")) from error


@login_required
@require_safe
def instrument_fhir(request, instrument_id):
    """The instrument as it was imported: a FHIR R4 Questionnaire."""
    _require_staff(request.user)
    instrument = get_object_or_404(Instrument, pk=instrument_id)
    body = json.dumps(instrument.definition, ensure_ascii=False, indent=2)
    return attachment(
        body,
        "application/fhir+json; charset=utf-8",
        f"{instrument.code}-{instrument.version}.json",
    )

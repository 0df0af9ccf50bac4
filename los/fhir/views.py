"""FHIR R4 at /fhir/ (docs/fhir.md): read and search, JSON only, through the same doors as
the pages and the JSON API: the record through open_record (404 for a participant the policy
hides, as for one that does not exist), the reads written to the access log, a personal API
key or the browser session to sign in."""

from __future__ import annotations

import json
import uuid
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from los.access import audit
from los.access.middleware import log_refusal
from los.access.record import open_record, open_record_about
from los.api import tokens
from los.core.vocabulary import Category
from los.fhir import resources
from los.measures.models import Response, ResponseStatus
from los.organisations.models import Organisation
from los.participants import queries as participant_queries

MEDIA_TYPE = "application/fhir+json"
WHAT_FHIR = "FHIR"
# The newest reads; the whole log is on the access-log page, paged.
AUDIT_EVENTS_AT_MOST = 1000


def answer(body: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{MEDIA_TYPE}; charset=utf-8",
    )


def fhir_view(view):
    """Signed in by key or session, JSON only, and the policy's refusals as the pages give
    them (404 hidden, 403 refused), each as an OperationOutcome and in the refusal log."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, key = header.partition(" ")
            token = tokens.authenticate(key.strip()) if scheme.lower() == "bearer" else None
            if token is None:
                response = answer(resources.outcome("login", "Ugyldig API-nøkkel."), 401)
                response["WWW-Authenticate"] = "Bearer"
                return response
            request.user = token.user
        elif not request.user.is_authenticated:
            response = answer(resources.outcome("login", "Logg inn eller send en API-nøkkel."), 401)
            response["WWW-Authenticate"] = "Bearer"
            return response
        wanted = request.GET.get("_format", "json")
        if wanted not in {"json", MEDIA_TYPE, "application/json"}:
            return answer(resources.outcome("not-supported", "Bare JSON."), 406)
        try:
            return view(request, *args, **kwargs)
        except MissingPatient:
            return answer(resources.outcome("required", "Søk med ?patient=<id>."), 400)
        except Http404 as error:
            log_refusal(request, error)
            return answer(resources.outcome("not-found", "Finnes ikke."), 404)
        except PermissionDenied as error:
            log_refusal(request, error)
            return answer(resources.outcome("forbidden", "Ikke tillatt."), 403)

    return require_safe(wrapped)


@require_safe
def metadata(request):
    """The CapabilityStatement: open, like /api/v1/openapi.json."""
    return answer(resources.capability_statement())


class MissingPatient(Exception):
    """A search without `patient`: Los searches one person's record at a time."""


def _patient_id(request) -> uuid.UUID:
    value = request.GET.get("patient", "").removeprefix("Patient/")
    if not value:
        raise MissingPatient
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


@fhir_view
def patient(request, patient_id):
    """Patient: for the care roles and the person themself (the roles that may see the
    national id); other team members are refused, as the issue's rule says."""
    record = open_record(request.user, patient_id)
    access = record.access
    if not access.can_see_national_id:
        raise PermissionDenied
    audit.record_page_reads(access, [Category.CORE], WHAT_FHIR)
    return answer(resources.patient(record.participant, with_national_id=True))


@fhir_view
def organization(request, organisation_id):
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return answer(resources.organization(organisation))


def _plan_record(request):
    return open_record_about(request.user, _patient_id(request), Category.PLAN)


@fhir_view
def care_plan_search(request):
    record = _plan_record(request)
    overview = record.plan()
    found = [resources.care_plan(record.participant, overview)] if overview else []
    record.log_shown(WHAT_FHIR)  # also when the search finds nothing
    return answer(resources.searchset(found))


@fhir_view
def goal_search(request):
    record = _plan_record(request)
    overview = record.plan()
    goals = [g.goal for g in overview.goals if g.goal] if overview else []
    record.log_shown(WHAT_FHIR)  # also when the search finds nothing
    return answer(resources.searchset([resources.goal(record.participant, g) for g in goals]))


@fhir_view
def consent_search(request):
    record = open_record(request.user, _patient_id(request))
    access = record.access
    shown = participant_queries.consents_seen_by(access)
    audit.record_page_reads(access, [Category.CORE], WHAT_FHIR)
    return answer(resources.searchset([resources.consent(record.participant, c) for c in shown]))


@fhir_view
def audit_event_search(request):
    """The access log, for whom the access-log page is for (the person themself first)."""
    record = open_record(request.user, _patient_id(request))
    access = record.access
    if not access.can_see_access_log:
        raise PermissionDenied
    # As on the access-log page: the person's own reads are left out of what they are shown,
    # and the reads are said in their words.
    entries = participant_queries.access_log_of(
        record.participant, exclude_user=request.user if access.is_self else None
    )[:AUDIT_EVENTS_AT_MOST]
    audit.record_page_reads(access, [Category.CORE], audit.WHAT_ACCESS_LOG)
    events = [
        resources.audit_event(record.participant, e, for_self=access.is_self) for e in entries
    ]
    return answer(resources.searchset(events))


@fhir_view
def questionnaire_response_search(request):
    """The completed questionnaires, for whom may read measurements (the page's rule)."""
    record = open_record_about(request.user, _patient_id(request), Category.MEASUREMENTS)
    access = record.access
    completed = (
        Response.objects.filter(participant=record.participant, status=ResponseStatus.COMPLETED)
        .select_related("instrument")
        .order_by("completed_on", "pk")
    )
    scales = {}
    found = []
    for row in completed:
        scale = scales.setdefault(row.instrument_id, row.instrument.scale)
        found.append(resources.questionnaire_response(record.participant, row, scale))
    audit.record_page_reads(access, [Category.CORE, Category.MEASUREMENTS], WHAT_FHIR)
    return answer(resources.searchset(found))

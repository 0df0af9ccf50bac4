"""The JSON API, version 1, under /api/v1/ (docs/api.md), with its OpenAPI 3.1 document at
/api/v1/openapi.json and the interactive docs at /api/v1/docs, both open: they describe the
API and hold no personal data.

Every endpoint reads and writes through the same doors as the pages: the record through
`open_record` (404 for a participant the policy hides, the access-log rows written from what
the readers returned), the changes through the domain services (which write the change log),
the lists through the same policy. An endpoint here only turns rows into JSON.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.security import HttpBearer, SessionAuth

from los.access import audit
from los.access.policy import load_accesses, system_roles_of
from los.access.record import open_record
from los.api import problems, tokens
from los.api.models import Scope
from los.core.text import clean_text
from los.core.vocabulary import Category
from los.directory import queries as directory_queries
from los.followup import caseload as caseloads
from los.plans import services as plan_services
from los.plans.models import GoalKind

WHAT_API_PLAN = "planen (API)"
MAX_LIMIT = 100
DEFAULT_LIMIT = 50


class KeyAuth(HttpBearer):
    """A staff member's personal key: `Authorization: Bearer los_…`."""

    def authenticate(self, request, token):
        api_token = tokens.authenticate(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        return api_token


class LoggedInSession(SessionAuth):
    """The browser session of a signed-in user (the participant's own pages, and staff in
    the docs). CSRF is checked on writes, as for the pages. A request that sends a key is
    judged by the key alone: a revoked key in a signed-in browser is still refused."""

    def authenticate(self, request, key):
        if request.headers.get("Authorization"):
            return None
        return super().authenticate(request, key)


class LosAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The document as ninja writes it, with the errors' media type as they are sent:
        application/problem+json (los/api/problems.py)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[problems.MEDIA_TYPE] = content.pop("application/json")
        return schema


api = LosAPI(
    title="Los API",
    version="1",
    description=(
        "Lese og skrive i Los med de samme reglene som sidene: samme tilgang, samme "
        "tilgangslogg og endringslogg. Feil kommer som application/problem+json (RFC 9457)."
    ),
    urls_namespace="api-v1",
    auth=[KeyAuth(), LoggedInSession()],
)
problems.install(api)


def require_write(request) -> None:
    """A key with only read access may not change anything; a browser session may."""
    token = getattr(request, "api_token", None)
    if token is not None and token.scope != Scope.WRITE:
        raise PermissionDenied


# --- Schemas -------------------------------------------------------------------------------


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None


class RoleOut(Schema):
    role: str
    label: str


class MeOut(Schema):
    name: str
    email: str
    roles: list[RoleOut]
    participant_id: uuid.UUID | None = Field(
        None, description="Deltakerens id når brukeren selv er deltaker."
    )


class ParticipantOut(Schema):
    id: uuid.UUID
    first_name: str
    last_name: str


class ParticipantPage(Schema):
    items: list[ParticipantOut]
    next_cursor: str | None = Field(
        None, description="Send som ?cursor= for neste side; mangler når dette er siste side."
    )


class ActivityOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    agreed: bool
    start_date: datetime.date | None
    due_date: datetime.date | None
    goal_id: int | None


class GoalOut(Schema):
    id: int
    kind: str
    text: str
    status: str
    target_date: datetime.date | None


class PlanOut(Schema):
    id: int
    next_review: datetime.date | None
    goals: list[GoalOut]
    activities: list[ActivityOut]


class GoalIn(Schema):
    kind: GoalKind
    text: str = Field(..., min_length=1, max_length=1000)
    target_date: datetime.date | None = None


class OfferOut(Schema):
    id: int
    name: str
    kind: str
    organisation: str
    is_open: bool
    target_group: str
    how_to_refer: str
    phone: str
    email: str
    web: str


class OfferPage(Schema):
    items: list[OfferOut]
    next_cursor: str | None = None


ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


# --- Cursors -------------------------------------------------------------------------------


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    """An opaque cursor back to what it points after; an unreadable one is a 422."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise problems.UnusableCursor from None


def decode_id_cursor(cursor: str | None) -> uuid.UUID | None:
    value = decode_cursor(cursor)
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise problems.UnusableCursor from None


# --- Endpoints -----------------------------------------------------------------------------


@api.get("/meg", response={200: MeOut, **ERRORS}, summary="Hvem er jeg")
def me(request):
    user = request.user
    participant = getattr(user, "participant", None)
    return MeOut(
        name=user.display_name,
        email=user.email,
        roles=[RoleOut(role=role.value, label=str(role.label)) for role in system_roles_of(user)],
        participant_id=participant.public_id if participant else None,
    )


@api.get(
    "/deltakere",
    response={200: ParticipantPage, **ERRORS},
    summary="Mine deltakere",
    description=(
        "Deltakerne brukeren er i teamet rundt, søkt på navn med ?q=; for en deltaker bare "
        "deltakeren selv. Hvert treff skrives i tilgangsloggen, som på siden «Mine deltakere»."
    ),
)
def participants(
    request,
    q: str = Query("", max_length=100),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    user = request.user
    after = decode_id_cursor(cursor)
    own = getattr(user, "participant", None)
    if own is not None:
        found = [own] if after is None else []
        return ParticipantPage(items=[_participant(own) for own in found], next_cursor=None)
    today = timezone.localdate()
    rows = caseloads.participants_after(user, clean_text(q), after, limit + 1, today)
    page, more = rows[:limit], len(rows) > limit
    accesses = load_accesses(user, page, today)
    audit.record_reads(
        [accesses[p.pk] for p in page if p.pk in accesses], Category.CORE, audit.WHAT_SEARCH_HIT
    )
    return ParticipantPage(
        items=[_participant(p) for p in page],
        next_cursor=encode_cursor(str(page[-1].public_id)) if more else None,
    )


def _participant(participant) -> ParticipantOut:
    return ParticipantOut(
        id=participant.public_id, first_name=participant.first_name, last_name=participant.last_name
    )


@api.get(
    "/deltakere/{participant_id}/plan",
    response={200: PlanOut, **ERRORS},
    summary="Den individuelle planen",
    description=(
        "Den aktive planen med målene og de aktivitetene brukeren har lov til å se (en "
        "behandling er helseopplysning). 404 når planen ikke finnes eller deltakeren ikke "
        "finnes for brukeren."
    ),
)
def plan(request, participant_id: uuid.UUID):
    record = open_record(request.user, participant_id)
    overview = record.plan()
    if overview is None:
        raise Http404
    record.log_reads(WHAT_API_PLAN)
    return PlanOut(
        id=overview.plan.pk,
        next_review=overview.plan.next_review,
        goals=[GoalOut.from_orm(group.goal) for group in overview.goals if group.goal],
        activities=[
            ActivityOut.from_orm(activity)
            for group in overview.goals
            for activity in group.activities
        ],
    )


@api.post(
    "/deltakere/{participant_id}/plan/mal",
    response={201: GoalOut, **ERRORS},
    summary="Legg til et mål",
    description="Krever en nøkkel med skrivetilgang, eller en innlogget økt (med CSRF).",
)
def goal_add(request, participant_id: uuid.UUID, goal: GoalIn):
    require_write(request)
    record = open_record(request.user, participant_id)
    with transaction.atomic():
        created = plan_services.goal_add(
            access=record.access,
            kind=goal.kind,
            text=clean_text(goal.text),
            target_date=goal.target_date,
        )
    return Status(201, GoalOut.from_orm(created))


@api.get(
    "/tjenester",
    response={200: OfferPage, **ERRORS},
    auth=None,
    summary="Tjenestekatalogen",
    description=(
        "Tilbudene i tjenestekatalogen, åpne først; ?kommune= (fire sifre) og ?behov= som på "
        "/tilbud/. Åpen, uten innlogging."
    ),
)
def offers(
    request,
    kommune: str = Query("", max_length=20),
    behov: str = Query("", max_length=20),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    search = directory_queries.parse_search({"kommune": kommune, "behov": behov})
    if search.errors:
        return problems.problem(422, str(search.errors[0]))
    offset = _offset(decode_cursor(cursor))
    found = list(directory_queries.offers_for(search)[offset : offset + limit + 1])
    page, more = found[:limit], len(found) > limit
    return OfferPage(
        items=[
            OfferOut(
                id=o.pk,
                name=o.name,
                kind=o.kind,
                organisation=o.organisation.name,
                is_open=o.is_open,
                target_group=o.target_group,
                how_to_refer=o.how_to_refer,
                phone=o.phone,
                email=o.email,
                web=o.web,
            )
            for o in page
        ],
        next_cursor=encode_cursor(str(offset + limit)) if more else None,
    )


def _offset(value: str | None) -> int:
    # The directory is public and small; its cursor is a position in a stable order.
    if value is None:
        return 0
    if not value.isdigit():
        raise problems.UnusableCursor
    return int(value)


__all__ = ["api"]

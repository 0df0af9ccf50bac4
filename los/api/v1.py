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
from django.http import Http404
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.security import HttpBearer, SessionAuth

from los.access import audit
from los.access.policy import load_accesses, system_roles_of
from los.access.record import open_record, open_record_about
from los.api import problems, tokens
from los.api.models import Scope
from los.core.text import clean_text
from los.core.vocabulary import Category
from los.directory import queries as directory_queries
from los.followup import caseload as caseloads
from los.followup import queries as followup_queries
from los.followup import services as followup_services
from los.followup import worklist
from los.plans import services as plan_services
from los.plans.models import GoalKind

WHAT_API_PLAN = "planen (API)"
WHAT_API_DIALOGUE = "dialog (API)"
WHAT_API_NOTES = "samtalereferater (API)"
WHAT_API_MEETINGS = "møter (API)"
MAX_LIMIT = 100
MAX_OFFSET = 100_000  # far beyond the directory; a larger cursor is not one we gave
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

    def __call__(self, request):
        # Before the CSRF check: a request with a key that failed is a 401, not a CSRF 403.
        if request.headers.get("Authorization"):
            return None
        return super().__call__(request)


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


class ThreadOut(Schema):
    id: int
    subject: str
    last_message_at: datetime.datetime
    unread: bool = Field(..., description="Ikke lest av brukeren siden siste melding.")


class MessageOut(Schema):
    id: int
    author: str = Field(..., description="Navnet slik brukeren kan se det, eller «en i teamet».")
    from_participant: bool
    sent_at: datetime.datetime
    text: str


class ThreadWithMessages(ThreadOut):
    messages: list[MessageOut]


class MessageIn(Schema):
    text: str = Field(..., min_length=1, max_length=5000)


class NoteOut(Schema):
    id: int
    category: str
    contact_date: datetime.date
    author: str
    text: str
    shared_with_participant: bool


class MeetingOut(Schema):
    id: int
    kind: str
    starts_at: datetime.datetime
    duration_minutes: int
    channel: str
    place: str
    agenda: str
    cancelled: bool


class TaskOut(Schema):
    kind: str
    participant: str
    text: str
    url: str = Field(..., description="Siden i Los der oppgaven gjøres.")
    since: datetime.date
    due: datetime.date | None
    late: bool


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
WRITE_ERRORS = {**ERRORS, 400: Problem, 429: Problem}


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
    record = open_record_about(request.user, participant_id, Category.PLAN)
    overview = record.plan()
    if overview is None:
        raise Http404
    record.log_shown(WHAT_API_PLAN)
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
    response={201: GoalOut, **WRITE_ERRORS},
    summary="Legg til et mål",
    description="Krever en nøkkel med skrivetilgang, eller en innlogget økt (med CSRF).",
)
def goal_add(request, participant_id: uuid.UUID, goal: GoalIn):
    require_write(request)
    record = open_record(request.user, participant_id)
    created = plan_services.goal_add(
        access=record.access, kind=goal.kind, text=goal.text, target_date=goal.target_date
    )
    return Status(201, GoalOut.from_orm(created))


def _thread(thread) -> ThreadOut:
    return ThreadOut(
        id=thread.pk,
        subject=thread.subject,
        last_message_at=thread.last_message_at,
        unread=getattr(thread, "unread", False),
    )


@api.get(
    "/deltakere/{participant_id}/dialog",
    response={200: list[ThreadOut], **ERRORS},
    summary="Dialogen: samtalene",
    description="Samtalene mellom deltakeren og teamet, nyeste først.",
)
def threads(request, participant_id: uuid.UUID):
    record = open_record_about(request.user, participant_id, Category.PLAN)
    shown = record.threads()
    record.log_shown(WHAT_API_DIALOGUE)
    return [_thread(thread) for thread in shown]


@api.get(
    "/deltakere/{participant_id}/dialog/{thread_id}",
    response={200: ThreadWithMessages, **ERRORS},
    summary="Én samtale med meldingene",
    description="Samtalen regnes som lest av brukeren, som når siden åpnes.",
)
def thread(request, participant_id: uuid.UUID, thread_id: int):
    record = open_record_about(request.user, participant_id, Category.PLAN)
    access = record.access
    found = record.thread(thread_id)
    if found is None:
        raise Http404
    messages = list(followup_queries.messages_of(found))
    followup_services.thread_mark_read(access=access, thread=found)
    record.log_shown(WHAT_API_DIALOGUE)
    return ThreadWithMessages(
        **_thread(found).model_dump(),
        messages=[_message(message, access) for message in messages],
    )


def _message(message, access) -> MessageOut:
    return MessageOut(
        id=message.pk,
        author=access.staff_name(message.author),
        from_participant=message.from_participant,
        sent_at=message.sent_at,
        text=message.text,
    )


@api.post(
    "/deltakere/{participant_id}/dialog/{thread_id}/meldinger",
    response={201: MessageOut, **WRITE_ERRORS},
    summary="Svar i en samtale",
    description="Krever en nøkkel med skrivetilgang, eller en innlogget økt (med CSRF).",
)
def message_send(request, participant_id: uuid.UUID, thread_id: int, message: MessageIn):
    require_write(request)
    record = open_record_about(request.user, participant_id, Category.PLAN)
    sent = followup_services.message_send(
        access=record.access, thread_id=thread_id, text=message.text
    )
    return Status(201, _message(sent, record.access))


@api.get(
    "/deltakere/{participant_id}/referater",
    response={200: list[NoteOut], **ERRORS},
    summary="Samtalereferatene",
    description=(
        "Referatene brukeren kan lese: etter kategori, kliniske bare fra organisasjonene "
        "regelen tillater; deltakeren bare det som er delt med dem."
    ),
)
def notes(request, participant_id: uuid.UUID):
    record = open_record(request.user, participant_id)
    access = record.access
    if not followup_queries.may_read_notes(access):
        raise PermissionDenied
    shown = record.notes()
    record.log_shown(WHAT_API_NOTES)
    return [
        NoteOut(
            id=note.pk,
            category=note.category,
            contact_date=note.contact_date,
            author=access.staff_name(note.author, note.author_organisation),
            text=note.text,
            shared_with_participant=note.shared_with_participant,
        )
        for note in shown
    ]


@api.get(
    "/deltakere/{participant_id}/moter",
    response={200: list[MeetingOut], **ERRORS},
    summary="Møtene",
    description="Møtene brukeren kan se (alle, eller dem brukeren er invitert til).",
)
def meetings(request, participant_id: uuid.UUID):
    record = open_record_about(request.user, participant_id, Category.PLAN)
    shown = record.meetings()
    record.log_shown(WHAT_API_MEETINGS)
    return [
        MeetingOut(
            id=meeting.pk,
            kind=meeting.kind,
            starts_at=meeting.starts_at,
            duration_minutes=meeting.duration_minutes,
            channel=meeting.channel,
            place=meeting.place,
            agenda=meeting.agenda,
            cancelled=meeting.cancelled_at is not None,
        )
        for meeting in shown
    ]


@api.get(
    "/oppgaver",
    response={200: list[TaskOut], **ERRORS},
    summary="Oppgaver",
    description="Det som venter på brukeren på tvers av deltakerne, som på siden «Oppgaver».",
)
def work_list(request):
    if not worklist.has_work_list(request.user):
        raise PermissionDenied
    work = worklist.work_list(request.user)
    worklist.log_shown(work)
    return [
        TaskOut(
            kind=task.kind,
            participant=task.participant_name,
            text=task.text,
            url=task.url,
            since=task.since,
            due=task.due,
            late=task.late,
        )
        for task in work.tasks
    ]


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
    if not value.isdigit() or int(value) > MAX_OFFSET:
        raise problems.UnusableCursor
    return int(value)


__all__ = ["api"]

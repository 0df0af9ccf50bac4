"""Writing contact notes and dialogue messages.

A note is written once; corrections are addenda; sharing with the participant is a recorded
decision that is not taken back. Messages are never edited either."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change
from los.access.policy import ParticipantAccess
from los.core.pace import check_writing_pace
from los.core.text import cleans_text
from los.core.vocabulary import Category
from los.followup.models import (
    NOTE_CATEGORIES,
    ContactNote,
    Message,
    NoteAddendum,
    Thread,
    ThreadRead,
)
from los.notifications import events as notices


def writable_note_categories(access: ParticipantAccess) -> list:
    if access.is_self:
        return []
    return [category for category in NOTE_CATEGORIES if access.can_change(category)]


@cleans_text(multiline=("text",))
@transaction.atomic
def note_write(
    *,
    access: ParticipantAccess,
    category: str,
    channel: str,
    contact_date: datetime.date,
    text: str,
    shared_with_participant: bool,
) -> ContactNote:
    if category not in writable_note_categories(access):
        raise PermissionDenied
    if contact_date > timezone.localdate():
        raise ValidationError({"contact_date": _("Samtalen kan ikke være fram i tid.")})
    if not text.strip():
        raise ValidationError({"text": _("Skriv referatet.")})
    check_writing_pace(user=access.user)
    membership = access.decide(category).membership
    note = ContactNote.objects.create(
        participant=access.participant,
        category=category,
        channel=channel,
        contact_date=contact_date,
        text=text.strip(),
        shared_with_participant=shared_with_participant,
        shared_at=timezone.now() if shared_with_participant else None,
        author=access.user,
        author_role=membership.role,
        author_organisation=membership.organisation,
    )
    record_change(
        actor=access.user,
        participant=access.participant,
        action="note.written",
        obj=note,
        data={"category": category, "shared": shared_with_participant},
    )
    return note


def _note_for_update(access: ParticipantAccess, note_id: int) -> ContactNote:
    try:
        note = ContactNote.objects.select_for_update().get(
            pk=note_id, participant=access.participant
        )
    except ContactNote.DoesNotExist as error:
        raise ValidationError(_("Fant ikke referatet.")) from error
    readable = access.decide_note(note.category, note.author_organisation_id).allowed
    if access.is_self or not readable or not access.can_change(note.category):
        raise PermissionDenied
    return note


@cleans_text(multiline=("text",))
@transaction.atomic
def note_add_addendum(*, access: ParticipantAccess, note_id: int, text: str) -> NoteAddendum:
    note = _note_for_update(access, note_id)
    if not text.strip():
        raise ValidationError({"text": _("Skriv tillegget.")})
    check_writing_pace(user=access.user)
    addendum = NoteAddendum.objects.create(note=note, text=text.strip(), author=access.user)
    record_change(
        actor=access.user,
        participant=access.participant,
        action="note.addendum_added",
        obj=addendum,
        data={"note": note.pk},
    )
    return addendum


@transaction.atomic
def note_share(*, access: ParticipantAccess, note_id: int) -> ContactNote:
    note = _note_for_update(access, note_id)
    if note.shared_with_participant:
        raise ValidationError(_("Referatet er allerede delt med deltakeren."))
    note.shared_with_participant = True
    note.shared_at = timezone.now()
    note.save(update_fields=["shared_with_participant", "shared_at"])
    record_change(actor=access.user, participant=access.participant, action="note.shared", obj=note)
    return note


def _mark_read(thread: Thread, user, moment) -> None:
    ThreadRead.objects.update_or_create(thread=thread, user=user, defaults={"read_at": moment})


def _require_dialogue_write(access: ParticipantAccess) -> None:
    if not access.can_change(Category.PLAN):
        raise PermissionDenied


@cleans_text("subject", multiline=("text",))
@transaction.atomic
def thread_start(*, access: ParticipantAccess, subject: str, text: str, activity=None) -> Thread:
    _require_dialogue_write(access)
    if not subject.strip():
        raise ValidationError({"subject": _("Skriv et emne.")})
    if not text.strip():
        raise ValidationError({"text": _("Skriv en melding.")})
    if activity is not None and activity.plan.participant_id != access.participant.pk:
        raise ValidationError({"activity": _("Aktiviteten hører ikke til denne planen.")})
    check_writing_pace(user=access.user)
    now = timezone.now()
    thread = Thread.objects.create(
        participant=access.participant,
        subject=subject.strip(),
        activity=activity,
        last_message_at=now,
        last_message_by=access.user,
        last_message_from_participant=access.is_self,
    )
    Message.objects.create(
        thread=thread, author=access.user, from_participant=access.is_self, text=text.strip()
    )
    _mark_read(thread, access.user, now)
    record_change(
        actor=access.user, participant=access.participant, action="thread.started", obj=thread
    )
    notices.message_sent(access, thread)
    return thread


@cleans_text(multiline=("text",))
@transaction.atomic
def message_send(*, access: ParticipantAccess, thread_id: int, text: str) -> Message:
    _require_dialogue_write(access)
    try:
        thread = Thread.objects.select_for_update().get(
            pk=thread_id, participant=access.participant
        )
    except Thread.DoesNotExist as error:
        raise ValidationError(_("Fant ikke samtalen.")) from error
    if not text.strip():
        raise ValidationError({"text": _("Skriv en melding.")})
    check_writing_pace(user=access.user)
    message = Message.objects.create(
        thread=thread, author=access.user, from_participant=access.is_self, text=text.strip()
    )
    thread.last_message_at = message.sent_at
    thread.last_message_by = access.user
    thread.last_message_from_participant = access.is_self
    thread.save(
        update_fields=["last_message_at", "last_message_by", "last_message_from_participant"]
    )
    _mark_read(thread, access.user, message.sent_at)
    record_change(
        actor=access.user,
        participant=access.participant,
        action="message.sent",
        obj=message,
        data={"thread": thread.pk},  # the text stays out of the log
    )
    notices.message_sent(access, thread)
    return message


def thread_mark_read(*, access: ParticipantAccess, thread: Thread) -> None:
    """Reading is not a change to the record, so no change-log entry; the access log has it."""
    _mark_read(thread, access.user, timezone.now())

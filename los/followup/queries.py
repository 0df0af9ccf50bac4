from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q, Subquery

from los.access.policy import ParticipantAccess
from los.followup.models import NOTE_CATEGORIES, ContactNote, NoteAddendum, Thread, ThreadRead


def readable_note_categories(access: ParticipantAccess) -> list:
    return [category for category in NOTE_CATEGORIES if access.can_view(category)]


def readable_notes(access: ParticipantAccess) -> Q:
    """The notes this viewer may read, as a filter: by category, and for clinical notes by
    the organisation that wrote them (the policy's note_writers_readable)."""
    condition = Q(pk__in=[])
    for category in readable_note_categories(access):
        writers = access.note_writers_readable(category)
        if writers is None:
            condition |= Q(category=category)
        elif writers:
            condition |= Q(category=category, author_organisation_id__in=writers)
    return condition


def visible_notes(access: ParticipantAccess):
    """The notes this viewer may read, as a queryset: staff by category (and, for clinical
    notes, by who wrote them); the participant only what was shared with them (health
    personnel may withhold, and that is a recorded decision)."""
    notes = ContactNote.objects.filter(readable_notes(access), participant=access.participant)
    if access.is_self:
        notes = notes.filter(shared_with_participant=True)
    return notes


def notes_for(access: ParticipantAccess):
    """The notes this viewer may read, with their authors and addenda."""
    notes = visible_notes(access)
    # One query for the addenda with their authors, whether or not there are any.
    addenda = Prefetch("addenda", queryset=NoteAddendum.objects.select_related("author"))
    return notes.select_related("author", "author_organisation").prefetch_related(addenda)


def note_of(access: ParticipantAccess, note_id: int) -> ContactNote | None:
    return notes_for(access).filter(pk=note_id).first()


def threads_for(access: ParticipantAccess) -> list[Thread]:
    """The participant's threads, newest first, each marked `unread` for this viewer and
    `waiting_for_participant` (the team wrote last). One query."""
    read_at = ThreadRead.objects.filter(thread=OuterRef("pk"), user=access.user).values("read_at")[
        :1
    ]
    threads = list(
        Thread.objects.filter(participant=access.participant)
        .annotate(my_read_at=Subquery(read_at))
        .select_related("activity")
    )
    for thread in threads:
        thread.unread = thread.last_message_by_id != access.user.pk and (
            thread.my_read_at is None or thread.my_read_at < thread.last_message_at
        )
        thread.waiting_for_participant = not thread.last_message_from_participant
    return threads


def thread_of(access: ParticipantAccess, thread_id: int) -> Thread | None:
    return Thread.objects.filter(pk=thread_id, participant=access.participant).first()


def messages_of(thread: Thread):
    return thread.messages.select_related("author")

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q, Subquery

from los.access.policy import ParticipantAccess
from los.core.vocabulary import Category
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


def with_read_at(threads, user):
    """Each thread annotated with `my_read_at`: when this user last read it."""
    read_at = ThreadRead.objects.filter(thread=OuterRef("pk"), user=user).values("read_at")[:1]
    return threads.annotate(my_read_at=Subquery(read_at))


def is_unread(thread: Thread, user_id: int) -> bool:
    """A message newer than the user's last read (`my_read_at`), not written by them."""
    return thread.last_message_by_id != user_id and (
        thread.my_read_at is None or thread.my_read_at < thread.last_message_at
    )


def may_read_notes(access: ParticipantAccess) -> bool:
    """The notes' page and endpoint are for the participant (the notes shared with them) and
    for team members who may read some category of note."""
    return access.is_self or bool(readable_note_categories(access))


def threads_for(access: ParticipantAccess) -> list[Thread]:
    """The participant's threads, newest first, each marked `unread` for this viewer and
    `waiting_for_participant` (the team wrote last). One query."""
    threads = list(
        with_read_at(
            Thread.objects.filter(participant=access.participant), access.user
        ).select_related("activity")
    )
    for thread in threads:
        thread.unread = is_unread(thread, access.user.pk)
        thread.waiting_for_participant = not thread.last_message_from_participant
    return threads


def threads_waiting_for_team(user, accesses: dict[int, ParticipantAccess]) -> list[Thread]:
    """The threads whose last message is the participant's (waiting for the team's answer),
    among the participants (accesses by id) whose dialogue this staff user reads, oldest
    first, each marked `unread` for them. One query."""
    readers = [
        pid
        for pid, access in accesses.items()
        if not access.is_self and access.can_view(Category.PLAN)
    ]
    if not readers:
        return []
    threads = list(
        with_read_at(
            Thread.objects.filter(participant_id__in=readers, last_message_from_participant=True),
            user,
        ).order_by("last_message_at", "pk")
    )
    for thread in threads:
        thread.unread = is_unread(thread, user.pk)
    return threads


def thread_of(access: ParticipantAccess, thread_id: int) -> Thread | None:
    return Thread.objects.filter(pk=thread_id, participant=access.participant).first()


def messages_of(thread: Thread):
    return thread.messages.select_related("author")

from __future__ import annotations

from django.db.models import Prefetch

from los.access.policy import ParticipantAccess
from los.followup.models import NOTE_CATEGORIES, ContactNote, NoteAddendum


def readable_note_categories(access: ParticipantAccess) -> list:
    return [category for category in NOTE_CATEGORIES if access.can_view(category)]


def notes_for(access: ParticipantAccess):
    """The notes this viewer may read: staff by category; the participant only what was
    shared with them (health personnel may withhold, and that is a recorded decision)."""
    notes = ContactNote.objects.filter(
        participant=access.participant, category__in=readable_note_categories(access)
    )
    if access.is_self:
        notes = notes.filter(shared_with_participant=True)
    # One query for the addenda with their authors, whether or not there are any.
    addenda = Prefetch("addenda", queryset=NoteAddendum.objects.select_related("author"))
    return notes.select_related("author", "author_organisation").prefetch_related(addenda)


def note_of(access: ParticipantAccess, note_id: int) -> ContactNote | None:
    return notes_for(access).filter(pk=note_id).first()

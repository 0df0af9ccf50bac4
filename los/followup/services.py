"""Writing contact notes. A note is written once; corrections are addenda; sharing with the
participant is a recorded decision that is not taken back."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change
from los.access.policy import ParticipantAccess
from los.followup.models import NOTE_CATEGORIES, ContactNote, NoteAddendum


def writable_note_categories(access: ParticipantAccess) -> list:
    if access.is_self:
        return []
    return [category for category in NOTE_CATEGORIES if access.can_change(category)]


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
    if access.is_self or not access.can_change(note.category):
        raise PermissionDenied
    return note


@transaction.atomic
def note_add_addendum(*, access: ParticipantAccess, note_id: int, text: str) -> NoteAddendum:
    note = _note_for_update(access, note_id)
    if not text.strip():
        raise ValidationError({"text": _("Skriv tillegget.")})
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

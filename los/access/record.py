"""One door to a participant's record: `open_record(user, participant_id)` (begun).

The record is opened through the policy (get_participant_access: 404 for anyone who is
neither the participant nor on the team), and its readers return only what the viewer may
see, with the policy applied as a query filter, so ordering, counting and paging happen
after the policy, in SQL. Each reader notes the categories of the rows it returned;
`log_reads` writes the access-log rows from that, so a view does not list categories by
hand and cannot forget one it showed.

So far: the notes (los/followup/queries.py: readable_notes) and the plan's activities
(los/plans/queries.py: visible_activity_kinds). The notes page reads through it
(los/web/note_views.py: notes); the other readers are to follow (docs/access.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from los.access import audit
from los.access.policy import ParticipantAccess, get_participant_access
from los.core.vocabulary import Category


@dataclass
class Record:
    """One user's view of one participant's record, for one request."""

    access: ParticipantAccess
    _read: dict[Category, None] = field(default_factory=dict)

    @property
    def participant(self):
        return self.access.participant

    def _noted(self, categories) -> None:
        for category in categories:
            self._read[Category(category)] = None

    def notes(self) -> list:
        """The contact notes the viewer may read, newest first, with authors and addenda:
        by category, and clinical notes only from the organisations the policy allows; the
        participant only what was shared with them."""
        from los.followup.queries import notes_for

        notes = list(notes_for(self.access))
        self._noted(note.category for note in notes)
        return notes

    def activities(self) -> list:
        """The activities of the participant's plans that the viewer may see (a treatment
        is health information), filtered by kind in the query."""
        from los.plans.models import ACTIVITY_CATEGORY, Activity, ActivityKind
        from los.plans.queries import visible_activity_kinds

        if not self.access.can_view(Category.PLAN):
            return []
        activities = list(
            Activity.objects.filter(
                plan__participant=self.participant,
                kind__in=visible_activity_kinds(self.access),
            ).order_by("pk")
        )
        self._noted(ACTIVITY_CATEGORY[ActivityKind(a.kind)] for a in activities)
        return activities

    @property
    def categories_read(self) -> list[Category]:
        """The categories of every row the readers returned, each once, in order."""
        return list(self._read)

    def log_reads(self, what: str) -> None:
        """One access-log row per category read (audit.record_read refuses a category the
        policy does not allow)."""
        for category in self._read:
            audit.record_read(self.access, category, what)


def open_record(user, participant_id) -> Record:
    """The participant's record as `user` may read it; ParticipantHidden (404) when the
    participant does not exist for them."""
    return Record(get_participant_access(user, participant_id))

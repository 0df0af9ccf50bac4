"""One door to a participant's record: `open_record(user, participant_id)` (begun).

The record is opened through the policy (get_participant_access: 404 for anyone who is
neither the participant nor on the team), and its readers return only what the viewer may
see, with the policy applied as a query filter, so ordering, counting and paging happen
after the policy, in SQL. Each reader notes the categories of the rows it returned;
`log_reads` writes the access-log rows from that, so a view does not list categories by
hand and cannot forget one it showed.

Readers so far: the notes (los/followup/queries.py: readable_notes), the plan with its
activities (los/plans/queries.py: visible_activity_kinds), the dialogue's threads, the
meetings (los/meetings/queries.py: meetings_for) and the timeline (los/followup/timeline.py).
The participant page, Min side and the pages of notes, the plan, the dialogue and the
meetings read through it; the rest are to follow (docs/access.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from los.access import audit
from los.access.policy import ParticipantAccess, get_participant_access, require_category
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

    def plan(self):
        """The active plan with its goals and the activities the viewer may see (filtered by
        kind in the query), or None when there is no plan or the viewer may not read it."""
        from los.plans.queries import plan_overview

        if not self.access.can_view(Category.PLAN):
            return None
        overview = plan_overview(self.access)
        if overview is not None:
            self._noted([Category.PLAN])
            self._noted(a.category for goal in overview.goals for a in goal.activities)
        return overview

    def activity(self, activity_id):
        """One activity of the active plan, if the viewer may see it."""
        from los.plans.queries import activity_of

        if not self.access.can_view(Category.PLAN):
            return None
        activity = activity_of(self.access, activity_id)
        if activity is not None:
            self._noted([Category.PLAN, activity.category])
        return activity

    def threads(self) -> list:
        """The dialogue's threads, newest first, each marked unread for the viewer. The
        dialogue is part of the plan."""
        from los.followup.queries import threads_for

        if not self.access.can_view(Category.PLAN):
            return []
        threads = threads_for(self.access)
        if threads:
            self._noted([Category.PLAN])
        return threads

    def thread(self, thread_id):
        from los.followup.queries import thread_of

        if not self.access.can_view(Category.PLAN):
            return None
        thread = thread_of(self.access, thread_id)
        if thread is not None:
            self._noted([Category.PLAN])
        return thread

    def meetings(self) -> list:
        """The meetings the viewer may see (all, or those they are invited to), with their
        invitations, in time order."""
        from los.meetings.queries import meetings_for, with_invitations

        meetings = list(with_invitations(meetings_for(self.access)))
        if meetings:
            self._noted([Category.PLAN])
        return meetings

    def meeting(self, meeting_id):
        from los.meetings.queries import meeting_of

        meeting = meeting_of(self.access, meeting_id)
        if meeting is not None:
            self._noted([Category.PLAN])
        return meeting

    def measurements(self):
        """The questionnaires planned or answered, each with its responses, and the open
        safety tasks: (trends, tasks). Nothing for a viewer who may not read measurements."""
        from los.measures.queries import may_read, open_safety_tasks, trends_for

        if not may_read(self.access):
            return [], []
        trends, tasks = trends_for(self.access), open_safety_tasks(self.access)
        if trends or tasks:
            self._noted([Category.MEASUREMENTS])
        return trends, tasks

    def timeline(self, kind: str = "") -> list:
        """The record's events, newest first, filtered by the policy before they are
        limited (los/followup/timeline.py)."""
        from los.followup.timeline import timeline

        events = timeline(self.access, kind=kind)
        self._noted(event.category for event in events)
        return events

    @property
    def categories_read(self) -> list[Category]:
        """The categories of every row the readers returned, each once, in order."""
        return list(self._read)

    def log_reads(self, what: str) -> None:
        """One access-log row per category read (audit.record_read refuses a category the
        policy does not allow)."""
        audit.record_page_reads(self.access, self._read, what)

    @property
    def shown_categories(self) -> list[Category]:
        """What a page, an API answer or a download about the participant shows: their core
        (every such answer names or is about them, also an empty list) and each category
        the readers returned."""
        return [Category.CORE, *self.categories_read]

    def log_shown(self, what: str) -> None:
        audit.record_page_reads(self.access, self.shown_categories, what)


def open_record(user, participant_id) -> Record:
    """The participant's record as `user` may read it; ParticipantHidden (404) when the
    participant does not exist for them."""
    return Record(get_participant_access(user, participant_id))


def open_record_about(user, participant_id, category: Category) -> Record:
    """The record for what is about `category` (a page, an endpoint): 404 for outsiders,
    403 (CategoryRefused) for a team member who may not see the category."""
    record = open_record(user, participant_id)
    require_category(record.access, category)
    return record

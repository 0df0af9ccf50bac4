"""Reading sick-leave follow-up through the policy: which cases a viewer sees, their notes
joined into continuous cases, and the checkpoints by the rules in force."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.policy import (
    ParticipantAccess,
    accesses_from_memberships,
    valid_memberships,
)
from los.core.days import short_date
from los.sickleave.checkpoints import Checkpoint, Rule, checkpoints
from los.sickleave.models import (
    ActivityRequirement,
    CheckpointRule,
    DialogueMeeting,
    SicknessCase,
    SickNote,
)
from los.sickleave.periods import Case, Period, join_periods
from los.sickleave.vocabulary import DIALOGUE_CHECKPOINTS, ActivityStatus, CheckpointKind

# What every reading of a case brings with it: the notes, NAV's assessments and the dialogue
# meetings with their meeting (one query each, whatever the number of cases).
CASE_PARTS = (
    "notes",
    "activity_requirements",
    Prefetch("dialogue_meetings", queryset=DialogueMeeting.objects.select_related("meeting")),
)


def all_rules() -> list[Rule]:
    """Every checkpoint rule, each as a plain value: one query."""
    return [Rule.of(row) for row in CheckpointRule.objects.all()]


def visible_cases(access: ParticipantAccess) -> list[SicknessCase]:
    """The participant's sickness cases this viewer may see (an employer contact: the one
    with their own workplace), with their notes and activity requirements: three queries."""
    cases = (
        SicknessCase.objects.filter(participant=access.participant)
        .select_related("employer", "participant")
        .prefetch_related(*CASE_PARTS)
    )
    return [c for c in cases.order_by("pk") if access.decide_sickness_case(c.employer_id).allowed]


def case_of(access: ParticipantAccess, case_id) -> SicknessCase | None:
    return (
        SicknessCase.objects.filter(participant=access.participant, pk=case_id)
        .select_related("employer", "participant")
        # The case page also shows each meeting's tasks, and who was invited (an employer
        # contact follows a link to a meeting only if invited to it).
        .prefetch_related(
            *CASE_PARTS, "dialogue_meetings__tasks", "dialogue_meetings__meeting__invitations"
        )
        .first()
    )


@dataclass
class CaseView:
    """What a case page shows: the notes, the current continuous case and its checkpoints."""

    case: SicknessCase
    notes: list[SickNote]
    periods: list[Case]
    current: Case | None
    checkpoints: list[Checkpoint] = field(default_factory=list)
    requirement: ActivityRequirement | None = None
    dialogues: list[DialogueMeeting] = field(default_factory=list)

    @property
    def requirement_status(self) -> str:
        return self.requirement.status if self.requirement else ActivityStatus.NEW

    @property
    def status_label(self) -> str:
        return ActivityStatus(self.requirement_status).label

    @property
    def next_checkpoint(self) -> Checkpoint | None:
        """The first checkpoint from today on that the notes reach."""
        today = timezone.localdate()
        upcoming = [
            c
            for c in self.checkpoints
            if c.date and c.date >= today and c.reached_by_notes and not c.is_met
        ]
        return min(upcoming, key=lambda c: c.date, default=None)


def periods_of(notes) -> list[Case]:
    return join_periods(Period(n.start, n.end, n.grade) for n in notes)


def case_view(case: SicknessCase, rules: list[Rule]) -> CaseView:
    """The case with its notes and activity requirement (prefetched with the case)."""
    notes = list(case.notes.all())
    joined = periods_of(notes)
    current = joined[-1] if joined else None
    dialogues = list(case.dialogue_meetings.all())
    view = CaseView(case=case, notes=notes, periods=joined, current=current, dialogues=dialogues)
    if current is not None:
        view.checkpoints = [
            _with_meeting(c, current, dialogues)
            for c in checkpoints(current, rules, case.participant.birth_date)
        ]
        view.requirement = next(
            (r for r in case.activity_requirements.all() if r.period_start == current.start),
            None,
        )
    return view


def _with_meeting(checkpoint: Checkpoint, current: Case, dialogues) -> Checkpoint:
    """A dialogue-meeting checkpoint with the meeting linked to it in this continuous case:
    met on the day a meeting that is not cancelled was held, else planned for the first
    one to come. A meeting before the case's first day belongs to an earlier case."""
    if checkpoint.kind not in DIALOGUE_CHECKPOINTS:
        return checkpoint
    now = timezone.now()
    days = sorted(
        (d.meeting.starts_at, d.meeting.starts_at <= now)
        for d in dialogues
        if d.checkpoint == checkpoint.kind
        and not d.meeting.is_cancelled
        and timezone.localdate(d.meeting.starts_at) >= current.start
    )
    held = [at for at, past in days if past]
    planned = [at for at, past in days if not past]
    return dataclasses.replace(
        checkpoint,
        held_on=timezone.localdate(held[0]) if held else None,
        planned_on=timezone.localdate(planned[0]) if planned else None,
    )


def due_soon(view: CaseView, today: datetime.date, days: int = 7) -> list[Checkpoint]:
    """The checkpoints the notes reach that fall between today and `days` ahead and are not
    met yet (a dialogue meeting already held is not due)."""
    horizon = today + datetime.timedelta(days=days)
    return [c for c in view.checkpoints if c.date and today <= c.date <= horizon and not c.is_met]


def checkpoint_of(view: CaseView, kind: CheckpointKind) -> Checkpoint | None:
    return next((c for c in view.checkpoints if c.kind == kind), None)


# The caseload shows a checkpoint this many days ahead as coming up.
DUE_SOON_DAYS = 7


def caseload_flags(accesses: dict, today: datetime.date) -> dict[int, list[str]]:
    """For each participant (by id) whose sickness cases the viewer sees: the checkpoints
    due within a week that the notes reach, and the follow-up plan or the activity
    requirement overdue. At most three queries (the cases, their notes and plans and
    requirements, the rules), whatever the number of participants; one when no one has a
    case."""
    cases = (
        SicknessCase.objects.filter(participant_id__in=accesses)
        .select_related("plan", "participant")
        .prefetch_related(*CASE_PARTS)
    )
    cases = [
        c for c in cases if accesses[c.participant_id].decide_sickness_case(c.employer_id).allowed
    ]
    if not cases:
        return {}
    rules = all_rules()
    flags: dict[int, list[str]] = {}
    for case in cases:
        view = case_view(case, rules)
        found = flags.setdefault(case.participant_id, [])
        for checkpoint in due_soon(view, today, DUE_SOON_DAYS):
            if checkpoint.reached_by_notes:
                found.append(
                    _("sykefravær: %(what)s %(day)s")
                    % {"what": checkpoint.label.lower(), "day": short_date(checkpoint.date)}
                )
        found.extend(_overdue(view, case, today, accesses[case.participant_id]))
    return {pid: f for pid, f in flags.items() if f}


def _overdue(view: CaseView, case, today, access: ParticipantAccess) -> list[str]:
    late = []
    plan_due = checkpoint_of(view, CheckpointKind.FOLLOW_UP_PLAN)
    # A reverse one-to-one without a row: hasattr is False (select_related loaded it).
    has_plan = hasattr(case, "plan")
    if plan_due and plan_due.date and plan_due.date < today <= view.current.end and not has_plan:
        late.append(_("sykefravær: oppfølgingsplanen er forsinket"))
    requirement_due = checkpoint_of(view, CheckpointKind.ACTIVITY_REQUIREMENT)
    if (
        requirement_due
        and requirement_due.date
        and requirement_due.date < today <= view.current.end
        and view.requirement_status == ActivityStatus.NEW
        # NAV's assessment is not the employer's business (docs/sick-leave.md § 5).
        and access.follows_up_sick_leave
    ):
        late.append(_("sykefravær: aktivitetskravet er ikke vurdert"))
    return late


@dataclass
class OverviewRow:
    """One sickness case in the user's overview: what is due this week and what is late."""

    access: ParticipantAccess
    decision: object
    view: CaseView
    due: list[Checkpoint]
    late: list[str]

    @property
    def participant(self):
        return self.access.participant


def overview(user, today: datetime.date) -> list[OverviewRow]:
    """Every sickness case the user sees among their participants that is ongoing or has a
    checkpoint this week, those with something due or late first. Fixed queries: the
    memberships, the consents, the cases with notes and requirements, the rules."""
    memberships = valid_memberships(user, today).select_related("participant")
    return overview_of(accesses_from_memberships(user, memberships, today), today)


def overview_of(accesses: dict[int, ParticipantAccess], today: datetime.date) -> list[OverviewRow]:
    """The overview for these participants' accesses (by participant id): the user's
    overview, and the work list's checkpoints (los/followup/worklist.py)."""
    if not accesses:
        return []
    cases = list(
        SicknessCase.objects.filter(participant_id__in=accesses)
        .select_related("employer", "plan", "participant")
        .prefetch_related(*CASE_PARTS)
        .order_by("pk")
    )
    rules = all_rules() if cases else []
    rows = []
    for case in cases:
        access = accesses[case.participant_id]
        decision = access.decide_sickness_case(case.employer_id)
        if not decision.allowed:
            continue
        view = case_view(case, rules)
        if view.current is None:
            continue
        due = [c for c in due_soon(view, today, DUE_SOON_DAYS) if c.reached_by_notes]
        late = _overdue(view, case, today, access)
        if due or late or view.current.end >= today:
            rows.append(OverviewRow(access, decision, view, due, late))
    rows.sort(
        key=lambda r: (
            not (r.due or r.late),
            r.participant.last_name,
            r.participant.first_name,
            r.view.case.pk,
        )
    )
    return rows

"""Reads of the plan, filtered by what the viewer may see (a treatment activity is health
information). Callers log what they show."""

from __future__ import annotations

from dataclasses import dataclass, field

from los.access.policy import ParticipantAccess
from los.core.vocabulary import Category
from los.plans.models import (
    ACTIVITY_CATEGORY,
    CLOSED_STATUSES,
    Activity,
    ActivityKind,
    Goal,
    IndividualPlan,
    PlanStatus,
)

# Activities whose purpose a job fulfils: when the person starts in work, they are done or
# no longer wanted, and the plan should say so.
JOB_SEEKING_KINDS = (ActivityKind.JOB_SEARCH, ActivityKind.JOB_APPLICATION)


@dataclass
class GoalWithActivities:
    goal: Goal | None
    activities: list[Activity] = field(default_factory=list)


@dataclass
class PlanOverview:
    plan: IndividualPlan
    goals: list[GoalWithActivities]


def visible_activity_kinds(access: ParticipantAccess) -> list[ActivityKind]:
    """The kinds of activity this viewer may see (a treatment is health information), to
    filter in the query, before any ordering or limit."""
    return [kind for kind in ActivityKind if access.can_view(ACTIVITY_CATEGORY[kind])]


def active_plan(participant) -> IndividualPlan | None:
    return (
        IndividualPlan.objects.filter(participant=participant, status=PlanStatus.ACTIVE)
        .select_related("coordinator")
        .first()
    )


def plan_overview(access: ParticipantAccess) -> PlanOverview | None:
    """The active plan with its goals, each with the activities the viewer may see, and a
    last group for activities without a goal. Three queries."""
    plan = active_plan(access.participant)
    if plan is None:
        return None
    groups = {goal.pk: GoalWithActivities(goal) for goal in plan.goals.all()}
    without_goal = GoalWithActivities(None)
    # What the viewer may not see is left out in the query, and not counted either: a count
    # of hidden activities would reveal that treatment is planned.
    visible = plan.activities.filter(kind__in=visible_activity_kinds(access))
    for activity in visible.select_related("responsible_organisation"):
        groups.get(activity.goal_id, without_goal).activities.append(activity)
    goals = list(groups.values())
    if without_goal.activities:
        goals.append(without_goal)
    return PlanOverview(plan=plan, goals=goals)


def activity_of(access: ParticipantAccess, activity_id: int) -> Activity | None:
    """One activity of the participant's active plan, if the viewer may see it."""
    activity = (
        Activity.objects.filter(
            pk=activity_id, plan__participant=access.participant, plan__status=PlanStatus.ACTIVE
        )
        .select_related("goal", "responsible_organisation", "created_by")
        .first()
    )
    if activity is None or not access.can_view(activity.category):
        return None
    return activity


def open_job_seeking(access: ParticipantAccess) -> list[Activity]:
    """The active plan's open job-search and job-application activities, for staff who may
    change the plan: offered to be closed once the person is in work. One query."""
    if access.is_self or not access.can_change(Category.PLAN):
        return []
    return list(
        Activity.objects.filter(
            plan__participant=access.participant,
            plan__status=PlanStatus.ACTIVE,
            kind__in=JOB_SEEKING_KINDS,
        )
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("due_date", "pk")
    )


def history_of(activity: Activity):
    return activity.versions.select_related("changed_by").order_by("-version")


def goal_of(access: ParticipantAccess, goal_id: int) -> Goal | None:
    return Goal.objects.filter(
        pk=goal_id, plan__participant=access.participant, plan__status=PlanStatus.ACTIVE
    ).first()

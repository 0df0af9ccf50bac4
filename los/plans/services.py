"""Changes to the Individual Plan, its goals and its activities.

The rules follow NAV's activity plan: the participant proposes and edits their own
activities; staff agree them (avtalt); an agreed activity only gets a new status or due
date; a done or cancelled activity is locked. Every change to an activity is stored as a
new version, and every edit names the version it was made from, so a stale edit is refused
instead of silently overwriting someone else's change.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from los.access.audit import record_change
from los.access.policy import ParticipantAccess, require
from los.core.editing import stale_edit_error
from los.core.pace import check_writing_pace
from los.core.text import cleans_text
from los.core.vocabulary import Category
from los.notifications import events as notices
from los.organisations.models import Organisation
from los.plans.models import (
    ACTIVITY_CATEGORY,
    Activity,
    ActivityKind,
    ActivityStatus,
    ActivityVersion,
    Goal,
    GoalStatus,
    IndividualPlan,
    PlanStatus,
)

# An agreed activity may only move on: new status or new due date.
AGREED_CHANGEABLE_FIELDS = frozenset({"status", "due_date"})
ACTIVITY_FIELDS = (
    "goal",
    "kind",
    "title",
    "description",
    "status",
    "responsible_organisation",
    "start_date",
    "due_date",
    "employer_name",
    "job_title",
    "application_stage",
    "hours_per_week",
    "place",
)
ALLOWED_TRANSITIONS = {
    ActivityStatus.PROPOSED: {ActivityStatus.PLANNED, ActivityStatus.CANCELLED},
    ActivityStatus.PLANNED: {
        ActivityStatus.IN_PROGRESS,
        ActivityStatus.DONE,
        ActivityStatus.CANCELLED,
    },
    ActivityStatus.IN_PROGRESS: {
        ActivityStatus.PLANNED,
        ActivityStatus.DONE,
        ActivityStatus.CANCELLED,
    },
    ActivityStatus.DONE: set(),
    ActivityStatus.CANCELLED: set(),
}


def _active_plan(access: ParticipantAccess) -> IndividualPlan:
    plan = IndividualPlan.objects.filter(
        participant=access.participant, status=PlanStatus.ACTIVE
    ).first()
    if plan is None:
        raise ValidationError(_("Deltakeren har ingen aktiv plan ennå."))
    return plan


def _check_coordinator(access: ParticipantAccess, coordinator) -> None:
    if coordinator is None:
        return
    if not access.participant.team.active().filter(user=coordinator).exists():
        raise ValidationError({"coordinator": _("Koordinatoren må være med i teamet.")})


@transaction.atomic
def plan_create(
    *, access: ParticipantAccess, coordinator=None, next_review: datetime.date | None = None
) -> IndividualPlan:
    require(not access.is_self and access.can_change(Category.PLAN))
    if IndividualPlan.objects.filter(
        participant=access.participant, status=PlanStatus.ACTIVE
    ).exists():
        raise ValidationError(_("Deltakeren har allerede en aktiv plan."))
    _check_coordinator(access, coordinator)
    plan = IndividualPlan.objects.create(
        participant=access.participant,
        coordinator=coordinator,
        next_review=next_review,
        created_by=access.user,
    )
    record_change(
        actor=access.user, participant=access.participant, action="plan.created", obj=plan
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    access: ParticipantAccess,
    expected_version: int,
    coordinator,
    next_review: datetime.date | None,
) -> IndividualPlan:
    require(not access.is_self and access.can_change(Category.PLAN))
    plan = IndividualPlan.objects.select_for_update().get(pk=_active_plan(access).pk)
    if plan.version != expected_version:
        raise stale_edit_error()
    _check_coordinator(access, coordinator)
    plan.coordinator, plan.next_review = coordinator, next_review
    plan.version += 1
    plan.save()
    record_change(
        actor=access.user, participant=access.participant, action="plan.updated", obj=plan
    )
    return plan


@cleans_text(multiline=("text",))
@transaction.atomic
def goal_add(
    *, access: ParticipantAccess, kind: str, text: str, target_date: datetime.date | None
) -> Goal:
    """Add a goal. The participant writes goals in their own words; staff may write down
    what the participant says."""
    require(access.can_change(Category.PLAN))
    if not text.strip():
        raise ValidationError({"text": _("Skriv målet.")})
    goal = Goal.objects.create(
        plan=_active_plan(access),
        kind=kind,
        text=text.strip(),
        target_date=target_date,
        created_by=access.user,
    )
    record_change(actor=access.user, participant=access.participant, action="goal.added", obj=goal)
    return goal


@cleans_text(multiline=("text", "achievement"))
@transaction.atomic
def goal_update(
    *,
    access: ParticipantAccess,
    goal_id: int,
    expected_version: int,
    kind: str,
    text: str,
    target_date: datetime.date | None,
    status: str,
    achievement: str,
) -> Goal:
    require(access.can_change(Category.PLAN))
    goal = _get_for_update(Goal, goal_id, access)
    if goal.version != expected_version:
        raise stale_edit_error()
    if not text.strip():
        raise ValidationError({"text": _("Skriv målet.")})
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    goal.kind, goal.text, goal.target_date = kind, text.strip(), target_date
    goal.status, goal.achievement = status, achievement.strip()
    goal.version += 1
    goal.save()
    record_change(
        actor=access.user, participant=access.participant, action="goal.updated", obj=goal
    )
    return goal


def _get_for_update(model, pk: int, access: ParticipantAccess):
    try:
        return model.objects.select_for_update().get(
            pk=pk, plan__participant=access.participant, plan__status=PlanStatus.ACTIVE
        )
    except model.DoesNotExist as error:
        raise ValidationError(_("Fant ikke dette i planen.")) from error


def _snapshot(activity: Activity) -> dict:
    return json.loads(json.dumps(model_to_dict(activity), cls=DjangoJSONEncoder))


def _validate_activity(values: dict) -> None:
    errors = {}
    kind = values["kind"]
    if kind == ActivityKind.JOB_APPLICATION:
        if not values.get("employer_name"):
            errors["employer_name"] = _("Skriv hvilken arbeidsgiver søknaden gjelder.")
        if not values.get("job_title"):
            errors["job_title"] = _("Skriv hvilken stilling søknaden gjelder.")
    if kind == ActivityKind.TREATMENT and not values.get("place"):
        errors["place"] = _("Skriv hvor behandlingen er.")
    hours = values.get("hours_per_week")
    if hours is not None and not (Decimal(0) <= Decimal(hours) <= Decimal(100)):
        errors["hours_per_week"] = _("Timer per uke må være mellom 0 og 100.")
    start, due = values.get("start_date"), values.get("due_date")
    if start and due and due < start:
        errors["due_date"] = _("Fristen kan ikke være før startdatoen.")
    if errors:
        raise ValidationError(errors)


def _save_version(activity: Activity, access: ParticipantAccess, action: str, changed: list):
    ActivityVersion.objects.create(
        activity=activity,
        version=activity.version,
        changed_by=access.user,
        action=action,
        changed_fields=changed,
        snapshot=_snapshot(activity),
    )
    record_change(
        actor=access.user,
        participant=access.participant,
        action=f"activity.{action}",
        obj=activity,
        data={"version": activity.version, "fields": changed},
    )


@cleans_text("title", "employer_name", "job_title", "place", multiline=("description",))
@transaction.atomic
def activity_add(
    *,
    access: ParticipantAccess,
    kind: str,
    title: str,
    goal: Goal | None = None,
    description: str = "",
    responsible_organisation: Organisation | None = None,
    start_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    employer_name: str = "",
    job_title: str = "",
    application_stage: str = "",
    hours_per_week: Decimal | None = None,
    place: str = "",
) -> Activity:
    """Add an activity. From the participant it is a proposal; from staff it is planned."""
    require(access.can_change(ACTIVITY_CATEGORY[ActivityKind(kind)]))
    plan = _active_plan(access)
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": _("Målet hører ikke til denne planen.")})
    values = {
        "goal": goal,
        "kind": kind,
        "title": title.strip(),
        "description": description.strip(),
        "responsible_organisation": responsible_organisation,
        "start_date": start_date,
        "due_date": due_date,
        "employer_name": employer_name.strip(),
        "job_title": job_title.strip(),
        "application_stage": application_stage,
        "hours_per_week": hours_per_week,
        "place": place.strip(),
    }
    _validate_activity(values)
    if access.is_self:
        # A proposal is free text the participant sends the team, like a message.
        check_writing_pace(user=access.user)
    activity = Activity.objects.create(
        plan=plan,
        status=ActivityStatus.PROPOSED if access.is_self else ActivityStatus.PLANNED,
        created_by=access.user,
        created_by_participant=access.is_self,
        **values,
    )
    _save_version(activity, access, "created", [])
    if access.is_self:
        notices.activity_proposed(access, activity)
    return activity


@cleans_text("title", "employer_name", "job_title", "place", multiline=("description",))
@transaction.atomic
def activity_update(
    *, access: ParticipantAccess, activity_id: int, expected_version: int, **changes
) -> Activity:
    """Change an activity. `changes` holds the fields of ACTIVITY_FIELDS as the form shows
    them; only those that differ count as changed."""
    activity = _get_for_update(Activity, activity_id, access)
    require(access.can_change(activity.category))
    if activity.version != expected_version:
        raise stale_edit_error()
    if activity.is_closed:
        raise ValidationError(_("En fullført eller avbrutt aktivitet kan ikke endres."))
    require(may_edit_activity(access, activity))
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"unknown activity fields: {sorted(unknown)}")
    changed = sorted(name for name, value in changes.items() if getattr(activity, name) != value)
    if not changed:
        return activity
    if activity.agreed and set(changed) - AGREED_CHANGEABLE_FIELDS:
        raise ValidationError(
            _("En avtalt aktivitet kan bare få ny status eller ny frist."), code="agreed"
        )
    if "status" in changed and changes["status"] not in ALLOWED_TRANSITIONS[activity.status]:
        raise ValidationError(
            {
                "status": _("En aktivitet med status «%(from)s» kan ikke bli «%(to)s».")
                % {
                    "from": ActivityStatus(activity.status).label,
                    "to": ActivityStatus(changes["status"]).label,
                }
            }
        )
    if "kind" in changed:
        require(access.can_change(ACTIVITY_CATEGORY[ActivityKind(changes["kind"])]))
    if (
        "goal" in changed
        and changes["goal"] is not None
        and changes["goal"].plan_id != activity.plan_id
    ):
        raise ValidationError({"goal": _("Målet hører ikke til denne planen.")})
    values = {name: getattr(activity, name) for name in ACTIVITY_FIELDS} | changes
    _validate_activity(values)
    for name in changed:
        setattr(activity, name, changes[name])
    activity.version += 1
    activity.save()
    _save_version(activity, access, "changed", changed)
    return activity


def may_edit_activity(access: ParticipantAccess, activity: Activity) -> bool:
    """Staff who may change the activity's category edit it while it is open; the
    participant only what they proposed themselves, until it is agreed."""
    if activity.is_closed or not access.can_change(activity.category):
        return False
    if access.is_self:
        return activity.created_by_participant and not activity.agreed
    return True


def _agrees_activities(access: ParticipantAccess, activity: Activity) -> bool:
    return not access.is_self and access.can_change(activity.category)


def may_agree_activity(access: ParticipantAccess, activity: Activity) -> bool:
    """Staff who may change the activity's category agree it with the participant (avtalt):
    once, while it is open. The page's button, the service and the work list's «forslag å
    avtale» all ask this."""
    return _agrees_activities(access, activity) and not activity.agreed and not activity.is_closed


@transaction.atomic
def activity_agree(*, access: ParticipantAccess, activity_id: int, expected_version: int):
    """Staff and participant agree on the activity (avtalt). A proposal becomes planned."""
    activity = _get_for_update(Activity, activity_id, access)
    require(_agrees_activities(access, activity))
    if activity.version != expected_version:
        raise stale_edit_error()
    if activity.agreed:
        raise ValidationError(_("Aktiviteten er allerede avtalt."))
    if activity.is_closed:
        raise ValidationError(_("En fullført eller avbrutt aktivitet kan ikke endres."))
    require(may_agree_activity(access, activity))
    changed = ["agreed"]
    activity.agreed = True
    if activity.status == ActivityStatus.PROPOSED:
        activity.status = ActivityStatus.PLANNED
        changed.append("status")
    activity.version += 1
    activity.save()
    _save_version(activity, access, "agreed", changed)
    return activity

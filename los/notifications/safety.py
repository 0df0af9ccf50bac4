"""The safety promise: a positive answer on a safety item (PHQ-9 item 9) reaches a person.

1. When the task is made (los/measures/services.py: _safety_task) the person it is
   assigned to (the therapist on the team, else the GP, else whoever planned the
   questionnaire: measures.services.safety_contact) is told at once by e-mail and SMS,
   whatever they chose for other notices (a duty, not a courtesy; SMS if Los has their
   mobile number).
2. If the task is not followed up (handled: «Fulgt opp» with what was done) within
   LOS_SAFETY_ESCALATE_HOURS, it is escalated once: the assignee is told again, so is
   everyone else on the team in a care role who may read the answers, and the named
   fallback in the settings (LOS_SAFETY_FALLBACK_NAME, _EMAIL, _PHONE), who gets the
   task's number only, never who it is about. The worker runs the escalation at the due
   time (a task queued with run_after), and `manage.py escalate_safety_tasks` (cron, or
   the worker's host) catches any it missed; both may run, the escalation happens once.
3. The participant is told exactly this (`promise`), with the help numbers.

docs/notifications.md says the same for the operator.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.access.audit import record_change
from los.access.policy import team_readers
from los.core.vocabulary import CARE_ROLES, Category, Role
from los.measures.models import SafetyTask
from los.notifications.models import Channel, Kind, SafetyEscalation
from los.notifications.services import notify, notify_address, preference_of


def escalate_after() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.LOS_SAFETY_ESCALATE_HOURS)


def _link(task: SafetyTask) -> str:
    return reverse("measures", kwargs={"public_id": task.participant.public_id})


def task_created(task: SafetyTask) -> None:
    """Tell the assignee now and plan the escalation. Inside the task's transaction. If the
    assignee cannot be told (their account is closed), the task is escalated at once."""
    told = notify(
        Kind.SAFETY_TASK, [task.assigned_to_id], link=_link(task), about=f"safety:{task.pk}"
    )
    due = timezone.now() + escalate_after()
    task_id = task.pk
    if not told:
        escalate(task_id, at_once=True)
        return

    def plan_escalation():
        from los.notifications.tasks import escalate_safety_task

        escalate_safety_task.using(run_after=due).enqueue(task_id)

    transaction.on_commit(plan_escalation)


@transaction.atomic
def escalate(task_id: int, *, now=None, at_once=False) -> bool:
    """Escalate the task if it is still open and overdue (or `at_once`: nobody could be
    told), once. True if it was escalated."""
    now = now or timezone.now()
    task = (
        SafetyTask.objects.select_for_update()
        .select_related("participant")
        .filter(pk=task_id)
        .first()
    )
    if task is None or task.handled_at is not None:
        return False
    if not at_once and now < task.created_at + escalate_after():
        return False
    _escalation, created = SafetyEscalation.objects.get_or_create(task=task)
    if not created:
        return False
    about = f"safety:{task.pk}"
    team = {
        membership.user_id
        for membership, _access in team_readers(
            task.participant, Category.MEASUREMENTS, timezone.localdate(now)
        )
        if membership.role in CARE_ROLES
    }
    notify(Kind.SAFETY_ESCALATED, team | {task.assigned_to_id}, link=_link(task), about=about)
    fallback_link = reverse("home")
    for channel, address in (
        (Channel.EMAIL, settings.LOS_SAFETY_FALLBACK_EMAIL),
        (Channel.SMS, settings.LOS_SAFETY_FALLBACK_PHONE),
    ):
        notify_address(Kind.SAFETY_ESCALATED, channel, address, link=fallback_link, about=about)
    record_change(
        actor=None,
        participant=task.participant,
        action="safety_task.escalated",
        obj=task,
        data={"hours": settings.LOS_SAFETY_ESCALATE_HOURS, "at_once": at_once},
    )
    return True


def escalate_due(now=None) -> list[int]:
    """Escalate every open task that is overdue and not yet escalated (the cron sweep)."""
    now = now or timezone.now()
    due = SafetyTask.objects.filter(
        handled_at__isnull=True,
        created_at__lte=now - escalate_after(),
        escalation__isnull=True,
    ).values_list("pk", flat=True)
    return [task_id for task_id in list(due) if escalate(task_id, now=now)]


# --- What the participant is told -------------------------------------------------------------

CONTACT_WORDS = {
    Role.THERAPIST: gettext_lazy("behandleren din"),
    Role.GP: gettext_lazy("fastlegen din"),
}


def _contact_word(task: SafetyTask) -> str:
    memberships = task.participant.team.active(timezone.localdate()).filter(
        user_id=task.assigned_to_id
    )
    roles = {m.role for m in memberships}
    for role in (Role.THERAPIST, Role.GP):
        if role in roles:
            return str(CONTACT_WORDS[role])
    return _("den i teamet ditt som planla skjemaet")


def _hours() -> str:
    hours = settings.LOS_SAFETY_ESCALATE_HOURS
    return number_format(hours, decimal_pos=0 if float(hours).is_integer() else 1)


def promise(task: SafetyTask) -> str:
    """What happens now, in the participant's words, true to what the code above does."""
    help_now = _(
        "Trenger du hjelp nå: ring 113 hvis livet er i fare, legevakten på 116 117, eller "
        "Mental Helses hjelpetelefon på 116 123 (døgnåpen)."
    )
    if SafetyEscalation.objects.filter(task=task).exists():
        # Escalated at once: the assignee could not be told (task_created).
        return _(
            "Takk for at du svarte ærlig. Vi sender beskjed nå til dem i teamet ditt som kan se "
            "svarene, og til %(fallback)s, om at noen bør ta kontakt med deg i dag. %(help)s"
        ) % {"fallback": settings.LOS_SAFETY_FALLBACK_NAME, "help": help_now}
    channels = _("på e-post og SMS") if preference_of(task.assigned_to).phone else _("på e-post")
    return _(
        "Takk for at du svarte ærlig. Vi sender beskjed til %(who)s nå, %(channels)s, om at "
        "noen bør ta kontakt med deg i dag. Hvis ingen har fulgt opp innen %(hours)s timer, "
        "sender vi beskjed til de andre i teamet ditt som kan se svarene, og til "
        "%(fallback)s. %(help)s"
    ) % {
        "who": _contact_word(task),
        "channels": channels,
        "hours": _hours(),
        "fallback": settings.LOS_SAFETY_FALLBACK_NAME,
        "help": help_now,
    }

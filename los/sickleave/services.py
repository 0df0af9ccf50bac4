"""Changing sick-leave follow-up: opening a case, recording sick notes, NAV's assessment of
the activity requirement, the follow-up plan, dialogue meetings with the tasks agreed in
them, and saving a checkpoint rule (always as a new version).

Each function checks the policy itself (los/access/policy.py), refuses bad input with a
Norwegian ValidationError before anything is saved, and logs the change in the same
transaction (ChangeLogEntry)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change, record_change_by
from los.access.policy import ParticipantAccess, require
from los.core.days import short_date
from los.core.editing import stale_edit_error
from los.core.pace import check_writing_pace
from los.core.text import clean_text
from los.core.vocabulary import OrganisationKind
from los.meetings.models import Meeting, MeetingKind
from los.meetings.services import may_organise
from los.organisations.models import Organisation
from los.sickleave.models import (
    ActivityRequirement,
    CheckpointRule,
    CheckpointRuleVersion,
    DialogueMeeting,
    DialogueTask,
    FollowUpPlan,
    SicknessCase,
    SickNote,
)
from los.sickleave.vocabulary import (
    ActivityStatus,
    DialogueCheckpoint,
    ExceptionReason,
    IcpcChapter,
    Party,
    SicklisterKind,
)

# An advance notice gives the person 21 to 42 days to answer (navikt/isaktivitetskrav,
# AktivitetskravVarsel.kt; docs/sick-leave.md § 4).
NOTICE_REPLY_DAYS = (21, 42)
# A sick note longer than a year is a typing error (the maximum date comes after 52 weeks).
LONGEST_NOTE_DAYS = 366
FULL = 100


def case_open(access: ParticipantAccess, *, employer: Organisation) -> SicknessCase:
    require(access.can_write_sick_notes)
    if employer.kind != OrganisationKind.EMPLOYER:
        raise ValidationError({"employer": _("Velg en arbeidsgiver.")})
    with transaction.atomic():
        case, created = SicknessCase.objects.get_or_create(
            participant=access.participant,
            employer=employer,
            defaults={"created_by": access.user},
        )
        if created:
            record_change_by(access, "sickleave.case_open", case, {"employer": employer.pk})
    return case


def check_note(
    case: SicknessCase | None,
    *,
    start: datetime.date | None,
    end: datetime.date | None,
    grade: int | None,
    written_by: str = SicklisterKind.GP,
    diagnosis_chapter: str = "",
    graded_not_used_reason: str = "",
) -> None:
    """Refuse a sick note that cannot be right, every error at once, field by field."""
    errors: dict[str, str] = {}
    if start is None:
        errors["start"] = _("Skriv første dag i sykmeldingen.")
    if end is None:
        errors["end"] = _("Skriv siste dag i sykmeldingen.")
    if start and end and end < start:
        errors["end"] = _("Sykmeldingen kan ikke slutte før den begynner.")
    elif start and end and (end - start).days >= LONGEST_NOTE_DAYS:
        errors["end"] = _("En sykmelding kan ikke vare mer enn ett år.")
    if grade is None or not 0 <= grade <= FULL:
        errors["grade"] = _("Sykmeldingsgraden må være et helt tall fra 0 til 100 prosent.")
    if written_by not in SicklisterKind.values:
        errors["written_by"] = _("Velg hvem som skrev sykmeldingen.")
    if diagnosis_chapter and diagnosis_chapter not in IcpcChapter.values:
        errors["diagnosis_chapter"] = _("Velg et kapittel i ICPC-2.")
    if grade == FULL and not graded_not_used_reason.strip():
        errors["graded_not_used_reason"] = _(
            "Skriv hvorfor gradert sykmelding ikke ble brukt: gradert sykmelding skal alltid "
            "vurderes først."
        )
    if not errors and case is not None:
        clash = _disagreeing_note(case, start, end, grade)
        if clash is not None:
            errors["start"] = _(
                "Sykmeldingen overlapper med sykmeldingen %(start)s–%(end)s på %(grade)s %% "
                "for samme arbeidsgiver. Rett den som er feil, eller bruk samme grad."
            ) % {
                "start": short_date(clash.start),
                "end": short_date(clash.end),
                "grade": clash.grade,
            }
    if errors:
        raise ValidationError(errors)


def _disagreeing_note(case, start, end, grade) -> SickNote | None:
    """A note of the same case (the same employer) whose period overlaps and whose grade
    differs: two notes that cannot both be true."""
    return (
        case.notes.filter(start__lte=end, end__gte=start)
        .exclude(grade=grade)
        .order_by("start")
        .first()
    )


def note_add(
    access: ParticipantAccess,
    case: SicknessCase,
    *,
    start: datetime.date,
    end: datetime.date,
    grade: int,
    written_by: str,
    diagnosis_chapter: str = "",
    graded_not_used_reason: str = "",
) -> SickNote:
    require(access.can_write_sick_notes and case.participant_id == access.participant.pk)
    # A diagnosis is written only by someone who may read it (the health summary).
    require(not diagnosis_chapter or access.decide_sick_leave_diagnosis().allowed)
    check_writing_pace(user=access.user)
    reason = clean_text(graded_not_used_reason, multiline=True).strip()
    if grade != FULL:
        reason = ""
    with transaction.atomic():
        # One writer at a time per case, so two overlapping notes cannot both pass the check.
        SicknessCase.objects.select_for_update().get(pk=case.pk)
        check_note(
            case,
            start=start,
            end=end,
            grade=grade,
            written_by=written_by,
            diagnosis_chapter=diagnosis_chapter,
            graded_not_used_reason=reason,
        )
        note = SickNote.objects.create(
            case=case,
            start=start,
            end=end,
            grade=grade,
            written_by=written_by,
            diagnosis_chapter=diagnosis_chapter,
            graded_not_used_reason=reason,
            created_by=access.user,
        )
        # The diagnosis stays out of the change log: the log is read more widely.
        record_change_by(
            access,
            "sickleave.note_add",
            note,
            {"start": start.isoformat(), "end": end.isoformat(), "grade": grade},
        )
    return note


def activity_requirement_set(
    access: ParticipantAccess,
    case: SicknessCase,
    *,
    period_start: datetime.date,
    status: str,
    exception_reason: str = "",
    reply_deadline: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ActivityRequirement:
    """NAV records the state of the activity requirement for the case that began on
    `period_start`: an exception needs a reason from the fixed list, an advance notice a
    reply deadline 21 to 42 days from today."""
    require(access.can_assess_activity_requirement and case.participant_id == access.participant.pk)
    today = today or access.day
    errors = {}
    if status not in ActivityStatus.values:
        errors["status"] = _("Velg en status.")
    if status == ActivityStatus.EXCEPTION:
        if exception_reason not in ExceptionReason.values:
            errors["exception_reason"] = _("Velg grunnen til unntaket.")
    else:
        exception_reason = ""
    if status == ActivityStatus.ADVANCE_NOTICE:
        shortest, longest = (today + datetime.timedelta(days=d) for d in NOTICE_REPLY_DAYS)
        if reply_deadline is None:
            errors["reply_deadline"] = _("Skriv svarfristen i forhåndsvarselet.")
        elif not shortest <= reply_deadline <= longest:
            errors["reply_deadline"] = _(
                "Svarfristen må være mellom 21 og 42 dager fram i tid (%(first)s–%(last)s)."
            ) % {"first": short_date(shortest), "last": short_date(longest)}
    else:
        reply_deadline = None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        requirement, created = ActivityRequirement.objects.select_for_update().get_or_create(
            case=case,
            period_start=period_start,
            defaults={
                "status": status,
                "exception_reason": exception_reason,
                "reply_deadline": reply_deadline,
                "updated_by": access.user,
            },
        )
        before = "" if created else requirement.status
        if not created:
            requirement.status = status
            requirement.exception_reason = exception_reason
            requirement.reply_deadline = reply_deadline
            requirement.updated_by = access.user
            requirement.save()
        record_change_by(
            access,
            "sickleave.activity_requirement",
            requirement,
            {
                "from": before or ActivityStatus.NEW,
                "to": status,
                "exception_reason": exception_reason,
                "reply_deadline": reply_deadline.isoformat() if reply_deadline else None,
            },
        )
    return requirement


RULE_FIELDS = (
    "kind",
    "counting",
    "amount",
    "title",
    "meaning",
    "source",
    "source_url",
    "valid_from",
    "valid_to",
)


def check_rule(rule: CheckpointRule) -> None:
    """Two rules of one kind may not be valid on the same day."""
    if rule.valid_to is not None and rule.valid_from and rule.valid_to < rule.valid_from:
        raise ValidationError({"valid_to": _("Regelen kan ikke slutte å gjelde før den begynner.")})
    others = CheckpointRule.objects.filter(kind=rule.kind).exclude(pk=rule.pk)
    for other in others:
        if _overlap(rule, other):
            raise ValidationError(
                {
                    "valid_from": _(
                        "En annen regel for samme frist gjelder i samme tidsrom (%(other)s). "
                        "Avslutt den først."
                    )
                    % {"other": str(other)}
                }
            )


def _overlap(a, b) -> bool:
    far = datetime.date.max
    return a.valid_from <= (b.valid_to or far) and b.valid_from <= (a.valid_to or far)


def rule_save(rule: CheckpointRule, *, by) -> CheckpointRule:
    """Save a rule and keep what it now says as a new version: the history is never
    rewritten (docs/sick-leave.md § 2)."""
    with transaction.atomic():
        # Rules of one kind are checked against each other one save at a time.
        list(CheckpointRule.objects.select_for_update().filter(kind=rule.kind))
        check_rule(rule)
        created = rule.pk is None
        rule.save()
        data = model_to_dict(rule, fields=RULE_FIELDS)
        for key in ("valid_from", "valid_to"):
            data[key] = data[key].isoformat() if data[key] else None
        last = rule.versions.order_by("-number").first()
        CheckpointRuleVersion.objects.create(
            rule=rule, number=(last.number + 1) if last else 1, data=data, saved_by=by
        )
        record_change(
            actor=by,
            participant=None,
            action="sickleave.rule_add" if created else "sickleave.rule_change",
            obj=rule,
            data=data,
        )
    return rule


PLAN_TEXTS = ("employee_tasks", "employer_tasks", "nav_tasks", "gp_tasks", "adjustments")


def plan_save(
    access: ParticipantAccess,
    case: SicknessCase,
    *,
    review_date: datetime.date,
    version: int | None = None,
    **texts: str,
) -> FollowUpPlan:
    """Write the follow-up plan (the first save makes it). An edit made from an older
    version is refused as stale, so the employer and the employee never overwrite each
    other unseen."""
    require(
        case.participant_id == access.participant.pk
        and access.can_write_follow_up_plan(case.employer_id)
    )
    check_writing_pace(user=access.user)
    cleaned = {k: clean_text(texts.get(k, ""), multiline=True).strip() for k in PLAN_TEXTS}
    with transaction.atomic():
        SicknessCase.objects.select_for_update().get(pk=case.pk)
        plan = FollowUpPlan.objects.filter(case=case).first()
        if plan is None:
            plan = FollowUpPlan(case=case, review_date=review_date, updated_by=access.user)
            action = "sickleave.plan_create"
        else:
            if version is not None and plan.version != version:
                raise stale_edit_error()
            plan.version += 1
            action = "sickleave.plan_change"
        for key, value in cleaned.items():
            setattr(plan, key, value)
        plan.review_date = review_date
        plan.updated_by = access.user
        plan.save()
        record_change_by(
            access,
            action,
            plan,
            {"version": plan.version, "review_date": review_date.isoformat()},
        )
    return plan


def may_link_dialogue_meeting(access: ParticipantAccess) -> bool:
    """Who says which plan meeting is dialogue meeting 1 or 2 of a case: staff who organise
    meetings (los/meetings) and follow up sick leave (NAV and the health services)."""
    return may_organise(access) and access.follows_up_sick_leave


def may_keep_dialogue_tasks(access: ParticipantAccess, case: SicknessCase) -> bool:
    """Who writes down and ticks off the tasks agreed in a dialogue meeting: those who write
    the follow-up plan (the employee, the employer contact, NAV) and the health services,
    whose tasks are among them (docs/sick-leave.md § 7)."""
    return access.can_write_follow_up_plan(case.employer_id) or access.can_write_sick_notes


def linkable_meetings(participant):
    """The participant's dialogue meetings that are not cancelled and not yet linked."""
    return Meeting.objects.filter(
        participant=participant,
        kind=MeetingKind.DIALOGUE,
        cancelled_at__isnull=True,
        dialogue__isnull=True,
    ).order_by("starts_at", "pk")


def dialogue_link(
    access: ParticipantAccess, case: SicknessCase, *, meeting_id, checkpoint: str
) -> DialogueMeeting:
    """Mark a plan meeting of kind «dialogmøte» as dialogue meeting 1 or 2 of the case."""
    require(may_link_dialogue_meeting(access) and case.participant_id == access.participant.pk)
    errors = {}
    if checkpoint not in DialogueCheckpoint.values:
        errors["checkpoint"] = _("Velg om det er dialogmøte 1 eller dialogmøte 2.")
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update()
            .filter(pk=meeting_id, participant=access.participant)
            .first()
        )
        if meeting is None:
            errors["meeting"] = _("Velg et av deltakerens møter.")
        elif meeting.kind != MeetingKind.DIALOGUE:
            errors["meeting"] = _("Bare et møte av typen dialogmøte kan kobles til sykefraværet.")
        elif meeting.is_cancelled:
            errors["meeting"] = _("Møtet er avlyst og kan ikke kobles til sykefraværet.")
        elif DialogueMeeting.objects.filter(meeting=meeting).exists():
            errors["meeting"] = _("Møtet er allerede koblet til et sykefravær.")
        if errors:
            raise ValidationError(errors)
        dialogue = DialogueMeeting.objects.create(
            case=case, meeting=meeting, checkpoint=checkpoint, linked_by=access.user
        )
        record_change_by(
            access,
            "sickleave.dialogue_link",
            dialogue,
            {"meeting": meeting.pk, "checkpoint": checkpoint},
        )
    return dialogue


TASK_LONGEST = 500


def task_add(
    access: ParticipantAccess,
    case: SicknessCase,
    *,
    dialogue_id,
    party: str,
    text: str,
    due: datetime.date | None = None,
) -> DialogueTask:
    """A task one party undertook in a dialogue meeting. Its text is read by the employer
    too, so the form asks for no health information."""
    require(may_keep_dialogue_tasks(access, case) and case.participant_id == access.participant.pk)
    check_writing_pace(user=access.user)
    text = clean_text(text or "").strip()
    errors = {}
    dialogue = (
        DialogueMeeting.objects.filter(pk=dialogue_id, case=case).select_related("meeting").first()
    )
    if dialogue is None:
        errors["dialogue"] = _("Velg et dialogmøte i dette sykefraværet.")
    if party not in Party.values:
        errors["party"] = _("Velg hvem som skal gjøre oppgaven.")
    if not text:
        errors["text"] = _("Skriv hva som skal gjøres.")
    elif len(text) > TASK_LONGEST:
        errors["text"] = _("Skriv oppgaven kortere, høyst 500 tegn.")
    if dialogue is not None and due is not None:
        held_on = timezone.localdate(dialogue.meeting.starts_at)
        if due < held_on:
            errors["due"] = _("Fristen kan ikke være før møtet (%(day)s).") % {
                "day": short_date(held_on)
            }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = DialogueTask.objects.create(
            dialogue=dialogue, party=party, text=text, due=due, created_by=access.user
        )
        # The text stays out of the change log, as the plan's texts do.
        record_change_by(
            access,
            "sickleave.task_add",
            task,
            {"party": party, "due": due.isoformat() if due else None},
        )
    return task


def task_mark(
    access: ParticipantAccess, case: SicknessCase, *, task_id, done: bool
) -> DialogueTask:
    """Tick a task off as done, or back to not done."""
    require(may_keep_dialogue_tasks(access, case) and case.participant_id == access.participant.pk)
    with transaction.atomic():
        task = (
            DialogueTask.objects.select_for_update().filter(pk=task_id, dialogue__case=case).first()
        )
        if task is None:
            raise ValidationError(_("Fant ikke oppgaven."))
        if done == (task.done_at is not None):
            return task
        task.done_at = timezone.now() if done else None
        task.done_by = access.user if done else None
        task.save(update_fields=["done_at", "done_by"])
        record_change_by(access, "sickleave.task_mark", task, {"done": done})
    return task

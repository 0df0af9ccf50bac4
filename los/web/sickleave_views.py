"""Sick-leave follow-up: the public page of checkpoints (no login, nothing stored) and the
staff pages of a participant's sickness case. Same pattern as the other views: policy,
domain function, access log, render (docs/sick-leave.md)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from los.access import audit
from los.access.policy import (
    SICK_LEAVE_CATEGORY,
    get_participant_access,
    works_with_participants,
)
from los.core.submissions import submitted_once
from los.core.vocabulary import Category, Role
from los.directory import queries as directory_queries
from los.directory.kinds import OfferKind
from los.directory.services import may_refer
from los.sickleave import queries, services
from los.sickleave.checkpoints import checkpoints
from los.sickleave.forms import (
    ActivityRequirementForm,
    CaseForm,
    DeadlinesForm,
    DialogueLinkForm,
    DialogueTaskForm,
    FollowUpPlanForm,
    SickNoteForm,
)
from los.sickleave.models import FollowUpPlan
from los.sickleave.periods import Case, Period
from los.web.helpers import apply_errors, posted, show_current_version, status_for_forms

WHAT_CASES = "sykefravær"
WHAT_CASE = "sykefraværssak"
WHAT_NOTE_FORM = "sykmeldingsskjema"
WHAT_DIAGNOSIS = "diagnosekapittel i sykmelding"
# Without a last day the sick leave is taken to go on: long enough for every checkpoint.
ONGOING_DAYS = 2 * 366


@require_safe
def deadlines(request):
    """The public page: anyone types the first day of sick leave and sees the checkpoints.
    A GET form: nothing is stored, no one is named, no log is written."""
    form = DeadlinesForm(request.GET if "first_day" in request.GET else None)
    shown = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        first, last, change = data["first_day"], data["last_day"], data["change_day"]
        grade, new_grade = data["grade"] or 100, data["change_grade"]
        end = last or max(first, change or first) + datetime.timedelta(days=ONGOING_DAYS)
        if change:
            periods = (
                Period(first, change - datetime.timedelta(days=1), grade),
                Period(change, end, new_grade),
            )
        else:
            periods = (Period(first, end, grade),)
        shown = {
            "checkpoints": checkpoints(Case(first, end, periods), queries.all_rules()),
            "first": first,
            "last": last,
            "grade": grade,
            "change": change,
            "new_grade": new_grade,
        }
    return render(request, "sickleave/deadlines.html", {"form": form, "shown": shown})


def _access(request, public_id):
    return get_participant_access(request.user, public_id)


def _case_or_refuse(access, case_id):
    case = queries.case_of(access, case_id)
    if case is None:
        raise Http404
    decision = access.decide_sickness_case(case.employer_id)
    if not decision.allowed:
        raise PermissionDenied
    return case, decision


def _log(access, what, decision):
    audit.record_read(access, Category.CORE, what)
    audit.record_read(access, SICK_LEAVE_CATEGORY, what, decision=decision)


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def cases(request, public_id):
    """The participant's sickness cases the viewer may see, and opening a new one."""
    access = _access(request, public_id)
    if not access.sees_sick_leave_page:
        raise PermissionDenied
    visible = queries.visible_cases(access)
    form = CaseForm(posted(request)) if access.can_write_sick_notes else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                case = services.case_open(access, employer=form.cleaned_data["employer"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("sickleave_case", public_id=public_id, case_id=case.pk)
    rules = queries.all_rules()
    views = [queries.case_view(case, rules) for case in visible]
    audit.record_read(access, Category.CORE, WHAT_CASES)
    if views:
        decision = access.decide_sickness_case(visible[0].employer_id)
        audit.record_read(access, SICK_LEAVE_CATEGORY, WHAT_CASES, decision=decision)
    return render(
        request,
        "sickleave/cases.html",
        {"access": access, "participant": access.participant, "views": views, "form": form},
    )


# The services a sickness case refers to (docs/sick-leave.md § 7): help to keep the job.
SICK_LEAVE_OFFER_KINDS = (OfferKind.QUICKER_BACK, OfferKind.SFJ)
WHAT_REFERRALS = "henvisninger fra sykefraværet"


def _referrals_part(access) -> dict | None:
    """For staff who refer: the offers for the sick-listed near the participant, and the
    referrals already sent to such offers that the viewer may know of."""
    if not may_refer(access):
        return None
    offers = directory_queries.offers_to_refer(access).filter(kind__in=SICK_LEAVE_OFFER_KINDS)
    sent = [
        r
        for r in directory_queries.referrals_seen_by(access)
        if r.offer.kind in SICK_LEAVE_OFFER_KINDS
    ]
    if sent:  # the offers are public; only the referrals are about the person
        audit.record_read(access, Category.CORE, WHAT_REFERRALS)
    return {"offers": list(offers), "sent": sent}


def _dialogues_part(access, case, view, *, link_form=None, task_form=None):
    """The dialogue meetings of the case, each with its tasks and, for those who keep them,
    a form for a new task; and the form that links a meeting."""
    keeps_tasks = services.may_keep_dialogue_tasks(access, case)
    rows = []
    for dialogue in view.dialogues:
        invitations = list(dialogue.meeting.invitations.all())
        invited = {i.user_id for i in invitations if i.user_id}
        sees_meeting = access.can_see_meeting(invited)
        form = None
        if keeps_tasks:
            bound = task_form is not None and task_form.data.get("dialogue") == str(dialogue.pk)
            form = task_form if bound else DialogueTaskForm(dialogue_id=dialogue.pk)
        rows.append(
            {
                "dialogue": dialogue,
                "meeting": dialogue.meeting,
                "sees_meeting": sees_meeting,
                # The GP opens doors (docs/sick-leave.md § 7): whether they were invited and
                # what they answered, for those who see the meeting's invitations.
                "gp_invitations": [i for i in invitations if i.role == Role.GP]
                if sees_meeting
                else [],
                "tasks": list(dialogue.tasks.all()),
                "task_form": form,
            }
        )
    if link_form is None and services.may_link_dialogue_meeting(access):
        meetings = services.linkable_meetings(access.participant)
        if meetings.exists():
            link_form = DialogueLinkForm(meetings=meetings)
    return {
        "rows": rows,
        "keeps_tasks": keeps_tasks,
        "link_form": link_form,
        "may_plan": services.may_link_dialogue_meeting(access),
    }


def _case_page(
    request,
    access,
    case,
    decision,
    *,
    note_form=None,
    requirement_form=None,
    link_form=None,
    task_form=None,
):
    view = queries.case_view(case, queries.all_rules())
    diagnosis = access.decide_sick_leave_diagnosis()
    sees_diagnosis = diagnosis.allowed and access.follows_up_sick_leave
    _log(access, WHAT_CASE, decision)
    if sees_diagnosis and any(n.diagnosis_chapter for n in view.notes):
        audit.record_read(access, Category.HEALTH_SUMMARY, WHAT_DIAGNOSIS, decision=diagnosis)
    if note_form is None and access.can_write_sick_notes:
        note_form = SickNoteForm(with_diagnosis=sees_diagnosis)
    if requirement_form is None and access.can_assess_activity_requirement:
        requirement_form = ActivityRequirementForm(
            initial={"status": view.requirement.status if view.requirement else None}
        )
    context = {
        "access": access,
        "participant": access.participant,
        "case": case,
        "view": view,
        "sees_details": access.follows_up_sick_leave,
        "sees_diagnosis": sees_diagnosis,
        "note_form": note_form,
        "requirement_form": requirement_form,
        # Dialogue meetings are the plan's meetings (los/meetings, kind «dialogmøte»).
        "meetings_visible": access.can_view(Category.PLAN),
        "dialogues": _dialogues_part(access, case, view, link_form=link_form, task_form=task_form),
        "referrals": _referrals_part(access),
    }
    forms_shown = (note_form, requirement_form, link_form, task_form)
    return render(request, "sickleave/case.html", context, status=status_for_forms(forms_shown))


@login_required
@require_safe
def case_detail(request, public_id, case_id):
    access = _access(request, public_id)
    case, decision = _case_or_refuse(access, case_id)
    return _case_page(request, access, case, decision)


@login_required
@require_POST
@submitted_once
def note_new(request, public_id, case_id):
    access = _access(request, public_id)
    case, decision = _case_or_refuse(access, case_id)
    if not access.can_write_sick_notes:
        raise PermissionDenied
    form = SickNoteForm(request.POST, with_diagnosis=access.decide_sick_leave_diagnosis().allowed)
    if form.is_valid():
        try:
            services.note_add(access, case, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Sykmeldingen er lagt inn."))
            return redirect("sickleave_case", public_id=public_id, case_id=case.pk)
    return _case_page(request, access, case, decision, note_form=form)


@login_required
@require_POST
def activity_requirement(request, public_id, case_id):
    access = _access(request, public_id)
    case, decision = _case_or_refuse(access, case_id)
    if not access.can_assess_activity_requirement:
        raise PermissionDenied
    view = queries.case_view(case, [])
    form = ActivityRequirementForm(request.POST)
    if view.current is None:
        form.add_error(None, _("Legg inn en sykmelding først."))
    elif form.is_valid():
        try:
            services.activity_requirement_set(
                access, case, period_start=view.current.start, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Aktivitetskravet er oppdatert."))
            return redirect("sickleave_case", public_id=public_id, case_id=case.pk)
    return _case_page(request, access, case, decision, requirement_form=form)


@login_required
@require_POST
@submitted_once
def dialogue_link(request, public_id, case_id):
    """Mark one of the participant's dialogue meetings as dialogue meeting 1 or 2."""
    access = _access(request, public_id)
    case, decision = _case_or_refuse(access, case_id)
    if not services.may_link_dialogue_meeting(access):
        raise PermissionDenied
    form = DialogueLinkForm(request.POST, meetings=services.linkable_meetings(access.participant))
    if form.is_valid():
        try:
            services.dialogue_link(
                access,
                case,
                meeting_id=form.cleaned_data["meeting"].pk,
                checkpoint=form.cleaned_data["checkpoint"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Møtet er koblet til sykefraværet."))
            return redirect("sickleave_case", public_id=public_id, case_id=case.pk)
    return _case_page(request, access, case, decision, link_form=form)


@login_required
@require_POST
@submitted_once
def dialogue_task_new(request, public_id, case_id):
    access = _access(request, public_id)
    case, decision = _case_or_refuse(access, case_id)
    if not services.may_keep_dialogue_tasks(access, case):
        raise PermissionDenied
    form = DialogueTaskForm(request.POST, dialogue_id=request.POST.get("dialogue"))
    if form.is_valid():
        try:
            services.task_add(
                access,
                case,
                dialogue_id=form.cleaned_data["dialogue"],
                party=form.cleaned_data["party"],
                text=form.cleaned_data["text"],
                due=form.cleaned_data["due"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Oppgaven er lagt til."))
            return redirect("sickleave_case", public_id=public_id, case_id=case.pk)
    return _case_page(request, access, case, decision, task_form=form)


@login_required
@require_POST
def dialogue_task_mark(request, public_id, case_id, task_id):
    """Tick a task off (done=ja) or back (done=nei)."""
    access = _access(request, public_id)
    case, _decision = _case_or_refuse(access, case_id)
    if not services.may_keep_dialogue_tasks(access, case):
        raise PermissionDenied
    done = request.POST.get("done") == "ja"
    try:
        services.task_mark(access, case, task_id=task_id, done=done)
    except ValidationError as error:
        raise Http404 from error
    messages.success(
        request,
        _("Oppgaven er merket som gjort.") if done else _("Oppgaven er merket som ikke gjort."),
    )
    return redirect("sickleave_case", public_id=public_id, case_id=case.pk)


WHAT_PLAN = "oppfølgingsplan ved sykefravær"


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_plan(request, public_id, case_id):
    """The employer's follow-up plan: read by everyone who sees the case, written by the
    employee, the employer contact and NAV (ParticipantAccess.can_write_follow_up_plan)."""
    access = _access(request, public_id)
    case, decision = _case_or_refuse(access, case_id)
    plan = FollowUpPlan.objects.filter(case=case).first()
    may_write = access.can_write_follow_up_plan(case.employer_id)
    if request.method == "POST" and not may_write:
        raise PermissionDenied
    form = None
    if may_write:
        initial = {}
        if plan is not None:
            initial = {f: getattr(plan, f) for f in services.PLAN_TEXTS}
            initial.update(review_date=plan.review_date, version=plan.version)
        form = FollowUpPlanForm(posted(request), initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.plan_save(access, case, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
                if plan is not None:
                    show_current_version(form, plan)
            else:
                messages.success(request, _("Oppfølgingsplanen er lagret."))
                return redirect("follow_up_plan", public_id=public_id, case_id=case.pk)
    _log(access, WHAT_PLAN, decision)
    return render(
        request,
        "sickleave/follow_up_plan.html",
        {
            "access": access,
            "participant": access.participant,
            "case": case,
            "plan": plan,
            "form": form,
        },
    )


WHAT_OVERVIEW = "oversikt over sykefravær"
OVERVIEW_PAGE_SIZE = 50


@login_required
@require_safe
def overview(request):
    """The user's sickness cases with what is due this week and what is late, across their
    participants; each case read through the policy and logged."""
    if not works_with_participants(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    page = Paginator(queries.overview(request.user, today), OVERVIEW_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    shown = list(page.object_list)
    audit.record_reads(
        list({row.access.participant.pk: row.access for row in shown}.values()),
        Category.CORE,
        WHAT_OVERVIEW,
    )
    audit.record_decided_reads(
        [(row.access, row.decision) for row in shown], SICK_LEAVE_CATEGORY, WHAT_OVERVIEW
    )
    return render(request, "sickleave/overview.html", {"page": page, "rows": shown})

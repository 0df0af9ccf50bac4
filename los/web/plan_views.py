"""Views of the Individual Plan: the plan with its goals and activities, and the forms that
change them. Same pattern as views.py: policy, domain function, access log, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from los.access.policy import ParticipantAccess
from los.core.submissions import submitted_once
from los.core.vocabulary import Category
from los.organisations.models import Organisation
from los.plans import queries, services
from los.plans.forms import (
    ActivityEditForm,
    ActivityForm,
    GoalEditForm,
    GoalForm,
    PlanForm,
    ProposalEditForm,
    ProposalForm,
    VersionForm,
)
from los.plans.pdf import plan_document
from los.plans.services import ACTIVITY_FIELDS
from los.web.helpers import (
    access_for,
    apply_errors,
    attachment,
    log_reads,
    posted,
    record_for,
    render_participant_page,
    render_record_page,
    show_current_version,
)

WHAT_PLAN = "individuell plan"
WHAT_PLAN_FORM = "planskjema"
WHAT_ACTIVITY = "aktivitet"
WHAT_PLAN_PDF = "plan som PDF"


def _plan_access(request, public_id) -> ParticipantAccess:
    return access_for(request, public_id, Category.PLAN)


def _require_change(access: ParticipantAccess, category=Category.PLAN) -> None:
    if not access.can_change(category):
        raise PermissionDenied


def _render(request, access, template, context, *, categories=(Category.PLAN,), what=WHAT_PLAN):
    return render_participant_page(request, access, template, what, context, categories=categories)


def _to_plan(public_id):
    return redirect("plan", public_id=public_id)


def _team_organisations(access):
    return list(
        Organisation.objects.filter(
            pk__in=access.participant.team.active().values("organisation_id")
        ).order_by("name")
    )


@login_required
@require_safe
def plan(request, public_id):
    record = record_for(request, public_id, Category.PLAN)
    access = record.access
    return render_record_page(
        request,
        record,
        "plans/plan.html",
        WHAT_PLAN,
        {
            "overview": record.plan(),
            "can_create": not access.is_self and access.can_change(Category.PLAN),
            "can_change": access.can_change(Category.PLAN),
        },
    )


@login_required
@require_safe
def plan_pdf(request, public_id):
    """The plan to print or hand over, as an accessible PDF. Shows, and logs, only what the
    viewer may see."""
    access = _plan_access(request, public_id)
    overview = queries.plan_overview(access)
    if overview is None:
        raise Http404
    document, shown = plan_document(access, overview)
    log_reads(access, WHAT_PLAN_PDF, shown)
    return attachment(document, "application/pdf", "individuell-plan.pdf")


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def plan_create(request, public_id):
    access = _plan_access(request, public_id)
    if access.is_self:
        raise PermissionDenied
    _require_change(access)
    if queries.active_plan(access.participant) is not None:
        return _to_plan(public_id)
    form = PlanForm(posted(request), participant=access.participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_create(
                access=access,
                coordinator=form.cleaned_data["coordinator"],
                next_review=form.cleaned_data["next_review"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Planen er opprettet."))
            return _to_plan(public_id)
    return _render(request, access, "plans/plan_form.html", {"form": form}, what=WHAT_PLAN_FORM)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, public_id):
    access = _plan_access(request, public_id)
    if access.is_self:
        raise PermissionDenied
    _require_change(access)
    current = queries.active_plan(access.participant)
    if current is None:
        raise Http404
    form = PlanForm(
        posted(request),
        participant=access.participant,
        initial={
            "version": current.version,
            "coordinator": current.coordinator_id,
            "next_review": current.next_review,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                access=access,
                expected_version=form.cleaned_data["version"] or 0,
                coordinator=form.cleaned_data["coordinator"],
                next_review=form.cleaned_data["next_review"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            show_current_version(form, queries.active_plan(access.participant))
        else:
            messages.success(request, _("Planen er lagret."))
            return _to_plan(public_id)
    return _render(
        request,
        access,
        "plans/plan_form.html",
        {"form": form, "plan": current},
        what=WHAT_PLAN_FORM,
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def goal_new(request, public_id):
    access = _plan_access(request, public_id)
    _require_change(access)
    form = GoalForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_add(access=access, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Målet er lagt til i planen."))
            return _to_plan(public_id)
    return _render(request, access, "plans/goal_form.html", {"form": form}, what=WHAT_PLAN_FORM)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, public_id, goal_id):
    access = _plan_access(request, public_id)
    _require_change(access)
    goal = queries.goal_of(access, goal_id)
    if goal is None:
        raise Http404
    form = GoalEditForm(
        posted(request),
        initial={
            "version": goal.version,
            "kind": goal.kind,
            "text": goal.text,
            "target_date": goal.target_date,
            "status": goal.status,
            "achievement": goal.achievement,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_update(
                access=access,
                goal_id=goal.pk,
                expected_version=data.pop("version"),
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error)
            show_current_version(form, queries.goal_of(access, goal_id))
        else:
            messages.success(request, _("Målet er lagret."))
            return _to_plan(public_id)
    return _render(
        request, access, "plans/goal_form.html", {"form": form, "goal": goal}, what=WHAT_PLAN_FORM
    )


def _activity_form(form_class, request, access, **kwargs):
    plan = queries.active_plan(access.participant)
    if plan is None:
        raise Http404
    return form_class(
        posted(request),
        access=access,
        goals=list(plan.goals.all()),
        organisations=_team_organisations(access),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def activity_new(request, public_id):
    access = _plan_access(request, public_id)
    _require_change(access)
    # The participant proposes in a short form of their own; staff plan with every field.
    form_class = ProposalForm if access.is_self else ActivityForm
    form = _activity_form(form_class, request, access, initial={"goal": request.GET.get("mal")})
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_add(access=access, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Forslaget er sendt til teamet.")
                if access.is_self
                else _("Aktiviteten er lagt til i planen."),
            )
            return redirect("activity_detail", public_id=public_id, activity_id=activity.pk)
    return _render(request, access, "plans/activity_form.html", {"form": form}, what=WHAT_PLAN_FORM)


def _activity_or_404(access, activity_id):
    activity = queries.activity_of(access, activity_id)
    if activity is None:
        raise Http404
    return activity


@login_required
@require_safe
def activity_detail(request, public_id, activity_id):
    record = record_for(request, public_id, Category.PLAN)
    access = record.access
    activity = record.activity(activity_id)
    if activity is None:
        raise Http404
    return render_record_page(
        request,
        record,
        "plans/activity_detail.html",
        WHAT_ACTIVITY,
        {
            "activity": activity,
            "history": queries.history_of(activity),
            "may_edit": services.may_edit_activity(access, activity),
            "may_agree": services.may_agree_activity(access, activity),
            "agree_form": VersionForm(initial={"version": activity.version}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, public_id, activity_id):
    access = _plan_access(request, public_id)
    activity = _activity_or_404(access, activity_id)
    if not services.may_edit_activity(access, activity):
        raise PermissionDenied
    initial = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    initial |= {
        "goal": activity.goal_id,
        "responsible_organisation": activity.responsible_organisation_id,
        "version": activity.version,
    }
    form_class = ProposalEditForm if access.is_self else ActivityEditForm
    form = _activity_form(form_class, request, access, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.activity_update(
                access=access, activity_id=activity.pk, expected_version=version, **data
            )
        except ValidationError as error:
            apply_errors(form, error)
            show_current_version(form, queries.activity_of(access, activity_id))
        else:
            messages.success(request, _("Aktiviteten er lagret."))
            return redirect("activity_detail", public_id=public_id, activity_id=activity.pk)
    return _render(
        request,
        access,
        "plans/activity_form.html",
        {"form": form, "activity": activity},
        categories=[Category.PLAN, activity.category],
        what=WHAT_ACTIVITY,
    )


@login_required
@require_POST
def activity_agree(request, public_id, activity_id):
    access = _plan_access(request, public_id)
    activity = _activity_or_404(access, activity_id)
    if access.is_self or not access.can_change(activity.category):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Noe var galt med skjemaet. Prøv igjen."))
    else:
        try:
            services.activity_agree(
                access=access,
                activity_id=activity.pk,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Aktiviteten er avtalt."))
    return redirect("activity_detail", public_id=public_id, activity_id=activity.pk)

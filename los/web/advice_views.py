"""Advice from the regional unit: my questions and a new anonymous one, a named one from the
participant's record (with consent), the advisor's queue and one question with its answer
and NAV's own decision. The rules are in los.advice.services; a named question's
participant is read through policy.advice_access, with access-log rows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from los.access import audit
from los.access.policy import advice_access, get_participant_access
from los.access.record import Record
from los.advice import queries, services
from los.advice.forms import AnswerForm, DecisionForm, NamedQuestionForm, QuestionForm
from los.core.submissions import submitted_once
from los.core.vocabulary import Category
from los.web.helpers import apply_errors, posted, render_participant_page, status_for_forms


@login_required
@require_safe
def advice_list(request):
    if not services.may_ask(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    rows = list(queries.asked_by(request.user))
    for row in rows:
        row.days_waiting = queries.days_waiting(row, today)
        row.answer_days = queries.answer_days(row)
    return render(request, "advice/advice_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def advice_new(request):
    if not services.may_ask(request.user):
        raise PermissionDenied
    form = QuestionForm(posted(request), organisations=services.advisory_organisations())
    if request.method == "POST" and form.is_valid():
        try:
            asked = services.ask_anonymous(
                user=request.user,
                organisation_id=form.cleaned_data["organisation"].pk,
                question=form.cleaned_data["question"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Spørsmålet er sendt."))
            return redirect("advice_detail", question_id=asked.pk)
    return render(
        request, "advice/advice_form.html", {"form": form}, status=status_for_forms([form])
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def advice_named_new(request, public_id):
    access = get_participant_access(request.user, public_id)
    if not services.may_ask_named(access):
        raise PermissionDenied
    form = NamedQuestionForm(posted(request), organisations=services.advisory_organisations())
    if request.method == "POST" and form.is_valid():
        try:
            asked = services.ask_named(
                access=access,
                organisation_id=form.cleaned_data["organisation"].pk,
                categories=form.chosen_categories(),
                question=form.cleaned_data["question"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Spørsmålet er sendt."))
            return redirect("advice_detail", question_id=asked.pk)
    return render_participant_page(
        request, access, "advice/advice_form.html", audit.WHAT_ADVICE, {"form": form}
    )


@login_required
@require_safe
def advice_queue(request):
    roles = services.advisor_roles(request.user)
    if not roles:
        raise PermissionDenied
    today = timezone.localdate()
    rows = list(queries.queue_for(roles))
    for row in rows:
        row.days_waiting = queries.days_waiting(row, today)
        row.answer_days = queries.answer_days(row)
    figures = queries.queue_figures(rows, beyond_unit=False)
    return render(request, "advice/advice_queue.html", {"rows": rows, "figures": figures})


def _named_reading(question, role):
    """What the advisor reads of a named question's participant, through the policy."""
    access = advice_access(role, question.participant, question.categories, timezone.localdate())
    record = Record(access)
    notes = record.notes()
    activities = record.activities()
    audit.record_advice_reads(access, record.shown_categories)
    readable = [Category(c) for c in question.categories if access.can_view(c)]
    return {"access": access, "notes": notes, "activities": activities, "readable": readable}


@login_required
@require_http_methods(["GET", "POST"])
def advice_detail(request, question_id):
    roles = services.advisor_roles(request.user)
    question = queries.question_for(request.user, question_id, roles)
    if question is None:
        raise Http404
    is_advisor = question.organisation_id in roles
    is_asker = question.asked_by_id == request.user.pk
    answer_form = AnswerForm(posted(request) if "answer" in request.POST else None)
    decision_form = DecisionForm(posted(request) if "decision" in request.POST else None)
    if request.method == "POST":
        form, action = (
            (answer_form, "answer") if "answer" in request.POST else (decision_form, "decision")
        )
        if (action == "answer" and not is_advisor) or (action == "decision" and not is_asker):
            raise PermissionDenied
        if form.is_valid():
            try:
                if action == "answer":
                    services.answer(
                        user=request.user, question_id=question.pk,
                        answer=form.cleaned_data["answer"],
                    )  # fmt: skip
                else:
                    services.record_decision(
                        user=request.user, question_id=question.pk,
                        decision=form.cleaned_data["decision"],
                    )  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Lagret."))
                return redirect("advice_detail", question_id=question.pk)
    reading = None
    if question.is_named and is_advisor:
        reading = _named_reading(question, roles[question.organisation_id])
    elif question.is_named and is_asker:
        get_participant_access(request.user, question.participant.public_id)
    return render(
        request,
        "advice/advice_detail.html",
        {
            "question": question,
            "is_advisor": is_advisor,
            "is_asker": is_asker,
            "answer_form": answer_form,
            "decision_form": decision_form,
            "reading": reading,
            "days_waiting": queries.days_waiting(question, timezone.localdate()),
            "answer_days": queries.answer_days(question),
        },
        status=status_for_forms([answer_form, decision_form]),
    )

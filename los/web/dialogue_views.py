"""Views of the dialogue between the participant and the team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from los.access.policy import ParticipantAccess
from los.core.submissions import submitted_once
from los.core.vocabulary import Category
from los.followup import queries, services
from los.followup.forms import MessageForm, ThreadForm
from los.web.helpers import (
    access_for,
    apply_errors,
    posted,
    record_for,
    render_participant_page,
    render_record_page,
)

WHAT_DIALOGUE = "dialog"


def _dialogue_access(request, public_id) -> ParticipantAccess:
    return access_for(request, public_id, Category.PLAN)


def _render(request, access, template, context):
    return render_participant_page(
        request, access, template, WHAT_DIALOGUE, context, categories=[Category.PLAN]
    )


@login_required
@require_safe
def dialogue(request, public_id):
    record = record_for(request, public_id, Category.PLAN)
    return render_record_page(
        request,
        record,
        "followup/dialogue.html",
        WHAT_DIALOGUE,
        {"threads": record.threads(), "can_write": record.access.can_change(Category.PLAN)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def thread_new(request, public_id):
    access = _dialogue_access(request, public_id)
    if not access.can_change(Category.PLAN):
        raise PermissionDenied
    form = ThreadForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_start(access=access, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Meldingen er sendt."))
            return redirect("thread_detail", public_id=public_id, thread_id=thread.pk)
    return _render(request, access, "followup/thread_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def thread_detail(request, public_id, thread_id):
    record = record_for(request, public_id, Category.PLAN)
    access = record.access
    thread = record.thread(thread_id)
    if thread is None:
        raise Http404
    can_write = access.can_change(Category.PLAN)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    form = MessageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(
                access=access, thread_id=thread.pk, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Svaret er sendt."))
            return redirect("thread_detail", public_id=public_id, thread_id=thread.pk)
    services.thread_mark_read(access=access, thread=thread)
    return render_record_page(
        request,
        record,
        "followup/thread_detail.html",
        WHAT_DIALOGUE,
        {
            "thread": thread,
            "thread_messages": queries.messages_of(thread),
            "form": form,
            "can_write": can_write,
        },
    )

"""Views of meetings: the list, planning and changing a meeting, answering an invitation,
the minutes and the calendar file. Same pattern as the other views: policy, domain
function, access log, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from los.access.policy import ParticipantAccess
from los.core import days
from los.core.submissions import submitted_once
from los.core.vocabulary import Category
from los.meetings import queries, services
from los.meetings.forms import MeetingChangeForm, MeetingForm, MinutesForm, ReplyForm
from los.meetings.ics import meeting_calendar
from los.meetings.models import MeetingKind, Reply
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

WHAT_MEETINGS = "møter"
WHAT_MEETING = "møte"
WHAT_MEETING_FORM = "møteskjema"
WHAT_MINUTES = "møtereferat"
WHAT_CALENDAR = "kalenderfil"


def _meetings_access(request, public_id) -> ParticipantAccess:
    # Meetings are part of the plan.
    return access_for(request, public_id, Category.PLAN)


def _meeting_or_404(access, meeting_id):
    meeting = queries.meeting_of(access, meeting_id)
    if meeting is None:
        raise Http404
    return meeting


def _render(request, access, template, context, what):
    return render_participant_page(
        request, access, template, what, context, categories=[Category.CORE, Category.PLAN]
    )


def _to_meeting(public_id, meeting):
    return redirect("meeting_detail", public_id=public_id, meeting_id=meeting.pk)


@login_required
@require_safe
def meetings(request, public_id):
    record = record_for(request, public_id, Category.PLAN)
    access = record.access
    now = timezone.now()
    shown = record.meetings()
    for meeting in shown:
        meeting.own = services.own_invitation(access, meeting)
    upcoming = [m for m in shown if m.ends_at >= now and not m.is_cancelled]
    past = [m for m in reversed(shown) if m not in upcoming]
    return render_record_page(
        request,
        record,
        "meetings/meetings.html",
        WHAT_MEETINGS,
        {"upcoming": upcoming, "past": past, "may_organise": services.may_organise(access)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def meeting_new(request, public_id):
    access = _meetings_access(request, public_id)
    if not services.may_organise(access):
        raise PermissionDenied
    # «Planlegg dialogmøte» on a sickness case opens the form with the kind chosen.
    initial = {"kind": MeetingKind.DIALOGUE} if request.GET.get("type") == "dialogmote" else {}
    form = MeetingForm(posted(request), initial=initial, members=services.invitable_members(access))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(access=access, **form.meeting_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Møtet er lagt inn. Last ned kalenderfilen for å sende det videre.")
            )
            return _to_meeting(public_id, meeting)
    return _render(request, access, "meetings/meeting_form.html", {"form": form}, WHAT_MEETING_FORM)


@login_required
@require_safe
def meeting_detail(request, public_id, meeting_id):
    record = record_for(request, public_id, Category.PLAN)
    access = record.access
    meeting = record.meeting(meeting_id)
    if meeting is None:
        raise Http404
    own = services.own_invitation(access, meeting)
    is_open = not meeting.is_cancelled and meeting.starts_at > timezone.now()
    may_organise = services.may_organise(access)
    invitations = queries.visible_invitations(access, meeting)
    context = {
        "meeting": meeting,
        "invitations": invitations,
        "organiser_visible": queries.organiser_visible(access, meeting),
        "own": own,
        "is_open": is_open,
        "may_organise": may_organise,
        "minutes_visible": queries.minutes_visible(access, meeting),
        "minutes_publisher": queries.minutes_publisher_name(access, meeting)
        if meeting.minutes_published
        else "",
        "reply_form": ReplyForm(initial={"reply": own.reply if own else None}),
        "external_replies": may_organise and is_open,
        "reply_choices": [r for r in Reply if r != Reply.PENDING],
    }
    return render_record_page(
        request, record, "meetings/meeting_detail.html", WHAT_MEETING, context
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, public_id, meeting_id):
    access = _meetings_access(request, public_id)
    meeting = _meeting_or_404(access, meeting_id)
    if not services.may_organise(access):
        raise PermissionDenied
    local = days.local(meeting.starts_at)
    invited = meeting.invitations.all()
    initial = {
        "kind": meeting.kind,
        "date": local.date(),
        "time": local.time(),
        "duration_minutes": meeting.duration_minutes,
        "channel": meeting.channel,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "invite_participant": "yes" if any(i.is_participant for i in invited) else "no",
        "members": [i.user_id for i in invited if i.user_id and not i.is_participant],
        "externals": "\n".join(
            f"{i.external_name}, {i.external_role}".rstrip(", ")
            for i in invited
            if i.is_external and not i.is_participant
        ),
        "version": meeting.version,
    }
    form = MeetingChangeForm(
        posted(request), initial=initial, members=services.invitable_members(access)
    )
    if request.method == "POST" and form.is_valid():
        try:
            _changed, moved = services.meeting_change(
                access=access,
                meeting_id=meeting.pk,
                expected_version=form.cleaned_data["version"],
                **form.meeting_fields(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            show_current_version(form, queries.meeting_of(access, meeting_id))
        else:
            if moved:
                messages.success(
                    request,
                    _(
                        "Møtet er flyttet. Alle som er invitert må svare på nytt; "
                        "send dem den nye kalenderfilen."
                    ),
                )
            else:
                messages.success(request, _("Møtet er lagret."))
            return _to_meeting(public_id, meeting)
    return _render(
        request,
        access,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting},
        WHAT_MEETING_FORM,
    )


@login_required
@require_POST
def meeting_cancel(request, public_id, meeting_id):
    access = _meetings_access(request, public_id)
    meeting = _meeting_or_404(access, meeting_id)
    try:
        services.meeting_cancel(access=access, meeting_id=meeting.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Møtet er avlyst. Gi beskjed til dem som var invitert."))
    return _to_meeting(public_id, meeting)


@login_required
@require_POST
def meeting_reply(request, public_id, meeting_id):
    access = _meetings_access(request, public_id)
    meeting = _meeting_or_404(access, meeting_id)
    on_behalf_of = request.POST.get("invitation", "")
    form = ReplyForm(request.POST)
    try:
        # Refuse someone who may not answer here before telling them what the form lacks.
        services.reply_target(access, meeting, on_behalf_of)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.meeting_reply(
            access=access,
            meeting_id=meeting.pk,
            reply=form.cleaned_data["reply"],
            comment=form.cleaned_data["comment"],
            invitation_id=on_behalf_of,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Svaret er registrert."))
    return _to_meeting(public_id, meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_minutes(request, public_id, meeting_id):
    access = _meetings_access(request, public_id)
    meeting = _meeting_or_404(access, meeting_id)
    if not services.may_organise(access) or meeting.minutes_published:
        raise PermissionDenied
    form = MinutesForm(
        posted(request), initial={"text": meeting.minutes, "version": meeting.version}
    )
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        try:
            services.minutes_save(
                access=access,
                meeting_id=meeting.pk,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
                publish=publish,
            )
        except ValidationError as error:
            apply_errors(form, error)
            show_current_version(form, queries.meeting_of(access, meeting_id))
        else:
            if publish:
                messages.success(request, _("Referatet er publisert."))
            else:
                messages.success(request, _("Utkastet er lagret. Bare teamet ser det."))
            return _to_meeting(public_id, meeting)
    return _render(
        request,
        access,
        "meetings/minutes_form.html",
        {"form": form, "meeting": meeting, "may_publish": meeting.starts_at <= timezone.now()},
        WHAT_MINUTES,
    )


@login_required
@require_safe
def meeting_calendar_file(request, public_id, meeting_id):
    access = _meetings_access(request, public_id)
    meeting = _meeting_or_404(access, meeting_id)
    log_reads(access, WHAT_CALENDAR, [Category.PLAN])
    url = request.build_absolute_uri(
        reverse("meeting_detail", args=[access.participant.public_id, meeting.pk])
    )
    return attachment(
        meeting_calendar(meeting, url), "text/calendar; charset=utf-8", f"mote-{meeting.pk}.ics"
    )

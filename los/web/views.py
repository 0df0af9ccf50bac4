"""Web views. Each one parses input, calls the policy and a domain function, logs what it
shows, and renders. Participants are only ever reached through get_participant_access."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from los.access import audit
from los.access.policy import (
    get_participant_access,
    is_care_staff,
    staff_roles_of,
    works_with_participants,
)
from los.access.record import open_record
from los.advice.services import may_ask_named
from los.core.submissions import submitted_once
from los.core.vocabulary import Category
from los.directory import queries as directory_queries
from los.followup.queries import readable_note_categories
from los.followup.timeline import KINDS as TIMELINE_KINDS
from los.measures import queries as measure_queries
from los.meetings import queries as meeting_queries
from los.meetings.services import own_invitation
from los.organisations.models import Organisation
from los.participants import queries, services
from los.participants.models import AccessRequest
from los.participants.my_data import my_data
from los.reporting.scopes import scopes_for
from los.web.forms import (
    AccessLogFilterForm,
    AccessRequestAnswerForm,
    ConfirmForm,
    ConsentForm,
    EndMembershipForm,
    ParticipantDetailsForm,
    ParticipantRegisterForm,
    TeamMemberForm,
)
from los.web.helpers import (
    apply_errors,
    attachment,
    posted,
    render_participant_page,
    render_record_page,
    show_current_version,
    status_for_forms,
)

ACCESS_LOG_PAGE_SIZE = 25


def _require_care_staff(user) -> None:
    if not is_care_staff(user):
        raise PermissionDenied


@login_required
@require_safe
def home(request):
    participant = getattr(request.user, "participant", None)
    if participant is not None:
        return redirect("my_page")
    if works_with_participants(request.user):
        return redirect("participant_list")
    if scopes_for(request.user):
        # A system role with figures to read lands on them, not on what it may not see.
        return redirect("results_home")
    return render(request, "web/home_no_records.html", {"roles": staff_roles_of(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def participant_register(request):
    _require_care_staff(request.user)
    form = ParticipantRegisterForm(
        posted(request),
        user=request.user,
        allow_synthetic=settings.ENVIRONMENT != "production",
    )
    if request.method == "POST" and form.is_valid():
        try:
            registered = services.participant_register(
                actor=request.user,
                allow_synthetic_national_id=settings.ENVIRONMENT != "production",
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if isinstance(registered, AccessRequest):
                # The same receipt whoever the person is: no name, no team.
                return redirect("access_request_sent")
            messages.success(request, _("%(name)s er registrert.") % {"name": registered})
            return redirect("participant_detail", public_id=registered.public_id)
    return render(
        request,
        "web/participant_register.html",
        {"form": form},
        status=status_for_forms([form]),
    )


@login_required
@require_safe
def access_request_sent(request):
    """The receipt for a registration that became a request to an existing team. It is the
    same page for everyone and every person: it names no person, no team and no protected
    address."""
    _require_care_staff(request.user)
    return render(request, "web/access_request_sent.html")


@login_required
@require_http_methods(["POST"])
def access_request_answer(request, public_id, request_id):
    access = get_participant_access(request.user, public_id)
    if not access.can_answer_access_requests:
        raise PermissionDenied
    form = AccessRequestAnswerForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        decide = services.access_request_accept if accept else services.access_request_decline
        try:
            answered = decide(access=access, request_id=request_id)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            name = answered.requester.display_name
            messages.success(
                request,
                _("%(name)s er lagt til i teamet.") % {"name": name}
                if accept
                else _("Forespørselen fra %(name)s er avslått.") % {"name": name},
            )
    return redirect("participant_detail", public_id=public_id)


@login_required
@require_safe
def participant_detail(request, public_id):
    """The participant page: the timeline of the record, beside who the person is, the
    team, the consents and the latest reads."""
    record = open_record(request.user, public_id)
    access = record.access
    if access.is_self:
        return redirect(_with_query(reverse("my_page"), request))
    context = _timeline_context(request, record) | {
        "plan_visible": access.can_view(Category.PLAN),
        "notes_visible": bool(readable_note_categories(access)),
        "work_visible": access.can_view(Category.EMPLOYMENT) or access.decide_disclosed().allowed,
        "measures_visible": access.can_view(Category.MEASUREMENTS),
        "sick_leave_visible": access.sees_sick_leave_page,
        "may_ask_advice": may_ask_named(access),
        "team": queries.team_seen_by(access),
        "access_requests": queries.waiting_access_requests(access),
        "consents": queries.consents_seen_by(access),
        "access_log": (
            queries.access_log_of(access.participant)[:10] if access.can_see_access_log else []
        ),
    }
    return render_record_page(
        request, record, "web/participant_detail.html", audit.WHAT_RECORD_PAGE, context
    )


def _with_query(url: str, request) -> str:
    kind = request.GET.get("type", "")
    return f"{url}?{urlencode({'type': kind})}" if kind in TIMELINE_KINDS else url


def _timeline_context(request, record) -> dict:
    """The timeline beside the facts on the participant page (staff), and the participant's
    «Alt som har skjedd» (my_timeline), read through the record: the page logs the
    categories it showed."""
    kind = request.GET.get("type", "")
    kind = kind if kind in TIMELINE_KINDS else ""
    return {"events": record.timeline(kind), "kinds": TIMELINE_KINDS, "kind": kind}


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit_details(request, public_id):
    access = get_participant_access(request.user, public_id)
    if not access.can_change_details:
        raise PermissionDenied
    participant = access.participant
    initial = {
        "version": participant.version,
        "phone": participant.phone,
        "email": participant.email,
        "municipality": participant.municipality,
        "protected_address": participant.protected_address,
    }
    form = ParticipantDetailsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_update_details(
                access=access,
                expected_version=data["version"],
                phone=data["phone"],
                email=data["email"],
                municipality=data["municipality"],
                protected_address=data["protected_address"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            participant.refresh_from_db()
            show_current_version(form, participant)
        else:
            messages.success(request, _("Opplysningene er lagret."))
            return redirect("participant_detail", public_id=public_id)
    return render_participant_page(
        request,
        access,
        "web/participant_edit_details.html",
        audit.WHAT_DETAILS_FORM,
        {"form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def team_add(request, public_id):
    access = get_participant_access(request.user, public_id)
    if not access.can_manage_team:
        raise PermissionDenied
    form = TeamMemberForm(posted(request), initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["staff_role"]
        try:
            services.team_add_member(
                access=access,
                member=form.member,
                organisation=role.organisation,
                role=role.role,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s er lagt til i teamet.") % {"name": form.member.display_name}
            )
            return redirect("participant_detail", public_id=public_id)
    return render_participant_page(
        request, access, "web/team_add.html", audit.WHAT_TEAM_FORM, {"form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_end(request, public_id, membership_id):
    access = get_participant_access(request.user, public_id)
    if not access.can_manage_team:
        raise PermissionDenied
    membership = next(
        (m for m in queries.team_of(access.participant) if m.pk == membership_id), None
    )
    if membership is None:
        raise Http404
    form = EndMembershipForm(posted(request), initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_end_membership(
                access=access, membership_id=membership.pk, end_date=form.cleaned_data["end_date"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Medlemskapet i teamet er avsluttet."))
            return redirect("participant_detail", public_id=public_id)
    return render_participant_page(
        request,
        access,
        "web/team_end.html",
        audit.WHAT_TEAM_FORM,
        {
            "membership": membership,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def consent_new(request, public_id):
    access = get_participant_access(request.user, public_id)
    if not access.can_record_consent:
        raise PermissionDenied
    team_organisations = Organisation.objects.filter(
        pk__in=[m.organisation_id for m in queries.team_of(access.participant) if m.is_current]
    )
    form = ConsentForm(
        posted(request),
        initial={"valid_from": timezone.localdate()},
        team_organisations=team_organisations,
        participant_is_author=access.is_self,
        directory_organisations=(
            directory_queries.organisations_offering_to(access.participant)
            if access.is_self
            else ()
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                access=access,
                organisation=data["organisation"],
                categories=data["categories"],
                purpose=data["purpose"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                method=data.get("method", ""),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Samtykket er registrert."))
            if access.is_self:
                return redirect("my_page")
            return redirect("participant_detail", public_id=public_id)
    return render_participant_page(
        request, access, "web/consent_new.html", audit.WHAT_CONSENT_FORM, {"form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, public_id, consent_id):
    access = get_participant_access(request.user, public_id)
    if not access.can_withdraw_consent:
        raise PermissionDenied
    consent = next((c for c in queries.consents_of(access.participant) if c.pk == consent_id), None)
    if consent is None:
        raise Http404
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(access=access, consent_id=consent.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Samtykket er trukket tilbake. Det gjelder fra nå."))
            if access.is_self:
                return redirect("my_page")
            return redirect("participant_detail", public_id=public_id)
    return render_participant_page(
        request,
        access,
        "web/consent_withdraw.html",
        audit.WHAT_CONSENT_FORM,
        {"consent": consent, "form": form},
    )


@login_required
@require_safe
def access_log(request, public_id):
    access = get_participant_access(request.user, public_id)
    if not access.can_see_access_log:
        raise PermissionDenied
    if access.is_self:
        return _my_access_log(request, access)
    entries = queries.access_log_of(access.participant)
    page = Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("side"))
    return render_participant_page(
        request,
        access,
        "web/access_log.html",
        audit.WHAT_ACCESS_LOG,
        {"page": page, "refusals": queries.refusals_of(access.participant)},
    )


def _my_access_log(request, access):
    """The participant's own view: one line per person and day, with what they read,
    filtered by person and by kind of information. Staff keep one row per read, for audit."""
    participant, me = access.participant, request.user
    people = queries.people_who_read(participant, exclude_user=me)
    form = AccessLogFilterForm(request.GET or None, people=people)
    chosen = form.cleaned_data if form.is_valid() else {}
    person, category = chosen.get("hvem"), chosen.get("hva") or None
    groups = queries.reads_by_person_and_day(
        participant, exclude_user=me, user_id=person, category=category
    )
    page = Paginator(groups, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("side"))
    page.object_list = queries.with_what_was_read(participant, page.object_list, category=category)
    return render_participant_page(
        request,
        access,
        "web/my_access_log.html",
        audit.WHAT_ACCESS_LOG,
        {
            "page": page,
            "form": form,
            "filtered": bool(person or category),
            "page_params": urlencode(
                {k: v for k, v in (("hvem", person), ("hva", category)) if v is not None}
            ),
            "refusals": queries.refusals_of(participant, exclude_user=me),
            "access_requests": queries.access_requests_seen_by(access),
        },
    )


@login_required
@require_safe
def my_page(request):
    """The participant's front page, short enough for a phone in a hard time: what waits
    for them now (new messages, questionnaires, meetings to answer), where to go, who is on
    the team and who looked. The whole history is on its own page (my_timeline)."""
    record = open_record(request.user, _own_participant(request).public_id)
    access = record.access
    upcoming = list(
        meeting_queries.with_invitations(meeting_queries.meetings_for(access)).filter(
            starts_at__gte=timezone.now(), cancelled_at__isnull=True
        )[:3]
    )
    for meeting in upcoming:
        meeting.own = own_invitation(access, meeting)
    context = {
        "new_messages": [thread for thread in record.threads() if thread.unread],
        "meetings": upcoming,
        "team": [m for m in queries.team_seen_by(access) if m.is_current],
        "consents": queries.consents_seen_by(access),
        "access_log": queries.access_log_of(access.participant, exclude_user=request.user)[:3],
        "due_measures": measure_queries.due_for(access),
    }
    return render_record_page(request, record, "web/my_page.html", audit.WHAT_RECORD_PAGE, context)


@login_required
@require_safe
def my_timeline(request):
    """Everything that has happened in the participant's record, newest first."""
    record = open_record(request.user, _own_participant(request).public_id)
    return render_record_page(
        request,
        record,
        "web/my_timeline.html",
        audit.WHAT_RECORD_PAGE,
        _timeline_context(request, record),
    )


@login_required
@require_safe
def my_data_download(request):
    """«Last ned opplysningene mine»: what the participant's own pages show them, as one JSON
    file (los/participants/my_data.py)."""
    record = open_record(request.user, _own_participant(request).public_id)
    document = my_data(record)
    record.log_shown(audit.WHAT_MY_DATA)
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return attachment(body, "application/json; charset=utf-8", "mine-opplysninger-los.json")


def _own_participant(request):
    participant = getattr(request.user, "participant", None)
    if participant is None:
        raise Http404
    return participant


@login_required
@require_safe
def participant_timeline(request, public_id):
    """The timeline is the participant page now; old links land there."""
    access = get_participant_access(request.user, public_id)
    page = "my_timeline" if access.is_self else "participant_detail"
    args = [] if access.is_self else [public_id]
    return redirect(_with_query(reverse(page, args=args), request))

"""The caseload («Mine deltakere») and the staff member's saved views of it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from los.access import audit
from los.access.policy import is_care_staff, load_accesses, works_with_participants
from los.core import submissions
from los.core.submissions import submitted_once
from los.core.text import clean_text
from los.core.vocabulary import Category
from los.followup import caseload as caseloads
from los.followup.models import SavedFilter
from los.participants import queries as participant_queries
from los.web.caseload_rows import Labels, caseload_rows

CASELOAD_PAGE_SIZE = 50


def _require_caseload(user) -> None:
    if not works_with_participants(user):
        raise PermissionDenied


def view_url(show: str, sort: str, days: int) -> str:
    params = {"vis": show, "sorter": sort}
    if show == "ingen-kontakt":
        params["dager"] = days
    return reverse("participant_list") + "?" + urlencode({k: v for k, v in params.items() if v})


@login_required
@require_safe
def participant_list(request):
    """The staff member's caseload, with search, filters and sorting. Staff find only the
    participants whose team they are on."""
    _require_caseload(request.user)
    query = clean_text(request.GET.get("q", ""))[:100]
    show, sort, days = caseloads.clean_view(
        request.GET.get("vis", ""), request.GET.get("sorter", ""), request.GET.get("dager")
    )
    rows = caseloads.caseload(request.user, query=query, show=show, sort=sort, no_contact_days=days)
    page = Paginator(rows, CASELOAD_PAGE_SIZE).get_page(request.GET.get("side"))
    labels = Labels.current()
    audit.record_reads(
        [row.access for row in page.object_list], Category.CORE, audit.WHAT_SEARCH_HIT
    )
    access_requests = _waiting_access_requests(request.user)
    saved = [
        (saved_filter, view_url(saved_filter.show, saved_filter.sort, saved_filter.no_contact_days))
        for saved_filter in SavedFilter.objects.filter(user=request.user)
    ]
    return render(
        request,
        "web/participant_list.html",
        {
            "query": query,
            "show": show,
            "sort": sort,
            "days": days,
            "day_choices": caseloads.NO_CONTACT_CHOICES,
            "filters": caseloads.FILTERS,
            "sorts": caseloads.SORTS,
            "page": page,
            "rows": page.object_list,
            "labels": labels,
            "row_html": caseload_rows(page.object_list, labels),
            "saved": saved,
            "can_register": is_care_staff(request.user),
            "access_requests": access_requests,
        },
    )


def _waiting_access_requests(user):
    """Requests to join the teams the user manages, with the participants' names: a read of
    each one's core, logged as such."""
    if not is_care_staff(user):
        return []
    requests = participant_queries.waiting_access_requests_for(user)
    if requests:
        accesses = load_accesses(user, {r.participant for r in requests}, timezone.localdate())
        requests = [r for r in requests if accesses[r.participant_id].can_answer_access_requests]
        shown = {r.participant_id: accesses[r.participant_id] for r in requests}
        audit.record_reads(shown.values(), Category.CORE, audit.WHAT_ACCESS_REQUEST)
    return requests


@login_required
@require_POST
@submitted_once
def saved_filter_new(request):
    _require_caseload(request.user)
    show, sort, days = caseloads.clean_view(
        request.POST.get("vis", ""), request.POST.get("sorter", ""), request.POST.get("dager")
    )
    try:
        caseloads.saved_filter_create(
            request.user,
            name=clean_text(request.POST.get("name", "")),
            show=show,
            sort=sort,
            no_contact_days=days,
        )
    except ValidationError as error:
        submissions.not_saved(request)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Utvalget er lagret."))
    return redirect(view_url(show, sort, days))


@login_required
@require_POST
def saved_filter_delete(request, filter_id):
    _require_caseload(request.user)
    try:
        caseloads.saved_filter_delete(request.user, filter_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Utvalget er slettet."))
    return redirect("participant_list")

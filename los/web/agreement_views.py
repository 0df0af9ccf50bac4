"""Collaboration agreements (samarbeidsavtaler): the overview of one's agreements with what
is due, one agreement with its follow-up meetings and the figures of the parties' services,
and the forms. The rules are in los/agreements/services.py; an agreement holds no personal
data about participants, so no access-log rows (docs/agreements.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from los.agreements import queries, services
from los.agreements.forms import AgreementForm, MeetingForm
from los.agreements.models import Agreement
from los.core.submissions import submitted_once
from los.organisations.models import County
from los.reporting.pages import report_url
from los.reporting.scopes import Level, Scope, may_read_report
from los.web.helpers import apply_errors, posted, show_current_version

FORM_FIELDS = (*services.TEXTS, "parties", "offers", "starts_on", "review_on")


@login_required
@require_safe
def agreement_list(request):
    if not services.has_agreement_work(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    rows = queries.overview(request.user, today)
    counties = County.objects.filter(pk__in=services.coordinated_counties(request.user))
    return render(
        request,
        "agreements/list.html",
        {
            "rows": rows,
            "attention": [r for r in rows if r.needs_attention],
            "counties": counties.order_by("name"),
        },
    )


def _agreement_or_404(user, agreement_id) -> Agreement:
    """An agreement the user may not read does not exist for them."""
    agreement = (
        Agreement.objects.filter(pk=agreement_id)
        .select_related("county", "created_by")
        .prefetch_related("parties", "offers__organisation")
        .first()
    )
    if agreement is None or not services.may_read_agreement(user, agreement):
        raise Http404
    return agreement


def _form(request, county_id, **kwargs):
    return AgreementForm(
        posted(request),
        parties=services.party_choices(county_id),
        offers=services.offer_choices(county_id),
        **kwargs,
    )


def _data(form) -> dict:
    return {name: form.cleaned_data[name] for name in FORM_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def agreement_new(request):
    counties = sorted(services.coordinated_counties(request.user))
    if not counties:
        raise PermissionDenied
    asked = request.GET.get("fylke") or request.POST.get("fylke")
    county = County.objects.filter(pk__in=counties, number=asked).first() if asked else None
    county = county or County.objects.get(pk=counties[0])
    form = _form(request, county.pk)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                user=request.user, county_id=county.pk, **_data(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Samarbeidsavtalen er lagret."))
            return redirect("agreement_detail", agreement.pk)
    return render(
        request, "agreements/form.html", {"form": form, "county": county, "agreement": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, agreement_id):
    agreement = _agreement_or_404(request.user, agreement_id)
    if not services.may_keep_agreements(request.user, agreement.county_id):
        raise PermissionDenied
    initial = {name: getattr(agreement, name) for name in services.TEXTS}
    initial.update(
        parties=list(agreement.parties.all()),
        offers=list(agreement.offers.all()),
        starts_on=agreement.starts_on,
        review_on=agreement.review_on,
        version=agreement.version,
    )
    form = _form(request, agreement.county_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                user=request.user,
                agreement_id=agreement.pk,
                version=form.cleaned_data["version"] or 0,
                **_data(form),
            )
        except ValidationError as error:
            apply_errors(form, error)
            show_current_version(form, Agreement.objects.get(pk=agreement.pk))
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("agreement_detail", agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {"form": form, "county": agreement.county, "agreement": agreement},
    )


def _reports_of(user, agreement) -> list[dict]:
    """The report of each party's service that the user may read (suppressed where it
    must be): the figures beside the agreement (los/reporting)."""
    found = []
    for party in agreement.parties.all():
        scope = Scope(Level.SERVICE, str(party.pk))
        if may_read_report(user, scope)[0]:
            found.append({"name": party.name, "url": report_url(scope)})
    county = Scope(Level.COUNTY, agreement.county.number)
    if may_read_report(user, county)[0]:
        found.append({"name": agreement.county.name, "url": report_url(county)})
    return found


def _detail(request, agreement, meeting_form=None):
    user = request.user
    may_write = services.may_write_minutes(user, agreement)
    if meeting_form is None and may_write:
        meeting_form = MeetingForm(initial={"held_on": timezone.localdate()})
    meetings = list(agreement.meetings.select_related("written_by"))
    last = meetings[0].held_on if meetings else None
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "row": queries.row_of(agreement, last, timezone.localdate()),
            "meetings": meetings,
            "meeting_form": meeting_form,
            "may_edit": services.may_keep_agreements(user, agreement.county_id),
            "reports": _reports_of(user, agreement),
        },
        status=200,
    )


@login_required
@require_safe
def agreement_detail(request, agreement_id):
    return _detail(request, _agreement_or_404(request.user, agreement_id))


@login_required
@require_POST
@submitted_once
def agreement_meeting_new(request, agreement_id):
    agreement = _agreement_or_404(request.user, agreement_id)
    if not services.may_write_minutes(request.user, agreement):
        raise PermissionDenied
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_add(user=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Referatet er lagret."))
            return redirect("agreement_detail", agreement.pk)
    return _detail(request, agreement, meeting_form=form)

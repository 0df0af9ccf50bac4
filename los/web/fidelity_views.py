"""IPS fidelity reviews: the list and a service's history, a new review, the review itself
(independent ratings, consensus, the result and the action plan) and its PDF report.

A review is about a service and holds no personal data; the figures from the record are
aggregates without names. The policy is in los.fidelity.services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from los.core.pdf import pdf_from_template
from los.core.submissions import submitted_once
from los.fidelity import queries, services
from los.fidelity.forms import ActionForm, ReviewForm
from los.fidelity.models import EvidenceSource
from los.fidelity.services import ItemRating
from los.web.helpers import apply_errors, attachment, posted


def _require_staff(user) -> None:
    if not services.may_see_reviews(user):
        raise PermissionDenied


@login_required
@require_safe
def review_list(request):
    _require_staff(request.user)
    reviews = queries.reviews_for(request.user)
    services_seen = {}
    for review in reviews:
        if review.phase == "final":
            services_seen[(review.organisation_id, review.scale.code)] = review
    return render(
        request,
        "fidelity/review_list.html",
        {
            "reviews": reviews,
            "histories": list(services_seen.values()),
            "can_review": services.may_review(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def review_new(request):
    if not services.may_review(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = ReviewForm(
        posted(request),
        user=request.user,
        initial={
            "review_date": today,
            "period_start": today - datetime.timedelta(days=182),  # the last six months
            "period_end": today,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            review = services.review_create(
                user=request.user, co_reviewers=list(data.pop("co_reviewers")), **data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Gjennomgangen er opprettet. Vurder hvert punkt alene."))
            return redirect("review_detail", review_id=review.pk)
    return render(request, "fidelity/review_new.html", {"form": form})


def _posted_ratings(request, view, *, agreed: bool) -> dict[int, ItemRating]:
    """Ratings from the form: score_<item>, sources_<item>, note_<item>. A score that is not
    a number is kept as an out-of-range value so the service refuses it with a reason."""
    ratings = {}
    for row in view.rows:
        raw = request.POST.get(f"score_{row.item.pk}", "").strip()
        if not raw and agreed:
            continue
        try:
            score = int(raw) if raw else None
        except ValueError:
            score = -1
        ratings[row.item.pk] = ItemRating(
            score=score,
            sources=tuple(request.POST.getlist(f"sources_{row.item.pk}")),
            note=request.POST.get(f"note_{row.item.pk}", "").strip()[:2000],
        )
    return ratings


ACTIONS = {
    "save": gettext_lazy("Vurderingene er lagret."),
    "done": gettext_lazy("Du har levert vurderingene dine."),
    "consensus": gettext_lazy("De omforente skårene er lagret."),
    "finalise": gettext_lazy("Gjennomgangen er ferdig."),
    "action": gettext_lazy("Tiltaket er lagt til."),
}


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, review_id):
    view = queries.review_view(request.user, review_id)
    if view is None:
        raise Http404
    action_form = ActionForm(request.POST if request.POST.get("action") == "action" else None)
    if request.method == "POST":
        if not view.is_reviewer:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            _act(request, view, action, action_form)
        except ValidationError as error:
            if action == "action":
                apply_errors(action_form, error)
            else:
                messages.error(request, " ".join(error.messages))
        else:
            if action in ACTIONS:
                messages.success(request, ACTIONS[action])
                return redirect("review_detail", review_id=review_id)
        view = queries.review_view(request.user, review_id)
    return render(
        request,
        "fidelity/review.html",
        {
            "view": view,
            "review": view.review,
            "scores": range(view.review.scale.min_rating, view.review.scale.max_rating + 1),
            "sources": EvidenceSource.choices,
            "action_form": action_form,
        },
    )


def _act(request, view, action: str, action_form) -> None:
    """Each button saves what is in the form before it acts, so nothing typed is lost."""
    user, review_id = request.user, view.review.pk
    recommendations = request.POST.get("recommendations", "")[:8000]
    if action in ("save", "done"):
        services.ratings_save(
            user=user, review_id=review_id, ratings=_posted_ratings(request, view, agreed=False)
        )
    if action == "done":
        services.ratings_done(user=user, review_id=review_id)
    if action in ("consensus", "finalise"):
        services.consensus_save(
            user=user,
            review_id=review_id,
            ratings=_posted_ratings(request, view, agreed=True),
            recommendations=recommendations,
        )
    if action == "finalise":
        services.review_finalise(user=user, review_id=review_id, recommendations=recommendations)
    elif action == "action":
        if not action_form.is_valid():
            raise ValidationError(_("Fyll inn tiltak, ansvarlig og frist."))
        services.action_add(user=user, review_id=review_id, **action_form.cleaned_data)


@login_required
@require_safe
def review_pdf(request, review_id):
    view = queries.review_view(request.user, review_id)
    if view is None or view.review.phase != "final":
        raise Http404
    document = pdf_from_template(
        "fidelity/review_pdf.html",
        {"view": view, "review": view.review, "printed_at": timezone.now()},
    )
    return attachment(document, "application/pdf", f"troskap-{view.review.pk}.pdf")


@login_required
@require_safe
def service_history(request, organisation_id, scale_code):
    _require_staff(request.user)
    data = queries.history(request.user, organisation_id, scale_code)
    if data is None:
        raise Http404
    return render(request, "fidelity/history.html", data)

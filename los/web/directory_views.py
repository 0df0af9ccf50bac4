"""The service directory: the public page /tilbud/ (no login, no personal data) with its
search by municipality and need, each offer's own page, and the keepers' pages to create and
change offers. Who keeps what is decided in los.directory.services (may_edit_offer)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from los.core.submissions import submitted_once
from los.directory import queries, services
from los.directory.forms import OfferForm, OfferImportForm
from los.directory.kinds import KIND_DESCRIPTION, NEEDS_OF_KIND, Need, OfferKind, Route
from los.directory.offer_import import COLUMNS
from los.directory.offer_import import import_offers as offer_import_rows
from los.organisations.models import County
from los.reporting.disclosure import min_cell_size
from los.web.helpers import apply_errors, posted, show_current_version

PAGE_SIZE = 50


@require_safe
def offer_list(request):
    """Public: the offers, searched by `?kommune=` (four digits) and `?behov=`. Input that
    cannot be used is said in plain words, and then no offers are listed."""
    search = queries.parse_search(request.GET)
    page = None
    if not search.errors:
        page = Paginator(queries.offers_for(search), PAGE_SIZE).get_page(request.GET.get("side"))
        waits = queries.waiting_times([o.pk for o in page.object_list], timezone.localdate())
        for offer in page.object_list:
            offer.waiting = waits[offer.pk]
    return render(
        request,
        "directory/offer_list.html",
        {
            "search": search,
            "page": page,
            "municipalities": queries.municipality_choices(),
            "needs": Need.choices,
        },
    )


@require_safe
def offer_detail(request, offer_id):
    """Public: one offer's page."""
    offer = queries.offer_page(offer_id)
    if offer is None:
        raise Http404
    return render(
        request,
        "directory/offer_detail.html",
        {
            "offer": offer,
            "kind_description": KIND_DESCRIPTION.get(offer.kind, ""),
            "needs": [label for value, label in Need.choices if value in NEEDS_OF_KIND[offer.kind]],
            "may_edit": services.may_edit_offer(request.user, offer.organisation),
            "waiting": queries.waiting_times([offer.pk], timezone.localdate())[offer.pk],
            "min_cell_size": min_cell_size(),
        },
    )


def _require_keeper(user) -> None:
    if not services.may_keep_offers(user):
        raise PermissionDenied


@login_required
@require_safe
def offer_manage(request):
    """The offers the user keeps: their own organisations', and their county's for the
    county coordinator."""
    _require_keeper(request.user)
    return render(
        request,
        "directory/offer_manage.html",
        {"offers": list(queries.offers_kept_by(request.user))},
    )


MAX_IMPORT_BYTES = 1024 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def offer_import(request):
    """Offers from a CSV file, all or nothing (los/directory/offer_import.py)."""
    _require_keeper(request.user)
    form = OfferImportForm(posted(request), request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise ValueError(_("Filen er større enn 1 MB."))
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            errors = [_("Filen er ikke UTF-8. Lagre den som «CSV UTF-8» og prøv igjen.")]
        except ValueError as error:
            errors = [str(error)]
        else:
            result = offer_import_rows(text, user=request.user)
            errors = result.errors
            if not errors:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d tilbud er lagt inn.", "%(n)d tilbud er lagt inn.", result.created
                    )
                    % {"n": result.created},
                )
                return redirect("offer_manage")
    return render(
        request,
        "directory/offer_import.html",
        {
            "form": form,
            "errors": errors,
            "columns": COLUMNS,
            "kinds": OfferKind.choices,
            "routes": Route.choices,
        },
        status=422 if errors else 200,
    )


def _form(request, *, initial=None, editing=False, organisation=None):
    organisations = services.organisations_kept_by(request.user).order_by("name")
    counties = (
        County.objects.filter(pk=organisation.county_id)
        if organisation is not None
        else County.objects.filter(organisations__in=organisations).distinct()
    )
    return OfferForm(
        posted(request),
        organisations=organisations,
        counties=counties,
        editing=editing,
        initial=initial,
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def offer_new(request):
    _require_keeper(request.user)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            offer = services.offer_create(user=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Tilbudet er lagret og vises på tilbudssiden."))
            return redirect("offer_detail", offer.pk)
    return render(request, "directory/offer_form.html", {"form": form, "offer": None})


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, offer_id):
    offer = queries.offer_page(offer_id)
    if offer is None:
        raise Http404
    if not services.may_edit_offer(request.user, offer.organisation):
        raise PermissionDenied
    initial = {name: getattr(offer, name) for name in services.FIELDS}
    initial.update(version=offer.version, municipalities=list(offer.municipalities.all()))
    form = _form(request, initial=initial, editing=True, organisation=offer.organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.offer_update(
                user=request.user, offer_id=offer.pk, version=version or 0, **data
            )
        except ValidationError as error:
            apply_errors(form, error)
            show_current_version(form, queries.offer_page(offer.pk))
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("offer_detail", offer.pk)
    return render(request, "directory/offer_form.html", {"form": form, "offer": offer})

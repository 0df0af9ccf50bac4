"""Referrals between services: the participant's referrals (for the team and the
participant), a new referral, withdrawing one, and the receiving service's list of referrals
to answer with the answer itself. The rules are in los.directory.services; the sending side
reaches the participant through the policy (get_participant_access), the receiving side
through its care roles at the receiving organisation, and every page that shows a referral
writes its access-log rows."""

from __future__ import annotations

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
from los.access.policy import get_participant_access, reads_without_consent
from los.core.submissions import submitted_once
from los.core.vocabulary import Category
from los.directory import queries, services
from los.directory.forms import AnswerForm, ReferralForm
from los.web.helpers import apply_errors, posted, render_participant_page

WHAT_REFERRALS = "henvisninger"
INBOX_PAGE_SIZE = 50


@login_required
@require_safe
def referrals(request, public_id):
    """The participant's referrals and their states, for the team and the participant."""
    access = get_participant_access(request.user, public_id)
    rows = queries.referrals_seen_by(access)
    now = timezone.now()
    for referral in rows:
        referral.overdue = referral.is_overdue(now)
        referral.may_withdraw = services.may_withdraw_referral(access, referral)
    return render_participant_page(
        request,
        access,
        "directory/referrals.html",
        WHAT_REFERRALS,
        {"referrals": rows, "may_refer": services.may_refer(access)},
    )


def _what_is_read(offer):
    """For the chosen offer: the categories its organisation reads from its own sector, and
    those that need the participant's consent."""
    if offer is None:
        return None
    own = [Category(c) for c in offer.reads if reads_without_consent(offer.organisation, c)]
    return {"own_sector": own, "needs_consent": services.categories_needing_consent(offer)}


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def referral_new(request, public_id):
    access = get_participant_access(request.user, public_id)
    if not services.may_refer(access):
        raise PermissionDenied
    offers = queries.offers_to_refer(access)
    chosen_id = request.POST.get("offer") or request.GET.get("tilbud")
    chosen = None
    if chosen_id and str(chosen_id).isdigit():
        chosen = offers.filter(pk=int(chosen_id)).first()
    form = ReferralForm(
        posted(request), offers=offers, initial={"offer": chosen.pk if chosen else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(
                access=access,
                offer_id=form.cleaned_data["offer"].pk,
                reason=form.cleaned_data["reason"],
                legal_basis=form.cleaned_data["legal_basis"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Henvisningen er sendt."))
            return redirect("referrals", public_id=public_id)
    form.offer_errors_on_top()
    cover = None
    if chosen is not None:
        consents, missing = services.consent_cover(access.participant, chosen, access.day)
        cover = {"consented": [Category(c.category) for c in consents], "missing": missing}
    return render_participant_page(
        request,
        access,
        "directory/referral_form.html",
        WHAT_REFERRALS,
        {
            "form": form,
            "offers": offers,
            "chosen": chosen,
            "read": _what_is_read(chosen),
            "cover": cover,
        },
    )


@login_required
@require_POST
def referral_withdraw(request, public_id, referral_id):
    access = get_participant_access(request.user, public_id)
    if not services.may_refer(access):
        raise PermissionDenied
    try:
        services.referral_withdraw(access=access, referral_id=referral_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Henvisningen er trukket tilbake."))
    return redirect("referrals", public_id=public_id)


@login_required
@require_safe
def referral_inbox(request):
    """Referrals to the user's services that wait for an answer or are under way. Each
    shows who the person is and why they are referred, nothing else of the record, and is
    logged as a read of the participant's core."""
    roles = services.answering_roles(request.user)
    if not roles:
        raise PermissionDenied
    page = Paginator(queries.inbox_for(roles), INBOX_PAGE_SIZE).get_page(request.GET.get("side"))
    now = timezone.now()
    rows = list(page.object_list)
    for referral in rows:
        referral.overdue = referral.is_overdue(now)
    for organisation_id, role in roles.items():
        audit.record_referral_reads(
            role,
            [r.participant_id for r in rows if r.offer.organisation_id == organisation_id],
        )
    return render(
        request,
        "directory/referral_inbox.html",
        {"page": page, "rows": rows, "answer_days": services.answer_days()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_answer(request, referral_id):
    roles = services.answering_roles(request.user)
    referral = queries.referral_for_receiver(referral_id, roles) if roles else None
    if referral is None:
        raise Http404
    organisation = referral.offer.organisation
    form = AnswerForm(posted(request), organisation=organisation)
    if referral.state != "sent":  # on the waiting list already
        form.fields["answer"].choices = [
            c for c in form.fields["answer"].choices if c[0] != services.WAITING_LIST
        ]
    if request.method == "POST" and request.POST.get("answer") == services.DONE:
        try:
            services.referral_answer(
                user=request.user, referral_id=referral.pk, answer=services.DONE
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Henvisningen er avsluttet."))
        return redirect("referral_answer", referral_id=referral.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_answer(
                user=request.user,
                referral_id=referral.pk,
                answer=data["answer"],
                staff=data["staff"],
                start_date=data["start_date"],
                decline_reason=data["decline_reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Svaret er lagret. Den som henviste, ser det nå."))
            return redirect("referral_inbox")
    audit.record_referral_reads(roles[organisation.pk], [referral.participant_id])
    referral.overdue = referral.is_overdue()
    return render(
        request,
        "directory/referral_answer.html",
        {
            "referral": referral,
            "form": form,
            "may_answer": referral.state in {"sent", "waiting_list"},
            "may_close": referral.state == "accepted",
            "answer_days": services.answer_days(),
        },
    )

"""The user's choice of notices, and the unsubscribe link in each e-mail (no login).

Neither page shows anything of a participant's record: they write no access-log row."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from los.notifications import services
from los.notifications.forms import PreferenceForm
from los.web.helpers import apply_errors, posted


@login_required
@require_http_methods(["GET", "POST"])
def notice_settings(request):
    preference = services.preference_of(request.user)
    form = PreferenceForm(
        posted(request), initial={"choice": preference.choice, "phone": preference.phone}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_save(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Valget ditt for varsler er lagret."))
            return redirect("notice_settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "email": request.user.email, "preference": preference},
    )


# The mail program's one-click unsubscribe (RFC 8058) posts without a CSRF token; the signed
# token in the address is what authorises it, and it can only stop notices.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def notice_unsubscribe(request, token):
    """GET asks (a link checker that opens the link must not unsubscribe anyone); POST
    stops the e-mails."""
    user = services.user_from_token(token)
    if user is None:
        raise Http404
    if request.method == "POST":
        services.unsubscribe_email(user=user)
        return render(request, "notifications/unsubscribed.html", {})
    return render(request, "notifications/unsubscribe.html", {})

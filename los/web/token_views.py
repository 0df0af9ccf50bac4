"""«API-nøkler»: a staff member's personal keys to the JSON API (los/api/tokens.py,
docs/api.md). A new key is shown once, on the page that answers the form, and never again."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from los.api import tokens
from los.api.models import Scope
from los.core.forms import LosForm
from los.web.helpers import apply_errors, posted


class TokenForm(LosForm):
    name = forms.CharField(
        label=gettext_lazy("Navn"),
        max_length=100,
        help_text=gettext_lazy("Hva nøkkelen brukes til, for eksempel «Uttrekk til fagsystemet»."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Tilgang"), choices=Scope.choices, widget=forms.RadioSelect
    )
    days = forms.TypedChoiceField(label=gettext_lazy("Gjelder i"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (days, _("%(days)d dager") % {"days": days}) for days in tokens.LIFETIMES_DAYS
        ]


def _require_staff(user) -> None:
    if not tokens.may_make_keys(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    _require_staff(request.user)
    form = TokenForm(posted(request), initial={"scope": Scope.READ, "days": 30})
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = tokens.token_create(request, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = TokenForm(initial={"scope": Scope.READ, "days": 30})
    return render(
        request,
        "web/api_tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": tokens.tokens_of(request.user),
            "mfa_session": tokens.session_has_mfa(request),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def api_token_revoke(request, token_id):
    _require_staff(request.user)
    try:
        token = tokens.token_revoke(request.user, token_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Nøkkelen «%(name)s» er trukket tilbake.") % {"name": token.name}
        )
    return redirect("api_tokens")

"""Each form that creates something is created once, however often it is sent.

A form that creates (a message, a note, a meeting, a consent …) carries a one-time token,
a hidden field from the `{% submission_token %}` tag. The view is wrapped in
`@submitted_once`:

- the first POST with a token claims it (a row in `Submission`, unique per user and token)
  in the same transaction as whatever the view creates, and stores where the view's
  redirect led;
- a POST with a token already used leads to that same place, with a kind word that it was
  already saved, and creates nothing;
- two POSTs racing on two connections with one token (a double click): PostgreSQL makes the
  second INSERT wait for the first transaction; when that commits, the second fails on the
  unique constraint, is rolled back whole and goes where the first went;
- a POST that does not end in a redirect (the form is shown again with errors), that is
  refused (403, 404), or whose view calls `not_saved` (it redirects with an error message)
  gives its claim back, so correcting the form and sending it works.
  What such a request wrote to the access log is kept: only the claim is undone.

A POST without a token, or with one that is not a token, is handled as before; the token
saves people from their own double clicks, it is not a security boundary (CSRF is)."""

from __future__ import annotations

import datetime
import functools
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core.models import Submission

FIELD = "submission_token"
# A form is resent within seconds or minutes; a day is more than anyone needs.
KEEP_FOR = datetime.timedelta(days=1)


def new_token() -> str:
    return str(uuid.uuid4())


def _posted_token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def _to_earlier_result(request, submission: Submission):
    messages.info(request, _("Dette var allerede lagret, så det ble ikke lagret en gang til."))
    return redirect(submission.result_url or "home")


def not_saved(request) -> None:
    """For a view that answers a refused submission with a redirect (and an error message)
    rather than the form: the redirect does not mean something was created, so the token is
    given back."""
    request.los_submission_not_saved = True


def _earlier(user, token) -> Submission | None:
    return Submission.objects.filter(user=user, token=token).first()


def _forget_old_claims() -> None:
    Submission.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()


def submitted_once(view):
    """Make a creating view idempotent per submission token (see the module docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _posted_token(request) if request.method == "POST" else None
        if token is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        earlier = _earlier(request.user, token)
        if earlier is not None:
            return _to_earlier_result(request, earlier)
        refusal = None
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = Submission.objects.create(user=request.user, token=token)
            except IntegrityError:
                claim = None  # a racing request with this token committed first
            if claim is not None:
                try:
                    response = view(request, *args, **kwargs)
                except (PermissionDenied, Http404) as error:
                    # Leave the transaction normally so what the view logged is kept.
                    refusal, response = error, None
                saved = not getattr(request, "los_submission_not_saved", False)
                if saved and isinstance(response, HttpResponseRedirect):
                    claim.result_url = response["Location"]
                    claim.save(update_fields=["result_url"])
                    # Everyone's claims older than a day go as new ones come, so none stay:
                    # after the commit, in a statement of its own, so that unrelated users'
                    # submissions never wait on each other's locks on the old rows.
                    transaction.on_commit(_forget_old_claims)
                else:
                    claim.delete()
        if claim is None:
            earlier = _earlier(request.user, token)
            if earlier is None:  # the racing request gave its claim back meanwhile
                return view(request, *args, **kwargs)
            return _to_earlier_result(request, earlier)
        if refusal is not None:
            raise refusal
        return response

    wrapper.submitted_once = True  # for the test that every creating view is wrapped
    return wrapper

"""Los's own pages for the errors a user can meet, in Norwegian and in the site's look.

Every page says what we know about what happened to what the user sent, and nothing more:
a refused request (too large, an expired form) never reached the view, so nothing was
saved; after a server error we cannot know, so the page asks the user to check first
rather than invite a duplicate.
"""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# What Django raises when a request is over DATA_UPLOAD_MAX_MEMORY_SIZE or one of the
# number limits. The request was refused before any view ran.
_TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request, exception=None) -> HttpResponse:
    if isinstance(exception, _TOO_LARGE):
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)


def csrf_failure(request, reason="") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form's token was missing or stale, or cookies are blocked.
    The reason is Django's English text for developers: Django logs it, the user never
    sees it. Rendering the page sets a fresh CSRF cookie, so reloading the form works."""
    return render(request, "csrf_failure.html", status=403)


def method_not_allowed(request, allowed) -> HttpResponse:
    response = render(request, "405.html", status=405)
    response["Allow"] = allowed
    return response


# The page is plain HTML with no database lookups (no user, no header), so it renders
# when the database is what failed; if even the template fails, the text below is sent.
_LAST_RESORT = (
    '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Feil – Los</title>'
    "</head><body><main><h1>Noe gikk galt</h1><p>Vi vet ikke om det du gjorde ble lagret. "
    "Sjekk det før du prøver igjen.</p></main></body></html>"
)


def server_error(request) -> HttpResponse:
    try:
        body = render_to_string("500.html")
    except Exception:  # a broken error page must not hide the error it reports
        logger.exception("The 500 page could not be rendered")
        body = _LAST_RESORT
    return HttpResponseServerError(body)


def not_found(request, *args, **kwargs) -> HttpResponse:
    """For a path that must not exist here although a library routes it (los/urls.py)."""
    raise Http404

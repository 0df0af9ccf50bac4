"""Errors as problem details (RFC 9457, `application/problem+json`), in the language the
client asks for (Accept-Language: nb or en). The same refusals as the pages: a participant
the policy hides is 404, exactly as for one that does not exist (docs/api.md)."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from los.access.middleware import log_refusal
from los.core.pace import WritingTooFast

log = logging.getLogger(__name__)
MEDIA_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str = "", **extra) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE
    )


class UnusableCursor(Exception):
    """A ?cursor= that no answer of ours gave."""


def language_of(request) -> str:
    """The API follows Accept-Language (a client says what it wants; the pages keep to the
    switcher instead): English when asked for before Norwegian, else bokmål."""
    for part in request.headers.get("Accept-Language", "").split(","):
        base = part.split(";")[0].strip().split("-")[0].lower()
        if base in {"nb", "no", "nn"}:
            return "nb"
        if base == "en":
            return "en"
    return settings.LANGUAGE_CODE


def _in_language(handler):
    def answer(request, exc):
        with translation.override(language_of(request)):
            return handler(request, exc)

    return answer


def _field_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"": [str(m) for m in error.messages]}


def install(api) -> None:
    """Register the handlers on a NinjaAPI."""

    @api.exception_handler(AuthenticationError)
    @_in_language
    def unauthenticated(request, exc):
        response = problem(
            401,
            _("Ikke innlogget"),
            _("Send en gyldig API-nøkkel i Authorization: Bearer, eller logg inn."),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    @_in_language
    def not_found(request, exc):
        log_refusal(request, exc)
        return problem(404, _("Finnes ikke"))

    @api.exception_handler(PermissionDenied)
    @_in_language
    def forbidden(request, exc):
        log_refusal(request, exc)
        return problem(
            403, _("Ikke tillatt"), _("Rollen eller nøkkelen din gir ikke lov til dette.")
        )

    @api.exception_handler(SchemaError)
    @_in_language
    def invalid_input(request, exc):
        errors = [
            {"where": ".".join(str(part) for part in e.get("loc", ())), "message": e.get("msg", "")}
            for e in exc.errors
        ]
        return problem(422, _("Ugyldige data"), _("Se feltene under."), errors=errors)

    @api.exception_handler(UnusableCursor)
    @_in_language
    def unusable_cursor(request, exc):
        errors = [{"where": "query.cursor", "message": _("Bruk next_cursor fra svaret før.")}]
        return problem(422, _("Ugyldige data"), _("Se feltene under."), errors=errors)

    @api.exception_handler(WritingTooFast)
    @_in_language
    def too_fast(request, exc):
        # The writing pace of the pages (los/core/pace.py) holds for the API too.
        return problem(
            429, _("For mye på kort tid"), _("Du har sendt mye tekst på kort tid. Vent litt.")
        )

    @api.exception_handler(ValidationError)
    @_in_language
    def refused_by_rule(request, exc):
        errors = [
            {"where": field, "message": message}
            for field, messages in _field_errors(exc).items()
            for message in messages
        ]
        return problem(422, _("Ikke lagret"), _("Se feltene under."), errors=errors)

    @api.exception_handler(HttpError)
    @_in_language
    def http_error(request, exc):
        if exc.status_code == 400:  # ninja could not read the body at all
            return problem(400, _("Kan ikke lese innholdet"), _("Send gyldig JSON i UTF-8."))
        return problem(exc.status_code, str(exc))

    @api.exception_handler(Exception)
    @_in_language
    def server_error(request, exc):
        log.exception("API error", exc_info=exc)
        return problem(
            500,
            _("Noe gikk galt hos oss"),
            _("Feilen er logget. Sjekk om endringen ble lagret før du prøver igjen."),
        )

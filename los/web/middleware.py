from django.conf import settings
from django.utils import translation

from los.web.error_views import method_not_allowed


class ChosenLanguageMiddleware:
    """Norwegian bokmål unless the user has chosen another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a staff member
    with an English browser would get a mixed page; a Norwegian public service speaks
    Norwegian until asked not to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """Nothing Los renders may be kept by a browser's or a proxy's cache: a shared computer
    at an office would otherwise show the next user a participant's page, PDF or calendar
    file from its cache (or the back button after logout).

    One rule for every response that passes here, whoever asked: every page, download and
    error page is about someone or leads to someone, and sorting out which are not is where
    a mistake would hide. Static files never reach this middleware (WhiteNoise answers
    them before it), so they keep their long caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Replace, not merge: a view's max-age next to no-store would be a contradiction.
        response["Cache-Control"] = "no-store, private"
        return response


class MethodNotAllowedPageMiddleware:
    """`require_http_methods` answers a wrong method with an empty 405. A user meets it
    when a button's address is opened as a link (after logging in again with it as the
    next page, or from a bookmark), so they get a page that says what happened."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            return method_not_allowed(request, response.get("Allow", ""))
        return response

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from los.access.policy import is_staff_user
from los.accounts.mfa import has_authenticator_app

SESSION_KEY = "los_staff_mfa_ok"
# Pages a staff user without MFA may still reach: setting up MFA, logging out, static files.
_ALLOWED_PREFIXES = ("/konto/", "/static/", "/i18n/")


class RequireStaffMfaMiddleware:
    """Staff (anyone with a working role, and administrators) must have an authenticator app
    before they see anything: they are sent to set one up. allauth then asks for a code at
    every login. The demo may skip this with LOS_DEMO_SKIP_MFA, which production refuses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.SKIP_STAFF_MFA
            and request.user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and is_staff_user(request.user)
        ):
            if has_authenticator_app(request.user):
                request.session[SESSION_KEY] = True
            else:
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

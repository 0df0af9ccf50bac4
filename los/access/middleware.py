"""Logging refused attempts on a participant's record.

The policy refuses by raising: ParticipantHidden (404) when the participant does not exist
for the user, and PermissionDenied (403: CategoryRefused from a page about a category, or a
plain one from an action or a domain function's `require`) once a team member has reached
the record. Here, still inside the request, each refusal becomes one row in the refusal log
with the URL name that was asked. Nothing is returned, so Django answers exactly as it would
without the log: the outsider's 404 is the same page whether the person exists or not.
"""

from django.core.exceptions import PermissionDenied

from los.access.audit import record_refusal
from los.access.models import Refusal
from los.access.policy import ParticipantHidden


class RefusalLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        log_refusal(request, exception)
        return None


def log_refusal(request, exception) -> None:
    """One refusal-log row for a refusal of the policy's, if it was one; for the pages (the
    middleware above) and for the API, which answers its own errors (los/api/problems.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    view = request.resolver_match.view_name if request.resolver_match else request.path
    if isinstance(exception, ParticipantHidden):
        record_refusal(
            user=user,
            view=view,
            refusal=Refusal.HIDDEN,
            participant=exception.participant,
        )
    elif isinstance(exception, PermissionDenied) and hasattr(user, "_los_access"):
        access = user._los_access
        record_refusal(
            user=user,
            view=view,
            refusal=Refusal.FORBIDDEN,
            participant=access.participant,
            access=access,
            category=getattr(exception, "category", ""),
        )

"""What every view module shares: reading the POST, showing a domain function's errors on a
form, recovering from a refused stale edit, and rendering a participant page with its
access-log reads."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import render

from los.access import audit
from los.access.policy import ParticipantAccess, get_participant_access, require_category
from los.access.record import open_record_about
from los.core.pace import TOO_FAST
from los.core.vocabulary import Category


def posted(request):
    """The submitted data on POST (even if empty, so required fields report errors)."""
    return request.POST if request.method == "POST" else None


def apply_errors(form, error: ValidationError) -> None:
    """Show a domain function's ValidationError on the form, field by field where it can."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def show_current_version(form, current) -> None:
    """After a refused stale edit, keep what the user typed but let the next save go
    through against the version they have now been shown."""
    form.data = form.data.copy()
    form.data["version"] = current.version


def access_for(request, public_id, category: Category) -> ParticipantAccess:
    """The participant's record for a page about `category`: 404 for outsiders (from the
    policy), 403 for team members who may not see the category."""
    access = get_participant_access(request.user, public_id)
    require_category(access, category)
    return access


def log_reads(access, what: str, categories) -> None:
    """One access-log row per category shown, each category once (one query)."""
    audit.record_page_reads(access, categories, what)


def render_participant_page(
    request, access, template: str, what: str, context: dict, *, categories=(Category.CORE,)
):
    """Render a page about one participant, logging one read per category it shows."""
    log_reads(access, what, categories)
    return render(
        request,
        template,
        {"access": access, "participant": access.participant, **context},
        status=status_for_forms(context.values()),
    )


def record_for(request, public_id, category: Category):
    """The participant's record (los/access/record.py) for a page about `category`: 404 for
    outsiders, 403 for team members who may not see the category."""
    return open_record_about(request.user, public_id, category)


def render_record_page(request, record, template: str, what: str, context: dict):
    """Render a page read through los.access.record.open_record: the access-log rows are
    written from the categories its readers returned, not from a list typed in the view,
    after the core (every such page names the participant)."""
    return render_participant_page(
        request,
        record.access,
        template,
        what,
        context,
        categories=record.shown_categories,
    )


def status_for_forms(values) -> int:
    """429 Too Many Requests when a form on the page was refused for the writing pace (see
    los/core/pace.py), so the refusal is visible to clients and in the server's log while
    the page shows the form again with what the user wrote; otherwise 200."""
    for value in values:
        if not (isinstance(value, BaseForm) and value.is_bound):
            continue
        if any(error.code == TOO_FAST for error in value.non_field_errors().as_data()):
            return 429
    return 200


def attachment(body, content_type: str, filename: str) -> HttpResponse:
    """A file to download (a PDF, a calendar file, FHIR JSON), named as the user sees it."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

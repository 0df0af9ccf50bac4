"""Views of contact notes (samtalereferat)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from los.access import audit
from los.access.policy import ParticipantAccess, get_participant_access
from los.access.record import open_record
from los.core import submissions
from los.core.pace import WritingTooFast
from los.core.submissions import submitted_once
from los.core.vocabulary import Category
from los.followup import queries, services
from los.followup.forms import AddendumForm, NoteForm
from los.web.helpers import apply_errors, posted, render_participant_page, render_record_page

WHAT_NOTES = "samtalereferater"
WHAT_NOTE = "samtalereferat"
WHAT_NOTE_FORM = "referatskjema"


def _notes_access(request, public_id) -> ParticipantAccess:
    access = get_participant_access(request.user, public_id)
    if not queries.may_read_notes(access):
        raise PermissionDenied
    return access


def _render(request, access, template, context, categories, what):
    return render_participant_page(request, access, template, what, context, categories=categories)


@login_required
@require_safe
def notes(request, public_id):
    record = open_record(request.user, public_id)
    access = record.access
    if not queries.may_read_notes(access):
        raise PermissionDenied
    shown = record.notes()
    return render_record_page(
        request,
        record,
        "followup/notes.html",
        WHAT_NOTES,
        {"notes": shown, "can_write": bool(services.writable_note_categories(access))},
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def note_new(request, public_id):
    access = _notes_access(request, public_id)
    categories = services.writable_note_categories(access)
    if not categories:
        raise PermissionDenied
    form = NoteForm(
        posted(request), categories=categories, initial={"contact_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.note_write(access=access, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Referatet er lagret."))
            return redirect("notes", public_id=public_id)
    return _render(
        request,
        access,
        "followup/note_form.html",
        {"form": form},
        categories=[Category.CORE],
        what=WHAT_NOTE_FORM,
    )


@login_required
@require_safe
def note_detail(request, public_id, note_id):
    access = _notes_access(request, public_id)
    note = queries.note_of(access, note_id)
    if note is None:
        raise Http404
    return _render_note(request, access, note, AddendumForm())


def _render_note(request, access, note, addendum_form):
    may_add = not access.is_self and access.can_change(note.category)
    # Logged on the basis for this very note: a clinical note from another organisation is
    # read through consent even by health personnel.
    decision = access.decide_note(note.category, note.author_organisation_id)
    audit.record_read(access, note.category, WHAT_NOTE, decision=decision)
    return _render(
        request,
        access,
        "followup/note_detail.html",
        {"note": note, "may_add": may_add, "addendum_form": addendum_form},
        categories=[Category.CORE],
        what=WHAT_NOTE,
    )


def _note_action(request, public_id, note_id, action):
    access = _notes_access(request, public_id)
    note = queries.note_of(access, note_id)
    if note is None:
        raise Http404
    if access.is_self or not access.can_change(note.category):
        raise PermissionDenied
    try:
        shown_instead = action(access, note)
    except ValidationError as error:
        submissions.not_saved(request)
        messages.error(request, " ".join(error.messages))
    else:
        if shown_instead is not None:
            return shown_instead
    return redirect("note_detail", public_id=public_id, note_id=note.pk)


@login_required
@require_POST
@submitted_once
def note_addendum(request, public_id, note_id):
    def add(access, note):
        form = AddendumForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form.errors["text"])
        try:
            services.note_add_addendum(
                access=access, note_id=note.pk, text=form.cleaned_data["text"]
            )
        except WritingTooFast as error:
            # Shown on the note again with the text, never lost in a redirect.
            apply_errors(form, error)
            return _render_note(request, access, note, form)
        messages.success(request, _("Tillegget er lagret."))
        return None

    return _note_action(request, public_id, note_id, add)


@login_required
@require_POST
def note_share(request, public_id, note_id):
    def share(access, note):
        services.note_share(access=access, note_id=note.pk)
        messages.success(request, _("Referatet er delt med deltakeren."))

    return _note_action(request, public_id, note_id, share)

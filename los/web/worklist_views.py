"""The work list («Oppgaver»): what waits for the staff member, from los/followup/worklist.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from los.followup import worklist


@login_required
@require_safe
def work_list(request):
    """Every line shows a participant's name and what waits: each is logged as a read of
    the participant's core and of the category the line came from."""
    if not worklist.has_work_list(request.user):
        raise PermissionDenied
    tasks = worklist.work_list(request.user)
    worklist.remember_count(request.user, len(tasks))
    worklist.log_shown(tasks)
    return render(request, "web/work_list.html", {"work": tasks, "groups": tasks.groups()})
